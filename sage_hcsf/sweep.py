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

    sage: from sage_hcsf.sweep import self_fiber_counts
    sage: trees = [T.graph6_string() for T in graphs.trees(5)]
    sage: results = self_fiber_counts(trees, processes=1, progress=False)
    sage: sorted(counts[(1, 1, 1, 1, 1)] for counts in results.values())  # |Aut|
    [2, 2, 24]
"""
import concurrent.futures
import contextlib
import multiprocessing
import os
import signal
import sys
import time

from tqdm import tqdm


@contextlib.contextmanager
def interrupts_kept():
    r"""
    Raise ``KeyboardInterrupt`` after the block if Python dropped one
    inside it.

    Forking runs Python's fork hooks (``os.register_at_fork``; ``logging``
    has one). A ``KeyboardInterrupt`` raised inside a hook -- Ctrl-C
    pressed just then -- is only printed as "Exception ignored" and
    dropped, and a command went on as if Ctrl-C had never been pressed;
    so every fork of a worker runs inside this block.

    EXAMPLES::

        sage: from sage_hcsf.sweep import interrupts_kept
        sage: class Finaliser:   # drops a KeyboardInterrupt as a fork hook would
        ....:     def __del__(self):
        ....:         raise KeyboardInterrupt
        sage: try:
        ....:     with interrupts_kept():
        ....:         dropped = Finaliser(); del dropped
        ....:         print("the block goes on")
        ....: except KeyboardInterrupt:
        ....:     print("interrupted after the block")
        the block goes on
        interrupted after the block
    """
    dropped = []
    previous = sys.unraisablehook

    def keep(unraisable):
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            dropped.append(unraisable.exc_value)
        else:
            previous(unraisable)

    sys.unraisablehook = keep
    try:
        yield
    finally:
        sys.unraisablehook = previous
    if dropped:
        raise KeyboardInterrupt


def start_worker():
    r"""
    Prepare a worker process of :class:`LocalExecutor`: it ignores Ctrl-C
    (the driver stops the workers itself, so that an interrupt prints one
    line, not a traceback a worker), and on Linux it is killed when the
    driver dies, even by ``kill -9`` (no orphan goes on computing).

    EXAMPLES:

    In a forked process (not in this one, which must keep its Ctrl-C)::

        sage: from sage_hcsf.sweep import start_worker
        sage: import ctypes, os, signal
        sage: def worker(write):
        ....:     start_worker()
        ....:     death_signal = ctypes.c_int()
        ....:     ctypes.CDLL(None).prctl(int(2), ctypes.byref(death_signal))   # PR_GET_PDEATHSIG
        ....:     ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
        ....:     os.write(write, f"{ignored} {death_signal.value}".encode())
        sage: read, write = os.pipe()
        sage: if (pid := os.fork()) == 0:
        ....:     try:
        ....:         worker(write)
        ....:     finally:
        ....:         os._exit(0)
        sage: os.close(write); os.read(read, 100).decode(), os.waitpid(pid, 0)[1]
        ('True 9', 0)
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)   # the command's own handler is not the worker's
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return   # not Linux: orphans end when their task does


class _TrackedContext:
    r"""
    The ``fork`` context of :mod:`multiprocessing`, keeping the processes it
    starts: a :class:`LocalExecutor` stops its workers itself.

    EXAMPLES::

        sage: from sage_hcsf.sweep import _TrackedContext
        sage: context = _TrackedContext()
        sage: process = context.Process(target=abs, args=(-1,)); process.start(); process.join()
        sage: context.processes == [process], context.get_start_method()
        (True, 'fork')
    """

    def __init__(self):
        r"""
        See :class:`_TrackedContext`.

        TESTS::

            sage: from sage_hcsf.sweep import _TrackedContext
            sage: _TrackedContext().processes
            []
        """
        self._context = multiprocessing.get_context("fork")
        self.processes = []

    def Process(self, *args, **kwargs):
        r"""
        Return a new process of the ``fork`` context, and keep it.

        TESTS::

            sage: from sage_hcsf.sweep import _TrackedContext
            sage: context = _TrackedContext(); _ = context.Process(target=abs, args=(1,))
            sage: len(context.processes)
            1
        """
        process = self._context.Process(*args, **kwargs)
        self.processes.append(process)
        return process

    def __getattr__(self, name):
        r"""
        Return the attribute ``name`` of the ``fork`` context (queues, locks...).

        TESTS::

            sage: from sage_hcsf.sweep import _TrackedContext
            sage: _TrackedContext().SimpleQueue
            <bound method BaseContext.SimpleQueue of ...>
        """
        return getattr(self._context, name)


class WorkerLost(RuntimeError):
    r"""
    Raised when a task keeps killing the worker that runs it (for example,
    by exhausting its memory).

    EXAMPLES::

        sage: from sage_hcsf.sweep import WorkerLost
        sage: issubclass(WorkerLost, RuntimeError)
        True
    """


class LocalExecutor:
    r"""
    Run tasks in worker processes on this machine.

    INPUT:

    - ``processes`` -- number of worker processes (default: all cores);
      ``1`` runs the tasks in this process, one after the other
    - ``retries`` -- how often a task is started again after its worker
      died (default: 2)

    EXAMPLES::

        sage: from sage_hcsf.sweep import LocalExecutor
        sage: executor = LocalExecutor(2)
        sage: executor
        local process pool of 2 workers
        sage: sorted(executor.map_unordered(abs, [-3, 1, -2]))
        [(-3, 3), (-2, 2), (1, 1)]
        sage: executor.close()
    """

    def __init__(self, processes=None, retries=2):
        r"""
        See :class:`LocalExecutor`.

        TESTS::

            sage: from sage_hcsf.sweep import LocalExecutor
            sage: LocalExecutor(0)
            Traceback (most recent call last):
            ...
            ValueError: the number of processes must be a positive integer; got 0
        """
        processes = os.cpu_count() if processes is None else processes
        if int(processes) != processes or processes < 1:
            raise ValueError(f"the number of processes must be a positive integer; got {processes}")
        self.workers = int(processes)
        self.retries = retries
        self._pool = self._context = None

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.sweep import LocalExecutor
            sage: LocalExecutor(1)
            local process pool of 1 workers
        """
        return f"local process pool of {self.workers} workers"

    def _new_pool(self):
        r"""
        Start the worker processes (forked: they inherit the loaded Sage).

        TESTS::

            sage: from sage_hcsf.sweep import LocalExecutor
            sage: e = LocalExecutor(2); e._new_pool()
            sage: sorted(e._pool.map(abs, [-1, -2]))
            [1, 2]
            sage: workers = e._context.processes; [w.is_alive() for w in workers]
            [True, True]
            sage: e.close(); [w.is_alive() for w in workers]
            [False, False]
        """
        self._context = _TrackedContext()
        self._pool = concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=self._context, initializer=start_worker)

    def map_unordered(self, function, tasks, in_flight=None):
        r"""
        Iterate over ``(task, function(task))`` in the order the results
        complete.

        INPUT:

        - ``function`` -- a module-level function of one argument
        - ``tasks`` -- an iterable of picklable tasks, consumed lazily
        - ``in_flight`` -- the most tasks submitted and not yet returned
          (default: twice the number of workers)

        A worker that dies (``kill -9``, out of memory) breaks the pool: it
        is replaced and the tasks that were running are run again, one at a
        time, so that a task that kills its worker is found; a task that
        kills its worker while running alone more than ``retries`` times
        raises :class:`WorkerLost`. On any exception (Ctrl-C included) the
        workers are stopped before it propagates.

        EXAMPLES::

            sage: from sage_hcsf.sweep import LocalExecutor
            sage: list(LocalExecutor(1).map_unordered(len, ["ab", "c"]))
            [('ab', 2), ('c', 1)]
        """
        tasks = iter(tasks)
        if self.workers == 1:
            for task in tasks:
                yield task, function(task)
            return
        in_flight = in_flight or 2 * self.workers
        pending = {}     # future -> task
        suspects = []    # tasks that ran when a worker died: run again, one at a time
        deaths = {}      # repr(task) -> deaths of the worker while it ran alone
        if self._pool is None:
            self._new_pool()
        try:
            while True:
                while len(pending) < (1 if suspects else in_flight):
                    if suspects and pending:
                        break
                    if suspects:
                        task = suspects.pop(0)
                    else:
                        try:
                            task = next(tasks)
                        except StopIteration:
                            break
                    try:
                        with interrupts_kept():   # the first submit forks the workers
                            pending[self._pool.submit(function, task)] = task
                    except concurrent.futures.process.BrokenProcessPool:
                        suspects.append(task)
                        self._replace_pool(pending, suspects, deaths)
                if not pending:
                    if suspects:
                        continue
                    return
                done, _ = concurrent.futures.wait(
                    pending, return_when=concurrent.futures.FIRST_COMPLETED)
                broken = False
                for future in done:
                    try:
                        result = future.result()
                    except concurrent.futures.process.BrokenProcessPool:
                        broken = True
                        continue
                    yield pending.pop(future), result
                if broken:
                    self._replace_pool(pending, suspects, deaths)
        except BaseException:
            self.close(kill=True)
            raise

    def _replace_pool(self, pending, suspects, deaths):
        r"""
        Replace a broken pool; move its unfinished tasks to ``suspects``
        (blaming the task that ran alone, if one did).

        TESTS::

            sage: from sage_hcsf.sweep import LocalExecutor
            sage: e = LocalExecutor(2, retries=0); e._new_pool()
            sage: e._replace_pool({None: "t"}, [], {})
            Traceback (most recent call last):
            ...
            WorkerLost: the task 't' killed the worker process running it 1 times (killed, or out of memory); giving up
            sage: suspects = []; e._replace_pool({1: "a", 2: "b"}, suspects, {}); suspects
            ['a', 'b']
            sage: e.close()
        """
        lost = list(pending.values())
        pending.clear()
        if len(lost) == 1:   # it ran alone: its worker died running it
            key = repr(lost[0])
            deaths[key] = deaths.get(key, 0) + 1
            if deaths[key] > self.retries:
                self.close(kill=True)
                raise WorkerLost(f"the task {lost[0]!r} killed the worker process running it "
                                 f"{deaths[key]} times (killed, or out of memory); giving up")
        suspects[:0] = lost
        self.close(kill=True)
        self._new_pool()

    def close(self, kill=False):
        r"""
        Stop the worker processes (at once if ``kill``).

        EXAMPLES::

            sage: from sage_hcsf.sweep import LocalExecutor
            sage: LocalExecutor(2).close()
        """
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = self._context.processes
        if kill:
            for process in processes:
                if process.is_alive():
                    process.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        for process in processes:
            process.join(5)   # reap the dead: no zombie is left behind


class DaskExecutor:
    r"""
    Run tasks on a Dask ``distributed`` cluster.

    INPUT:

    - ``address`` -- the scheduler's address (``"tcp://HOST:PORT"``,
      ``"dask://HOST:PORT"`` or ``"HOST:PORT"``), or ``None`` with
      ``local_workers``
    - ``local_workers`` -- start a ``LocalCluster`` of this many worker
      processes on the loopback interface (stopped by :meth:`close`)
    - ``retries`` -- how often a failed task is started again (default: 2);
      the tasks of a lost worker are rescheduled by Dask itself
    - ``timeout`` -- seconds to wait for the scheduler (default: 10)

    EXAMPLES::

        sage: from sage_hcsf.sweep import DaskExecutor
        sage: executor = DaskExecutor(local_workers=2)   # long time
        sage: sorted(executor.map_unordered(abs, [-3, 1, -2]))   # long time
        [(-3, 3), (-2, 2), (1, 1)]
        sage: executor.close()   # long time

    TESTS::

        sage: DaskExecutor("dask://127.0.0.1:9", timeout=1)
        Traceback (most recent call last):
        ...
        ValueError: cannot reach the Dask scheduler at tcp://127.0.0.1:9 ...
        sage: DaskExecutor()
        Traceback (most recent call last):
        ...
        ValueError: give the scheduler's address or a number of local workers
    """

    def __init__(self, address=None, local_workers=None, retries=2, timeout=10):
        r"""
        Connect to the cluster; see :class:`DaskExecutor`.

        TESTS::

            sage: from sage_hcsf.sweep import DaskExecutor
            sage: DaskExecutor(local_workers=0)
            Traceback (most recent call last):
            ...
            ValueError: the number of local Dask workers must be a positive integer; got 0
        """
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ImportError("Dask is not installed: pip install 'sage_hcsf[dask]' "
                              "(or pip install 'dask[distributed]')") from None
        if address is None and local_workers is None:
            raise ValueError("give the scheduler's address or a number of local workers")
        self.retries = retries
        self._cluster = None
        if address is None:
            if int(local_workers) != local_workers or local_workers < 1:
                raise ValueError("the number of local Dask workers must be a positive integer; "
                                 f"got {local_workers}")
            # one OpenBLAS thread a worker: the cores are the workers'
            self._cluster = LocalCluster(n_workers=int(local_workers), threads_per_worker=1,
                                         processes=True, host="127.0.0.1",
                                         dashboard_address=":0",   # any free port, no warning
                                         env={"OPENBLAS_NUM_THREADS": "1",
                                              "OMP_NUM_THREADS": "1"})
            address = self._cluster.scheduler_address
        address = dask_address(address)
        try:
            self.client = Client(address, timeout=timeout)
        except (OSError, TimeoutError) as error:
            if self._cluster is not None:
                self._cluster.close()
            raise ValueError(f"cannot reach the Dask scheduler at {address} ({error})") from None
        self.address = address
        from sage_hcsf.dask_worker import LoadSage
        # Sage loaded in each worker's main thread; the workers of our own
        # local cluster ignore the terminal's Ctrl-C (we stop them)
        self.client.register_plugin(LoadSage(ignore_ctrl_c=self._cluster is not None))

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.sweep import DaskExecutor
            sage: e = DaskExecutor(local_workers=1)   # long time
            sage: e   # long time
            Dask cluster at tcp://127.0.0.1:... (1 workers)
            sage: e.close()   # long time
        """
        return f"Dask cluster at {self.address} ({self.workers} workers)"

    @property
    def workers(self):
        r"""
        Return the number of workers the scheduler knows now.

        EXAMPLES::

            sage: from sage_hcsf.sweep import DaskExecutor
            sage: e = DaskExecutor(local_workers=2); e.workers   # long time
            2
            sage: e.close()   # long time
        """
        return len(self.client.scheduler_info(n_workers=-1)["workers"]) \
            if self.client.status == "running" else 0

    def map_unordered(self, function, tasks, in_flight=None):
        r"""
        Iterate over ``(task, function(task))`` as results complete; see
        :meth:`LocalExecutor.map_unordered`.

        EXAMPLES::

            sage: from sage_hcsf.sweep import DaskExecutor
            sage: e = DaskExecutor(local_workers=1)   # long time
            sage: list(e.map_unordered(len, ["ab"]))   # long time
            [('ab', 2)]
            sage: e.close()   # long time
        """
        from distributed import as_completed
        tasks = iter(tasks)
        in_flight = in_flight or 2 * max(1, self.workers)
        pending = {}
        stream = as_completed()
        try:
            for task in tasks:
                future = self.client.submit(function, task, pure=False, retries=self.retries)
                pending[future.key] = task
                stream.add(future)
                if len(pending) >= in_flight:
                    break
            for future in stream:
                task = pending.pop(future.key)
                result = future.result()
                future.release()
                for task_next in tasks:
                    next_future = self.client.submit(function, task_next, pure=False,
                                                     retries=self.retries)
                    pending[next_future.key] = task_next
                    stream.add(next_future)
                    break
                yield task, result
        except BaseException:
            self.client.cancel(list(stream.futures))
            raise

    def close(self, kill=False):
        r"""
        Disconnect; stop the local cluster if this executor started it
        (``kill`` is for the interface of :class:`LocalExecutor`: a cluster
        cancels the tasks of a client that leaves).

        EXAMPLES::

            sage: from sage_hcsf.sweep import DaskExecutor
            sage: DaskExecutor(local_workers=1).close()   # long time
        """
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def dask_address(address):
    r"""
    Return a scheduler address as Dask's client takes it.

    EXAMPLES::

        sage: from sage_hcsf.sweep import dask_address
        sage: dask_address("dask://10.0.0.5:8786"), dask_address("localhost:8786")
        ('tcp://10.0.0.5:8786', 'tcp://localhost:8786')
        sage: dask_address("dask://nowhere")
        Traceback (most recent call last):
        ...
        ValueError: a Dask scheduler address is HOST:PORT (e.g. dask://127.0.0.1:8786); got 'dask://nowhere'
    """
    text = str(address)
    for prefix in ("dask://", "tcp://"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError("a Dask scheduler address is HOST:PORT (e.g. dask://127.0.0.1:8786); "
                         f"got {address!r}")
    return f"tcp://{text}"


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

        sage: from sage_hcsf.sweep import make_executor
        sage: make_executor(processes=1)
        local process pool of 1 workers
        sage: make_executor("spark://x")
        Traceback (most recent call last):
        ...
        ValueError: unknown executor 'spark://x'; use 'local' or dask://HOST:PORT
    """
    if executor is not None and not isinstance(executor, str):
        return executor
    if dask_local is not None:
        return DaskExecutor(local_workers=dask_local)
    if executor in (None, "local"):
        return LocalExecutor(processes)
    if executor.startswith(("dask://", "tcp://")):
        return DaskExecutor(executor)
    raise ValueError(f"unknown executor {executor!r}; use 'local' or dask://HOST:PORT")


def self_counts_worker(graph6):
    r"""
    Return ``(graph6, ({partition tuple: int}, split), seconds)`` for
    ``X_G^G``: the counts of :func:`~sage_hcsf.fiber_types.checked_self_counts`
    and how its run divided the work.

    EXAMPLES::

        sage: from sage_hcsf.sweep import self_counts_worker
        sage: g6, (counts, split), seconds = self_counts_worker(graphs.PathGraph(3).graph6_string())
        sage: counts == {(1, 1, 1): 2, (2, 1): 4}
        True
    """
    from sage_hcsf.fiber_types import checked_self_counts
    start = time.perf_counter()
    run = checked_self_counts(graph6)
    return graph6, (run.result, run.split), time.perf_counter() - start


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

        sage: from sage_hcsf.sweep import run_sweep, self_counts_worker
        sage: items = [G.graph6_string() for G in graphs(4)]
        sage: first = run_sweep(self_counts_worker, items, 2, False)
        sage: run_sweep(self_counts_worker, items, 1, False) == first
        True
    """
    items = list(dict.fromkeys(items))
    if not items:
        return {}
    own = executor is None
    executor = executor or LocalExecutor(1 if len(items) < 2 else processes)
    results = {}
    bar = tqdm(total=len(items), desc=description, disable=not progress, unit="graph",
               smoothing=0.05)
    try:
        for _, (item, result, seconds) in executor.map_unordered(worker, items):
            results[item] = result
            if on_result is not None:
                on_result(item, result, seconds)
            bar.update()
    except BaseException:
        if own:   # the workers ignore Ctrl-C: stop their tasks now
            executor.close(kill=True)
        raise
    finally:
        bar.close()
        if own:
            executor.close()
    return {item: results[item] for item in items}


def self_fiber_counts(graph6_strings, processes=None, progress=True, store=None,
                      description="self-CSF", executor=None):
    r"""
    Return the fiber-type counts of `X_G^G` for each graph.

    INPUT:

    - ``graph6_strings`` -- iterable of graph6 strings
    - ``processes``, ``progress``, ``executor`` -- as in :func:`run_sweep`
    - ``store`` -- a :class:`~sage_hcsf.store.ResultStore` or ``None``;
      counts found there are not computed again, new ones are stored as
      they arrive (so an interrupted sweep resumes)
    - ``description`` -- label of the progress bar (default: ``"self-CSF"``)

    OUTPUT: ``{graph6: {partition tuple: int}}``

    EXAMPLES::

        sage: from sage_hcsf.sweep import self_fiber_counts
        sage: from sage_hcsf.store import ResultStore
        sage: P3, K2K1 = "Bg", "B_"
        sage: store = ResultStore(":memory:")
        sage: counts = self_fiber_counts([P3, K2K1], processes=1, progress=False, store=store)
        sage: counts[P3] == counts[K2K1], store.summary()["fiber counts"]
        (True, 2)
    """
    graph6_strings = list(dict.fromkeys(graph6_strings))
    known, canonical = {}, {}
    if store is not None:
        from sage_hcsf.store import canonical_graph6
        for g6 in graph6_strings:
            canonical[g6] = canonical_graph6(g6)
            counts = store.fiber_counts(canonical[g6])
            if counts is not None:
                known[g6] = counts

    def keep(g6, result, seconds):
        if store is not None:
            counts, split = result
            store.put_fiber_counts(None, counts, seconds, graph6=canonical[g6], split=split)

    todo = [g6 for g6 in graph6_strings if g6 not in known]
    computed = run_sweep(self_counts_worker, todo, processes, progress, description,
                         executor, keep)
    known.update((g6, counts) for g6, (counts, _) in computed.items())
    return {g6: known[g6] for g6 in graph6_strings}
