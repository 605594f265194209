"""The first pass of trees in bounded disk: interrupted, damaged, killed, full, it resumes right."""
import os
import signal
import subprocess
import sys
import time

import pytest

import sage_hcsf.certify
import sage_hcsf.certify.first_pass
import sage_hcsf.certify.tasks
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.parallel.local import LocalExecutor
from sage_hcsf.store import ResultStore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class CountingExecutor:
    """A one-process executor that counts the first-pass tasks and can stop after some."""

    def __init__(self, stop_after=None):
        self.inner, self.stop_after, self.first_pass = LocalExecutor(1), stop_after, []

    def map_unordered(self, function, tasks):
        for task, result in self.inner.map_unordered(function, tasks):
            if function is sage_hcsf.certify.tasks.records_task:
                if self.stop_after is not None and len(self.first_pass) == self.stop_after:
                    raise KeyboardInterrupt
                self.first_pass.append(task[1])
            yield task, result

    def close(self):
        self.inner.close()


@pytest.fixture
def small_buckets(monkeypatch):
    """Trees on 14 vertices in 16 buckets and 7 slices; a commit after every slice."""
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "BUCKET_RECORDS", 256)
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "TREES_PER_SLICE", 500)
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "COMMIT_SECONDS", 0.0)


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
    folder = os.path.join(path + ".buckets", "trees-n14", "pass-1-of-1")
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    assert len(files) == 16
    biggest = max(files, key=os.path.getsize)
    if damage == "truncated":
        with open(biggest, "r+b") as stream:
            stream.truncate(os.path.getsize(biggest) - 4)
    elif damage == "missing":
        os.remove(biggest)
    else:                                          # records of a slice never committed
        with open(biggest, "ab") as stream:
            stream.write(b"\1" * 4 * 3)
    second = CountingExecutor()
    report = certify_self_csf("trees", 14, min_n=14, store=path, executor=second,
                              progress=False)
    assert stages(report) == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    slices = list(range(7))
    if damage == "longer":                         # the committed slices are not run again
        assert sorted(second.first_pass) == sorted(set(slices) - set(first.first_pass))
    else:                                          # the damaged bucket is made again
        assert sorted(second.first_pass) == sorted(slices)
    assert not os.path.exists(path + ".buckets")
    assert ResultStore(path).verdicts()[("trees", 14)]["stages"] == \
        report.verdicts[14]["stages"]



def test_db_says_how_far_an_interrupted_first_pass_got(small_buckets, tmp_path, capsys):
    from sage_hcsf.cli.commands import main
    from sage_hcsf.errors import format_bytes
    path = str(tmp_path / "r.db")
    with pytest.raises(KeyboardInterrupt):
        certify_self_csf("trees", 14, min_n=14, store=path, executor=CountingExecutor(4),
                         progress=False)
    folder = os.path.join(path + ".buckets", "trees-n14")
    disk = sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(folder)
               for f in files)
    assert disk == 4 * 4 * 500                     # 4 slices of 500 trees, 4 bytes a tree
    capsys.readouterr()
    assert main(["db", path]) == 0
    out = capsys.readouterr().out
    assert "unfinished first passes of trees:" in out
    line = next(line for line in out.splitlines() if "n=14:" in line)
    assert f"pass 1 of 1, 4 of 7 slices; {format_bytes(disk)} of bucket files; about" in line
    certify_self_csf("trees", 14, min_n=14, store=path, processes=1, progress=False)
    assert main(["db", path]) == 0
    assert "unfinished" not in capsys.readouterr().out

SCRIPT = """
import sys
import sage_hcsf.certify
sage_hcsf.certify.first_pass.TREES_PER_SLICE = 20000
sage_hcsf.certify.first_pass.COMMIT_SECONDS = 0.0
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
    real, seen = sage_hcsf.certify.first_pass.shared_records, []

    def interrupted(records):
        if len(seen) == 5:
            raise KeyboardInterrupt
        seen.append(len(records))
        return real(records)

    monkeypatch.setattr(sage_hcsf.certify.first_pass, "shared_records", interrupted)
    with pytest.raises(KeyboardInterrupt):
        certify_self_csf("trees", 14, min_n=14, store=path, processes=1, progress=False)
    folder = os.path.join(path + ".buckets", "trees-n14", "pass-1-of-1")
    assert len(os.listdir(folder)) == 16 - 5          # decided buckets are removed
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "shared_records", real)
    again = CountingExecutor()
    report = certify_self_csf("trees", 14, min_n=14, store=path, executor=again,
                              progress=False)
    assert again.first_pass == []                      # no slice is run again
    assert stages(report) == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert not os.path.exists(path + ".buckets")


def verdict_stages(report):
    return {n: [s.pairs_left for s in v.stages] for n, v in report.verdicts.items()}


@pytest.mark.parametrize("invariant", ["self-csf", "csf"])
def test_passes_within_a_small_disk_budget_give_the_same_verdict(invariant, tmp_path,
                                                                 monkeypatch):
    """A disk budget a quarter of one pass's records: four passes, then the details."""
    from sage_hcsf.certify.enumeration import number_of_trees
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "BUCKET_RECORDS", 1000)
    one = certify_self_csf("trees", 16, min_n=15, processes=1, progress=False,
                           invariant=invariant)
    budget = 4 * number_of_trees(16) // 4
    path = str(tmp_path / "r.db")
    four = certify_self_csf("trees", 16, min_n=15, store=path, processes=2, progress=False,
                            invariant=invariant, disk_budget=budget)
    assert verdict_stages(four) == verdict_stages(one)
    assert four.verdicts[16].separated == one.verdicts[16].separated
    from sage_hcsf.certify.first_pass import progress
    first = "hom(G,G) mod 2^64" if invariant == "self-csf" else "Phi_0(X_T) mod 2^61-1"
    key = "trees" if invariant == "self-csf" else "trees:csf"
    assert progress(ResultStore(path), key, 16, first)["passes"] == 4


def test_candidates_through_a_file_give_the_same_verdict(monkeypatch):
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "INLINE_CANDIDATES", 0)
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "TREES_PER_SLICE", 3000)
    through_a_file = certify_self_csf("trees", 17, min_n=16, processes=2, progress=False)
    monkeypatch.undo()
    inline = certify_self_csf("trees", 17, min_n=16, processes=1, progress=False)
    assert verdict_stages(through_a_file) == verdict_stages(inline)


@pytest.fixture
def tiny_disk(tmp_path):
    """A tmpfs of 256 kB (root may mount one; else the test is skipped)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_disk_that_fills_mid_pass_stops_cleanly_and_the_same_command_resumes(
        tiny_disk, tmp_path, monkeypatch):
    """The records of 317,955 trees on 19 vertices (1.3 MB) on a disk of 256 kB: the pass
    stops with one line (exit status 4), the store consistent; with room, the same command
    finishes with the verdict of a run that never stopped."""
    from sage_hcsf.cli import main
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "TREES_PER_SLICE", 20000)
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "COMMIT_SECONDS", 0.0)
    path = str(tiny_disk / "r.db")
    command = ["verify", "trees", "--min-n", "19", "--max-n", "19", "--db", path,
               "--processes", "1", "--disk-budget", "10M"]
    assert main(command) == 4
    committed = ResultStore(path, readonly=True).summary()["tasks"]["trees"]
    assert 0 < sum(row["tasks"] for row in committed)
    subprocess.run(["mount", "-o", "remount,size=8m", str(tiny_disk)], check=True)
    assert main(command) == 0
    fresh = certify_self_csf("trees", 19, min_n=19, processes=1, progress=False)
    assert ResultStore(path).verdicts()[("trees", 19)]["stages"] == \
        fresh.verdicts[19].as_dict()["stages"]
    assert not os.path.exists(path + ".buckets")


def test_a_disk_budget_too_small_or_nonsense_is_one_line_before_any_work(tmp_path, capsys):
    from sage_hcsf.cli import main
    path = str(tmp_path / "r.db")
    assert main(["verify", "trees", "--max-n", "30", "--db", path, "--disk-budget", "1M"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs at least 926.9 MB of disk" in err
    assert not os.path.exists(path)
    with pytest.raises(SystemExit) as stop:
        main(["verify", "trees", "--db", path, "--disk-budget", "lots"])
    assert stop.value.code == 2
    assert "--disk-budget must be a number of bytes" in capsys.readouterr().err
