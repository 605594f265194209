r"""
TODO: describe parallel.interrupts (from sweep, cli)
"""

import contextlib
import os
import signal
import sys
import threading


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

        sage: from sage_hcsf.parallel.interrupts import interrupts_kept
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

        sage: from sage_hcsf.parallel.interrupts import start_worker
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


@contextlib.contextmanager
def every_interrupt_stops():
    r"""
    Make every interrupt stop the command that runs in the block: it gets
    ``KeyboardInterrupt``, prints what it kept and how to resume.

    - ``SIGTERM`` (``kill PID``) raises ``KeyboardInterrupt`` as Ctrl-C does;
      the block's value says whether it came (``stopped["SIGTERM"]``).
    - A Ctrl-C that Python drops is sent again: raised inside a fork hook
      or a finaliser, ``KeyboardInterrupt`` is only printed ("Exception
      ignored in ...") and the command went on to its end.

    EXAMPLES::

        sage: from sage_hcsf.parallel.interrupts import every_interrupt_stops
        sage: import os, signal, time
        sage: try:
        ....:     with every_interrupt_stops() as stopped:
        ....:         os.kill(os.getpid(), signal.SIGTERM)
        ....:         time.sleep(5)
        ....: except KeyboardInterrupt:
        ....:     print("stopped by", *stopped)
        stopped by SIGTERM

    A ``KeyboardInterrupt`` dropped by a finaliser comes back::

        sage: class Finaliser:
        ....:     def __del__(self):
        ....:         raise KeyboardInterrupt
        sage: try:
        ....:     with every_interrupt_stops():
        ....:         dropped = Finaliser(); del dropped
        ....:         time.sleep(5)
        ....:         print("not stopped")
        ....: except KeyboardInterrupt:
        ....:     print("stopped")
        stopped
    """
    stopped = {}
    previous_hook = sys.unraisablehook

    def dropped(unraisable):
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            again = threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGINT))
            again.daemon = True   # sent once the code that dropped it has returned
            again.start()
        else:
            previous_hook(unraisable)

    def terminate(signum, frame):
        stopped["SIGTERM"] = True
        raise KeyboardInterrupt("SIGTERM")

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous_term = signal.signal(signal.SIGTERM, terminate) if in_main_thread else None
    sys.unraisablehook = dropped
    try:
        yield stopped
    finally:
        sys.unraisablehook = previous_hook
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous_term)
