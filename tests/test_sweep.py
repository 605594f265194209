"""Sweeps stop cleanly on Ctrl-C and resume from their checkpoint."""
import pytest

from sage.graphs.graph_generators import graphs

from sage_hcsf.sweep import _read_checkpoint, _self_counts_worker, run_sweep

INTERRUPT_AFTER = 5
calls = []
armed = []


def interrupting_worker(graph6):
    """Count calls; raise KeyboardInterrupt once, at call INTERRUPT_AFTER + 1, while armed."""
    calls.append(graph6)
    if armed and len(calls) == INTERRUPT_AFTER + 1:
        armed.clear()
        raise KeyboardInterrupt
    return _self_counts_worker(graph6)


def test_interrupted_sweep_resumes_without_recomputing(tmp_path):
    items = [T.graph6_string() for T in graphs.trees(8)]
    checkpoint = tmp_path / "sweep.jsonl"
    calls.clear()
    armed.append(True)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(interrupting_worker, items, processes=1, progress=False,
                  checkpoint=str(checkpoint))
    saved = _read_checkpoint(str(checkpoint))
    assert len(saved) == INTERRUPT_AFTER
    calls.clear()
    resumed = run_sweep(interrupting_worker, items, processes=1, progress=False,
                        checkpoint=str(checkpoint))
    assert len(calls) == len(items) - INTERRUPT_AFTER
    fresh = run_sweep(_self_counts_worker, items, processes=2, progress=False)
    assert resumed == fresh
