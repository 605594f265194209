r"""
The progress of the DP, and its refusal of runs that cannot fit

Every run of the DP kernel reports its steps to a :class:`DPWatch`, through
the ``watch`` of :class:`~sage_hcsf.parallel.shards.Shards` (one call per
step, from the driver, never from the kernel's inner loop). The watch

- shows a progress bar (tqdm: a text bar in a terminal, the notebook
  widget in Jupyter) with the step of the run (vertex `k` of `n` of the
  vertex order) and the number of states of its table (once the run is
  shared out in forked shards: the least step they have done, the states
  of their tables and how many run); the bar appears only once the call
  has taken :data:`PROGRESS_DELAY` seconds, so short calls stay silent (``progress=None``, the default, shows it when the
  standard error is a terminal or a notebook, in the main process;
  ``True`` and ``False`` force it);
- refuses, within the first steps, a run whose states are bound to
  outgrow its memory budget (:func:`projected_need`): the error,
  :class:`~sage_hcsf.errors.StatesOutOfReach`, is a
  :class:`~sage_hcsf.errors.MemoryBudgetExceeded` that says it rests on an
  estimate and how to override it.

:func:`state_upper_bounds` gives, for each step, a true upper bound on the
states a run of a plan can hold (the estimates never exceed it).

The public functions open one watch for their call (:func:`watching`);
the functions they call share it.

EXAMPLES:

A short call is silent whatever ``progress`` says (the bar waits two
seconds)::

    sage: from sage_hcsf import fiber_type_counts
    sage: fiber_type_counts(graphs.PathGraph(3), graphs.PathGraph(3), progress=True)
    {[1, 1, 1]: 2, [2, 1]: 4}

A count whose states are bound to outgrow the budget is refused at once::

    sage: fiber_type_counts(graphs.Grid2dGraph(8, 8), graphs.PetersenGraph())
    Traceback (most recent call last):
    ...
    StatesOutOfReach: the dynamic programme would need about ... states at step ... of 64 (an estimate...
"""

import contextlib
import contextvars
import functools
import math
import multiprocessing
import sys
import time

from sage_hcsf.errors import StatesOutOfReach, format_bytes
from sage_hcsf.parallel.shards import MAX_SHARDS
from sage_hcsf.settings import refusal

#: Seconds a call runs before its progress bar appears.
PROGRESS_DELAY = 2.0

#: The most a state table is filled (``kernel_structures.pxd``).
MOST_LOAD = 0.7

# a run is projected from the growth of its last _GROWTH_STEPS steps, once
# a table holds LEAST_STATES states and grew by a factor _LEAST_GROWTH a step
# (earlier, the growth of a few steps says little: measured on trees, grids
# and random graphs, see tests/test_progress.py)
_GROWTH_STEPS = 3
_LEAST_GROWTH = 1.1

#: The states a table holds before the growth of a run is projected.
LEAST_STATES = 20000


def checked_progress(progress):
    r"""
    Return ``progress`` if it is ``None``, ``True`` or ``False``; raise
    ``TypeError`` naming it otherwise.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.progress import checked_progress
        sage: checked_progress(None), checked_progress(True)
        (None, True)
        sage: checked_progress(1)
        Traceback (most recent call last):
        ...
        TypeError: progress must be True, False or None (shown in a terminal or a notebook); got 1
    """
    if progress is not None and not isinstance(progress, bool):
        raise refusal("progress", "True, False or None (shown in a terminal or a notebook)",
                      progress)
    return progress


def _interactive():
    r"""
    Return whether a progress bar is shown by default: the standard error
    is a terminal or a Jupyter kernel's stream, in the main process (a
    worker of a sweep is silent: the sweep has its own bar).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.progress import _interactive
        sage: _interactive()   # the doctests write to a pipe
        False
    """
    if multiprocessing.current_process().name != "MainProcess":
        return False
    stream = sys.stderr
    if stream is None:
        return False
    if type(stream).__module__.startswith("ipykernel"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _bar_class():
    r"""
    Return the tqdm class of the progress bars (the notebook widget in
    Jupyter, else the text bar), without its monitor thread: a thread would
    keep the DP from forking its shards
    (:func:`~sage_hcsf.parallel.shards._may_fork`).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.progress import _bar_class
        sage: _bar_class().monitor_interval
        0
    """
    from tqdm.auto import tqdm

    class DPBar(tqdm):
        monitor_interval = 0

    return DPBar


def _partition_counts(most):
    r"""
    Return the numbers of partitions of `0, 1, \ldots,` ``most``.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.progress import _partition_counts
        sage: _partition_counts(6)
        [1, 1, 2, 3, 5, 7, 11]
    """
    counts = [1] + [0] * most
    for part in range(1, most + 1):
        for total in range(part, most + 1):
            counts[total] += counts[total - part]
    return counts


def state_upper_bounds(plan, forgetting=None):
    r"""
    Return, for each step of the :class:`~sage_hcsf.kernels.dp_plan.DPPlan`
    ``plan``, an upper bound on the states a run of it (any task, any
    shard) holds after that step; with ``forgetting`` (default: as the
    plan says), for the same plan forgetting dead vertices.

    A state is the images of the frontier, canonical under a group of
    automorphisms of `H`, and with fibers the counts of the vertices of `H`
    still live and the histogram of the sizes of the fibers forgotten. The
    images: a frontier vertex with an earlier neighbour in the frontier
    goes to one of at most `\Delta(H)` neighbours of its image (loops
    counted), another one to any of the `|V(H)|` vertices. The counts: the
    `k + 1` vertices introduced by step `k` are shared out between the
    `|V(H)|` counts, at most `\binom{k + |V(H)|}{|V(H)| - 1}` ways;
    forgetting, `l` of them between the counts and the rest in the
    histogram (a partition), at most `\sum_l \binom{l + |V(H)| - 1}{|V(H)| - 1}
    p(k + 1 - l)` ways.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.fiber_types.progress import state_upper_bounds
        sage: P3 = [[1], [0, 2], [1]]
        sage: plan = DPPlan(g_adj=P3, g_loops=[False] * 3, h_adj=P3, class_start=[0, 1, 2],
        ....:               class_end=[1, 2, 3], order=[0, 1, 2], track_fibers=False,
        ....:               memory_budget=10**6, bound=27)
        sage: state_upper_bounds(plan)   # the frontiers [0], [1], []
        [3, 3, 1]
    """
    N, n = plan.N, plan.n
    if not n or not N:
        return []
    most_neighbours = max(len(neighbours) for neighbours in plan.h_adj)
    position = {v: k for k, v in enumerate(plan.order)}
    forgetting = plan.forget_dead if forgetting is None else forgetting
    partitions = _partition_counts(n) if forgetting else None
    live = [1]   # the ways to share l vertices between N counts
    for l in range(1, n + 1):
        live.append(live[-1] * (l + N - 1) // l)
    bounds = []
    for step, frontier in enumerate(plan.frontiers):
        inside = set(frontier)
        images = 1
        for v in frontier:
            follows = any(u in inside and position[u] < position[v] for u in plan.g_adj[v])
            images *= most_neighbours if follows else N
        if plan.track_fibers and forgetting:
            images *= sum(live[l] * partitions[step + 1 - l] for l in range(step + 2))
        elif plan.track_fibers:
            images *= math.comb(step + N, N - 1)
        bounds.append(images)
    return bounds


def bytes_per_state(plan, step, forgetting=None):
    r"""
    Return the least bytes a state of step ``step`` of ``plan`` takes in
    a table: its key and values (one word per modulus) and the flag word,
    at the most load of a table; with ``forgetting`` (default: as the plan
    says), for the same plan forgetting dead vertices (the histogram of
    forgotten fibers is in the key).

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.fiber_types.progress import bytes_per_state
        sage: P3 = [[1], [0, 2], [1]]
        sage: plan = DPPlan(g_adj=P3, g_loops=[False] * 3, h_adj=P3, class_start=[0, 1, 2],
        ....:               class_end=[1, 2, 3], order=[0, 1, 2], track_fibers=True,
        ....:               memory_budget=10**6, bound=27)
        sage: bytes_per_state(plan, 0)   # (1 + 1 + 1) words / 0.7
        34.28...
    """
    counts = plan.N if plan.track_fibers else 0
    forgetting = plan.forget_dead if forgetting is None else forgetting
    histogram = min(plan.n, plan.max_fiber) if forgetting and plan.track_fibers else 0
    key_words = (len(plan.frontiers[step]) + counts + histogram + 7) // 8 or 1
    return (1 + key_words + len(plan.moduli)) * 8 / MOST_LOAD


def projected_need(plan, states, bounds=None):
    r"""
    Return the estimated largest need of a run of ``plan`` whose first
    steps held ``states`` (a list: the states after steps `0, 1, \ldots,
    k`), as a triple ``(step, states, bytes)``, or ``None`` when its growth
    gives no estimate.

    The estimate: once a table holds 20,000 states and the last three steps
    multiplied them by `r > 1.1` a step, they go on growing by `r` a step
    while the frontier is no narrower than now (and never beyond
    :func:`state_upper_bounds`); a growth that slowed down step after step
    goes on slowing as it did (:func:`_growth_and_slowing`). It is an
    estimate, not a bound: a run it lets through is still held to its
    budget by the kernel, as it fills its tables.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.fiber_types.progress import projected_need, state_upper_bounds
        sage: C = [[(i - 1) % 40, (i + 1) % 40] for i in range(40)]
        sage: K = [[j for j in range(10) if j != i] for i in range(10)]
        sage: plan = DPPlan(g_adj=C, g_loops=[False] * 40, h_adj=K, class_start=list(range(10)),
        ....:               class_end=list(range(1, 11)), order=list(range(40)),
        ....:               track_fibers=True, memory_budget=10**6, bound=10**40)
        sage: step, states, nbytes = projected_need(plan, [10, 90, 800, 6000, 12000, 24000])
        sage: step, states, states == state_upper_bounds(plan)[step], int(nbytes // states)
        (38, 167710664000, True, 68)

    Growing `(24000/800)^{1/3} \approx 3.1` times a step from step 6 on, the states would reach the upper bound
    (of the frontier `\{0, 38\}` and the counts) at step 39, with the
    frontier as wide as at step 6 (two vertices)::

        sage: projected_need(plan, [10, 90, 800, 1000]) is None   # too few states
        True
    """
    k = len(states) - 1
    if k < _GROWTH_STEPS or states[k] < LEAST_STATES or not states[k - _GROWTH_STEPS]:
        return None
    growth = (states[k] / states[k - _GROWTH_STEPS]) ** (1 / _GROWTH_STEPS)
    if growth <= _LEAST_GROWTH:
        return None
    growth, slowing = _growth_and_slowing(states, growth)
    bounds = state_upper_bounds(plan) if bounds is None else bounds
    width = len(plan.frontiers[k])
    need = (k, states[k], states[k] * bytes_per_state(plan, k))
    projected = states[k]
    for step in range(k + 1, plan.n):
        if len(plan.frontiers[step]) < width or growth <= 1:
            break
        projected = min(projected * growth, bounds[step])
        growth *= slowing
        nbytes = int(projected) * bytes_per_state(plan, step)
        if nbytes > need[2]:
            need = (step, int(projected), nbytes)
    return need


def _growth_and_slowing(states, growth):
    r"""
    Return the growth a step of a run whose steps held ``states`` from its
    last step on, and the factor it changes by a step: ``growth`` (that of
    the last steps, on average) and 1, unless the growth slowed down step
    after step over the last three steps, from `r_1` to `r_3`: then `r_3`,
    slowing by `(r_3 / r_1)^{1/2}` a step (the states of a dense `G` into a
    dense `H` saturate so: ``K_{2^7 1^2}`` into itself grows 7.1, 6.3, 5.4,
    4.6, 3.7 times a step, and a constant growth projected 25 billion
    states where 115,200 were held).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.progress import _growth_and_slowing
        sage: _growth_and_slowing([8, 57, 357, 1932, 8820, 32760], 3.9)
        (3.714..., 0.828...)
        sage: _growth_and_slowing([10, 90, 800, 6000, 12000, 24000], 3.1)
        (3.1, 1.0)
    """
    ratios = [float(states[j]) / float(states[j - 1])   # positive: see projected_need
              for j in range(len(states) - 3, len(states))]
    if ratios[0] > ratios[1] > ratios[2]:
        return ratios[2], (ratios[2] / ratios[0]) ** 0.5
    return float(growth), 1.0


class DPWatch:
    r"""
    The watch of one call: its progress bar and its refusal of runs that
    cannot fit (see the module's documentation).

    Each run of the DP kernel gets a watcher (:meth:`watcher`), which the
    driver calls after every step with the run and the step; the bar
    follows the run going on, and :meth:`close` removes it.

    INPUT:

    - ``progress`` -- ``None`` (default: shown in a terminal or a
      notebook), ``True`` or ``False``

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.progress import DPWatch
        sage: watch = DPWatch(False); watch.shown
        False
    """

    def __init__(self, progress=None):
        self.progress = checked_progress(progress)
        self.started = time.monotonic()
        self.bar = None

    @functools.cached_property
    def shown(self):
        r"""
        Whether the bar is shown (asked at the first step: most calls
        have none).
        """
        return _interactive() if self.progress is None else self.progress

    def watcher(self, description):
        r"""
        Return the callable that one run of the DP reports its steps to:
        ``watcher(run, step)`` after step ``step`` of ``run`` (a
        :class:`~sage_hcsf.kernels.fiber_dp.FiberVectorDP`), which shows
        them (under ``description``) and raises :class:`~sage_hcsf.errors.StatesOutOfReach`
        when the run cannot fit.

        EXAMPLES::

            sage: from sage_hcsf.kernels.dp_plan import DPPlan
            sage: from sage_hcsf.kernels.fiber_dp import FiberVectorDP
            sage: from sage_hcsf.fiber_types.progress import DPWatch
            sage: P3 = [[1], [0, 2], [1]]
            sage: run = FiberVectorDP(DPPlan(g_adj=P3, g_loops=[False] * 3, h_adj=P3,
            ....:                            class_start=[0, 1, 2], class_end=[1, 2, 3],
            ....:                            order=[0, 1, 2], track_fibers=False,
            ....:                            memory_budget=10**6, bound=27))
            sage: watcher = DPWatch(False).watcher("homomorphisms")
            sage: run.start(); run.advance(0); watcher(run, 0); watcher.states
            [3]
        """
        return _RunWatcher(self, description)

    def show(self, description, step, steps, states, where=""):
        r"""
        Show step ``step`` (from 0) of ``steps`` and ``states`` (followed
        by the text ``where``) on the bar (made at the first call, shown
        once the call has taken :data:`PROGRESS_DELAY` seconds).
        """
        if not self.shown:
            return
        if self.bar is not None and (self.bar.total, self.bar.desc) != (steps, description):
            self.close()   # another run: a bar of its own
        shown = f"{states:,} states{where}"
        if self.bar is None:   # its first display has the step and the states too
            wait = max(0.0, self.started + PROGRESS_DELAY - time.monotonic())
            # miniters=0: redrawn (every tenth of a second at most) when only
            # the states change, as while forked shards run
            self.bar = _bar_class()(total=steps, initial=step + 1, postfix=shown, desc=description,
                                    unit="step", delay=wait, leave=False, dynamic_ncols=True,
                                    miniters=0)
            return
        self.bar.set_postfix_str(shown, refresh=False)
        self.bar.update(step + 1 - self.bar.n)

    def close(self):
        r"""
        Remove the bar (if it was made).

        EXAMPLES::

            sage: from sage_hcsf.fiber_types.progress import DPWatch
            sage: watch = DPWatch(True); watch.show("fiber types", 0, 3, 7); watch.bar.n
            1
            sage: watch.close(); watch.bar is None
            True
        """
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class _RunWatcher:
    r"""
    What one run of the DP reports its steps to (:meth:`DPWatch.watcher`).
    ``states`` lists the states after the steps of the run's first pass
    (the steps done in shards, one after the other, are shown, not
    projected; those of forked shards come to :meth:`show_shards`, and are
    only shown).
    """

    def __init__(self, watch, description):
        self.watch, self.description = watch, description
        self.states, self.bounds = [], None

    def __call__(self, run, step):
        plan, states = run.plan, run.states
        self.watch.show(self.description, step, plan.n, states)
        if step != len(self.states):
            return
        self.states.append(states)
        if states < LEAST_STATES:
            return   # (no estimate yet: the bounds wait)
        if self.bounds is None:
            self.bounds = state_upper_bounds(plan)
        need = projected_need(plan, self.states, self.bounds)
        if need is not None and need[2] > plan.memory_budget * MAX_SHARDS:
            raise _refusal(plan, self.states, need)

    def show_shards(self, run, step, states, running, done):
        r"""
        Show the forked shards of ``run`` on the bar: the least step
        ``step`` the ``running`` ones have done, the ``states`` of their
        tables, and how many are ``done`` (the ``show`` of
        :class:`~sage_hcsf.parallel.shards.Shards`). Nothing is projected
        from them: a shard holds a part of the states of a step.

        EXAMPLES::

            sage: from sage_hcsf.kernels.dp_plan import DPPlan
            sage: from sage_hcsf.kernels.fiber_dp import FiberVectorDP
            sage: from sage_hcsf.fiber_types.progress import DPWatch
            sage: P3 = [[1], [0, 2], [1]]
            sage: run = FiberVectorDP(DPPlan(g_adj=P3, g_loops=[False] * 3, h_adj=P3,
            ....:                            class_start=[0, 1, 2], class_end=[1, 2, 3],
            ....:                            order=[0, 1, 2], track_fibers=False,
            ....:                            memory_budget=10**6, bound=27))
            sage: watch = DPWatch(True); watcher = watch.watcher("homomorphisms")
            sage: watcher.show_shards(run, 1, 12345, 2, 1)
            sage: watch.bar.n, watch.bar.postfix, watcher.states
            (2, '12,345 states in 2 shards, 1 done', [])
            sage: watch.close()
        """
        shards = "shard" if running == 1 else "shards"
        self.watch.show(self.description, step, run.plan.n, states,
                        f" in {running} {shards}, {done} done")


def _large(number, nbytes=False):
    r"""
    Return ``number`` (of states, or of bytes if ``nbytes``) for a
    message: in full up to `10^{15}`, else in scientific notation.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.progress import _large
        sage: _large(1234567), _large(3 * 10**40), _large(2 * 10**9, True), _large(10**30, True)
        ('1,234,567', '3.0e+40', '2.0 GB', '1.0e+30 bytes')
    """
    if number < 10**15:
        return format_bytes(number) if nbytes else f"{int(number):,}"
    return f"{float(number):.1e}" + (" bytes" if nbytes else "")


def _refusal(plan, states, need):
    r"""
    Return the :class:`~sage_hcsf.errors.StatesOutOfReach` of a run of ``plan`` whose steps
    held ``states`` and whose projected need is ``need`` (:func:`projected_need`).

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.fiber_types.progress import _refusal, projected_need
        sage: C = [[(i - 1) % 40, (i + 1) % 40] for i in range(40)]
        sage: K = [[j for j in range(10) if j != i] for i in range(10)]
        sage: plan = DPPlan(g_adj=C, g_loops=[False] * 40, h_adj=K, class_start=list(range(10)),
        ....:               class_end=list(range(1, 11)), order=list(range(40)),
        ....:               track_fibers=True, memory_budget=10**6, bound=10**40)
        sage: states = [10, 90, 800, 6000, 12000, 24000]
        sage: _refusal(plan, states, projected_need(plan, states))
        StatesOutOfReach('the dynamic programme would need about 167,710,664,000 states at step 39 of 40 (an estimate: they grew 3.1 times a step over steps 3 to 6, to 24,000; at most 167,710,664,000 by the upper bound of the plan), about 11.5 TB, more than 256 shards of its memory budget of 1.0 MB hold; to try anyway, raise the budget to 44.9 GB or more with sage_hcsf.memory_budget(bytes) or the argument memory_budget=')
    """
    step, projected, nbytes = need
    k = len(states) - 1
    growth = (states[k] / states[k - _GROWTH_STEPS]) ** (1 / _GROWTH_STEPS)
    bound = state_upper_bounds(plan)[step]
    return StatesOutOfReach(
        f"the dynamic programme would need about {_large(projected)} states at step "
        f"{step + 1} of {plan.n} (an estimate: they grew {growth:.1f} times a step over steps "
        f"{k + 1 - _GROWTH_STEPS} to {k + 1}, to {states[k]:,}; at most {_large(bound)} by "
        f"the upper bound of the plan), about {_large(nbytes, True)}, more than {MAX_SHARDS} "
        f"shards of its memory budget of {format_bytes(plan.memory_budget)} hold; to try "
        f"anyway, raise the budget to {_large(nbytes / MAX_SHARDS, True)} or more with "
        "sage_hcsf.memory_budget(bytes) or the argument memory_budget=", projected)


_current = contextvars.ContextVar("sage_hcsf_dp_watch", default=None)


@contextlib.contextmanager
def watching(progress=None):
    r"""
    Yield the :class:`DPWatch` of this call: the one of the call around it
    if there is one (its ``progress`` decides), else a new one made with
    ``progress`` (checked by :func:`checked_progress`), closed on the way
    out.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.progress import watching
        sage: with watching(False) as outer:
        ....:     with watching(True) as inner:
        ....:         inner is outer, inner.shown
        (True, False)
        sage: with watching("yes"):
        ....:     pass
        Traceback (most recent call last):
        ...
        TypeError: progress must be True, False or None (shown in a terminal or a notebook); got 'yes' (str)
    """
    progress = checked_progress(progress)
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    watch = DPWatch(progress)
    token = _current.set(watch)
    try:
        yield watch
    finally:
        _current.reset(token)
        watch.close()
