"""Random graph pairs: both engines against a pure-Python brute force."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sage.graphs.graph import Graph

from conftest import as_tuples, brute_force_fiber_types
from sage_hcsf import count_homomorphisms, fiber_type_counts


@st.composite
def graph_pairs(draw):
    n = draw(st.integers(0, 7))
    N = draw(st.integers(1, 6))
    pairs_G = [(u, v) for u in range(n) for v in range(u + 1, n)]
    edges_G = [e for e in pairs_G if draw(st.booleans())]
    pairs_H = [(u, v) for u in range(N) for v in range(u, N)]   # loops allowed in H
    density = draw(st.sampled_from([0.3, 0.6, 0.9]))
    edges_H = [e for e in pairs_H if draw(st.floats(0, 1)) < density]
    return n, edges_G, N, edges_H


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph_pairs())
def test_engines_match_brute_force(pair):
    n, edges_G, N, edges_H = pair
    G = Graph([list(range(n)), edges_G], format="vertices_and_edges")
    H = Graph([list(range(N)), edges_H], format="vertices_and_edges", loops=True)
    expected = brute_force_fiber_types(list(range(n)), edges_G, list(range(N)), edges_H)
    for algorithm in ("dp", "dp1", "enumerate", "auto"):
        assert as_tuples(fiber_type_counts(G, H, algorithm=algorithm)) == expected
    assert count_homomorphisms(G, H) == sum(expected.values())


@settings(max_examples=60, deadline=None)
@given(graph_pairs(), st.data())
def test_loops_in_G_go_to_looped_vertices(pair, data):
    n, edges_G, N, edges_H = pair
    if n == 0:
        return
    loop_at = data.draw(st.integers(0, n - 1))
    edges = edges_G + [(loop_at, loop_at)]
    G = Graph([list(range(n)), edges], format="vertices_and_edges", loops=True)
    H = Graph([list(range(N)), edges_H], format="vertices_and_edges", loops=True)
    expected = brute_force_fiber_types(list(range(n)), edges, list(range(N)), edges_H)
    assert as_tuples(fiber_type_counts(G, H, algorithm="dp")) == expected
    assert as_tuples(fiber_type_counts(G, H, algorithm="enumerate")) == expected


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 30))
def test_stars_and_complete_targets_have_closed_hom_counts(n, k):
    """hom(K_{1,n}, K_{1,k}) = k^n + k; hom(K_{1,n}, K_k) = k (k-1)^n."""
    from sage.graphs.graph_generators import graphs
    assert count_homomorphisms(graphs.StarGraph(n), graphs.StarGraph(k)) == k**n + k
    assert count_homomorphisms(graphs.StarGraph(n), graphs.CompleteGraph(k)) == k * (k - 1)**n


@settings(max_examples=60, deadline=None)
@given(graph_pairs(), st.integers(2, 6), st.data())
def test_large_twin_classes_are_interpolated_exactly(pair, copies, data):
    """Blow a vertex of H up into a twin class, lower the kernels' limit below
    |V(H)| so that the class must be interpolated, and compare with brute force."""
    import sage_hcsf.fiber_types.prepare as fiber_types   # where the kernels' limit is read
    n, edges_G, N, edges_H = pair
    w = data.draw(st.integers(0, N - 1))
    looped = (w, w) in edges_H or (w, w) in [(b, a) for a, b in edges_H]
    neighbours = [u for a, b in edges_H for u in ((b,) if a == w else (a,) if b == w else ())
                  if u != w]
    twins = list(range(N, N + copies))
    edges = list(edges_H) + [(t, u) for t in twins for u in neighbours]
    edges += [(t, t) for t in twins] if looped else []
    vertices = list(range(N + copies))
    expected = brute_force_fiber_types(list(range(n)), edges_G, vertices, edges)
    G = Graph([list(range(n)), edges_G], format="vertices_and_edges")
    H = Graph([vertices, edges], format="vertices_and_edges", loops=True)
    limit = fiber_types.KERNEL_ORDER_LIMIT
    fiber_types.KERNEL_ORDER_LIMIT = N + copies - 1
    try:
        if n < copies + 1:
            assert as_tuples(fiber_type_counts(G, H)) == expected
            assert count_homomorphisms(G, H) == sum(expected.values())
    finally:
        fiber_types.KERNEL_ORDER_LIMIT = limit
