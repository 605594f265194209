r"""
Running tasks in worker processes on this machine.

:class:`LocalExecutor` forks its workers (a Sage session is too costly
to start again in each), starts a task again when its worker died, and
raises :class:`WorkerLost` when a task killed its workers more often
than its retries allow. With one process it runs the tasks in this
process, one after the other.
"""

import concurrent.futures
import multiprocessing
import os

from sage_hcsf.parallel.interrupts import interrupts_kept
from sage_hcsf.parallel.workers import interrupts_blocked, start_worker
from sage_hcsf.settings import cores, non_negative_integer, process_count


class _TrackedContext:
    r"""
    The ``fork`` context of :mod:`multiprocessing`, keeping the processes it
    starts: a :class:`LocalExecutor` stops its workers itself.

    EXAMPLES::

        sage: from sage_hcsf.parallel.local import _TrackedContext
        sage: context = _TrackedContext()
        sage: process = context.Process(target=abs, args=(-1,)); process.start(); process.join()
        sage: context.processes == [process], context.get_start_method()
        (True, 'fork')
    """

    def __init__(self):
        r"""
        See :class:`_TrackedContext`.

        TESTS::

            sage: from sage_hcsf.parallel.local import _TrackedContext
            sage: _TrackedContext().processes
            []
        """
        self._context = multiprocessing.get_context("fork")
        self.processes = []

    def Process(self, *args, **kwargs):
        r"""
        Return a new process of the ``fork`` context, and keep it.

        TESTS::

            sage: from sage_hcsf.parallel.local import _TrackedContext
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

            sage: from sage_hcsf.parallel.local import _TrackedContext
            sage: _TrackedContext().SimpleQueue
            <bound method BaseContext.SimpleQueue of ...>
        """
        return getattr(self._context, name)


class WorkerLost(RuntimeError):
    r"""
    Raised when a task keeps killing the worker that runs it (for example,
    by exhausting its memory).

    EXAMPLES::

        sage: from sage_hcsf.parallel.local import WorkerLost
        sage: issubclass(WorkerLost, RuntimeError)
        True
    """


class LocalExecutor:
    r"""
    Run tasks in worker processes on this machine.

    INPUT:

    - ``processes`` -- number of worker processes (default: all cores; at
      most four a core, :func:`~sage_hcsf.settings.process_count`); ``1``
      runs the tasks in this process, one after the other
    - ``retries`` -- how often a task is started again after its worker
      died (default: 2)

    EXAMPLES::

        sage: from sage_hcsf.parallel.local import LocalExecutor
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

            sage: from sage_hcsf.parallel.local import LocalExecutor
            sage: LocalExecutor(0)
            Traceback (most recent call last):
            ...
            ValueError: processes must be a positive integer at most ... (4 times the ... of this machine); got 0
            sage: LocalExecutor(10^6)
            Traceback (most recent call last):
            ...
            ValueError: processes must be a positive integer at most ...; got 1000000
        """
        self.workers = cores() if processes is None else process_count("processes", processes)
        self.retries = non_negative_integer("retries", retries)
        self._pool = self._context = None

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.parallel.local import LocalExecutor
            sage: LocalExecutor(1)
            local process pool of 1 workers
        """
        return f"local process pool of {self.workers} workers"

    def _new_pool(self):
        r"""
        Start the worker processes (forked: they inherit the loaded Sage; set
        up by :func:`~sage_hcsf.parallel.workers.start_worker` as every worker is).

        TESTS::

            sage: from sage_hcsf.parallel.local import LocalExecutor
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
            self.workers, mp_context=self._context, initializer=start_worker,
            initargs=(os.getpid(),))

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

            sage: from sage_hcsf.parallel.local import LocalExecutor
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
                        # the first submit forks the workers: an interrupt waits until
                        # they are registered (with other threads running, one
                        # may still come, and one dropped in a fork hook is kept)
                        with interrupts_kept(), interrupts_blocked():
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

            sage: from sage_hcsf.parallel.local import LocalExecutor
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

            sage: from sage_hcsf.parallel.local import LocalExecutor
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
            if process.pid is not None:   # (an interrupt may come before one started)
                process.join(5)   # reap the dead: no zombie is left behind
