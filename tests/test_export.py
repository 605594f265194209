"""Exports of the collisions of a certified order, rechecked without the store."""
import json

import pytest

from sage_hcsf.certify.export import export_collisions, recheck_export
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.store import ResultStore


@pytest.mark.parametrize("invariant, n", [("self-csf", 18), ("csf", 16)])
def test_an_export_rechecks_from_scratch(invariant, n, tmp_path):
    store = ResultStore(str(tmp_path / "r.db"))
    report = certify_self_csf("trees", n, min_n=n, store=store, processes=1, progress=False,
                              invariant=invariant)
    document = export_collisions(store, "trees", n, invariant)
    path = tmp_path / "collisions.json"
    path.write_text(json.dumps(document))
    assert len(path.read_bytes()) < 10**6                    # small enough to publish
    checked = recheck_export(str(path))
    assert checked["problems"] == []
    assert checked["pairs separated"] == report.verdicts[n].stages[0].pairs_left
    assert checked["graphs"] == report.verdicts[n].stages[0].graphs


def test_a_tampered_export_is_caught(tmp_path):
    store = ResultStore(str(tmp_path / "r.db"))
    certify_self_csf("trees", 16, min_n=16, store=store, processes=1, progress=False)
    document = export_collisions(store, "trees", 16)
    # a wrong value of the rung that separated a tree
    entry = document["groups"][0]["graphs"][0]
    rung = entry["separated at"]
    entry["values"][rung] = [[[1], 1]] if isinstance(entry["values"][rung], list) else \
        entry["values"][rung] + 1
    assert any(f"{entry['graph6']}: {rung} is" in p for p in recheck_export(document)["problems"])
    # two trees said to share their first value that do not
    document = export_collisions(store, "trees", 16)
    first, second = document["groups"][0], document["groups"][1]
    first["graphs"].append(second["graphs"][0])
    assert any("do not share" in p for p in recheck_export(document)["problems"])
    with pytest.raises(ValueError, match="not an export"):
        recheck_export({"format": "something else"})


def test_the_command_line_writes_an_export_and_rechecks_it(tmp_path, capsys):
    from sage_hcsf.cli.commands import main
    db, out = str(tmp_path / "t.db"), str(tmp_path / "c.json")
    assert main(["verify", "trees", "--min-n", "16", "--max-n", "17", "--db", db,
                 "--processes", "1", "--export-collisions", out]) == 0
    documents = json.loads(open(out).read())
    store = ResultStore(db, readonly=True)
    assert documents == [export_collisions(store, "trees", n) for n in (16, 17)]
    capsys.readouterr()
    assert main(["verify", "--recheck-export", out]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["trees n=16 (self-csf)",
                                                      "trees n=17 (self-csf)"]
    # the same export, read back from the finished store without sweeping again
    again = str(tmp_path / "again.json")
    assert main(["verify", "trees", "--min-n", "16", "--max-n", "17", "--db", db,
                 "--processes", "1", "--export-collisions", again]) == 0
    assert json.loads(open(again).read()) == documents
    # a value changed in the file: the recheck says which, exit 3
    documents[0]["groups"][0]["graphs"][0]["values"]["hom(G,G) mod 2^64"] += 1
    open(out, "w").write(json.dumps(documents))
    capsys.readouterr()
    assert main(["verify", "--recheck-export", out]) == 3
    assert "not " in capsys.readouterr().out
    assert main(["verify", "forests", "--recheck-export", out]) == 2
    assert "exports trees, not forests" in capsys.readouterr().err
    assert main(["verify"]) == 2
    assert "FAMILY to sweep is missing" in capsys.readouterr().err


@pytest.mark.parametrize("name, orders, groups", [
    ("collisions-csf-25-28.json", [25, 26, 27, 28], [0, 0, 0, 1]),
    ("collisions-csf-29.json", [29], [6])])
def test_the_published_export_of_stanleys_sweep_rechecks(name, orders, groups):
    """docs/data holds the collisions of Stanley's sweep of 25 to 29 vertices (one pair
    shared Phi_0 on 28 vertices, six on 29); the results page says anyone can recheck it."""
    import pathlib
    from sage.graphs.graph import Graph
    path = pathlib.Path(__file__).resolve().parent.parent / "docs/data" / name
    documents = json.loads(path.read_text())
    assert [d["n"] for d in documents] == orders
    for document in documents:
        checked = recheck_export(document)
        assert checked["problems"] == []
        pair = [g["graph6"] for group in document["groups"] for g in group["graphs"]]
        assert checked["pairs separated"] == len(pair) // 2
        assert all(Graph(g).is_tree() and Graph(g).order() == document["n"] for g in pair)
    assert [len(d["groups"]) for d in documents] == groups
