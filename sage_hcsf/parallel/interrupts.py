r"""
Interrupts that always stop a command.

Ctrl-C must stop a long run even when it arrives inside a fork hook or a
finaliser, where Python only prints the ``KeyboardInterrupt`` and goes
on: :func:`interrupts_kept` raises it again after the block, and
:func:`every_interrupt_stops` also makes ``SIGTERM`` (``kill PID``) stop
the command as Ctrl-C does, so that it keeps what it finished and says
how to resume.
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
    dropped, and a command went on as if Ctrl-C had never been pressed.
    (Every fork of a worker blocks the interrupts instead, so that none can
    be raised there: :func:`~sage_hcsf.parallel.workers.interrupts_blocked`.)

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
