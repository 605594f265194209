"""Claim 1 by the certificate I_2 (endomorphisms with a two-vertex image) over all graphs."""
import array
import itertools
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sage.all import Graph

from sage_hcsf import fiber_type_counts
from sage_hcsf.certify import trees_apart as module
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.certify.trees_apart import trees_apart
from sage_hcsf.claims import distinguishability
from sage_hcsf.graphs.trees import nauty_program
from sage_hcsf.kernels.graph_images import graph6_two_image_counts


def kernel(graph6_list):
    return array.array("Q", graph6_two_image_counts("\n".join(graph6_list).encode()))


def geng(n):
    return subprocess.run([nauty_program("geng"), "-q", str(n)], check=True,
                          capture_output=True).stdout.decode().split()


def two_images_by_brute_force(G):
    """Maps V(G) -> V(G) with an image of exactly two vertices that keep every edge."""
    vertices, edges = G.vertices(), G.edges(labels=False)
    count = 0
    for a, b in itertools.combinations(vertices, 2):
        for sides in itertools.product((a, b), repeat=len(vertices)):
            image = dict(zip(vertices, sides))
            if len(set(sides)) == 2 and all(G.has_edge(image[u], image[v]) for u, v in edges):
                count += 1
    return count


@pytest.mark.parametrize("n", range(1, 8))
def test_the_kernel_equals_the_layer_of_the_full_counts(n):
    """I_2 = the sum of N_lambda over the partitions with two parts, on every graph."""
    strings = geng(n)
    for g6, value in zip(strings, kernel(strings), strict=True):
        G = Graph(g6)
        counts = fiber_type_counts(G, G)
        assert value == sum(c for la, c in counts.items() if len(la) == 2), g6


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=20))))
def test_the_kernel_equals_the_definition_by_brute_force(graph):
    n, pairs = graph
    G = Graph([range(n), [(u, v) for u, v in pairs if u != v]], format="vertices_and_edges")
    assert kernel([G.graph6_string()])[0] == two_images_by_brute_force(G)


@pytest.mark.parametrize("n", (20, 40, 62))
def test_the_kernel_on_big_graphs_against_the_closed_form(n):
    """Many components, odd cycles, no edge: the closed form by Sage's own functions."""
    for G in (Graph(n), graphs_union(n), odd(n), high(n, 2), high(n, 6)):
        expected = (G.size() * 2 ** G.connected_components_number() if G.is_bipartite()
                    else 0) if G.size() else n * (n - 1) // 2 * (2 ** n - 2)
        assert kernel([G.graph6_string()])[0] == expected % 2 ** 64


def graphs_union(n):
    from sage.all import graphs
    return graphs.PathGraph(n // 2).disjoint_union(Graph(n - n // 2))


def high(n, k):
    """An edge (k = 2) or a 6-cycle on the last vertices, after n - k isolated ones."""
    from sage.all import graphs
    return Graph(n - k).disjoint_union(graphs.CompleteGraph(2) if k == 2 else graphs.CycleGraph(k))


def odd(n):
    from sage.all import graphs
    return graphs.CycleGraph(5).disjoint_union(graphs.PathGraph(n - 5))


def test_the_classes_with_a_tree_are_those_of_the_full_sweep():
    """Orders 1..7: the classes of the certified sweep over all graphs that hold a tree."""
    report = certify_self_csf("graphs", 7, processes=1, progress=False)
    with_a_tree = sorted(sorted(c) for c in report.equal_classes()
                         if len({Graph(g6).is_tree() for g6 in c}) > 1)
    found = sorted(c for n in range(1, 8)
                   for c in trees_apart(n, processes=1, progress=False).exceptions)
    assert found == with_a_tree == [["BG", "BW"]]


def test_nine_vertices_on_two_processes():
    result = trees_apart(9, processes=2, progress=False)
    assert (result.graphs, result.trees, result.others, result.exceptions) == (274668, 47, [], [])


def test_a_missing_graph_or_tree_is_an_error(monkeypatch):
    monkeypatch.setattr(module, "family_size", lambda kind, n: 157)
    with pytest.raises(RuntimeError, match="geng gave 156 graphs on 6 vertices; there are 157"):
        trees_apart(6, processes=1, progress=False)
    monkeypatch.undo()
    monkeypatch.setattr(module, "number_of_trees", lambda n: 7)
    with pytest.raises(RuntimeError, match="6 trees on 6 vertices have I_2 = 10; there are 7"):
        trees_apart(6, processes=1, progress=False)


@pytest.mark.parametrize("up_to", (2, 4, 6))
def test_claim_one_above_the_recorded_orders(monkeypatch, up_to):
    """The exception of order 3 found by the certificate above the recorded orders (2),
    or by the certified sweep (4, 6): the same verdict either way."""
    monkeypatch.setattr(distinguishability, "ALL_CLASSES_UP_TO", up_to)
    result = distinguishability.check_trees_vs_non_trees(6, progress=False, processes=1)
    assert result.verdict == "reproduced: exactly one exception"
    assert result.checked.startswith("all 208 graphs on <= 6 vertices (certified")
    assert ("by I_2" in result.checked) == (up_to < 6)
    assert sorted(result.details.get("classes with a tree by I_2", {})) == list(range(up_to + 1, 7))
    assert [sorted(g["description"].split(",")[0] for g in f["graphs"])
            for f in result.findings] == [["forest", "tree"]]


def test_claim_one_undecided_above_the_recorded_orders(monkeypatch):
    monkeypatch.setattr(distinguishability, "ALL_CLASSES_UP_TO", 2)
    result = distinguishability.check_trees_vs_non_trees(3, progress=False, processes=1,
                                                         memory_budget=1)
    # the exception itself is beyond the budget: undecided, not contradicted
    assert not result.decided and not result.passed
    assert result.verdict == "undecided: 2 graphs beyond the budget"


def test_reproduce_warns_only_of_the_sweep_it_runs():
    """Claim 1 at 10 vertices sweeps the graphs on <= 9 with the ladder, not those on 10."""
    from sage_hcsf.claims import CLAIMS
    from sage_hcsf.cli.reproduce import sweep_warnings
    assert CLAIMS[1].sweep_orders({"max_n": 10}) == range(1, 10)
    assert sweep_warnings([CLAIMS[1]], {"processes": 2, "max_n": 10}) == []
