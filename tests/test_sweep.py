"""Sweeps: resumable through the store, and robust to workers that die."""
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from sage.graphs.graph_generators import graphs

from sage_hcsf.store import ResultStore
from sage_hcsf.certify.batch import self_counts_worker, self_fiber_counts
from sage_hcsf.parallel.local import LocalExecutor, WorkerLost

INTERRUPT_AFTER = 5
calls = []
armed = []


def interrupting_worker(graph6):
    """Raise KeyboardInterrupt at call INTERRUPT_AFTER + 1 of the first sweep."""
    calls.append(graph6)
    if armed and len(calls) == INTERRUPT_AFTER + 1:
        armed.clear()
        raise KeyboardInterrupt
    return self_counts_worker(graph6)


def test_interrupted_sweep_resumes_from_the_store(tmp_path, monkeypatch):
    import sage_hcsf.certify.batch as sweep
    items = [T.graph6_string() for T in graphs.trees(8)]
    store = ResultStore(str(tmp_path / "sweep.db"))
    calls.clear()
    armed.append(True)
    monkeypatch.setattr(sweep, "self_counts_worker", interrupting_worker)
    with pytest.raises(KeyboardInterrupt):
        self_fiber_counts(items, processes=1, progress=False, store=store)
    assert store.summary()["fiber counts"] == INTERRUPT_AFTER
    calls.clear()
    resumed = self_fiber_counts(items, processes=1, progress=False, store=store)
    assert len(calls) == len(items) - INTERRUPT_AFTER
    monkeypatch.undo()
    fresh = self_fiber_counts(items, processes=2, progress=False)
    assert resumed == fresh


def square_when_open(gate, x):
    """Return ``x * x``: at once for 0, else once the file ``gate`` exists."""
    while x and not os.path.exists(gate):
        time.sleep(0.01)
    return x * x


def square_or_die(x):
    if x < 0:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.05)
    return x * x


def test_local_pool_replaces_a_killed_worker(tmp_path):
    """A worker of the pool is killed while both run tasks that wait for a
    gate: the pool is replaced and every task still gives its result."""
    import functools
    gate = str(tmp_path / "gate")
    executor = LocalExecutor(2)
    results = {}
    first_workers = None
    for task, value in executor.map_unordered(functools.partial(square_when_open, gate),
                                              range(12)):
        results[task] = value
        if first_workers is None:   # task 0 is done; the others wait at the gate
            first_workers = list(executor._context.processes)
            assert len(first_workers) == 2 and all(w.is_alive() for w in first_workers)
            first_workers[0].kill()
            first_workers[0].join()
            open(gate, "w").close()
    replaced = executor._context.processes
    executor.close()
    assert results == {x: x * x for x in range(12)}
    assert not set(replaced) & set(first_workers)   # the path under test: a new pool


def living_children():
    return {p.pid for p in psutil.Process().children() if p.status() != psutil.STATUS_ZOMBIE}


def test_a_task_that_always_kills_its_worker_is_found_and_given_up():
    before = living_children()
    executor = LocalExecutor(2, retries=1)
    with pytest.raises(WorkerLost, match="the task -1 killed the worker process running it 2 times"):
        list(executor.map_unordered(square_or_die, [1, 2, 3, -1, 4, 5, 6]))
    assert living_children() <= before            # no worker left running


def test_a_worker_dying_while_the_consumer_holds_a_result():
    executor = LocalExecutor(2)
    results = {}
    first_workers = None
    for task, value in executor.map_unordered(square_or_die, [1, 2, 3, 4, 5, 6, 7, 8]):
        results[task] = value
        if first_workers is None:
            first_workers = list(executor._context.processes)
            first_workers[0].kill()
            first_workers[0].join()
            deadline = time.time() + 60   # the pool is broken before the next submission
            while not executor._pool._broken and time.time() < deadline:
                time.sleep(0.01)
            assert executor._pool._broken
    replaced = executor._context.processes
    executor.close()
    assert results == {x: x * x for x in range(1, 9)}
    assert not set(replaced) & set(first_workers)   # the pool was replaced


def test_workers_die_with_a_killed_driver(tmp_path):
    script = ("import sage_hcsf, time\n"
              "from sage_hcsf.parallel.local import LocalExecutor\n"
              "for _ in LocalExecutor(2).map_unordered(time.sleep, [60] * 4):\n"
              "    pass\n")
    driver = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.time() + 60
    while len(psutil.Process(driver.pid).children()) < 2 and time.time() < deadline:
        time.sleep(0.1)
    workers = psutil.Process(driver.pid).children()
    assert len(workers) == 2
    driver.kill()
    driver.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive


def sleep_for(seconds):
    time.sleep(seconds)
    return seconds, seconds, seconds   # (item, result, seconds), as run_sweep's workers do


def test_ctrl_c_in_the_consumer_stops_long_tasks_at_once():
    """Workers ignore Ctrl-C: an interrupt raised while the driver handles a
    result must kill them, not wait for their long tasks to end."""
    from sage_hcsf.parallel.executors import run_sweep

    def interrupt(item, result, seconds):
        raise KeyboardInterrupt

    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        run_sweep(sleep_for, [0.1, 60, 61], processes=2, progress=False, on_result=interrupt)
    assert time.perf_counter() - start < 20
    assert not [c for c in psutil.Process().children() if c.status() != psutil.STATUS_ZOMBIE
                and "sleep_for" in " ".join(c.cmdline())]
