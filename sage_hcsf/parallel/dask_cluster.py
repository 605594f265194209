r"""
Running tasks on a Dask ``distributed`` cluster.

:class:`DaskExecutor` sends tasks to a scheduler given by its address
(``dask://HOST:PORT``, read by :func:`dask_address`) or to a
``LocalCluster`` on this machine that it starts and stops itself. Dask
is an optional extra (``pip install 'sage_hcsf[dask]'``); nothing here
imports it before an executor is made.
"""



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

        sage: from sage_hcsf.parallel.dask_cluster import DaskExecutor
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

            sage: from sage_hcsf.parallel.dask_cluster import DaskExecutor
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
        from sage_hcsf.parallel.dask_worker import LoadSage
        # Sage loaded in each worker's main thread; the workers of our own
        # local cluster ignore the terminal's Ctrl-C (we stop them)
        self.client.register_plugin(LoadSage(ignore_ctrl_c=self._cluster is not None))

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.parallel.dask_cluster import DaskExecutor
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

            sage: from sage_hcsf.parallel.dask_cluster import DaskExecutor
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

            sage: from sage_hcsf.parallel.dask_cluster import DaskExecutor
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

            sage: from sage_hcsf.parallel.dask_cluster import DaskExecutor
            sage: DaskExecutor(local_workers=1).close()   # long time
        """
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def dask_address(address):
    r"""
    Return a scheduler address as Dask's client takes it.

    EXAMPLES::

        sage: from sage_hcsf.parallel.dask_cluster import dask_address
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
