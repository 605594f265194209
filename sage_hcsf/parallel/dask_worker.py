r"""
The worker plugin that prepares every Dask worker for the sweeps

A Dask worker runs its tasks in a thread of its own. When the first task
there imported Sage, the worker loaded Sage's libraries from that thread,
and at exit OpenBLAS's clean-up (``blas_thread_shutdown_``) crashed: two C
stack traces a worker, then ``Worker process still alive after 4.0
seconds, killing``. :class:`LoadSage` imports the package's kernels and
Sage in the worker's main thread when the worker starts (or joins the
cluster later), before any task runs; the workers then exit cleanly.

:class:`~sage_hcsf.parallel.dask_cluster.DaskExecutor` registers it with every cluster it
connects to; this module imports ``distributed`` and is loaded only then.

EXAMPLES::

    sage: from sage_hcsf.parallel.dask_worker import LoadSage
    sage: LoadSage().setup(worker=None)
    sage: LoadSage.name
    'sage_hcsf-load-sage'
"""

import importlib
import logging
import signal
import threading

from distributed.diagnostics.plugin import WorkerPlugin

# what the sweeps' tasks import: Sage's graphs and the kernels
MODULES = ("sage.graphs.graph", "sage_hcsf.fiber_types", "sage_hcsf.certify", "sage_hcsf.parallel")


class LoadSage(WorkerPlugin):
    r"""
    Import Sage and the package's kernels in a Dask worker's main thread,
    as it starts; see the module's documentation.

    EXAMPLES::

        sage: from sage_hcsf.parallel.dask_worker import LoadSage
        sage: from distributed.diagnostics.plugin import WorkerPlugin
        sage: isinstance(LoadSage(), WorkerPlugin)
        True
    """
    name = "sage_hcsf-load-sage"   # registered again, it replaces itself

    def __init__(self, ignore_ctrl_c=False):
        self.ignore_ctrl_c = ignore_ctrl_c

    def setup(self, worker):
        r"""
        Import the modules of :data:`MODULES`; run by the worker when the
        plugin is registered or the worker starts.

        EXAMPLES::

            sage: from sage_hcsf.parallel.dask_worker import LoadSage
            sage: import sys
            sage: LoadSage().setup(None); "sage_hcsf.certify" in sys.modules
            True
        """
        for module in MODULES:
            importlib.import_module(module)
        if self.ignore_ctrl_c and threading.current_thread() is threading.main_thread():
            # a worker of the driver's own local cluster: a terminal's Ctrl-C
            # reaches the whole process group, and the driver stops the
            # cluster itself (no traceback a worker)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            # and the tasks it cancels then are no news
            logging.getLogger("distributed.worker.state_machine").setLevel(logging.ERROR)
