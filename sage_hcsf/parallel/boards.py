r"""
The boards of forked shards: their progress, in memory shared with the parent

A shard forked by :mod:`sage_hcsf.parallel.shards` posts its last step and
the states of its table on a :class:`Board` after each step (no system
call, no pickling); the parent reads the boards while it waits for the
shards and shows them (:func:`show_boards`), on the progress bar of
:mod:`sage_hcsf.fiber_types.progress`.
"""
import mmap
import struct


class Board:
    r"""
    The board of a forked shard: its last step and the states of its
    table, in a few bytes of memory shared with its parent (anonymous,
    made before the fork). The shard writes it after each step (it is the
    shard's ``watch``: ``board(run, step)``), the parent reads it
    (:meth:`read`) and shows it (:func:`show_boards`); a read
    overlapping a write may pair a step with the states of the next one,
    on a progress bar.

    INPUT:

    - ``step`` -- the step of the run the shard goes on from (posted, with
      no states, until its first step)

    EXAMPLES::

        sage: from sage_hcsf.parallel.boards import Board
        sage: import os
        sage: board = Board(3); board.read()
        (3, 0)
        sage: class Run:
        ....:     states = 1234
        sage: if (pid := os.fork()) == 0:
        ....:     board(Run(), 5)
        ....:     os._exit(0)
        sage: os.waitpid(pid, 0)[1], board.read()
        (0, (5, 1234))
    """

    _LAYOUT = struct.Struct("<qq")

    def __init__(self, step):
        self._memory = mmap.mmap(-1, self._LAYOUT.size)
        self._memory[:] = self._LAYOUT.pack(step, 0)

    def __call__(self, run, step):
        self._memory[:] = self._LAYOUT.pack(step, run.states)

    def read(self):
        r"""
        Return the step and the states last posted.
        """
        return self._LAYOUT.unpack(self._memory[:])


def show_boards(run, show, running, done):
    r"""
    Show, through ``show`` (see :class:`~sage_hcsf.parallel.shards.Shards`),
    the boards of the forked shards of ``run`` in ``running`` (the values
    ``(pipe, conditions, chunks, board)``): the least step they have done and the states their
    tables hold, with how many run and how many are ``done``. Nothing is
    shown when none runs.

    EXAMPLES::

        sage: from sage_hcsf.parallel.boards import Board, show_boards
        sage: class Run:
        ....:     states = 10
        sage: first, second = Board(2), Board(2)
        sage: first(Run(), 4); second(Run(), 3)
        sage: running = {1: (None, [], [], first), 2: (None, [], [], second)}
        sage: show_boards("the run", print, running, 1)
        the run 3 20 2 1
        sage: show_boards("the run", print, {}, 3)
    """
    if not running:
        return
    posted = [board.read() for _, _, _, board in running.values()]
    show(run, min(step for step, _ in posted), sum(states for _, states in posted),
         len(posted), done)
