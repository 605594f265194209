"""The claim checkers against independent computations."""
import random

import pytest

from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from conftest import brute_force_fiber_types
from sage_hcsf import h_chromatic_symmetric_function
from sage_hcsf.claims.bases import check_fixed_target_bases
from sage_hcsf.claims.distinguishability import check_trees_vs_non_trees
from sage_hcsf.claims.polynomial import check_polynomial_coincidences
from sage_hcsf.claims.stars import least_monotone_star_size, star_power_sum_polynomials
from sage_hcsf.graphs.families import caterpillar, caterpillars, connected_bipartite_graphs, spider, spiders, trees
from sage_hcsf.symmetric_functions.spans import find_basis, is_basis


def omega_signs(G, k):
    X = h_chromatic_symmetric_function(G, graphs.StarGraph(k)).omega()
    return {c.sign() for _, c in X}


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_k0_matches_the_engine(n):
    """k0 from the polynomials = the least k after which the engine's omega(X) is one-signed."""
    for G in connected_bipartite_graphs(n):
        k0 = least_monotone_star_size(G)
        assert k0 is not None
        for k in range(k0, k0 + 4):
            assert len(omega_signs(G, k)) == 1, (G.graph6_string(), k)
        if k0 > 1:
            assert len(omega_signs(G, k0 - 1)) == 2, (G.graph6_string(), k0)


def test_star_polynomials_match_the_engine():
    rng = random.Random(4)
    family = list(connected_bipartite_graphs(6))
    for G in rng.sample(family, 8):
        polynomials = star_power_sum_polynomials(G)
        for k in (1, 2, 7):
            X = h_chromatic_symmetric_function(G, graphs.StarGraph(k)).omega()
            assert {tuple(mu): c for mu, c in X} == \
                {mu: P(k) for mu, P in polynomials.items() if P(k)}


def test_the_p5_example_of_the_specification():
    P5 = graphs.PathGraph(5)
    assert len(omega_signs(P5, 3)) == 2
    assert all(len(omega_signs(P5, k)) == 1 for k in range(4, 10))
    assert least_monotone_star_size(P5) == 4


def test_spider_and_caterpillar_conventions():
    S = spider([3, 2, 1, 1])
    assert S.order() == 8 and S.is_tree()
    assert sorted(S.degree(), reverse=True)[:2] == [4, 2]
    C = caterpillar([2, 0, 3])
    spine = C.subgraph([v for v in C if C.degree(v) > 1])
    assert spine.is_isomorphic(graphs.PathGraph(3))


@pytest.mark.parametrize("n", range(4, 11))
def test_families_are_complete_and_without_repeats(n):
    def is_spider(T):
        return sum(1 for d in T.degree() if d >= 3) == 1

    def is_caterpillar(T):
        inner = [v for v in T if T.degree(v) > 1]
        return len(inner) <= 1 or T.subgraph(inner).is_isomorphic(graphs.PathGraph(len(inner)))

    canon = lambda G: Graph(G).canonical_label().graph6_string()
    expected_spiders = {canon(T) for T in trees(n) if is_spider(T)}
    found = [canon(S) for S in spiders(n)]
    assert len(found) == len(set(found)) and set(found) == expected_spiders
    expected_caterpillars = {canon(T) for T in trees(n) if is_caterpillar(T) and n >= 3}
    found = [canon(C) for C in caterpillars(n)]
    assert len(found) == len(set(found)) and set(found) == expected_caterpillars


def test_the_single_exception_is_p3_and_k2_plus_k1():
    result = check_trees_vs_non_trees(6, progress=False, processes=1)
    assert result.passed
    (exception,) = result.findings
    found = {Graph(g["graph6"]).canonical_label().graph6_string() for g in exception["graphs"]}
    assert found == {graphs.PathGraph(3).canonical_label().graph6_string(),
                     Graph([[0, 1, 2], [(0, 1)]], format="vertices_and_edges")
                     .canonical_label().graph6_string()}


def test_found_bases_are_bases_and_duplicates_are_not():
    H = graphs.CycleGraph(7)
    basis = find_basis(H, 5)
    assert is_basis(basis, H)
    assert not is_basis([basis[0]] + basis[:-1], H)
    result = check_fixed_target_bases(4, progress=False)
    for finding in result.findings:
        assert len(finding["basis"]) == {1: 1, 2: 2, 3: 3, 4: 5}[finding["n"]]


def falling(x, k):
    out = 1
    for i in range(k):
        out *= x - i
    return out


def test_polynomial_coincidences_are_real():
    """Each reported pair: equal chi (from a brute-force count), different fiber types."""
    result = check_polynomial_coincidences(5, progress=False)
    K3 = graphs.CompleteGraph(3)
    for finding in result.findings:
        assert finding["H"] == "K3"
        G1, G2 = [Graph(g["graph6"]) for g in finding["graphs"][:2]]
        counts = [brute_force_fiber_types(list(G.vertices(sort=True)), list(G.edges(labels=False)),
                                          list(range(3)), list(K3.edges(labels=False)))
                  for G in (G1, G2)]
        assert counts[0] != counts[1]
        for k in range(8):
            assert sum(c * falling(k, len(la)) for la, c in counts[0].items()) == \
                sum(c * falling(k, len(la)) for la, c in counts[1].items())


def test_a_claim_is_declared_in_one_place_and_gets_the_settings_it_declares():
    """The registration says which run settings the checker takes and under what name."""
    from sage_hcsf.claims import CLAIMS, ClaimResult, claim, run_claims
    given = []

    @claim(1001, "a claim sized by the range setting", settings={"max_n": "size"},
           defaults={"size": 4})
    def check_sized(size=2, progress=True):
        given.append({"size": size, "progress": progress})
        return ClaimResult("p", "q", "holds")

    try:
        (result,) = run_claims([1001], progress=False, processes=3, max_n=9, db="x.db")
        assert given == [{"size": 9, "progress": False}]    # no processes, no store: not taken
        assert (result.number, result.claim) == (1001, "a claim sized by the range setting")
        run_claims([1001], progress=False)
        assert given[-1]["size"] == 4                       # the default of the registration
        assert CLAIMS[1001].parameter("processes") is None
        assert CLAIMS[1001].parameter("max_n") == "size"
    finally:
        del CLAIMS[1001]


@pytest.mark.slow
def test_claims_far_beyond_the_published_ranges():
    """pytest -m slow: trees to 15, graphs to 8, k0 to 9 (several minutes)."""
    from sage_hcsf.claims.distinguishability import check_trees_distinguished
    from sage_hcsf.claims.stars import check_star_p_monotonicity
    assert check_trees_distinguished(15, progress=False).passed
    assert check_trees_vs_non_trees(8, progress=False).passed
    assert check_star_p_monotonicity(9, progress=False).passed
