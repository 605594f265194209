r"""
Shards of one DP run: its rest shared out between forked processes, or
taken in turns in this process

The DP kernel (:mod:`sage_hcsf.kernels.fiber_dp`) does one step at a time
and can restrict a run to a slice of its table: the states mapping some
frontier slots into some images (``keep_only``). This module decides where
the slices run. :class:`Shards` finishes a started run, step by step:

- once a table holds ``split_at`` states and more than one process is
  allowed, the rest of the run is divided by the images of the frontier
  vertex that stays longest, dealt into shards of balanced sizes, and the
  shards run in forked processes (:func:`_sharded`), at most ``processes``
  at a time, each with an equal share of the budget left;
- but forking is safe only in a process running a single Python thread
  (:func:`_may_fork`; a notebook kernel, a Dask worker or a threaded
  program forks nothing): elsewhere, with one process, or where no
  frontier vertex divides the states, the run goes on in this process;
- a step that would exceed the budget makes the run go on from the step
  before in shards that take their turns in this process, each reading
  the one kept table (:func:`_serial_shards`; a shard does the same in
  turn); a shard over its budget is divided again by the next frontier
  vertex, and :class:`~sage_hcsf.errors.MemoryBudgetExceeded` is raised
  when none divides it or when the run has made 256 shards.

Forked shards are set up as every worker is (:mod:`sage_hcsf.parallel.workers`):
they ignore Ctrl-C and die with their parent; Ctrl-C (or an error) in the
parent kills and reaps the shards still running. Each forked shard posts
its last step and its states on a board
(:class:`~sage_hcsf.parallel.boards.Board`: a few bytes of memory shared
with the parent, written after each step, no system call); while it waits for the shards, the parent reads the boards and shows them
(the ``show`` of :class:`Shards`: the progress bar) at most every
:data:`SHOW_EVERY` seconds and whenever a shard ends.

EXAMPLES::

    sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    sage: from sage_hcsf.parallel.shards import Shards
    sage: P6 = [[1]] + [[i - 1, i + 1] for i in range(1, 5)] + [[4]]
    sage: args = (P6, [False] * 6, P6, list(range(6)), list(range(1, 7)), list(range(6)),
    ....:         True, 10**7, 6**6)
    sage: whole = fiber_vector_dp(*args, forget_dead=True)
    sage: fiber_vector_dp(*args, forget_dead=True,
    ....:                 finish=Shards(processes=2, split_at=1))[0] == whole[0]
    True
"""

import collections
import mmap
import os
import select
import signal
import threading
import time

from sage_hcsf.errors import MemoryBudgetExceeded, format_bytes
from sage_hcsf.parallel.boards import Board, show_boards
from sage_hcsf.parallel.workers import interrupts_blocked, reap, report_to_parent, reported
from sage_hcsf.settings import checked_function, non_negative_integer, positive_integer

# the most shards one run makes, all levels together (forked or not)
MAX_SHARDS = 256

#: Seconds between two showings of the forked shards' progress (at most).
SHOW_EVERY = 0.25


class Shards:
    r"""
    Finish started runs of the DP kernel in shards where that helps: the
    ``finish`` of :func:`~sage_hcsf.kernels.fiber_dp.fiber_vector_dp`.

    Calling it on a started :class:`~sage_hcsf.kernels.fiber_dp.FiberVectorDP`
    does the steps of the run and returns ``(result, the most states of a
    table, the most bytes its tables and shards held at once)``. One object
    serves one call of ``fiber_vector_dp`` (all its tasks): the shards it
    may still make are counted in memory shared with the forked shards (and
    their shards).

    INPUT:

    - ``processes`` -- positive integer (default: 1): how many processes a
      run may use at once
    - ``split_at`` -- nonnegative integer (default: 200000): with more than
      one process, a run is shared out once a table holds that many states
    - ``forks`` -- the most shards (default: 256)
    - ``watch`` -- ``None`` (default) or a callable: ``watch(run, step)``
      after each step this process does (the progress bar and the refusal
      of :mod:`sage_hcsf.fiber_types.progress`)
    - ``show`` -- ``None`` (default) or a callable: ``show(run, step,
      states, running, done)`` while forked shards finish ``run``, at most
      every :data:`SHOW_EVERY` seconds and when a shard ends: the least
      step the running shards have done, the states their tables hold, how
      many shards run and how many are done (the progress bar only: the
      steps of forked shards are not watched)

    EXAMPLES::

        sage: from sage_hcsf.parallel.shards import Shards
        sage: shards = Shards(processes=2, forks=2)
        sage: shards.take_fork(), shards.take_fork(), shards.take_fork()
        (True, True, False)
        sage: Shards(processes=0)
        Traceback (most recent call last):
        ...
        ValueError: processes must be a positive integer; got 0
        sage: Shards(split_at=-1)
        Traceback (most recent call last):
        ...
        ValueError: split_at must be an integer >= 0; got -1
    """

    def __init__(self, processes=1, split_at=200000, forks=MAX_SHARDS, watch=None, show=None):
        self.processes = positive_integer("processes", processes)
        self.split_at = non_negative_integer("split_at", split_at)
        self.forks = non_negative_integer("forks", forks)
        self.watch = checked_function("watch", watch, "a function watch(run, step) or None")
        self.show = checked_function("show", show,
                                     "a function show(run, step, states, running, done) or None")
        self._forks = None  # made (anonymous, shared) by the first shard, before any fork

    def take_fork(self):
        r"""
        Return whether one more shard may be made (and count it), in
        memory shared with the forked shards: one count for the whole tree.
        """
        if self._forks is None:
            self._forks = mmap.mmap(-1, 8)
            self._forks[:] = self.forks.to_bytes(8, "little")
        left = int.from_bytes(self._forks[:], "little")
        if left <= 0:
            return False
        self._forks[:] = (left - 1).to_bytes(8, "little")
        return True

    def __call__(self, run):
        r"""
        Do the steps of the started ``run`` and return its result, the most
        states of a table and the most bytes held at once (see
        :class:`Shards`).

        TESTS::

            sage: from sage_hcsf.kernels.dp_plan import DPPlan
            sage: from sage_hcsf.kernels.fiber_dp import FiberVectorDP
            sage: from sage_hcsf.parallel.shards import Shards
            sage: K3 = [[1, 2], [0, 2], [0, 1]]
            sage: run = FiberVectorDP(DPPlan(g_adj=K3, g_loops=[False] * 3, h_adj=K3,
            ....:                            class_start=[0] * 3, class_end=[3] * 3,
            ....:                            order=[0, 1, 2], track_fibers=True,
            ....:                            memory_budget=10**6, bound=27))
            sage: run.start(); Shards()(run)
            ({(1, 1, 1): 6}, 1, ...)
        """
        return _finish(run, 0, self, self.processes, self.split_at)


def _finish(run, step_index, shards, processes, split_at):
    r"""
    Do the steps of ``run`` from ``step_index`` on and return its result,
    the most states of a table and the most bytes its tables (and shards)
    held at once.

    With ``processes`` above 1, once a table holds ``split_at`` states the
    rest is shared out in shards (:func:`_sharded`), if some frontier
    vertex divides its states (else the run goes on here); a step that
    would exceed the budget makes the run go on from the step before in
    shards, one at a time (:func:`_serial_shards`; a shard does the same
    in turn). ``shards`` counts the shards made (:meth:`Shards.take_fork`).

    TESTS:

    States that no frontier vertex divides (here every state maps the one
    frontier vertex to the first member of the one twin class) are not
    shared out: the run goes on in this process (it raised
    ``MemoryBudgetExceeded`` before, whatever the budget)::

        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: from sage_hcsf.parallel.shards import Shards
        sage: P12 = [[1]] + [[i - 1, i + 1] for i in range(1, 11)] + [[10]]
        sage: K4 = [[j for j in range(4) if j != i] for i in range(4)]
        sage: args = (P12, [False] * 12, K4, [0] * 4, [4] * 4, list(range(12)), True, 10**9,
        ....:         4**12)
        sage: fiber_vector_dp(*args, finish=Shards(processes=2, split_at=10))[0] \
        ....:     == fiber_vector_dp(*args)[0]
        True
    """
    plan, first_step = run.plan, step_index
    while step_index < plan.n:
        try:
            run.advance(step_index)
        except MemoryBudgetExceeded as over:
            # shard from the table of the step before, if this process made it
            # (a shard failing at its first step is sharded finer by its parent)
            if (step_index <= first_step or not plan.frontiers[step_index - 1]
                    or 2 * run.held_bytes > run.memory_budget):
                raise  # (or the table kept leaves the shards too little room)
            run.abandon_step()
            value, states, nbytes = _serial_shards(run, step_index - 1, shards, 4)
            return value, max(states, run.peak_states), run.peak_bytes + nbytes
        if shards.watch is not None:
            shards.watch(run, step_index)
        if not run.states:
            return ({} if plan.track_fibers else 0), run.peak_states, run.peak_bytes
        if (processes > 1 and run.states >= split_at and step_index + 2 < plan.n
                and plan.frontiers[step_index] and _may_fork()):
            parts = _dividing_parts(run, _slots_by_stay(plan, step_index), [], processes)
            if parts:
                value, states, nbytes = _sharded(run, step_index, shards, processes, parts)
                return value, max(states, run.peak_states), run.peak_bytes + nbytes
        step_index += 1
    return run.result(), run.peak_states, run.peak_bytes


def _over_in_shards(plan, step_index):
    r"""
    Return the :class:`MemoryBudgetExceeded` of a run whose shards do not
    fit in its budget either.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.parallel.shards import _over_in_shards
        sage: P6 = [[1]] + [[i - 1, i + 1] for i in range(1, 5)] + [[4]]
        sage: plan = DPPlan(g_adj=P6, g_loops=[False] * 6, h_adj=P6, class_start=list(range(6)),
        ....:               class_end=list(range(1, 7)), order=list(range(6)),
        ....:               track_fibers=True, memory_budget=5000, bound=6**6)
        sage: _over_in_shards(plan, 3)
        MemoryBudgetExceeded('the dynamic programme needs more than its memory budget of 5.0 kB for its state tables, even in shards by the images of the frontier after step 4 of 6; raise it with sage_hcsf.memory_budget(bytes) or the argument memory_budget=')
    """
    return MemoryBudgetExceeded(
        f"the dynamic programme needs more than its memory budget of "
        f"{format_bytes(plan.memory_budget)} for its state tables, even in shards by the "
        f"images of the frontier after step {step_index + 1} of {plan.n}; raise it with "
        "sage_hcsf.memory_budget(bytes) or the argument memory_budget=")


def _balanced(counts, parts):
    r"""
    Deal the vertices with nonzero ``counts`` into at most ``parts`` lists
    of nearly equal total counts (largest first, to the lightest list).

    EXAMPLES::

        sage: from sage_hcsf.parallel.shards import _balanced
        sage: _balanced([5, 0, 3, 2, 2], 2)  # loads 5 + 2 and 3 + 2
        [[0, 4], [2, 3]]
    """
    lists = [[] for _ in range(parts)]
    loads = [0] * parts
    for w in sorted(range(len(counts)), key=lambda w: -counts[w]):
        if counts[w]:
            i = loads.index(min(loads))
            lists[i].append(w)
            loads[i] += counts[w]
    return [sorted(part) for part in lists if part]


def _dividing_parts(run, slots, conditions, parts):
    r"""
    Return the shards, lists of conditions, into which the states of ``run``
    meeting ``conditions`` divide by the images of the first frontier slot
    of ``slots`` (in order) not yet conditioned whose images among those
    states are not all the same, dealt into at most ``parts`` shards of
    balanced sizes; or ``[]`` if no slot divides them (then sharding cannot
    make the states any fewer). Its runs are tested with :func:`_sharded`.
    """
    used = {k for k, _ in conditions}
    for k in slots:
        if k in used:
            continue
        dealt = _balanced(run.image_histogram(k, conditions), parts)
        if len(dealt) > 1:
            return [conditions + [(k, images)] for images in dealt]
    return []


def _slots_by_stay(plan, step_index):
    r"""
    Return the frontier slots after step ``step_index``, the vertex that
    stays longest first: states with different images of it do not merge
    while it stays, so shards divided by it do little work twice.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.parallel.shards import _slots_by_stay
        sage: S = [[1, 2, 3], [0], [0], [0]]   # the centre stays until the last leaf
        sage: plan = DPPlan(g_adj=S, g_loops=[False] * 4, h_adj=S, class_start=[0, 1, 1, 1],
        ....:               class_end=[1, 4, 4, 4], order=[1, 0, 2, 3], track_fibers=True,
        ....:               memory_budget=10**6, bound=4**4)
        sage: plan.frontiers[1], _slots_by_stay(plan, 1)
        ([0], [0])
    """
    frontier = plan.frontiers[step_index]
    return sorted(range(len(frontier)), key=lambda j: -plan.leaves[frontier[j]])


def _add_part(value, part, track_fibers):
    r"""
    Return ``value`` plus the result ``part`` of a shard (counts by
    partition, or numbers).

    EXAMPLES::

        sage: from sage_hcsf.parallel.shards import _add_part
        sage: sorted(_add_part({(2,): 1}, {(2,): 2, (1, 1): 3}, True).items())
        [((1, 1), 3), ((2,), 3)]
        sage: _add_part(4, 5, False)
        9
    """
    if not track_fibers:
        return value + part
    for key, count in part.items():
        value[key] = value.get(key, 0) + count
    return value


def _sharded(run, step_index, shards, processes, parts):
    r"""
    Finish ``run`` from its table after step ``step_index`` in shards, each
    in a forked process, at most ``processes`` at a time; return the result,
    the most states of a table and the bytes the shards held at once.

    The shards are first ``parts`` (lists of conditions, see
    :func:`_dividing_parts`): the states mapping the frontier vertex that
    stays longest into some of its images. A shard that exceeds its share
    of the budget (the budget left, over ``processes``) is sharded again,
    in four, by the images of the next frontier vertex; when none is left,
    :class:`MemoryBudgetExceeded` is raised. Ctrl-C (or an error) in this
    process kills the shards still running. While they run, their boards
    (:class:`~sage_hcsf.parallel.boards.Board`) are shown through ``shards.show``, if any
    (:func:`~sage_hcsf.parallel.boards.show_boards`).

    TESTS:

    Three processes, within three times the budget of the run alone (each
    shard has a third of what is left)::

        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: from sage_hcsf.parallel.shards import Shards
        sage: K4 = [[j for j in range(4) if j != i] for i in range(4)]
        sage: C8 = [[(i - 1) % 8, (i + 1) % 8] for i in range(8)]
        sage: whole = fiber_vector_dp(C8, [False] * 8, K4, [0] * 4, [4] * 4, list(range(8)),
        ....:                         True, 10**7, 4**8)
        sage: shared = fiber_vector_dp(C8, [False] * 8, K4, [0] * 4, [4] * 4, list(range(8)),
        ....:                          True, 3 * whole[2], 4**8,
        ....:                          finish=Shards(processes=3, split_at=1))
        sage: shared[0] == whole[0]
        True
    """
    plan = run.plan
    slots = _slots_by_stay(plan, step_index)
    budget = max(1, (run.memory_budget - run.held_bytes) // processes)
    pending = collections.deque(parts)
    running = {}  # pid -> (pipe, conditions, chunks, board)
    value = {} if plan.track_fibers else 0
    states = largest = done = 0
    shown = time.monotonic()
    wait = None if shards.show is None else SHOW_EVERY
    try:
        while pending or running:
            while pending and len(running) < processes:
                conditions = pending.popleft()
                if not shards.take_fork():
                    raise _over_in_shards(plan, step_index)
                read, write = os.pipe()
                parent = os.getpid()
                board = None if shards.show is None else Board(step_index)
                with interrupts_blocked():  # an interrupt waits until the shard is registered
                    pid = _fork()
                    if pid == 0:
                        os.close(read)
                        report_to_parent(write, parent, _finish_shard, run, conditions, budget,
                                         step_index, shards, board)
                    running[pid] = (read, conditions, [], board)
                    os.close(write)
            ready, _, _ = select.select([pipe for pipe, _, _, _ in running.values()], [], [],
                                        wait)
            ended = False
            for pid, (pipe, conditions, chunks, board) in list(running.items()):
                if pipe not in ready:
                    continue
                chunk = os.read(pipe, 1 << 20)
                if chunk:
                    chunks.append(chunk)
                    continue
                # the shard has written its result: it is reaped (an
                # interrupt in waitpid leaves it to the finally below)
                running[pid] = (None, conditions, chunks, board)
                os.close(pipe)
                os.waitpid(pid, 0)
                del running[pid]
                ended = True
                ok, payload = reported(chunks)
                if ok:
                    part, part_states, part_bytes = payload
                    states, largest = max(states, part_states), max(largest, part_bytes)
                    value = _add_part(value, part, plan.track_fibers)
                    done += 1
                elif isinstance(payload, MemoryBudgetExceeded):
                    finer = _dividing_parts(run, slots, conditions, 4)
                    if not finer:  # no image of a frontier vertex divides the shard
                        raise _over_in_shards(plan, step_index)
                    pending.extend(finer)
                else:
                    raise payload
            if wait is not None and (ended or time.monotonic() >= shown + SHOW_EVERY):
                show_boards(run, shards.show, running, done)
                shown = time.monotonic()
    finally:
        for pid, (pipe, _, _, _) in running.items():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if pipe is not None:
                os.close(pipe)
        for pid in running:
            reap(pid)
    return value, states, largest * min(processes, 2)


def _fork():
    r"""
    Fork a shard: return as ``os.fork`` (the tests watch this function).

    TESTS::

        sage: from sage_hcsf.parallel.shards import _fork
        sage: import os
        sage: if (pid := _fork()) == 0:
        ....:     os._exit(5)
        sage: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        5
    """
    return os.fork()


def _may_fork():
    r"""
    Return whether this process may fork shards: it runs a single Python
    thread (a notebook kernel, a Dask worker or a threaded program does
    not; a fork there may deadlock in the child).

    EXAMPLES::

        sage: from sage_hcsf.parallel.shards import _may_fork
        sage: import threading
        sage: _may_fork() == (threading.active_count() == 1)
        True
    """
    return threading.active_count() == 1


def _serial_shards(run, step_index, shards, parts):
    r"""
    Finish ``run`` from its table after step ``step_index`` in shards, one
    after the other in this process, as :func:`_sharded` does in forked
    ones: each shard extends the states mapping a frontier vertex into some
    of its images, read from the one kept table (a snapshot of the run); a
    shard over the budget is divided again by the next frontier vertex
    that divides it, and :class:`MemoryBudgetExceeded` is raised when none
    does. All tables are charged to the run's own budget, the kept one
    included.

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: from sage_hcsf.parallel.shards import Shards
        sage: P8 = [[1]] + [[i - 1, i + 1] for i in range(1, 7)] + [[6]]
        sage: args = (P8, [False] * 8, P8, list(range(8)), list(range(1, 9)), list(range(8)),
        ....:         True)
        sage: whole = fiber_vector_dp(*args, 10**7, 8**8, forget_dead=True)
        sage: tight = fiber_vector_dp(*args, whole[2] * 3 // 4, 8**8, forget_dead=True,
        ....:                         finish=Shards())
        sage: tight[0] == whole[0], tight[2] <= whole[2] * 3 // 4
        (True, True)
    """
    plan = run.plan
    slots = _slots_by_stay(plan, step_index)
    budget = run.memory_budget
    snapshot = run.snapshot()
    value = {} if plan.track_fibers else 0
    states = 0
    try:
        snapshot.lend()
        pending = collections.deque(_dividing_parts(run, slots, [], parts))
        if not pending:
            raise _over_in_shards(plan, step_index)
        while pending:
            conditions = pending.popleft()
            if not shards.take_fork():
                raise _over_in_shards(plan, step_index)
            snapshot.lend()
            run.keep_only(conditions, budget)
            try:
                part, part_states, _ = _finish(run, step_index + 1, shards, 1, 0)
            except MemoryBudgetExceeded:
                snapshot.lend()
                finer = _dividing_parts(run, slots, conditions, 4)
                if not finer:
                    raise _over_in_shards(plan, step_index) from None
                pending.extend(finer)
                continue
            states = max(states, part_states)
            value = _add_part(value, part, plan.track_fibers)
    finally:
        snapshot.give_back()
        run.keep_only([], budget)
    return value, states, 0


def _finish_shard(run, conditions, budget, step_index, shards, board=None):
    r"""
    In a forked shard: finish ``run`` on the states meeting ``conditions``
    from step ``step_index + 1`` on, within ``budget`` bytes (sharding
    again, one at a time, where a step would exceed it), posting each step
    on ``board`` (a :class:`~sage_hcsf.parallel.boards.Board` the parent
    shows, or ``None``); return what :func:`_finish` does (which :func:`~sage_hcsf.parallel.workers.report_to_parent`
    sends to the parent).

    TESTS::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.kernels.fiber_dp import FiberVectorDP
        sage: from sage_hcsf.parallel.shards import Shards, _finish_shard
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: run = FiberVectorDP(DPPlan(g_adj=K3, g_loops=[False] * 3, h_adj=K3,
        ....:                            class_start=[0, 1, 2], class_end=[1, 2, 3],
        ....:                            order=[0, 1, 2], track_fibers=True,
        ....:                            memory_budget=10**6, bound=27))
        sage: run.start(); run.advance(0)
        sage: _finish_shard(run, [(0, [2])], 10**5, 0, Shards())[0]
        {(1, 1, 1): 2}

    The steps go to the board, not to the watch of the parent::

        sage: from sage_hcsf.parallel.shards import Board
        sage: run.start(); run.advance(0); board = Board(0)
        sage: _finish_shard(run, [(0, [2])], 10**5, 0, Shards(watch=print), board)[0]
        {(1, 1, 1): 2}
        sage: board.read()   # the last step, with the one state left
        (2, 1)
    """
    run.keep_only(conditions, budget)
    run.restart_peak()
    # the parent shows the board; what it watches (the refusal) is its own steps
    shards.watch, shards.show = board, None
    return _finish(run, step_index + 1, shards, 1, 0)
