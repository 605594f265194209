"""How verdicts are reached: undecided stays undecided, every rung runs, rechecks can fail.

Each test here failed on the code before the change it guards (issue: six defects in how
verdicts are reached), for the reason its comment gives.
"""
import random

import pytest
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs
from test_buckets import CountingExecutor

import sage_hcsf.certify
import sage_hcsf.symmetric_functions.stanley
from sage_hcsf import chromatic_symmetric_function, fiber_type_counts, memory_budget
from sage_hcsf.certify.csf_ladder import CSF_CERTIFICATES
from sage_hcsf.certify.ladder import CERTIFICATES
from sage_hcsf.certify.recheck import _rechecked, recheck_pairs
from sage_hcsf.certify.runs import certify_self_csf, ladder_classes
from sage_hcsf.certify.sweep import Sweep
from sage_hcsf.cli.commands import main
from sage_hcsf.graphs.graph_data import canonical_graph6
from sage_hcsf.store import ResultStore


def two_labellings(T):
    """Two graph6 strings of one graph, with different labellings."""
    shuffled = list(T.vertices())
    random.Random(1).shuffle(shuffled)
    other = T.relabel(dict(zip(T.vertices(), shuffled)), inplace=False)
    first, second = T.graph6_string(), other.graph6_string()
    assert first != second
    return [first, second]


# 1. an undecided pair is never separated ------------------------------------

@pytest.fixture
def tiny_budget():
    """The package's memory budget at 1000 bytes: no full count fits."""
    old = memory_budget(1000)
    yield
    memory_budget(old)


def test_a_pair_beyond_the_budget_stays_undecided_in_the_ladder(tiny_budget):
    # before: the undecided graph got the key ("undecided", graph6), unique to it, so the
    # refinement split the pair off and counted it as separated by the full counts
    pair = two_labellings(graphs.RandomTree(12, seed=4))
    found = ladder_classes([pair], lambda part: True, processes=1)
    classes, separated = found[0], found[1]
    assert classes == []
    assert separated["fiber-type counts"] == 0
    assert [sorted(p["graphs"]) for p in found.undecided] == [sorted(pair)]
    assert "memory budget" in found.undecided[0]["reason"]
    # the same with the budget given to the call
    memory_budget(2 * 10**9)
    again = ladder_classes([pair], lambda part: True, processes=1, memory_budget=1000)
    assert again == found


def test_a_claim_with_an_undecided_pair_says_undecided_and_reproduce_exits_3(tiny_budget,
                                                                                capsys):
    from sage_hcsf.claims import CLAIMS
    from sage_hcsf.claims.distinguishability import _ladder_claim
    pair = two_labellings(graphs.RandomTree(12, seed=4))
    result = _ladder_claim([pair], lambda part: True, "trees", 12, False, 1)
    assert result.verdict.startswith("undecided")
    assert result.passed and result.status == "undecided"
    assert result.as_dict()["decided"] is False
    # reproduce: a claim left undecided is exit status 3, never 0
    number = max(CLAIMS) + 1
    sage_hcsf.claims.registry.claim(number, "undecided on purpose")(lambda progress=True: result)
    try:
        assert main(["reproduce", "--only", str(number)]) == 3
    finally:
        del CLAIMS[number]
    assert "undecided" in capsys.readouterr().out


# 2. the csf ladder reaches its last rung ----------------------------------------

def plant_functionals(monkeypatch):
    """The first pass of Stanley's ladder with every weight 1: every functional is 0."""
    import sage_hcsf.certify.first_pass
    import sage_hcsf.certify.tasks
    for module in (sage_hcsf.certify.tasks, sage_hcsf.certify.first_pass):
        monkeypatch.setattr(module, "functional_weights", lambda n, seed: [0] + [1] * n)


def test_a_pair_tied_on_both_functionals_is_decided_by_the_cut_counts(monkeypatch):
    # before: certificate_values_task looked the rung up in the self-CSF ladder only:
    # KeyError: 'X_T (cut counts)'. Planted: both functionals of the first pass with every
    # weight 1, so that every tree has Phi_0 = Phi_1 = sum_S (-1)^|S| = 0 and only X_T
    # itself can tell them apart.
    plant_functionals(monkeypatch)
    report = certify_self_csf("trees", 9, min_n=8, processes=1, progress=False,
                              invariant="csf")
    assert report.exit_status == 0
    verdict = report.verdicts[9]
    assert [s["invariant"] for s in verdict["stages"]] == list(CSF_CERTIFICATES)
    assert verdict["stages"][1]["pairs left"] > 0          # Phi_1 left pairs tied
    assert verdict["separated by"]["X_T (cut counts)"] == verdict["stages"][1]["pairs left"]
    # and the cut counts separate exactly the trees whose X_T differ (Sage's own CSF)
    for pair in verdict["separated"]:
        if pair["invariant"] == "X_T (cut counts)":
            first, second = (Graph(g).chromatic_symmetric_function() for g in pair["graphs"])
            assert first != second


# 3. the recheck compares every stored invariant --------------------------------

def rechecked_sweep(tmp_path):
    """A store with trees on 14 vertices (one pair, separated by |Aut|), and its sweep."""
    store = ResultStore(str(tmp_path / "r.db"))
    report = certify_self_csf("trees", 14, min_n=14, store=store, processes=1, progress=False)
    [pair] = [p["graphs"] for p in report.verdicts[14]["separated"]]
    return Sweep.in_memory("trees", store=store), report, pair


def test_the_recheck_agrees_on_a_true_store(tmp_path):
    sweep, report, pair = rechecked_sweep(tmp_path)
    assert all(r["agree"] for r in recheck_pairs(sweep, report, 4, 0))


@pytest.mark.parametrize("name, key", [("hom(G,G) mod 2^64", "hom(G,G) mod 2^64"),
                                       ("hom(G,G) mod 2^61-1", "hom(G,G) mod 2^61-1"),
                                       ("|Aut(G)|", "aut")])
def test_a_wrong_stored_invariant_makes_the_recheck_disagree(tmp_path, name, key):
    # before: the recheck looked the stored residues up under other names
    # ("hom mod 2^64"), so a wrong stored residue compared with nothing
    sweep, report, pair = rechecked_sweep(tmp_path)
    stored = sweep.store.invariants(pair[0])
    assert key in stored
    sweep.store.put_invariant(pair[0], key, stored[key] + 1)
    sweep.store.flush()
    records = recheck_pairs(sweep, report, 6, 0)
    assert any(set(r["graphs"]) == set(pair) for r in records)
    assert not all(r["agree"] for r in records if set(r["graphs"]) == set(pair))
    assert CERTIFICATES[name].stored_as == key   # the keys of existing stores


def test_an_unknown_stored_invariant_makes_the_recheck_disagree(tmp_path):
    sweep, report, pair = rechecked_sweep(tmp_path)
    sweep.store.put_invariant(pair[0], "a rung nobody knows", 3)
    sweep.store.flush()
    records = [r for r in recheck_pairs(sweep, report, 6, 0) if set(r["graphs"]) == set(pair)]
    assert records and not any(r["agree"] for r in records)


def test_the_recheck_of_a_csf_sweep_checks_its_stored_functionals(tmp_path, monkeypatch):
    # before: the recheck of a csf sweep compared the self-CSFs (another invariant) and
    # never the stored values of Phi_0 and Phi_1. Planted as in the test above, so that
    # trees collide and their functionals are stored.
    plant_functionals(monkeypatch)
    store = ResultStore(str(tmp_path / "r.db"))
    report = certify_self_csf("trees", 9, min_n=9, store=store, processes=1, progress=False,
                              invariant="csf")
    sweep = Sweep.in_memory("trees", "csf", store=store)
    pair = report.verdicts[9]["separated"][0]["graphs"]
    key = CSF_CERTIFICATES["Phi_1(X_T) mod 2^61-1"].stored_as
    # the planted residues are not Phi_1 itself: the recheck must see that
    assert key in store.invariants(pair[0])
    assert [_rechecked(sweep, g6)[2] for g6 in pair] == [False, False]
    monkeypatch.undo()
    for g6 in pair:
        for certificate in CSF_CERTIFICATES.values():
            if certificate.stored_as in store.invariants(g6):
                store.put_invariant(g6, certificate.stored_as, certificate.value(g6))
    assert [_rechecked(sweep, g6)[2] for g6 in pair] == [True, True]
    first, second = (_rechecked(sweep, g6)[0] for g6 in pair)
    assert first != second and first.parent() == second.parent()   # X_T, not self-CSFs


# 4. decided buckets carry the kernel version ------------------------------------

def test_decided_buckets_of_another_kernel_are_not_reused(tmp_path, monkeypatch):
    # before: the decided buckets were stored under a name without the kernel version,
    # so a store written by another kernel version had its buckets trusted as they were
    path = str(tmp_path / "r.db")
    first = certify_self_csf("trees", 14, min_n=14, store=path, processes=1, progress=False)
    import sage_hcsf.certify.first_pass as first_pass
    monkeypatch.setattr(first_pass, "VERSION", "tree_pass 99")
    monkeypatch.setattr(first_pass, "LAYOUT_STAGE", "layout of the first pass (tree_pass 99)")
    again = CountingExecutor()
    second = certify_self_csf("trees", 14, min_n=14, store=path, executor=again,
                              progress=False)
    assert again.first_pass == [0]   # the one slice of the trees on 14 vertices, run again
    assert second.verdicts[14]["stages"] == first.verdicts[14]["stages"]


# 5. the layers keep a graph's labels ----------------------------------------------

def relabelled(G, how):
    vertices = list(G.vertices(sort=True))
    if how == "tuples":
        names = [(v, "x") for v in vertices]
    elif how == "strings":
        names = [f"v{v}" for v in vertices]
    else:
        names = [10 * i + 3 for i in range(len(vertices))]
        random.Random(7).shuffle(names)
    return G.relabel(dict(zip(vertices, names)), inplace=False)


@pytest.mark.parametrize("how", ["tuples", "strings", "shuffled"])
@pytest.mark.parametrize("G", [graphs.Grid2dGraph(2, 3), graphs.CycleGraph(5),
                               graphs.PetersenGraph(), graphs.RandomTree(9, seed=2),
                               graphs.StarGraph(4), Graph([(0, 1), (1, 2), (3, 4)])],
                         ids=["grid", "C5", "Petersen", "tree", "star", "forest"])
def test_every_certificate_is_its_definition_under_any_labels(G, how):
    # before: L_2..L_4 of a non-tree took subsets of range(n) of a graph that kept its
    # own labels: the 2x3 grid (tuple labels) got L_2 = ()
    H = relabelled(G, how)
    counts = fiber_type_counts(H, H)
    for certificate in CERTIFICATES.values():
        if certificate.applies_to(H):
            assert certificate.value(H) == certificate.from_counts(counts), certificate.name
    if H.is_forest():
        X = chromatic_symmetric_function(H)
        for certificate in CSF_CERTIFICATES.values():
            assert certificate.value(H) == certificate.from_csf(X), certificate.name


# 6. a file of trees walks the tree ladder ----------------------------------------

def tree_pair_on_20():
    # two trees on 20 vertices that share hom(T,T), |Aut|, L_2 and L_3; L_4 separates them
    return ["S???????OA?C??GCA??@@?`_GA?GOM??_", "S?????A?O??O?O?A?CC?OOC?G@?G@H_K?"]


def test_a_file_of_trees_is_decided_by_the_tree_ladder(tmp_path):
    # before: a file walked hom, |Aut| and the full counts only, whatever its graphs
    path = tmp_path / "trees.g6"
    path.write_text("\n".join(tree_pair_on_20()) + "\n")
    report = certify_self_csf(str(path), processes=1, progress=False)
    verdict = report.verdicts[20]
    assert report.exit_status == 0
    assert verdict["separated by"].get("L_4") == 1
    assert verdict["separated by"].get("fiber-type counts", 0) == 0


def test_a_file_mixing_trees_and_other_graphs_uses_what_applies(tmp_path):
    # P3 and K2+K1 share their self-CSF (a tree and a forest): no tree rung may split
    # them; the two trees on 20 vertices are split by L_4; C7 and its complement share
    # their self-CSF (no layer of a non-tree is computed)
    P3, K2K1 = graphs.PathGraph(3), Graph([(0, 1)]).disjoint_union(Graph(1))
    C7 = graphs.CycleGraph(7)
    lines = [G.graph6_string() for G in (P3, K2K1, C7, C7.complement())] + tree_pair_on_20()
    path = tmp_path / "mixed.g6"
    path.write_text("\n".join(lines) + "\n")
    report = certify_self_csf(str(path), processes=1, progress=False)
    assert report.exit_status == 1
    assert {frozenset(c) for c in report.equal_classes()} == {
        frozenset({canonical_graph6(P3), canonical_graph6(K2K1)}),
        frozenset({canonical_graph6(C7), canonical_graph6(C7.complement())})}
    assert report.verdicts[20]["separated by"].get("L_4") == 1


def test_a_file_of_trees_takes_the_csf_ladder(tmp_path):
    path = tmp_path / "trees.g6"
    trees = [T.graph6_string() for T in graphs.trees(8)]
    path.write_text("\n".join(trees) + "\n")
    report = certify_self_csf(str(path), processes=1, progress=False, invariant="csf")
    assert report.exit_status == 0
    assert [s["invariant"] for s in report.verdicts[8]["stages"]] == list(CSF_CERTIFICATES)
    path.write_text("\n".join(trees + [graphs.CycleGraph(8).graph6_string()]) + "\n")
    with pytest.raises(ValueError, match="line 24: .*not a forest"):
        certify_self_csf(str(path), processes=1, progress=False, invariant="csf")
