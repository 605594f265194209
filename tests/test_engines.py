"""Engines do what they say: "auto" never fails where "dp" succeeds, the
enumeration is independent of the DP, large inputs are normalised before
the kernels, any basis works, and dictionaries print in one order."""
import pathlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sage.rings.polynomial.laurent_polynomial_ring  # noqa: F401  (Macdonald bases need it loaded)
from sage.combinat.sf.sf import SymmetricFunctions
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs
from sage.rings.fraction_field import FractionField
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
from sage.rings.rational_field import QQ

import sage_hcsf.fiber_types.dp
from conftest import as_tuples, brute_force_fiber_types
from test_oracles import falling, stanley_augmented_coefficients
from sage_hcsf import (chromatic_symmetric_function, count_homomorphisms, fiber_type_counts,
                       h_chromatic_symmetric_function)
from sage_hcsf.fiber_types.engines import ENGINES, Engine, register_engine
from sage_hcsf.symmetric_functions.expansion import augmented_monomial_power_sum_expansion

ROOT = pathlib.Path(__file__).resolve().parent.parent


def dead_end_cases():
    """The inputs where "auto" used to fail (issue 9): no homomorphism, many dead ends."""
    triangle_and_five = graphs.CompleteGraph(3).disjoint_union(Graph(5))
    thirteen = Graph([list(range(13)), [(0, 7), (3, 6), (6, 12), (7, 12)]],
                     format="vertices_and_edges")
    return [(graphs.CompleteGraph(11), graphs.CompleteGraph(10)),
            (triangle_and_five, graphs.PathGraph(9)),
            (graphs.CompleteGraph(12), graphs.CompleteGraph(10)),
            (graphs.CompleteGraph(12), graphs.CompleteGraph(11)),
            (thirteen, Graph(11))]


@pytest.mark.parametrize("G, H", dead_end_cases())
def test_auto_never_fails_where_dp_succeeds(G, H):
    assert fiber_type_counts(G, H) == fiber_type_counts(G, H, algorithm="dp") == {}


def test_auto_falls_back_to_the_dp_on_many_dead_ends():
    """One homomorphism (all onto the loop), but 10! dead ends into K10 first."""
    H = Graph([(i, j) for i in range(10) for j in range(i)] + [(10, 10)], loops=True)
    G = graphs.CompleteGraph(11)
    assert as_tuples(fiber_type_counts(G, H)) == {(11,): 1}
    assert fiber_type_counts(G, H) == fiber_type_counts(G, H, algorithm="dp")


def test_auto_agrees_with_dp_on_random_pairs():
    rng = random.Random(9)
    for _ in range(150):
        G = graphs.RandomGNP(rng.randint(1, 12), rng.random())
        H = graphs.RandomGNP(rng.randint(1, 9), rng.random())
        assert fiber_type_counts(G, H) == fiber_type_counts(G, H, algorithm="dp"), \
            (G.graph6_string(), H.graph6_string())


def test_enumeration_uses_nothing_of_the_dp(monkeypatch):
    def no_dp(*args, **kwargs):
        raise AssertionError("the enumeration engine ran the DP")
    monkeypatch.setattr(sage_hcsf.fiber_types.dp, "fiber_vector_dp", no_dp)
    C5, K3 = graphs.CycleGraph(5), graphs.CompleteGraph(3)
    assert as_tuples(fiber_type_counts(C5, K3, algorithm="enumerate")) == {(2, 2, 1): 30}
    assert count_homomorphisms(C5, K3, algorithm="enumerate") == 30


def test_enumeration_goes_where_the_dp_cannot():
    """A frontier of 59 vertices is beyond the DP, not beyond the enumeration."""
    assert fiber_type_counts(graphs.CompleteGraph(60), graphs.CompleteGraph(3),
                             algorithm="enumerate") == {}
    with pytest.raises(ValueError, match="frontier of 60 vertices"):
        fiber_type_counts(graphs.CompleteGraph(60), graphs.CompleteGraph(3), algorithm="dp")
    # "auto" enumerates where the DP cannot go
    assert fiber_type_counts(graphs.CompleteGraph(60), graphs.CompleteGraph(3)) == {}
    assert count_homomorphisms(graphs.CompleteGraph(60), graphs.CompleteGraph(3)) == 0


def test_hom_counts_beyond_255_vertices():
    # G large: a connected G needs no fiber vector for a count
    assert count_homomorphisms(graphs.PathGraph(256), graphs.CompleteGraph(2)) == 2
    assert count_homomorphisms(graphs.CycleGraph(301), graphs.CompleteGraph(3)) == \
        graphs.CycleGraph(301).chromatic_polynomial()(3)
    assert count_homomorphisms(Graph(1000), graphs.PathGraph(3)) == 3**1000
    # H large, one twin class (K_N): the chromatic polynomial
    for G in (graphs.PathGraph(3), graphs.CycleGraph(5), graphs.PetersenGraph()):
        assert count_homomorphisms(G, graphs.CompleteGraph(300)) == G.chromatic_polynomial()(300)
    # H large, a large class beside others: stars, complete bipartite graphs
    assert count_homomorphisms(graphs.StarGraph(3), graphs.StarGraph(300)) == 300**3 + 300
    assert count_homomorphisms(graphs.CycleGraph(4), graphs.CompleteBipartiteGraph(2, 300)) == \
        2 * 2**2 * 300**2
    assert count_homomorphisms(graphs.CycleGraph(4), graphs.CompleteBipartiteGraph(300, 300)) == \
        2 * 300**4


def test_fiber_types_beyond_255_target_vertices():
    """[mt_lambda] X_G^{K_N} = (N)_l [mt_lambda] X_G, with Sage's X_G."""
    for G in (graphs.PathGraph(4), graphs.CycleGraph(5), graphs.ClawGraph()):
        expected = {la: c * falling(400, len(la))
                    for la, c in stanley_augmented_coefficients(G).items()}
        assert as_tuples(fiber_type_counts(G, graphs.CompleteGraph(400))) == expected
    star = fiber_type_counts(graphs.PathGraph(3), graphs.StarGraph(300))
    assert as_tuples(star) == {(2, 1): 2 * 300, (1, 1, 1): 300 * 299}


def test_a_small_graph_into_a_large_sparse_target_is_counted():
    """P3 -> P300 was refused: "keeping 3 (= |V(G)|) members of each larger twin class
    leaves 300: out of reach"; hom(P3, P_m) = sum of the squared degrees = 4m - 6."""
    assert count_homomorphisms(graphs.PathGraph(3), graphs.PathGraph(300)) == 4 * 300 - 6
    counts = fiber_type_counts(graphs.PathGraph(3), graphs.PathGraph(300))
    assert as_tuples(counts) == {(2, 1): 2 * 299, (1, 1, 1): 4 * 300 - 6 - 2 * 299}
    two_paths = graphs.PathGraph(200).disjoint_union(graphs.PathGraph(100))
    assert count_homomorphisms(graphs.CycleGraph(4), two_paths) == \
        count_homomorphisms(graphs.CycleGraph(4), graphs.PathGraph(200)) + \
        count_homomorphisms(graphs.CycleGraph(4), graphs.PathGraph(100))


def test_out_of_reach_is_said_clearly():
    from sage_hcsf import enumeration_limit
    old = enumeration_limit(10**5)
    try:
        with pytest.raises(ValueError, match="out of reach.*at most 255 vertices.*enumeration"):
            count_homomorphisms(graphs.CycleGraph(300), graphs.CycleGraph(300))
    finally:
        enumeration_limit(old)
    with pytest.raises(ValueError, match="fiber types of graphs G with at most 255 vertices"):
        fiber_type_counts(graphs.PathGraph(300), graphs.CycleGraph(6), algorithm="dp")


def test_counts_into_complete_graphs_in_closed_form():
    """K60 -> K70 took 17 s to fail in the DP, then 16.5 s to fail in the enumeration."""
    import time
    from sage.arith.misc import falling_factorial
    start = time.perf_counter()
    assert count_homomorphisms(graphs.CompleteGraph(60), graphs.CompleteGraph(70)) == \
        falling_factorial(70, 60)
    assert time.perf_counter() - start < 1
    from math import comb
    dense = graphs.CompleteGraph(40)
    dense.delete_edges([(0, 1), (2, 3), (4, 5)])    # each pair: one colour or two
    assert count_homomorphisms(dense, graphs.CompleteGraph(45)) == \
        sum(comb(3, j) * falling_factorial(45, 40 - j) for j in range(4))
    for G in graphs(6):                              # the closed form against the DP
        if G.is_connected():
            for m in (3, 5):
                assert count_homomorphisms(G, graphs.CompleteGraph(m)) == \
                    count_homomorphisms(G, graphs.CompleteGraph(m), algorithm="dp")


def test_no_engine_sends_the_user_to_the_other():
    """dp said "use algorithm='enumerate'", which said "use algorithm='dp'": one message now."""
    from sage_hcsf import enumeration_limit
    old = enumeration_limit(100)
    try:
        with pytest.raises(MemoryError) as error:
            count_homomorphisms(graphs.PetersenGraph(), graphs.CycleGraph(7), memory_budget=1)
    finally:
        enumeration_limit(old)
    message = str(error.value)
    assert message.startswith("hom(G, H) is out of reach for G on 10 vertices and H on 7: ")
    assert "the DP engine cannot" in message and "the enumeration engine cannot" in message
    assert "use algorithm" not in message


def test_components_multiply_and_isolated_vertices_count_loops():
    G = graphs.CompleteGraph(3).disjoint_union(graphs.PathGraph(4))
    H = graphs.PetersenGraph()
    assert count_homomorphisms(G, H) == \
        count_homomorphisms(graphs.CompleteGraph(3), H) * count_homomorphisms(graphs.PathGraph(4), H)
    looped_G = Graph([(0, 0), (1, 2), (3, 3)], loops=True)
    looped_H = Graph([(0, 0), (0, 1), (1, 2), (2, 2), (3, 3)], loops=True)
    edges_G = [(0, 0), (1, 2), (3, 3)]
    edges_H = [(0, 0), (0, 1), (1, 2), (2, 2), (3, 3)]
    expected = sum(brute_force_fiber_types([0, 1, 2, 3], edges_G, [0, 1, 2, 3], edges_H).values())
    for algorithm in ENGINES:
        assert count_homomorphisms(looped_G, looped_H, algorithm=algorithm) == expected == 3 * 7 * 3  # looped images, ordered adjacent pairs


def test_chromatic_symmetric_function_of_a_looped_graph_is_zero_like_sages():
    G = Graph([(0, 1), (1, 2), (2, 2)], loops=True)   # the enumeration meets the loop last
    assert G.chromatic_symmetric_function() == 0
    assert chromatic_symmetric_function(G) == 0
    assert chromatic_symmetric_function(G, basis="e") == 0


def test_any_basis_over_any_ring():
    G, H = graphs.PathGraph(3), graphs.CycleGraph(4)
    plain = h_chromatic_symmetric_function(G, H, R=QQ)
    K = FractionField(PolynomialRing(QQ, "q, t"))
    L = FractionField(PolynomialRing(QQ, "q, t, u"))
    P = SymmetricFunctions(K).macdonald().P()
    over_K = h_chromatic_symmetric_function(G, H, basis=P)
    assert over_K.parent() == P and over_K == P(SymmetricFunctions(K).p()(plain))
    over_L = h_chromatic_symmetric_function(G, H, R=L, basis=P)
    assert over_L.parent().base_ring() == L
    assert over_L == over_L.parent()(SymmetricFunctions(L).p()(plain))
    J = SymmetricFunctions(QQ).jack(t=2).J()
    assert h_chromatic_symmetric_function(G, H, basis=J) == J(plain)


def test_dictionaries_print_in_the_documented_order():
    P3 = graphs.PathGraph(3)
    assert repr(fiber_type_counts(P3, P3)) == "{[1, 1, 1]: 2, [2, 1]: 4}"
    counts = fiber_type_counts(graphs.StarGraph(4), graphs.StarGraph(4))
    assert list(counts) == sorted(counts)
    assert repr(augmented_monomial_power_sum_expansion((2, 1))) == "{(2, 1): 1, (3,): -1}"


def test_a_new_engine_is_one_registration():
    calls = []

    def counting(G, H, budget):
        calls.append((G.order(), H.order()))
        return ENGINES["dp"].fiber_types(G, H, budget)
    register_engine(Engine("counted", counting, lambda G, H, budget: 7, "a test engine"))
    try:
        assert fiber_type_counts(graphs.CycleGraph(5), graphs.CompleteGraph(3),
                                 algorithm="counted") == \
            fiber_type_counts(graphs.CycleGraph(5), graphs.CompleteGraph(3))
        assert calls == [(5, 3)]
        assert count_homomorphisms(graphs.PathGraph(2), graphs.PathGraph(2), algorithm="counted") == 7
    finally:
        del ENGINES["counted"]
    with pytest.raises(ValueError, match="'auto', 'dp', 'dp1', 'enumerate'; got 'counted'"):
        fiber_type_counts(graphs.PathGraph(2), graphs.PathGraph(2), algorithm="counted")


def test_auto_asks_a_registered_engine_and_runs_the_cheapest_offer():
    """A registered engine with an offer takes part in "auto": the cheapest
    offer runs; one beyond its limits passes to the next; counts as the brute force."""
    from sage_hcsf.errors import MemoryBudgetExceeded
    C5, K3 = graphs.CycleGraph(5), graphs.CompleteGraph(3)
    expected = brute_force_fiber_types(list(range(5)), list(C5.edges(labels=False)),
                                       list(range(3)), list(K3.edges(labels=False)))
    ran = []

    def cheapest(G, H, number):
        return -1, lambda budget: ran.append(number) or ENGINES["enumerate"].fiber_types(G, H, budget)
    register_engine(Engine("cheapest", None, ENGINES["dp"].homomorphisms, "a test engine", cheapest))
    try:
        assert as_tuples(fiber_type_counts(C5, K3)) == expected
        assert ran == [30]   # given the number of homomorphisms, counted first by "dp"
        ran.clear()

        def beyond(budget):
            ran.append("beyond")
            raise MemoryBudgetExceeded("a test budget")
        register_engine(Engine("cheapest", None, None, "a test engine",
                               lambda G, H, number: (-1, beyond)))
        assert as_tuples(fiber_type_counts(C5, K3)) == expected
        assert ran == ["beyond"]
    finally:
        del ENGINES["cheapest"]


def test_auto_enumerates_where_the_frontier_is_beyond_the_dp():
    """K_{57,57} has pathwidth 57 > 56: the DP's kernel says so
    (KernelLimitExceeded, a ValueError) and "auto" enumerates."""
    from sage_hcsf.errors import KernelLimitExceeded
    G, K2 = graphs.CompleteBipartiteGraph(57, 57), graphs.CompleteGraph(2)
    with pytest.raises(KernelLimitExceeded, match="frontier of"):
        fiber_type_counts(G, K2, algorithm="dp")
    sides_alternating = [v for pair in zip(range(57), range(57, 114)) for v in pair]
    expected = brute_force_fiber_types(sides_alternating, list(G.edges(labels=False)), [0, 1],
                                       [(0, 1)])
    assert as_tuples(fiber_type_counts(G, K2)) == expected == {(57, 57): 2}


@pytest.mark.parametrize("defect", ["counts", "error"])
def test_auto_lets_a_defect_of_the_dp_propagate(monkeypatch, defect):
    """A wrong count (InconsistentCounts) or an unexpected ValueError in the
    DP is not hidden behind the enumeration (which counts these at once)."""
    from sage_hcsf.errors import InconsistentCounts
    kernel = sage_hcsf.fiber_types.dp.fiber_vector_dp

    def faulty(*args, **kwargs):
        if defect == "error" and not kwargs["track_fibers"]:   # in the count of homomorphisms
            raise ValueError("a defect")
        result = kernel(*args, **kwargs)
        if not kwargs["track_fibers"]:
            return result
        counts = dict(result[0])                # the fiber types miss one homomorphism
        counts[next(iter(counts))] -= 1
        return (counts,) + tuple(result[1:])
    monkeypatch.setattr(sage_hcsf.fiber_types.dp, "fiber_vector_dp", faulty)
    C8, K5 = graphs.CycleGraph(8), graphs.CompleteGraph(5)   # 4^8 + 4 > 20000: the DP's turn
    expected_error = InconsistentCounts if defect == "counts" else ValueError
    with pytest.raises(expected_error, match="add up to|a defect"):
        fiber_type_counts(C8, K5)


def walks_matrix_count(G, H):
    """hom(T, H) for a tree T by linear algebra: the vector of the subtree below v is
    the pairwise product of A_H times those of its children (an oracle written apart
    from the closed form's lists)."""
    from sage.matrix.constructor import matrix
    from sage.modules.free_module_element import vector
    from sage.rings.integer_ring import ZZ
    vertices = H.vertices(sort=True)
    A = matrix(ZZ, len(vertices), len(vertices),
               lambda i, j: int(H.has_edge(vertices[i], vertices[j])))
    root = G.vertices(sort=True)[0]

    def below(v, parent):
        result = vector(ZZ, [1] * len(vertices))
        for c in G.neighbor_iterator(v):
            if c != parent:
                result = result.pairwise_product(A * below(c, v))
        return result
    return sum(below(root, None))


def test_fiber_types_beyond_the_engines_name_the_known_hom_count():
    """The fiber types of a tree counted by the tree recursion but beyond both engines
    said "hom(G, H) is out of reach" (review): they say which count failed."""
    from sage_hcsf import enumeration_limit
    G = Graph([(0, 1), (1, 2), (2, 2)], loops=True)   # the enumeration meets the loop last
    H = graphs.CycleGraph(300)
    H.allow_loops(True)
    H.add_edge(0, 0)
    old = enumeration_limit(7)     # 7 homomorphisms: it makes an offer, and gives up
    try:
        with pytest.raises(ValueError) as error:
            fiber_type_counts(G, H)
    finally:
        enumeration_limit(old)
    hom = count_homomorphisms(G, H, algorithm="enumerate")   # 2 on the loop: 3 + 2 + 2
    assert hom == 7
    assert str(error.value).startswith("the fiber types of G -> H are out of reach") \
        and f"hom(G, H) = {hom} was counted" in str(error.value)


def test_trees_are_counted_by_the_tree_recursion_at_once():
    """hom(BalancedTree(2, 5), itself) failed after 32 s: the DP of its path decomposition
    held 17 M states at step 38 of 63, then the enumeration ran to 10^8 partial maps;
    P300 -> P300 failed too. The tree recursion counts them; the fiber types of the
    binary tree are refused on an estimate (without the hom count, "auto" ran the same
    32 s before refusing)."""
    import time
    from sage_hcsf.errors import StatesOutOfReach
    B = graphs.BalancedTree(2, 5)
    assert count_homomorphisms(B, B) == walks_matrix_count(B, B)
    walks = [1] * 300     # walks of length k in P300 ending at each vertex
    for _ in range(299):
        walks = [(walks[i - 1] if i else 0) + (walks[i + 1] if i < 299 else 0) for i in range(300)]
    P = graphs.PathGraph(300)
    assert count_homomorphisms(P, P) == sum(walks)
    F = graphs.PathGraph(30).disjoint_union(graphs.BalancedTree(3, 2))
    assert count_homomorphisms(F, graphs.CompleteGraph(5)) == F.chromatic_polynomial()(5)
    H = graphs.PetersenGraph()
    assert count_homomorphisms(F, H) == walks_matrix_count(graphs.PathGraph(30), H) * \
        walks_matrix_count(graphs.BalancedTree(3, 2), H)
    start = time.perf_counter()
    with pytest.raises(StatesOutOfReach, match="at step .* of 63"):
        fiber_type_counts(B, B, progress=False)
    assert time.perf_counter() - start < 10   # 0.4 s measured; 32 s before


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_the_tree_recursion_matches_the_enumeration(data):
    """Random forests (loops at some vertices) into random targets with loops: the
    closed form against the enumeration engine, and against brute force when small."""
    from sage_hcsf.fiber_types.closed_forms import forest_homomorphisms, is_forest
    from sage_hcsf.graphs.graph_data import as_graph_data
    n = data.draw(st.integers(1, 9))
    N = data.draw(st.integers(1, 6))
    edges_G = [(v, p) for v in range(1, n)
               for p in [data.draw(st.integers(-1, v - 1))] if p >= 0]
    loops_G = [(v, v) for v in range(n) if data.draw(st.integers(0, 4)) == 0]
    edges_H = [(u, v) for u in range(N) for v in range(u, N) if data.draw(st.booleans())]
    G = Graph([list(range(n)), edges_G + loops_G], format="vertices_and_edges", loops=True)
    H = Graph([list(range(N)), edges_H], format="vertices_and_edges", loops=True)
    Gd, Hd = as_graph_data(G), as_graph_data(H)
    assert is_forest(Gd) and not is_forest(as_graph_data(graphs.CycleGraph(n + 3)))
    number = forest_homomorphisms(Gd, Hd)
    assert number == count_homomorphisms(G, H, algorithm="enumerate")
    if N ** n <= 50000:
        expected = brute_force_fiber_types(list(range(n)), edges_G + loops_G,
                                           list(range(N)), edges_H)
        assert number == sum(expected.values())
