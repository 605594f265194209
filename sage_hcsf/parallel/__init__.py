r"""
Sweeps: many independent computations, on this machine or a Dask cluster

A sweep applies a function to many *tasks* (small descriptions of work:
a graph6 string, or a slice ``(n, res, mod)`` of a family) and streams the
results back as they complete, with a bounded number of tasks in flight.
Two executors run the tasks:

- :class:`LocalExecutor` -- worker processes on this machine (the embedded
  default); ``processes=1`` runs everything in this process;
- :class:`DaskExecutor` -- a Dask ``distributed`` cluster, given by the
  address of its scheduler (``dask://HOST:PORT``) or started here as a
  ``LocalCluster`` of `N` worker processes (the optional extra
  ``sage_hcsf[dask]``).

Both retry the tasks of a worker that dies (a killed process, a machine
lost from the cluster). Results are kept by the caller in a
:class:`~sage_hcsf.store.ResultStore`, so that an interrupted sweep resumes
without computing again what was stored.

EXAMPLES::

    sage: from sage_hcsf.certify.batch import self_fiber_counts
    sage: trees = [T.graph6_string() for T in graphs.trees(5)]
    sage: results = self_fiber_counts(trees, processes=1, progress=False)
    sage: sorted(counts[(1, 1, 1, 1, 1)] for counts in results.values())  # |Aut|
    [2, 2, 24]
"""
# The public names of the subpackage (and the old paths sage_hcsf.sweep.NAME)
from sage_hcsf.parallel.dask_cluster import DaskExecutor, dask_address  # noqa: F401
from sage_hcsf.parallel.executors import make_executor, run_sweep  # noqa: F401
from sage_hcsf.parallel.interrupts import interrupts_kept  # noqa: F401
from sage_hcsf.parallel.workers import start_worker  # noqa: F401
from sage_hcsf.parallel.local import LocalExecutor, WorkerLost  # noqa: F401
