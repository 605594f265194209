r"""
Choosing where tasks run, and running a sweep with a progress bar.

:func:`make_executor` returns one executor for a sweep: this process,
a pool of local worker processes (:class:`~sage_hcsf.parallel.local.LocalExecutor`)
or a Dask cluster (:class:`~sage_hcsf.parallel.dask_cluster.DaskExecutor`).
:func:`run_sweep` maps a worker over items on it, in any order, with a
progress bar in a terminal or a notebook.
"""

from contextlib import contextmanager

from tqdm import tqdm

from sage_hcsf.parallel.dask_cluster import DaskExecutor
from sage_hcsf.parallel.local import LocalExecutor
from sage_hcsf.settings import process_count, refusal

#: What ``executor=`` (``--executor``) accepts, in the words of its refusals.
EXECUTORS = "'local', dask://HOST:PORT or an executor of sage_hcsf.parallel"


def make_executor(executor=None, processes=None, dask_local=None):
    r"""
    Return the executor for the command-line options ``--executor``,
    ``--processes`` and ``--dask-local``.

    INPUT:

    - ``executor`` -- ``None`` or ``"local"`` (default: the local process
      pool), ``"dask://HOST:PORT"``, or an executor (returned as it is)
    - ``processes`` -- worker processes of the local pool
    - ``dask_local`` -- start a Dask ``LocalCluster`` of this many workers

    EXAMPLES::

        sage: from sage_hcsf.parallel.executors import make_executor
        sage: make_executor(processes=1)
        local process pool of 1 workers
        sage: make_executor("spark://x")
        Traceback (most recent call last):
        ...
        ValueError: executor must be 'local', dask://HOST:PORT or an executor of sage_hcsf.parallel; got 'spark://x'
        sage: make_executor(5)
        Traceback (most recent call last):
        ...
        TypeError: executor must be 'local', dask://HOST:PORT or an executor of sage_hcsf.parallel; got 5
    """
    if hasattr(executor, "map_unordered"):
        return executor
    if executor is not None and not isinstance(executor, str):
        raise refusal("executor", EXECUTORS, executor)
    if processes is not None:
        processes = process_count("processes", processes)
    if dask_local is not None:
        return DaskExecutor(local_workers=process_count("dask_local", dask_local))
    if executor in (None, "local"):
        return LocalExecutor(processes)
    if executor.startswith(("dask://", "tcp://")):
        return DaskExecutor(executor)
    raise refusal("executor", EXECUTORS, executor, ValueError)



@contextmanager
def owned_executor(executor=None, processes=None):
    r"""
    Run the body with the executor of :func:`make_executor`; one made here
    is closed after it, at once (its tasks killed) on an error or Ctrl-C,
    since the workers ignore Ctrl-C. An executor given as one is left open.

    EXAMPLES::

        sage: from sage_hcsf.parallel.executors import owned_executor
        sage: with owned_executor(processes=1) as executor:
        ....:     sorted(result for _, result in executor.map_unordered(abs, [-2, 1]))
        [1, 2]
    """
    own = not hasattr(executor, "map_unordered")
    executor = make_executor(executor, processes) if own else executor
    try:
        yield executor
    except BaseException:
        if own:
            executor.close(kill=True)
        raise
    finally:
        if own:
            executor.close()


def run_sweep(worker, items, processes=None, progress=True, description="graphs",
              executor=None, on_result=None):
    r"""
    Apply ``worker`` to every item; return ``{item: result}``.

    INPUT:

    - ``worker`` -- a module-level function of one item returning
      ``(item, result, seconds)``
    - ``items`` -- iterable of strings (graph6)
    - ``processes`` -- worker processes of the local pool (default: all
      cores; ``1`` runs in this process); ignored if ``executor`` is given
    - ``progress`` -- show a progress bar (default: ``True``)
    - ``description`` -- label of the progress bar
    - ``executor`` -- a :class:`LocalExecutor` or :class:`DaskExecutor`
    - ``on_result`` -- a function called with ``(item, result, seconds)``
      as each result arrives (to store it)

    OUTPUT: a dictionary ``{item: result}`` in the order of ``items``

    EXAMPLES::

        sage: from sage_hcsf.certify.batch import self_counts_worker
        sage: from sage_hcsf.parallel.executors import run_sweep
        sage: items = [G.graph6_string() for G in graphs(4)]
        sage: first = run_sweep(self_counts_worker, items, 2, False)
        sage: run_sweep(self_counts_worker, items, 1, False) == first
        True
    """
    items = list(dict.fromkeys(items))
    if not items:
        return {}
    results = {}
    bar = tqdm(total=len(items), desc=description, disable=not progress, unit="graph",
               smoothing=0.05)
    try:
        with owned_executor(executor, 1 if len(items) < 2 else processes) as pool:
            for _, (item, result, seconds) in pool.map_unordered(worker, items):
                results[item] = result
                if on_result is not None:
                    on_result(item, result, seconds)
                bar.update()
    finally:
        bar.close()
    return {item: results[item] for item in items}
