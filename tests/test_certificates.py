"""The certificate ladder: every rung is a function of the self-CSF (value == from_counts)."""
import random

import pytest

from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from sage_hcsf import fiber_type_counts
from sage_hcsf.certify.ladder import CERTIFICATES, LADDERS, ladder
from sage_hcsf.certify.runs import certify_self_csf

TREE_RUNGS = [c for c in CERTIFICATES.values() if c.name != "fiber-type counts"]


def check_every_certificate(G, counts=None):
    counts = fiber_type_counts(G, G, algorithm="dp") if counts is None else counts
    for certificate in TREE_RUNGS:
        if certificate.applies_to(G):
            assert certificate.value(G) == certificate.from_counts(counts), \
                (certificate.name, G.graph6_string())


def test_the_registry_is_ordered_cheapest_first_and_complete():
    assert list(CERTIFICATES)[0] == "hom(G,G) mod 2^64"
    assert list(CERTIFICATES)[-1] == "fiber-type counts"
    for name, certificate in CERTIFICATES.items():
        assert certificate.name == name and certificate.cost and certificate.families
    assert [c.name for c in ladder("trees")] == [
        "hom(G,G) mod 2^64", "hom(G,G) mod 2^61-1", "|Aut(G)|", "L_2", "L_3", "L_4",
        "E_1", "E_2", "fiber-type counts"]
    assert set(LADDERS) == {"self-csf", "csf"}


@pytest.mark.parametrize("n", range(1, 11))
def test_value_equals_from_counts_on_all_trees_up_to_10(n):
    for T in graphs.trees(n):
        check_every_certificate(T)


@pytest.mark.slow
@pytest.mark.parametrize("n", range(11, 15))
def test_value_equals_from_counts_on_all_trees_up_to_14(n):
    for T in graphs.trees(n):
        check_every_certificate(T)


def test_value_equals_from_counts_on_random_trees_up_to_18():
    rng = random.Random(15)
    for n in (15, 16, 17, 18):
        for _ in range(2):
            check_every_certificate(graphs.RandomTree(n, seed=rng.randrange(10**6)))


@pytest.mark.slow
def test_value_equals_from_counts_on_random_trees_up_to_22():
    rng = random.Random(22)
    for n in (19, 20, 21, 22):
        check_every_certificate(graphs.RandomTree(n, seed=rng.randrange(10**6)))


@pytest.mark.parametrize("n", range(1, 7))
def test_value_equals_from_counts_on_all_graphs_up_to_6(n):
    for G in graphs(n):
        check_every_certificate(G)


@pytest.mark.slow
def test_value_equals_from_counts_on_all_graphs_on_7_vertices():
    for G in graphs(7):
        check_every_certificate(G)


def test_certificates_apply_where_they_are_defined():
    assert not CERTIFICATES["E_1"].applies_to(graphs.CycleGraph(5))
    assert not CERTIFICATES["E_2"].applies_to(Graph(2))
    assert CERTIFICATES["L_3"].applies_to(graphs.CycleGraph(5))
    with pytest.raises(ValueError, match="not a tree"):
        CERTIFICATES["E_1"].value(graphs.CycleGraph(5))


def equal_classes(n):
    report = certify_self_csf("graphs", n, min_n=n, processes=2, progress=False)
    return report.equal_classes()


@pytest.mark.parametrize("n", [3, 6, 7])
def test_no_certificate_separates_graphs_of_equal_self_csf(n):
    classes = equal_classes(n)
    assert len(classes) == {3: 1, 6: 1, 7: 21}[n]
    for graph6_list in classes:
        for certificate in TREE_RUNGS:
            if all(certificate.applies_to(g) for g in graph6_list):
                assert len({certificate.value(g) for g in graph6_list}) == 1, certificate.name


@pytest.mark.slow
def test_no_certificate_separates_the_377_classes_on_8_vertices():
    classes = equal_classes(8)
    assert len(classes) == 377
    for graph6_list in classes:
        for certificate in TREE_RUNGS:
            if all(certificate.applies_to(g) for g in graph6_list):
                assert len({certificate.value(g) for g in graph6_list}) == 1, certificate.name


def test_a_pair_sharing_hom_and_aut_is_separated_by_a_layer():
    # two trees on 20 vertices that a sweep separates only at L_4
    pair = ["S???????OA?C??GCA??@@?`_GA?GOM??_", "S?????A?O??O?O?A?CC?OOC?G@?G@H_K?"]
    for name in ("hom(G,G) mod 2^64", "hom(G,G) mod 2^61-1", "|Aut(G)|", "L_2", "L_3"):
        first, second = (CERTIFICATES[name].value(g) for g in pair)
        assert first == second, name
    first, second = (CERTIFICATES["L_4"].value(g) for g in pair)
    assert first != second


def test_a_sweep_records_the_rung_of_each_pair(tmp_path):
    from sage_hcsf.store import ResultStore
    store = ResultStore(str(tmp_path / "r.db"))
    report = certify_self_csf("trees", 16, min_n=15, store=store, processes=1, progress=False)
    for n in (15, 16):
        verdict = report.verdicts[n]
        assert [s["invariant"] for s in verdict["stages"]] == [c.name for c in ladder("trees")]
        for pair in verdict["separated"]:
            assert store.separating_rung("trees", n, *pair["graphs"]) == pair["invariant"]
        assert sum(verdict["separated by"].values()) == verdict["stages"][0]["pairs left"]


def test_a_sweep_walks_any_registered_ladder(monkeypatch):
    # a toy invariant whose complete certificate is |Aut|: two trees on 16 vertices share
    # hom(T,T) and |Aut(T)| (L_2 separates them in the self-CSF ladder)
    import sage_hcsf.certify.ladder
    toy = {name: CERTIFICATES[name] for name in
           ("hom(G,G) mod 2^64", "hom(G,G) mod 2^61-1", "|Aut(G)|")}
    monkeypatch.setitem(sage_hcsf.certify.ladder.LADDERS, "toy", toy)
    report = certify_self_csf("trees", 16, min_n=16, processes=1, progress=False,
                              invariant="toy")
    assert [s["invariant"] for s in report.verdicts[16]["stages"]] == list(toy)
    assert len(report.equal_classes()) == 3
    assert certify_self_csf("trees", 16, min_n=16, processes=1, progress=False).exit_status == 0
