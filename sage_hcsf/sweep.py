r"""
Sweeps: fiber-type counts over families of graphs, in parallel, resumable

A sweep computes an invariant of many graphs (given as graph6 strings) in
worker processes, shows a progress bar, stops cleanly on Ctrl-C, and can
append its results to a checkpoint file so that an interrupted sweep
resumes where it stopped.

EXAMPLES::

    sage: from sage_hcsf.sweep import self_fiber_counts
    sage: trees = [T.graph6_string() for T in graphs.trees(5)]
    sage: results = self_fiber_counts(trees, processes=1, progress=False)
    sage: sorted(counts[(1, 1, 1, 1, 1)] for counts in results.values())  # |Aut|
    [2, 2, 24]
"""
import json
import multiprocessing
import os
import time

from tqdm import tqdm

from sage_hcsf.fiber_types import fiber_type_counts


def _self_counts_worker(graph6):
    r"""
    Return ``(graph6, {partition tuple: int}, seconds)`` for ``X_G^G``.

    EXAMPLES::

        sage: from sage_hcsf.sweep import _self_counts_worker
        sage: g6, counts, seconds = _self_counts_worker(graphs.PathGraph(3).graph6_string())
        sage: counts
        {(1, 1, 1): 2, (2, 1): 4}
    """
    start = time.perf_counter()
    counts = fiber_type_counts(graph6, graph6)
    return (graph6, {tuple(int(part) for part in la): int(c) for la, c in counts.items()},
            time.perf_counter() - start)


def run_sweep(worker, items, processes=None, progress=True, checkpoint=None,
              description="graphs"):
    r"""
    Apply ``worker`` to every item, in parallel; return ``{item: result}``.

    INPUT:

    - ``worker`` -- a module-level function of one item returning
      ``(item, result, seconds)``
    - ``items`` -- iterable of strings (graph6)
    - ``processes`` -- number of worker processes (default: all cores);
      ``1`` runs in this process
    - ``progress`` -- show a tqdm progress bar (default: ``True``)
    - ``checkpoint`` -- path of a JSON-lines file or ``None``; results
      found there are reused, new ones appended
    - ``description`` -- label of the progress bar

    OUTPUT: a dictionary ``{item: result}`` (results with tuple keys become
    lists of ``[key, value]`` pairs in the checkpoint)

    On ``KeyboardInterrupt`` the workers are terminated and the exception
    propagates; what was computed is in the checkpoint.

    EXAMPLES::

        sage: from sage_hcsf.sweep import run_sweep, _self_counts_worker
        sage: import tempfile, os
        sage: path = os.path.join(tempfile.mkdtemp(), "sweep.jsonl")
        sage: items = [G.graph6_string() for G in graphs(4)]
        sage: first = run_sweep(_self_counts_worker, items, 2, False, path)
        sage: len(open(path).readlines())
        11
        sage: run_sweep(_self_counts_worker, items, 1, False, path) == first
        True
    """
    items = list(dict.fromkeys(items))
    results = _read_checkpoint(checkpoint) if checkpoint else {}
    todo = [item for item in items if item not in results]
    sink = open(checkpoint, "a") if checkpoint else None
    bar = tqdm(total=len(items), initial=len(items) - len(todo), desc=description,
               disable=not progress, unit="graph", smoothing=0.05)
    pool = None
    try:
        if processes == 1 or len(todo) < 2:
            outputs = map(worker, todo)
        else:
            pool = multiprocessing.get_context("fork").Pool(processes or os.cpu_count())
            outputs = pool.imap_unordered(worker, todo, chunksize=max(1, min(64, len(todo) // 200)))
        for item, result, _ in outputs:
            results[item] = result
            if sink:
                sink.write(json.dumps([item, _encode(result)]) + "\n")
            bar.update()
        if pool is not None:
            pool.close()
            pool.join()
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    finally:
        bar.close()
        if sink:
            sink.close()
    return {item: results[item] for item in items}


def _encode(result):
    r"""
    Make a result JSON-friendly: dictionaries with tuple keys become pair lists.

    EXAMPLES::

        sage: from sage_hcsf.sweep import _encode, _decode
        sage: _encode({(2, 1): 4})
        {'pairs': [[[2, 1], 4]]}
        sage: _decode(_encode({(2, 1): 4}))
        {(2, 1): 4}
    """
    if isinstance(result, dict):
        return {"pairs": [[list(k) if isinstance(k, tuple) else k, v] for k, v in result.items()]}
    return result


def _decode(data):
    r"""
    Invert :func:`_encode`.

    EXAMPLES::

        sage: from sage_hcsf.sweep import _decode
        sage: _decode(3)
        3
    """
    if isinstance(data, dict) and "pairs" in data:
        return {tuple(k) if isinstance(k, list) else k: v for k, v in data["pairs"]}
    return data


def _read_checkpoint(path):
    r"""
    Return the results stored at ``path`` (none if it does not exist).

    EXAMPLES::

        sage: from sage_hcsf.sweep import _read_checkpoint
        sage: _read_checkpoint("/nonexistent/file.jsonl")
        {}
    """
    results = {}
    if path and os.path.exists(path):
        with open(path) as stream:
            for line in stream:
                line = line.strip()
                if line:
                    item, data = json.loads(line)
                    results[item] = _decode(data)
    return results


def self_fiber_counts(graph6_strings, processes=None, progress=True, checkpoint=None,
                      description="self-CSF"):
    r"""
    Return the fiber-type counts of `X_G^G` for each graph.

    INPUT:

    - ``graph6_strings`` -- iterable of graph6 strings
    - ``processes``, ``progress``, ``checkpoint`` -- as in :func:`run_sweep`
    - ``description`` -- label of the progress bar (default: ``"self-CSF"``)

    OUTPUT: ``{graph6: {partition tuple: int}}``

    EXAMPLES::

        sage: from sage_hcsf.sweep import self_fiber_counts
        sage: P3, K2K1 = "Bg", "B_"
        sage: counts = self_fiber_counts([P3, K2K1], processes=1, progress=False)
        sage: counts[P3] == counts[K2K1]
        True
    """
    return run_sweep(_self_counts_worker, graph6_strings, processes, progress, checkpoint,
                     description=description)
