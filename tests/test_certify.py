"""Certified sweeps: certificates against full counts, planted collisions, budgets."""
import array

import numpy
import pytest

from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from sage_hcsf import count_homomorphisms, fiber_type_counts
from sage_hcsf.certify.enumeration import number_of_trees
from sage_hcsf.certify.certificate import M64, P61
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.fiber_types.symmetry import automorphism_group_order
from sage_hcsf.graphs.trees import parent_array_line, tree_from_parents, tree_parent_arrays
from sage_hcsf.graphs.graph_data import canonical_graph6
from sage_hcsf.store import ResultStore
from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues, tree_endomorphisms_mod64


def test_kernel_residues_match_full_counts_for_all_trees_up_to_12():
    for n in range(1, 13):
        trees = list(graphs.trees(n))
        text = "".join(parent_array_line(T) + "\n" for T in trees).encode()
        r64, r61 = tree_endomorphism_residues(text)
        for T, a, b in zip(trees, r64, r61):
            counts = fiber_type_counts(T, T, algorithm="dp")
            hom = sum(counts.values())
            assert (a, b) == (hom % M64, hom % P61)
            assert counts[max(counts, key=len)] == automorphism_group_order(T)


def test_kernel_on_stars_beyond_64_bits():
    # hom(K_{1,k}, K_{1,k}) = k^k + k: the centre goes to the centre (k^k) or to a leaf (k)
    for k in (20, 40, 63):
        r64, r61 = tree_endomorphism_residues(("0" + " 1" * k + "\n").encode())
        assert (r64[0], r61[0]) == ((k**k + k) % M64, (k**k + k) % P61)


def test_gentreeg_slices_partition_the_trees():
    n = 11
    seen = []
    for part in ("0/3", "1/3", "2/3"):
        seen += [canonical_graph6(tree_from_parents(line))
                 for line in tree_parent_arrays(n, part).decode().splitlines()]
    assert len(seen) == len(set(seen)) == number_of_trees(n)
    assert set(seen) == {canonical_graph6(T) for T in graphs.trees(n)}


def test_first_pass_keys_against_the_dp_engine():
    """The in-process first pass keys every tree on 9 vertices by hom(T,T) mod 2^64."""
    from sage_hcsf.kernels.tree_pass import first_state, slice_codes, slice_keys, tree_line
    total = number_of_trees(9)
    keys = numpy.frombuffer(slice_keys(9, first_state(9), total)[0], "<u8").tolist()
    codes = numpy.frombuffer(slice_codes(9, first_state(9), total)[0], "<u8").tolist()
    trees = [tree_from_parents(tree_line(9, code)) for code in codes]
    assert len({canonical_graph6(T) for T in trees}) == total == len(keys)
    for key, T in zip(keys, trees):
        assert key == count_homomorphisms(T, T) % M64


def test_packed_kernel_agrees_with_the_residues_kernel():
    for n in range(1, 16):
        text = tree_parent_arrays(n, "0/1")
        assert array.array("Q", tree_endomorphisms_mod64(text)).tolist() == \
            tree_endomorphism_residues(text)[0]


def test_certified_verdict_agrees_with_full_counts_up_to_12():
    report = certify_self_csf("trees", 12, processes=2, progress=False)
    assert report.exit_status == 0
    for n in range(1, 13):
        full = {}
        for T in graphs.trees(n):
            key = tuple(sorted((tuple(la), c) for la, c in fiber_type_counts(T, T).items()))
            full.setdefault(key, []).append(T)
        assert all(len(c) == 1 for c in full.values())
        assert report.verdicts[n]["graphs"] == len(full)
        assert report.verdicts[n]["stages"][-1]["pairs left"] == 0


def test_planted_collisions_in_a_graph6_file(tmp_path):
    # P3 and K2+K1 share their self-CSF; so do C7 and its complement (both cores
    # with 14 automorphisms: every endomorphism is an automorphism).
    P3, K2K1 = graphs.PathGraph(3), Graph([(0, 1)]).disjoint_union(Graph(1))
    C7 = graphs.CycleGraph(7)
    others = [graphs.StarGraph(3), graphs.PathGraph(4), graphs.CompleteGraph(3),
              graphs.PetersenGraph()]
    path = tmp_path / "mine.g6"
    path.write_text("\n".join(G.graph6_string() for G in
                              [P3, K2K1, C7, C7.complement()] + others) + "\n")
    report = certify_self_csf(str(path), 10, processes=1, progress=False)
    assert report.exit_status == 1
    classes = {frozenset(c) for c in report.equal_classes()}
    assert classes == {frozenset({canonical_graph6(P3), canonical_graph6(K2K1)}),
                       frozenset({canonical_graph6(C7), canonical_graph6(C7.complement())})}
    # K3, P3 and K2+K1 all have 6 endomorphisms; |Aut| = 6, 2, 2 separates K3, and
    # the full counts cannot separate P3 from K2+K1
    v3 = report.verdicts[3]
    # (the tree rungs of a file's ladder never touch the group of P3 and K2+K1: not all trees)
    assert [s["pairs left"] for s in v3["stages"]] == [3] + [1] * (len(v3["stages"]) - 1)
    assert {p["invariant"] for p in v3["separated"]} == {"|Aut(G)|"}


def test_budget_exceeded_leaves_pairs_undecided():
    # P3 and K2+K1 have equal hom(G,G) and |Aut|: with a budget of 1 byte their
    # full counts cannot be computed, and the pair is undecided, never separated.
    store = ResultStore(":memory:")
    report = certify_self_csf("forests", 3, min_n=3, processes=1, progress=False,
                              memory_budget=1, store=store)
    assert report.exit_status == 3
    assert report.status == "undecided"
    [pair] = report.undecided_pairs()
    K2K1 = Graph([(0, 1)]).disjoint_union(Graph(1))
    assert sorted(pair["graphs"]) == sorted([canonical_graph6(graphs.PathGraph(3)),
                                             canonical_graph6(K2K1)])
    assert "memory budget" in pair["reason"]
    assert not report.verdicts[3]["separated"]
    # the store remembers the failure: the same budget does not try again, a larger one does
    again = certify_self_csf("forests", 3, min_n=3, processes=1, progress=False,
                             memory_budget=1, store=store)
    assert again.undecided_pairs()[0]["reason"].endswith("(stored)")
    decided = certify_self_csf("forests", 3, min_n=3, processes=1, progress=False, store=store)
    assert decided.exit_status == 1 and not decided.undecided_pairs()


def test_recheck_confirms_random_certified_pairs():
    report = certify_self_csf("trees", 14, min_n=13, processes=1, progress=False, recheck=4)
    assert len(report.recheck) == 4
    assert all(r["agree"] for r in report.recheck)


def test_store_lookup_of_a_self_csf(tmp_path):
    from sage_hcsf import self_chromatic_symmetric_function
    path = str(tmp_path / "r.db")
    certify_self_csf("trees", 14, min_n=14, store=path, processes=1, progress=False)
    store = ResultStore(path)
    assert store.summary()["fiber counts"] == 0   # |Aut| separated the only pair on 14
    report = certify_self_csf("graphs", 3, store=store, processes=1, progress=False)
    assert report.exit_status == 1
    P3 = graphs.PathGraph(3)
    assert store.self_fiber_type_counts(P3) == fiber_type_counts(P3, P3)
    assert self_chromatic_symmetric_function(P3, store=store) == \
        self_chromatic_symmetric_function(P3)


@pytest.mark.parametrize("bad, message", [
    (("cubic", 5), "unknown family"),
    (("trees", 0), "max_n must be an integer from 1 to 32"),
    (("trees", 33), "max_n must be an integer from 1 to 32"),
    (("graphs", 11), "max_n must be an integer from 1 to 10 for graphs"),
    (("forests", 15), "max_n must be an integer from 1 to 14 for forests"),
])
def test_bad_arguments_fail_before_any_work(bad, message):
    with pytest.raises(ValueError, match=message):
        certify_self_csf(*bad, processes=1, progress=False)


def test_a_file_family_reports_duplicates_skipped_orders_and_bad_lines(tmp_path):
    P3a, P3b = "Bg", "BW"                      # two labellings of the path on 3 vertices
    petersen = graphs.PetersenGraph().graph6_string()
    path = tmp_path / "mine.g6"
    path.write_text("\n".join([P3a, P3b, "Bw", petersen]) + "\n")
    report = certify_self_csf(str(path), 3, processes=1, progress=False)
    assert report.exit_status == 0            # P3 and K3 are separated; P3 is given twice
    assert report.verdicts[3]["graphs"] == 3
    assert report.verdicts[3]["isomorphic duplicates"] == {canonical_graph6(P3a): 2}
    assert report.notes == ["1 graph of the file with fewer than 3 or more than 3 vertices: "
                            "not checked"]
    assert certify_self_csf(str(path), processes=1, progress=False).orders == [3, 10]
    with pytest.raises(ValueError, match="has no graph on 4 to 9 vertices"):
        certify_self_csf(str(path), 9, min_n=4, processes=1, progress=False)
    path.write_text(P3a + "\nnot a graph\n")
    with pytest.raises(ValueError, match="mine.g6, line 2: not a graph6"):
        certify_self_csf(str(path), 3, processes=1, progress=False)


def test_the_families_have_their_known_sizes():
    # the sweep checks its counts against these: Euler transforms tie them together
    report = certify_self_csf("forests", 9, processes=2, progress=False)
    assert [report.verdicts[n]["graphs"] for n in range(1, 10)] == \
        [sum(1 for G in graphs(n) if G.is_forest()) for n in range(1, 10)]
    report = certify_self_csf("connected", 6, processes=1, progress=False)
    assert [report.verdicts[n]["graphs"] for n in range(1, 7)] == \
        [sum(1 for G in graphs(n) if G.is_connected()) for n in range(1, 7)]


def test_separated_pairs_add_up():
    report = certify_self_csf("graphs", 6, processes=1, progress=False)
    for verdict in report.verdicts.values():
        first, last = verdict["stages"][0], verdict["stages"][-1]
        equal_pairs = sum(len(c) * (len(c) - 1) // 2 for c in verdict["equal"])
        assert first["pairs left"] == sum(verdict["separated by"].values()) + equal_pairs
        assert last["pairs left"] == equal_pairs
        assert len(verdict["separated"]) == min(100000, sum(verdict["separated by"].values()))


def test_the_trees_family_ends_where_the_generator_does():
    """``--max-n`` took trees up to 64 while the first pass generates at most 32: an order
    of 33 ended in a traceback from the kernel."""
    from sage_hcsf.certify.enumeration import family
    from sage_hcsf.certify.runs import check_orders
    from sage_hcsf.kernels.tree_pass import MAX_ORDER
    assert family("trees").max_order == MAX_ORDER
    with pytest.raises(ValueError, match="from 1 to 32 for trees; got 33"):
        check_orders("trees", MAX_ORDER + 1)
