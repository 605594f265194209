r"""
Worker processes: the one set-up of every process the package forks

Two kinds of workers run on this machine, both forked from the process
that needs them: the processes of the sweeps' pool
(:class:`~sage_hcsf.parallel.local.LocalExecutor`) and the shards of one big
DP run (:mod:`sage_hcsf.parallel.shards`). Both are made alike:

- the interrupt signals are blocked while the process forks
  (:func:`interrupts_blocked`): an interrupt arriving during ``os.fork``
  would otherwise be raised in its at-fork hooks, where Python prints it
  as "Exception ignored" and goes on; blocked, it waits until the parent
  has registered the child (so that it can stop it), and is raised then;
- the worker (:func:`start_worker`) ignores Ctrl-C (its parent stops it),
  takes the default action of ``SIGTERM``, unblocks the interrupts, and,
  on Linux, is killed when its parent dies, even by ``kill -9`` (the
  death signal, ``PR_SET_PDEATHSIG``); a parent that died before the death
  signal was set is seen by ``os.getppid()``, and the worker exits at once;
- a shard sends its result, or its error, pickled through a pipe
  (:func:`report_to_parent`, read back by :func:`reported`); the pool's
  workers send theirs through :mod:`concurrent.futures`;
- a killed worker is reaped (:func:`reap`): no zombie is left.

EXAMPLES::

    sage: from sage_hcsf.parallel.workers import interrupts_blocked, report_to_parent, reported
    sage: import os
    sage: read, write = os.pipe()
    sage: with interrupts_blocked():
    ....:     if (pid := os.fork()) == 0:
    ....:         os.close(read)
    ....:         report_to_parent(write, os.getppid(), sum, [1, 2, 3])   # exits
    sage: os.close(write)
    sage: chunks = []
    sage: while chunk := os.read(read, 1 << 16):
    ....:     chunks.append(chunk)
    sage: os.close(read); os.waitpid(pid, 0)[1]
    0
    sage: reported(chunks)
    (True, 6)
"""

import contextlib
import os
import pickle
import signal

INTERRUPTS = (signal.SIGINT, signal.SIGALRM, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def interrupts_blocked():
    r"""
    Block the interrupt signals (:data:`INTERRUPTS`) in the block: fork
    there, and register the child before the block ends. A signal that came
    meanwhile is raised when the block ends; the child unblocks them
    (:func:`start_worker`).

    EXAMPLES::

        sage: from sage_hcsf.parallel.workers import interrupts_blocked
        sage: import os, signal
        sage: def fork_and_look():
        ....:     with interrupts_blocked():
        ....:         pid = os.fork()
        ....:         if pid == 0:   # the child: are the interrupts blocked?
        ....:             blocked = signal.SIGALRM in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        ....:             os._exit(7 if blocked else 8)
        ....:         blocked = signal.SIGALRM in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        ....:     unblocked = signal.SIGALRM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        ....:     return blocked, unblocked, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        sage: fork_and_look()
        (True, True, 7)

    An interrupt that came in the block is raised as it ends::

        sage: try:
        ....:     with interrupts_blocked():
        ....:         os.kill(os.getpid(), signal.SIGINT)
        ....:         print("registered")
        ....: except KeyboardInterrupt:
        ....:     print("interrupted after the block")
        registered
        interrupted after the block
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)


def start_worker(parent=None):
    r"""
    Prepare a forked worker process: it ignores Ctrl-C (its parent stops
    the workers itself, so that an interrupt prints one line, not a
    traceback of a worker), takes the default action of ``SIGTERM`` (the
    command's own handler is not the worker's), unblocks the interrupts
    (:func:`interrupts_blocked`), and on Linux it is killed when its
    parent dies, even by ``kill -9`` (no orphan goes on computing). If the
    process ``parent`` (a process id) died before that was set, the worker
    exits at once.

    EXAMPLES:

    In a forked process (not in this one, which must keep its Ctrl-C)::

        sage: from sage_hcsf.parallel.workers import start_worker
        sage: import ctypes, os, signal
        sage: def worker(write):
        ....:     start_worker(os.getppid())
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

    A worker whose parent is gone (here: a parent that is not its own)
    exits::

        sage: if (pid := os.fork()) == 0:
        ....:     try:
        ....:         start_worker(os.getppid() + 10**6)
        ....:     finally:
        ....:         os._exit(3)
        sage: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        0
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return   # not Linux: orphans end when their task does
    if parent is not None and os.getppid() != parent:
        os._exit(0)   # the parent died before the death signal was set


def report_to_parent(pipe, parent, function, *args):
    r"""
    In a forked worker: set it up (:func:`start_worker`), run
    ``function(*args)``, send ``(True, its value)`` or ``(False, the
    error)`` pickled through the pipe ``pipe`` (a file descriptor), and
    exit. Never returns.

    TESTS:

    An error comes back through the pipe, and so does one that cannot be
    pickled (as a ``RuntimeError`` that names it)::

        sage: from sage_hcsf.parallel.workers import report_to_parent, reported
        sage: import os
        sage: def unpicklable():
        ....:     raise ValueError(lambda: 0)
        sage: def sent(function, *args):
        ....:     read, write = os.pipe()
        ....:     if (pid := os.fork()) == 0:
        ....:         os.close(read)
        ....:         report_to_parent(write, os.getppid(), function, *args)
        ....:     os.close(write)
        ....:     chunks = []
        ....:     while chunk := os.read(read, 1 << 16):
        ....:         chunks.append(chunk)
        ....:     os.close(read); os.waitpid(pid, 0)
        ....:     ok, payload = reported(chunks)
        ....:     return ok, type(payload).__name__
        sage: sent(int, "x"), sent(unpicklable)
        ((False, 'ValueError'), (False, 'RuntimeError'))
    """
    try:
        try:
            start_worker(parent)
            message = (True, function(*args))
        except BaseException as error:   # the parent re-raises it
            message = (False, error)
        try:
            data = pickle.dumps(message)
        except Exception as error:
            data = pickle.dumps((False, RuntimeError(
                f"a worker's {'result' if message[0] else 'error'} {message[1]!r} could not "
                f"be sent to its parent: {error}")))
        view = memoryview(data)
        while view:
            view = view[os.write(pipe, view):]
    finally:
        os._exit(0)


def reported(chunks):
    r"""
    Return ``(ok, value or error)``: what a worker sent
    (:func:`report_to_parent`) in the byte strings ``chunks``.

    EXAMPLES::

        sage: from sage_hcsf.parallel.workers import reported
        sage: import pickle
        sage: reported([pickle.dumps((True, 6))])
        (True, 6)
        sage: reported([])
        Traceback (most recent call last):
        ...
        RuntimeError: a worker process died without a result (killed, or out of memory)
    """
    if not chunks:
        raise RuntimeError("a worker process died without a result (killed, or out of memory)")
    return pickle.loads(b"".join(chunks))


def reap(pid):
    r"""
    Wait for the (killed) child ``pid`` to end, even through interrupts
    (which are raised once it has ended), so that no zombie is left.

    TESTS::

        sage: from sage_hcsf.parallel.workers import reap
        sage: import os
        sage: def fork_and_reap():
        ....:     pid = os.fork()
        ....:     if pid == 0:
        ....:         os._exit(0)
        ....:     reap(pid)
        ....:     reap(pid)   # already reaped: nothing to do
        ....:     return pid > 0
        sage: fork_and_reap()
        True
    """
    interrupt = None
    while True:
        try:
            os.waitpid(pid, 0)
            break
        except ChildProcessError:
            break
        except (KeyboardInterrupt, InterruptedError) as error:
            interrupt = interrupt or error
    if interrupt is not None and not isinstance(interrupt, InterruptedError):
        raise interrupt
