"""Fiber-type counts against the oracles of MATH.md section 2."""
import itertools
import random

import pytest

from sage.combinat.partition import Partition, Partitions
from sage.combinat.set_partition import SetPartitions
from sage.combinat.sf.sf import SymmetricFunctions
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs
from sage.rings.integer_ring import ZZ
from sage.rings.rational_field import QQ

from conftest import as_tuples
from sage_hcsf import (chromatic_symmetric_function, count_homomorphisms, fiber_type_counts,
                       h_chromatic_polynomial, h_chromatic_symmetric_function,
                       self_chromatic_symmetric_function)
from sage_hcsf.graphs.graph_data import as_graph_data
from sage_hcsf.symmetric_functions.expansion import augmented_monomial_power_sum_expansion


def falling(x, k):
    out = 1
    for i in range(k):
        out *= x - i
    return out


def multiplicity_factorial(la):
    out = 1
    for part in set(la):
        for i in range(1, list(la).count(part) + 1):
            out *= i
    return out


def stanley_augmented_coefficients(G):
    """[mt_lambda] X_G from Sage's own chromatic_symmetric_function."""
    Sym = SymmetricFunctions(QQ)
    in_m = Sym.m()(G.chromatic_symmetric_function(R=QQ))
    return {tuple(la): c / multiplicity_factorial(tuple(la)) for la, c in in_m}


def complete(N):
    return graphs.CompleteGraph(N)


@pytest.mark.parametrize("algorithm", ["dp", "enumerate"])
def test_complete_target_refines_stanley(algorithm):
    """[mt_lambda] X_G^{K_N} = (N)_{l(lambda)} [mt_lambda] X_G for N >= n (all graphs <= 6)."""
    for n in range(1, 7):
        for G in graphs(n):
            expected = stanley_augmented_coefficients(G)
            for N in (n, n + 1):
                counts = as_tuples(fiber_type_counts(G, complete(N), algorithm=algorithm))
                assert counts == {la: c * falling(N, len(la)) for la, c in expected.items()}, G.graph6_string()


def test_complete_target_refines_stanley_7_vertices():
    """The same on the 1044 graphs with 7 vertices (Sage's side dominates the time)."""
    for G in graphs(7):
        if G.size() > 15:
            continue  # Sage's subset expansion: 2^|E| terms; the dense ones are below
        expected = stanley_augmented_coefficients(G)
        counts = as_tuples(fiber_type_counts(G, complete(7)))
        assert counts == {la: c * falling(7, len(la)) for la, c in expected.items()}, \
            G.graph6_string()


def test_chromatic_symmetric_function_equals_sages(all_graphs_up_to_7):
    for G in all_graphs_up_to_7:
        if G.order() > 6 and G.size() > 12:
            continue
        assert chromatic_symmetric_function(G) == G.chromatic_symmetric_function(), G.graph6_string()
    for G in (graphs.CompleteBipartiteGraph(3, 4), graphs.CycleGraph(9)):
        assert chromatic_symmetric_function(G) == G.chromatic_symmetric_function()


def test_chromatic_polynomial_oracle(all_graphs_up_to_7):
    """hom(G, K_N) = P_G(N) and sum_lambda N_lambda = hom, for every graph <= 7."""
    for G in all_graphs_up_to_7:
        P = G.chromatic_polynomial()
        for N in range(0, G.order() + 2):
            assert count_homomorphisms(G, complete(N)) == P(N)
        assert sum(fiber_type_counts(G, complete(3)).values()) == P(3)


def test_automorphism_oracle(all_graphs_up_to_7):
    """N_{1^n}(G, G) = |Aut(G)| for every graph <= 7, with both engines."""
    for G in all_graphs_up_to_7:
        if G.order() == 0:
            continue
        identity_type = Partition([1] * G.order())
        aut = G.automorphism_group().order()
        assert fiber_type_counts(G, G, algorithm="dp")[identity_type] == aut
        assert fiber_type_counts(G, G, algorithm="enumerate")[identity_type] == aut


def test_disjoint_union_additivity(connected_graphs_up_to_6):
    rng = random.Random(1)
    targets = [graphs.PathGraph(3), graphs.CycleGraph(5), graphs.StarGraph(3),
               Graph([(0, 0), (0, 1)], loops=True)]
    for G in connected_graphs_up_to_6:
        H1, H2 = rng.sample(targets, 2)
        union = H1.disjoint_union(H2)
        left = as_tuples(fiber_type_counts(G, union))
        right = as_tuples(fiber_type_counts(G, H1))
        for la, c in as_tuples(fiber_type_counts(G, H2)).items():
            right[la] = right.get(la, 0) + c
        assert left == right, G.graph6_string()


def test_relabelling_invariance():
    rng = random.Random(2)
    for _ in range(40):
        G = graphs.RandomGNP(rng.randint(1, 7), rng.random())
        H = graphs.RandomGNP(rng.randint(1, 6), rng.random())
        expected = fiber_type_counts(G, H)
        perm_G = dict(zip(G.vertices(sort=True), rng.sample(range(100), G.order())))
        names_H = {v: f"w{rng.random()}" for v in H.vertices(sort=True)}
        assert fiber_type_counts(G.relabel(perm_G, inplace=False),
                                 H.relabel(names_H, inplace=False)) == expected


def star_closed_form(A, B, k):
    """MATH.md 2.6: X_G^{K_{1,k}} for G connected bipartite with sides A, B."""
    counts = {}
    for S, other in ((A, B), (B, A)):
        for pi in SetPartitions(len(other)):
            la = tuple(sorted([len(S)] + [len(block) for block in pi], reverse=True))
            counts[la] = counts.get(la, 0) + falling(k, len(pi))
    return {la: c for la, c in counts.items() if c}


def test_star_closed_form(connected_graphs_up_to_6):
    for G in connected_graphs_up_to_6:
        if G.order() < 2 or not G.is_bipartite():
            continue
        A, B = G.bipartite_sets()
        for k in (1, 2, 3, 5):
            assert as_tuples(fiber_type_counts(G, graphs.StarGraph(k))) == \
                star_closed_form(A, B, k), (G.graph6_string(), k)


def test_edgeless_closed_form():
    """MATH.md 2.7: X of n isolated vertices into any H on N vertices."""
    rng = random.Random(3)
    for n in range(0, 7):
        for _ in range(3):
            H = graphs.RandomGNP(rng.randint(1, 6), rng.random())
            N = H.order()
            expected = {}
            for pi in SetPartitions(n):
                la = tuple(sorted((len(b) for b in pi), reverse=True))
                expected[la] = expected.get(la, 0) + falling(N, len(pi))
            expected = {la: c for la, c in expected.items() if c}
            assert as_tuples(fiber_type_counts(Graph(n), H)) == expected


def test_worked_example():
    """MATH.md section 1, hand-checked."""
    P3 = graphs.PathGraph(3)
    K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
    for G in (P3, K2K1):
        X = self_chromatic_symmetric_function(G)
        Sym = X.parent().realization_of()
        assert X == 2 * Sym.p()[1, 1, 1] - 2 * Sym.p()[2, 1]
        assert self_chromatic_symmetric_function(G, basis="m") == \
            12 * Sym.m()[1, 1, 1] + 4 * Sym.m()[2, 1]


def test_power_sum_expansion_matches_sage_over_QQ():
    Sym = SymmetricFunctions(QQ)
    p, m = Sym.p(), Sym.m()
    for n in range(1, 9):
        for la in Partitions(n):
            mine = sum(c * p[list(mu)] for mu, c in augmented_monomial_power_sum_expansion(tuple(la)).items())
            assert mine == multiplicity_factorial(tuple(la)) * p(m[la])


def test_bases_agree_with_sage_conversions():
    G, H = graphs.PathGraph(4), graphs.CycleGraph(4)
    X = h_chromatic_symmetric_function(G, H, R=QQ)
    Sym = SymmetricFunctions(QQ)
    for name in ("m", "e", "h", "s"):
        assert getattr(Sym, name)()(X) == h_chromatic_symmetric_function(G, H, R=QQ, basis=name)
    assert h_chromatic_symmetric_function(G, H).parent() == SymmetricFunctions(ZZ).p()


def test_h_chromatic_polynomial_is_principal_specialisation():
    """chi(k) = X(1^k): evaluate the m-expansion at k ones by counting monomials."""
    G, H = graphs.StarGraph(3), graphs.PathGraph(4)
    counts = fiber_type_counts(G, H)
    chi = h_chromatic_polynomial(G, H)
    for k in range(0, 6):
        brute = 0
        for la, c in counts.items():
            # mt_lambda(1^k) = number of injective maps parts -> [k]
            brute += c * len(list(itertools.permutations(range(k), len(la))))
        assert chi(k) == brute


def test_complete_targets_beyond_the_kernels_are_chromatic_polynomials(connected_graphs_up_to_6):
    """hom(G, K_N) = P_G(N) for N = 256 and 400 (interpolated over the class K_N)."""
    targets = {N: as_graph_data(complete(N)) for N in (256, 400)}  # converted once
    for G in connected_graphs_up_to_6:
        P = G.chromatic_polynomial()
        for N, K in targets.items():
            assert count_homomorphisms(G, K) == P(N), G.graph6_string()


def test_complete_targets_beyond_the_kernels_refine_stanley():
    """[mt_lambda] X_G^{K_N} = (N)_l [mt_lambda] X_G with N = 300, all graphs <= 5."""
    K300 = as_graph_data(complete(300))
    for n in range(1, 6):
        for G in graphs(n):
            expected = {la: c * falling(300, len(la))
                        for la, c in stanley_augmented_coefficients(G).items()}
            assert as_tuples(fiber_type_counts(G, K300)) == expected, G.graph6_string()


def test_large_stars_follow_the_closed_form(connected_graphs_up_to_6):
    """MATH.md 2.6 with k = 300: a star beyond the kernels' 255 vertices."""
    star = as_graph_data(graphs.StarGraph(300))
    for G in connected_graphs_up_to_6:
        if G.order() < 2 or not G.is_bipartite():
            continue
        A, B = G.bipartite_sets()
        assert as_tuples(fiber_type_counts(G, star)) == \
            star_closed_form(A, B, 300), G.graph6_string()
