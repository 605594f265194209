"""The first pass of trees in buckets on disk: interrupted, damaged, killed, it resumes right."""
import os
import signal
import subprocess
import sys
import time

import pytest

import sage_hcsf.certify.buckets
import sage_hcsf.certify
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.store import ResultStore
from sage_hcsf.parallel.local import LocalExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class CountingExecutor:
    """A one-process executor that counts the first-pass tasks and can stop after some."""

    def __init__(self, stop_after=None):
        self.inner, self.stop_after, self.first_pass = LocalExecutor(1), stop_after, []

    def map_unordered(self, function, tasks):
        for task, result in self.inner.map_unordered(function, tasks):
            if function is sage_hcsf.certify.buckets.tree_keys_task:
                if self.stop_after is not None and len(self.first_pass) == self.stop_after:
                    raise KeyboardInterrupt
                self.first_pass.append(task[1])
            yield task, result

    def close(self):
        self.inner.close()


@pytest.fixture
def small_buckets(monkeypatch):
    """Trees on 14 vertices in 16 buckets and 7 slices; a commit after every slice."""
    monkeypatch.setattr(sage_hcsf.certify.buckets, "BUCKET_RECORDS", 256)
    monkeypatch.setattr(sage_hcsf.certify.enumeration, "TREES_PER_TASK", 500)
    monkeypatch.setattr(sage_hcsf.certify.sweep, "COMMIT_SECONDS", 0.0)


def stages(report):
    return [s["pairs left"] for s in report.verdicts[14]["stages"]]


def test_a_fresh_pass_leaves_no_bucket_file(small_buckets, tmp_path):
    path = str(tmp_path / "r.db")
    report = certify_self_csf("trees", 14, min_n=14, store=path, processes=1, progress=False)
    assert stages(report) == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert not os.path.exists(path + ".buckets")
    again = CountingExecutor()
    certify_self_csf("trees", 14, min_n=14, store=path, executor=again, progress=False)
    assert again.first_pass == []                  # every bucket decided: nothing run again


@pytest.mark.parametrize("damage", ["truncated", "missing", "longer"])
def test_an_interrupted_and_damaged_pass_is_recomputed_not_trusted(small_buckets, tmp_path,
                                                                   damage):
    path = str(tmp_path / "r.db")
    first = CountingExecutor(stop_after=4)
    with pytest.raises(KeyboardInterrupt):
        certify_self_csf("trees", 14, min_n=14, store=path, executor=first, progress=False)
    folder = os.path.join(path + ".buckets", "trees-n14")
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    assert len(files) == 16
    biggest = max(files, key=os.path.getsize)
    if damage == "truncated":
        with open(biggest, "r+b") as stream:
            stream.truncate(os.path.getsize(biggest) - 16)
    elif damage == "missing":
        os.remove(biggest)
    else:                                          # records of a slice never committed
        with open(biggest, "ab") as stream:
            stream.write(b"\1" * 16 * 3)
    second = CountingExecutor()
    report = certify_self_csf("trees", 14, min_n=14, store=path, executor=second,
                              progress=False)
    assert stages(report) == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    slices = sage_hcsf.certify.family("trees").parts(14)
    if damage == "longer":                         # the committed slices are not run again
        assert sorted(second.first_pass) == sorted(set(slices) - set(first.first_pass))
    else:                                          # the damaged bucket is made again
        assert sorted(second.first_pass) == sorted(slices)
    assert not os.path.exists(path + ".buckets")
    assert ResultStore(path).verdicts()[("trees", 14)]["stages"] == \
        report.verdicts[14]["stages"]


SCRIPT = """
import sys
import sage_hcsf.certify
sage_hcsf.certify.enumeration.TREES_PER_TASK = 20000
sage_hcsf.certify.sweep.COMMIT_SECONDS = 0.0
from sage_hcsf.certify.runs import certify_self_csf
report = certify_self_csf("trees", 19, min_n=19, store=sys.argv[1], processes=2, progress=False)
print(report.verdicts[19]["stages"])
"""


def test_kill_minus_9_during_the_first_pass_then_the_same_command(tmp_path):
    path = str(tmp_path / "r.db")
    command = [sys.executable, "-c", SCRIPT, path]
    job = subprocess.Popen(command, cwd=ROOT, start_new_session=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    committed = 0
    while job.poll() is None and time.time() < deadline:
        time.sleep(0.2)
        if os.path.exists(path):
            try:
                committed = ResultStore(path, readonly=True).summary()["tasks"].get("trees", [])
                committed = sum(row["tasks"] for row in committed)
            except Exception:
                committed = 0
            if committed >= 3:
                break
    assert job.poll() is None, "the first pass ended before it could be killed"
    os.killpg(job.pid, signal.SIGKILL)
    job.wait()
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    fresh = certify_self_csf("trees", 19, min_n=19, processes=1, progress=False)
    assert out.stdout.strip() == str(fresh.verdicts[19]["stages"])
    assert not os.path.exists(path + ".buckets")


def test_an_interrupted_bucket_pass_resumes_at_the_next_bucket(small_buckets, tmp_path,
                                                               monkeypatch):
    path = str(tmp_path / "r.db")
    real, seen = sage_hcsf.certify.buckets.colliding_records, []

    def interrupted(records):
        if len(seen) == 5:
            raise KeyboardInterrupt
        seen.append(len(records))
        return real(records)

    monkeypatch.setattr(sage_hcsf.certify.sweep, "colliding_records", interrupted)
    with pytest.raises(KeyboardInterrupt):
        certify_self_csf("trees", 14, min_n=14, store=path, processes=1, progress=False)
    folder = os.path.join(path + ".buckets", "trees-n14")
    assert len(os.listdir(folder)) == 16 - 5          # decided buckets are removed
    monkeypatch.setattr(sage_hcsf.certify.sweep, "colliding_records", real)
    again = CountingExecutor()
    report = certify_self_csf("trees", 14, min_n=14, store=path, executor=again,
                              progress=False)
    assert again.first_pass == []                      # no slice is run again
    assert stages(report) == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert not os.path.exists(path + ".buckets")
