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
