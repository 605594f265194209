"""Sweeps: resumable through the store, and robust to workers that die."""
import os
import signal
import time

import psutil
import pytest

from sage.graphs.graph_generators import graphs

from sage_hcsf.store import ResultStore
from sage_hcsf.sweep import LocalExecutor, WorkerLost, _self_counts_worker, self_fiber_counts

INTERRUPT_AFTER = 5
calls = []
armed = []


def interrupting_worker(graph6):
    """Raise KeyboardInterrupt at call INTERRUPT_AFTER + 1 of the first sweep."""
    calls.append(graph6)
    if armed and len(calls) == INTERRUPT_AFTER + 1:
        armed.clear()
        raise KeyboardInterrupt
    return _self_counts_worker(graph6)


def test_interrupted_sweep_resumes_from_the_store(tmp_path, monkeypatch):
    import sage_hcsf.sweep as sweep
    items = [T.graph6_string() for T in graphs.trees(8)]
    store = ResultStore(str(tmp_path / "sweep.db"))
    calls.clear()
    armed.append(True)
    monkeypatch.setattr(sweep, "_self_counts_worker", interrupting_worker)
    with pytest.raises(KeyboardInterrupt):
        self_fiber_counts(items, processes=1, progress=False, store=store)
    assert store.summary()["fiber counts"] == INTERRUPT_AFTER
    calls.clear()
    resumed = self_fiber_counts(items, processes=1, progress=False, store=store)
    assert len(calls) == len(items) - INTERRUPT_AFTER
    monkeypatch.undo()
    fresh = self_fiber_counts(items, processes=2, progress=False)
    assert resumed == fresh


def square_slowly(x):
    time.sleep(0.3)
    return x * x


def suicide(x):
    os.kill(os.getpid(), signal.SIGKILL)


def test_local_pool_replaces_a_killed_worker():
    executor = LocalExecutor(2)
    results = {}
    killed = False
    for task, value in executor.map_unordered(square_slowly, range(12)):
        results[task] = value
        if not killed:
            victim = psutil.Process().children()[0]
            victim.send_signal(signal.SIGKILL)
            killed = True
    executor.close()
    assert results == {x: x * x for x in range(12)}


def test_a_task_that_always_kills_its_worker_is_given_up():
    executor = LocalExecutor(2, retries=1)
    with pytest.raises(WorkerLost, match="died 2 times"):
        list(executor.map_unordered(suicide, [1]))
    assert not psutil.Process().children()
