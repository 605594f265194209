"""The result store: kill -9 and resume, corrupt and foreign files, concurrent readers."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from sage_hcsf.certify.enumeration import number_of_trees
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.store import ResultStore, StoreError

SLICE = 2000   # trees a slice of the first pass: many commits to kill a sweep between
SWEEP = f"""
import sys
import sage_hcsf.certify.first_pass as first_pass
first_pass.TREES_PER_SLICE, first_pass.COMMIT_SECONDS = {SLICE}, 0.0
from sage_hcsf.certify.runs import certify_self_csf
certify_self_csf("trees", 17, store=sys.argv[1], processes=2, progress=False)
"""


def stored_tasks(path):
    if not os.path.exists(path):
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM tasks").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def comparable(report):
    return {n: {k: v for k, v in verdict.as_dict().items() if k != "seconds"}
            for n, verdict in report.verdicts.items()}


def test_kill_9_of_a_sweep_then_resume(tmp_path, monkeypatch):
    import sage_hcsf.certify.first_pass as first_pass
    monkeypatch.setattr(first_pass, "TREES_PER_SLICE", SLICE)
    path = str(tmp_path / "killed.db")
    sweep = subprocess.Popen([sys.executable, "-c", SWEEP, path], start_new_session=True)
    deadline = time.time() + 120
    while stored_tasks(path) < 12 and sweep.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert sweep.poll() is None, "the sweep ended before it could be killed"
    os.killpg(sweep.pid, signal.SIGKILL)      # the driver and its workers, at once
    sweep.wait()
    killed = ResultStore(path)
    before = killed.task_runs("trees")
    assert list(before) == [1] and before[1] >= 12
    assert killed.summary()["runs"][0]["status"] == "running"   # it never ended
    resumed = certify_self_csf("trees", 17, store=killed, processes=2, progress=False)
    after = killed.task_runs("trees")
    assert after[1] == before[1]                        # nothing committed was recomputed
    # an order: its plan and layout, a task a slice of records and of details, a bucket
    parts = sum(2 + 2 * -(-number_of_trees(n) // SLICE) + 1 for n in range(1, 18))
    assert sum(after.values()) == parts                 # nothing missing, nothing twice
    fresh = certify_self_csf("trees", 17, processes=2, progress=False)
    assert comparable(resumed) == comparable(fresh)
    assert resumed.exit_status == 0


def test_readers_and_writers_use_the_store_while_a_sweep_writes(tmp_path):
    path = str(tmp_path / "busy.db")
    sweep = subprocess.Popen([sys.executable, "-c", SWEEP, path], start_new_session=True)
    try:
        deadline = time.time() + 120
        while stored_tasks(path) < 3 and time.time() < deadline:
            time.sleep(0.05)
        reader = ResultStore(path, readonly=True)
        summary = reader.summary()
        assert summary["runs"][0]["status"] == "running"
        assert summary["tasks"]["trees"]
        writer = ResultStore(path)          # a second writer is not locked out for long
        writer.put_invariant("Bw", "note", 1)
        assert writer.invariants("Bw") == {"note": 1}
        shown = subprocess.run([sys.executable, "-m", "sage_hcsf", "db", path],
                               capture_output=True, text=True, timeout=120)
        assert shown.returncode == 0, shown.stderr
        assert "trees" in shown.stdout
    finally:
        os.killpg(sweep.pid, signal.SIGKILL)
        sweep.wait()


def test_corrupt_and_foreign_files_are_refused_by_name(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(4096))
    with pytest.raises(StoreError, match="garbage.db is not a sage_hcsf result store"):
        ResultStore(str(garbage))
    good = tmp_path / "good.db"
    certify_self_csf("trees", 8, store=str(good), processes=1, progress=False)
    data = good.read_bytes()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(data[:100] + os.urandom(len(data) - 100))
    with pytest.raises(StoreError, match="truncated.db"):
        store = ResultStore(str(truncated))
        store.summary()
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (text)")
    with pytest.raises(StoreError, match="foreign.db is a database of another application"):
        ResultStore(str(foreign))


def test_a_missing_directory_is_refused_before_any_work(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        certify_self_csf("trees", 5, store=str(tmp_path / "no" / "x.db"), processes=1,
                         progress=False)


SCHEMA_1 = """
CREATE TABLE runs (id INTEGER PRIMARY KEY, command TEXT NOT NULL, version TEXT NOT NULL,
    started REAL NOT NULL, ended REAL, host TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE tasks (family TEXT NOT NULL, n INTEGER NOT NULL, part TEXT NOT NULL,
    stage TEXT NOT NULL, items INTEGER NOT NULL, result BLOB, seconds REAL NOT NULL,
    run_id INTEGER NOT NULL, PRIMARY KEY (family, n, part, stage));
CREATE TABLE graphs (graph6 TEXT PRIMARY KEY, n INTEGER NOT NULL, family TEXT NOT NULL);
CREATE TABLE invariants (graph6 TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (graph6, name));
CREATE TABLE fiber_counts (graph6 TEXT PRIMARY KEY, n INTEGER NOT NULL, counts TEXT NOT NULL,
    seconds REAL NOT NULL, run_id INTEGER);
CREATE TABLE verdicts (family TEXT NOT NULL, n INTEGER NOT NULL, verdict TEXT NOT NULL,
    run_id INTEGER NOT NULL, PRIMARY KEY (family, n));
PRAGMA application_id = 1212371782;
PRAGMA user_version = 1;
"""


def test_full_counts_of_kernel_1_are_not_reused(tmp_path):
    """A store of schema 1 (no kernel version): its full counts, possibly made
    by the faulty prefix split, are kept aside and computed again."""
    from sage_hcsf.kernels.fiber_dp import KERNEL_VERSION
    path = str(tmp_path / "old.db")
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_1)
    db.execute("INSERT INTO fiber_counts VALUES (?, 3, ?, 0.1, NULL)", ("Bw", '[[[1, 1, 1], "5"]]'))
    db.commit()
    db.close()
    store = ResultStore(path)
    assert store.fiber_counts("Bw") is None
    store.put_fiber_counts(None, {(1, 1, 1): 6}, graph6="Bw", split="engine I, no prefix split")
    assert store.fiber_counts("Bw") == {(1, 1, 1): 6}
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT kernel, split FROM fiber_counts").fetchall() == [
        (KERNEL_VERSION, "engine I, no prefix split")]
    assert db.execute("SELECT count(*) FROM fiber_counts_kernel1").fetchone() == (1,)
    db.close()


def test_a_certified_sweep_records_kernel_and_split(tmp_path):
    from sage_hcsf.kernels.fiber_dp import KERNEL_VERSION
    path = str(tmp_path / "s.db")
    store = ResultStore(path)
    certify_self_csf("graphs", 5, store=store, processes=1, progress=False)
    store.close()
    db = sqlite3.connect(path)
    rows = db.execute("SELECT kernel, split FROM fiber_counts").fetchall()
    db.close()
    assert rows and all(kernel == KERNEL_VERSION and split.startswith("engine")
                        for kernel, split in rows)
