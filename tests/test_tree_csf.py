"""
Stanley's CSF of forests by counting cuts, and the functional certificate,
against independent oracles: Sage's own Graph.chromatic_symmetric_function
(the sum over all edge sets), the route through X_G^{K_n} (algorithm="dp"),
and the functional read off the exact CSF.
"""
import random

import pytest
from sage.combinat.sf.sf import SymmetricFunctions
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs
from sage.rings.integer_ring import ZZ
from sage.rings.rational_field import QQ

from sage_hcsf import MemoryBudgetExceeded, chromatic_symmetric_function
from sage_hcsf.graphs.trees import forest_parent_arrays
from sage_hcsf.symmetric_functions.stanley import P61, csf_functional, csf_functional_from_csf, csf_functional_residues, csf_weights, forest_chromatic_symmetric_function, forest_cut_counts

PRIMES = (P61, 1000003, 2**62 - 57)


def random_forest(rng, n, trees):
    """A forest on n vertices with `trees` components, vertices shuffled."""
    cuts = sorted(rng.sample(range(1, n), trees - 1))
    sizes = [b - a for a, b in zip([0] + cuts, cuts + [n])]
    F = Graph()
    for size in sizes:
        F = F.disjoint_union(graphs.RandomTree(size, seed=rng.randrange(10**6)), labels="integers")
    labels = list(range(n))
    rng.shuffle(labels)
    return F.relabel(labels, inplace=False)


def parent_array_line(parents):
    """A tree's parent array as gentreeg -p writes it (vertices 1..n, root parent 0)."""
    return " ".join(str(p + 1) for p in parents).encode() + b"\n"


@pytest.mark.parametrize("n", range(1, 11))
def test_every_tree_up_to_10_vertices_agrees_with_sage(n):
    for T in graphs.trees(n):
        assert chromatic_symmetric_function(T) == T.chromatic_symmetric_function(), T.graph6_string()


@pytest.mark.slow
@pytest.mark.parametrize("n", range(11, 15))
def test_every_tree_up_to_14_vertices_agrees_with_sage(n):
    for T in graphs.trees(n):
        assert chromatic_symmetric_function(T) == T.chromatic_symmetric_function(), T.graph6_string()


def test_random_trees_up_to_20_vertices_agree_with_the_route_through_k_n():
    rng = random.Random(18)
    for n in list(range(11, 19)) + [20]:
        T = graphs.RandomTree(n, seed=rng.randrange(10**6))
        assert chromatic_symmetric_function(T) == chromatic_symmetric_function(T, algorithm="dp"), \
            T.graph6_string()


def test_stars_and_paths_agree_with_the_route_through_k_n():
    for T in (graphs.StarGraph(15), graphs.PathGraph(16), graphs.BalancedTree(2, 3)):
        assert chromatic_symmetric_function(T) == chromatic_symmetric_function(T, algorithm="dp")


def test_forests_agree_with_sage_and_with_the_route_through_k_n():
    rng = random.Random(1818)
    for _ in range(12):
        n = rng.randrange(2, 11)
        F = random_forest(rng, n, rng.randrange(1, n + 1))
        assert chromatic_symmetric_function(F) == F.chromatic_symmetric_function(), F.edges()
    for n, trees in ((14, 2), (16, 3), (15, 15)):
        F = random_forest(rng, n, trees)
        assert chromatic_symmetric_function(F) == chromatic_symmetric_function(F, algorithm="dp")


def test_forest_cut_counts_add_up_to_all_edge_sets():
    rng = random.Random(5)
    for n, trees in ((30, 1), (40, 3), (25, 25)):
        counts = forest_cut_counts(random_forest(rng, n, trees))
        assert sum(counts.values()) == 2 ** (n - trees)
        assert counts[(1,) * n] == 1
        assert all(sum(la) == n and len(la) >= trees for la in counts)


def test_counts_beyond_64_bits_are_exact():
    star = forest_cut_counts(graphs.StarGraph(100))  # 2^100 edge sets
    assert sum(star.values()) == 2**100
    assert star[(51,) + (1,) * 50] == ZZ(100).binomial(50)


@pytest.mark.parametrize("basis", ["m", "e", "h", "s"])
def test_other_bases_agree_with_sage(basis):
    Sym = SymmetricFunctions(QQ)
    for T in (graphs.ClawGraph(), graphs.RandomTree(8, seed=2), random_forest(random.Random(3), 7, 2)):
        ours = chromatic_symmetric_function(T, R=QQ, basis=basis)
        assert ours.parent() == getattr(Sym, basis)()
        assert ours == getattr(Sym, basis)()(T.chromatic_symmetric_function())


def test_every_input_form_and_relabelling_gives_the_same_csf():
    T = graphs.RandomTree(12, seed=9)
    X = chromatic_symmetric_function(T)
    labelled = [(f"v{u}", f"v{v}") for u, v, _ in T.edges()]
    assert chromatic_symmetric_function(labelled) == X
    assert chromatic_symmetric_function(T.graph6_string()) == X
    assert chromatic_symmetric_function(T.networkx_graph()) == X
    assert chromatic_symmetric_function(T.relabel(list(reversed(T.vertices())), inplace=False)) == X


def test_non_forests_keep_the_general_path_and_stay_right():
    cases = [graphs.CycleGraph(6), graphs.PetersenGraph(), graphs.CompleteGraph(4),
             graphs.PathGraph(4).disjoint_union(graphs.CycleGraph(3)),
             Graph([(0, 1), (1, 2), (2, 0), (2, 3)])]
    for G in cases:
        assert forest_parent_arrays(G) is None
        assert chromatic_symmetric_function(G) == G.chromatic_symmetric_function()
        assert forest_chromatic_symmetric_function(G) == G.chromatic_symmetric_function()
        with pytest.raises(ValueError, match="must be a forest"):
            forest_cut_counts(G)
    looped = Graph([(0, 0), (0, 1)], loops=True)
    assert forest_parent_arrays(looped) is None
    assert chromatic_symmetric_function(looped) == 0 == forest_chromatic_symmetric_function(looped)
    # a multigraph whose underlying simple graph is a tree is a forest
    double = Graph([(0, 1), (0, 1), (1, 2)], multiedges=True)
    assert chromatic_symmetric_function(double) == graphs.PathGraph(3).chromatic_symmetric_function()


def test_bad_arguments_name_what_was_wrong():
    T = graphs.PathGraph(4)
    with pytest.raises(ValueError, match="algorithm must be one of"):
        chromatic_symmetric_function(T, algorithm="tree")
    with pytest.raises(TypeError, match="undirected"):
        chromatic_symmetric_function(T.to_directed())
    with pytest.raises(ValueError, match="prime must be a prime below 2\\^62"):
        csf_functional(T, prime=2**62 + 135)
    with pytest.raises(ValueError, match="prime must be a prime"):
        csf_functional(T, prime=1000)
    with pytest.raises(ValueError, match="128 vertices"):
        forest_cut_counts(graphs.StarGraph(128))
    with pytest.raises(MemoryBudgetExceeded, match="cut counts of a tree on 40 vertices"):
        chromatic_symmetric_function(graphs.PathGraph(40), memory_budget=10**6)


def test_functional_equals_its_value_on_the_exact_csf():
    rng = random.Random(2018)
    trees = [T for n in range(1, 10) for T in graphs.trees(n)]
    trees += [graphs.RandomTree(n, seed=rng.randrange(10**6)) for n in range(10, 31)]
    for i, T in enumerate(trees):
        seed, prime = i % 5, PRIMES[i % len(PRIMES)]
        X = chromatic_symmetric_function(T)
        assert csf_functional(T, seed, prime) == csf_functional_from_csf(X, seed, prime), \
            (T.graph6_string(), seed, prime)


def test_functional_of_forests_and_non_forests_equals_its_value_on_the_exact_csf():
    rng = random.Random(77)
    graphs_ = [random_forest(rng, n, k) for n, k in ((9, 2), (12, 4), (20, 3), (6, 6))]
    graphs_ += [graphs.CycleGraph(5), graphs.PetersenGraph(), Graph()]
    for G in graphs_:
        X = chromatic_symmetric_function(G)  # checked against Sage above
        for prime in PRIMES:
            assert csf_functional(G, 3, prime) == csf_functional_from_csf(X, 3, prime)


def test_functional_is_read_off_any_basis():
    T = graphs.RandomTree(9, seed=4)
    X = T.chromatic_symmetric_function()
    value = csf_functional(T, seed=11)
    for basis in ("m", "e", "h", "s"):
        assert csf_functional_from_csf(getattr(SymmetricFunctions(QQ), basis)()(X), seed=11) == value
    assert csf_functional_from_csf(SymmetricFunctions(QQ["t"]).s()(X), seed=11) == value


def test_functional_separates_the_trees_with_different_csfs():
    """Stanley's conjecture holds on small trees: all values differ."""
    for n in range(1, 12):
        values = [csf_functional(T) for T in graphs.trees(n)]
        assert len(set(values)) == len(values), n


def test_functional_residues_of_parent_array_text_match_one_tree_at_a_time():
    rng = random.Random(64)
    trees = [graphs.RandomTree(n, seed=rng.randrange(10**6)) for n in range(1, 65, 3)]
    text = b"".join(parent_array_line(forest_parent_arrays(T)[0]) for T in trees)
    for prime in PRIMES:
        assert csf_functional_residues(text, 4, prime) == [csf_functional(T, 4, prime) for T in trees]


def test_weights_depend_on_the_seed_only():
    assert csf_weights(10)[:6] == csf_weights(5)
    assert csf_weights(10, seed=1) != csf_weights(10, seed=2)
    with pytest.raises(TypeError, match="seed must be an integer >= 0; got 'a'"):
        csf_weights(10, seed="a")     # a seed is an integer >= 0, as verify --seed
    assert all(1 <= w < 101 for w in csf_weights(200, prime=101)[1:])


# The certificate ladder of Stanley's CSF (verify trees --invariant csf) -------

@pytest.mark.parametrize("n", range(1, 11))
def test_csf_certificates_equal_their_reading_off_sages_csf(n):
    """value(T) == from_csf(X_T), with X_T from Sage's own method (independent
    of the cut-counting DP), for every certificate and every tree."""
    from sage_hcsf.certify.ladder import ladder
    rungs = ladder("trees", "csf")
    for T in graphs.trees(n):
        X = T.chromatic_symmetric_function()
        for certificate in rungs:
            assert certificate.applies_to(T)
            assert certificate.value(T) == certificate.from_csf(X), (certificate.name, T)


def test_csf_certificates_refuse_the_fiber_counts_and_vice_versa():
    from sage_hcsf.certify.csf_ladder import CSF_CERTIFICATES
    from sage_hcsf.certify.ladder import CERTIFICATES
    with pytest.raises(TypeError, match="from_csf"):
        CSF_CERTIFICATES["X_T (cut counts)"].from_counts({(1,): 1})
    with pytest.raises(TypeError, match="from_counts"):
        CERTIFICATES["|Aut(G)|"].from_csf(chromatic_symmetric_function(Graph(1)))


def test_the_complete_rung_is_the_csf_itself():
    """Equal cut counts exactly when equal X_T: on all trees on 9 vertices the
    classes of the last rung are those of Sage's CSF (all singletons)."""
    from sage_hcsf.certify.csf_ladder import CSF_CERTIFICATES
    cuts = CSF_CERTIFICATES["X_T (cut counts)"]
    trees = list(graphs.trees(9))
    by_cuts = {cuts.value(T) for T in trees}
    by_sage = {T.chromatic_symmetric_function() for T in trees}
    assert len(by_cuts) == len(by_sage) == len(trees)


def test_verify_trees_with_the_csf_ladder(tmp_path, capsys):
    """verify trees --invariant csf: its own rungs in the table, every pair
    separated (Stanley's tree conjecture holds there), the verdict kept apart
    from the self-CSF's in the same store."""
    import json
    from sage_hcsf.cli.commands import main
    from sage_hcsf.store import ResultStore
    db, report = str(tmp_path / "c.db"), str(tmp_path / "c.json")
    for invariant in ("csf", "self-csf"):
        try:
            status = main(["verify", "trees", "--max-n", "13", "--invariant", invariant,
                           "--db", db, "--processes", "1", "--json", report])
        except SystemExit as stop:
            status = stop.code
        out = capsys.readouterr().out
        assert status == 0, out
    store = ResultStore(db)
    verdicts = store.verdicts()
    store.close()
    csf = verdicts[("trees:csf", 13)]
    assert [s["invariant"] for s in csf["stages"]] == [
        "Phi_0(X_T) mod 2^61-1", "Phi_1(X_T) mod 2^61-1", "X_T (cut counts)"]
    assert csf["graphs"] == 1301 and csf["equal"] == []
    assert verdicts[("trees", 13)]["stages"][0]["invariant"] == "hom(G,G) mod 2^64"
    assert json.load(open(report))


def test_the_csf_ladder_is_for_trees_and_forests_only(capsys):
    from sage_hcsf.cli.commands import main
    try:
        status = main(["verify", "graphs", "--max-n", "4", "--invariant", "csf"])
    except SystemExit as stop:
        status = stop.code
    assert status == 2
    assert "certified for trees and files of forests only" in capsys.readouterr().err
