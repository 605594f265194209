"""Sweeps on a real Dask LocalCluster (loopback, 2 workers), one worker killed mid-sweep."""
import os
import pathlib
import signal
import subprocess
import sys

import pytest
from distributed import LocalCluster

import sage_hcsf.certify
import sage_hcsf.certify.first_pass
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.certify.tasks import records_task
from sage_hcsf.parallel.dask_cluster import DaskExecutor
from sage_hcsf.parallel.executors import make_executor


@pytest.fixture(scope="module")
def cluster():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    yield cluster
    cluster.close()


def comparable(report):
    return {n: {k: v for k, v in verdict.as_dict().items() if k != "seconds"}
            for n, verdict in report.verdicts.items()}


def test_dask_verdicts_equal_the_local_pool(cluster):
    executor = make_executor(f"dask://{cluster.scheduler_address.split('://')[1]}")
    try:
        assert executor.workers == 2
        for family, max_n in (("trees", 15), ("graphs", 5)):
            on_dask = certify_self_csf(family, max_n, executor=executor, progress=False)
            local = certify_self_csf(family, max_n, processes=2, progress=False)
            assert comparable(on_dask) == comparable(local)
    finally:
        executor.close()
    assert len(cluster.scheduler.workers) == 2   # the cluster outlives the client


class KillingExecutor(DaskExecutor):
    """Kill a busy worker, once, after the first slice of the first pass returns (no full
    count is needed at these orders: the layers of the self-CSF separate every pair)."""
    killed = []

    def map_unordered(self, function, tasks, in_flight=None):
        for result in super().map_unordered(function, tasks, in_flight):
            if function is records_task and not self.killed:
                busy = [worker for worker, keys in self.client.processing().items() if keys]
                if busy:
                    pid = self.client.run(os.getpid, workers=busy[:1])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    self.killed.append(pid)
            yield result


def test_a_worker_killed_mid_sweep(cluster, monkeypatch):
    monkeypatch.setattr(sage_hcsf.certify.first_pass, "TREES_PER_SLICE", 5000)   # 25 slices on 18 vertices
    executor = KillingExecutor(cluster.scheduler_address)
    try:
        on_dask = certify_self_csf("trees", 18, min_n=17, executor=executor, progress=False)
    finally:
        executor.close()
    assert executor.killed, "no worker was busy when the first slice returned"
    local = certify_self_csf("trees", 18, min_n=17, processes=2, progress=False)
    assert comparable(on_dask) == comparable(local)
    assert on_dask.exit_status == 0


def test_an_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(ValueError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        make_executor("dask://127.0.0.1:9")


def test_dask_local_workers_exit_cleanly(tmp_path):
    """Workers that loaded Sage in a task thread crashed in OpenBLAS at exit (C stack traces,
    'Worker process still alive after 4.0 seconds, killing'); the output must be clean."""
    root = pathlib.Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "sage_hcsf", "verify", "trees", "--max-n", "16",
                           "--dask-local", "2", "--db", str(tmp_path / "d.db")],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env=dict(os.environ, PYTHONPATH=str(root)))
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "trees on 1..16 vertices: every pair separated"
    assert done.stderr == ""


def test_ctrl_c_of_a_dask_local_sweep_prints_one_line(tmp_path):
    """A terminal's Ctrl-C reaches the whole process group, the workers of
    the local cluster included: they printed KeyboardInterrupt tracebacks
    around the one line of the driver."""
    import time
    root = pathlib.Path(__file__).resolve().parent.parent
    db = str(tmp_path / "c.db")
    job = subprocess.Popen([sys.executable, "-m", "sage_hcsf", "verify", "trees", "--max-n", "22",
                            "--dask-local", "2", "--db", db],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                           env=dict(os.environ, PYTHONPATH=str(root)), start_new_session=True)
    for line in job.stdout:     # the workers are busy once the rows come
        if line.startswith("16 |"):
            break
    time.sleep(1)
    os.killpg(job.pid, signal.SIGINT)
    out, err = job.communicate(timeout=120)
    assert job.returncode == 130
    assert err.strip().splitlines()[-1] == (
        f"interrupted; every result computed so far is kept in {db}; the same command "
        f"resumes: python -m sage_hcsf verify trees --max-n 22 --dask-local 2 --db {db}")
    assert "Traceback" not in err
