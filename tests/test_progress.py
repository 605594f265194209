"""No silent long call: a count that cannot fit is refused within a second, a long
one shows a progress bar (the step of the DP and its states), a short one stays
silent, and the plan's upper bound on the states holds for every step of every run."""
import io
import itertools
import time

import pytest

from sage.arith.misc import factorial
from sage.combinat.partition import Partition
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

import sage_hcsf.fiber_types.progress as progress
from sage_hcsf import count_homomorphisms, fiber_type_counts, self_chromatic_symmetric_function
from sage_hcsf.errors import MemoryBudgetExceeded, StatesOutOfReach
from sage_hcsf.fiber_types.dp import run_dp
from sage_hcsf.fiber_types.progress import DPWatch, state_upper_bounds

# refused (or finished) within a second; the bound leaves room for a loaded machine
QUICK = 3.0


def out_of_reach():
    """The counts of issue 26 that ran for minutes, silently."""
    gnp = graphs.RandomGNP(40, 0.5, seed=26)
    return [("Grid2dGraph(8, 8) -> Petersen", graphs.Grid2dGraph(8, 8), graphs.PetersenGraph()),
            ("Grid2dGraph(6, 6) -> itself", graphs.Grid2dGraph(6, 6), graphs.Grid2dGraph(6, 6)),
            ("RandomGNP(40, 0.5, seed=26) -> itself", gnp, gnp)]


@pytest.mark.parametrize("name, G, H", out_of_reach(), ids=lambda x: x if isinstance(x, str) else "")
def test_refused_within_a_second(name, G, H):
    start = time.perf_counter()
    with pytest.raises(MemoryBudgetExceeded) as refused:
        fiber_type_counts(G, H)
    seconds = time.perf_counter() - start
    assert seconds < QUICK, f"{name}: refused after {seconds:.2f} s"
    message = str(refused.value)
    assert isinstance(refused.value, StatesOutOfReach)
    assert "memory budget of 2.0 GB" in message and "an estimate" in message
    assert "memory_budget=" in message and "states at step" in message


def test_the_refusal_names_the_budget_that_would_let_it_try():
    G, H = graphs.Grid2dGraph(6, 6), graphs.Grid2dGraph(6, 6)
    with pytest.raises(StatesOutOfReach) as refused:
        fiber_type_counts(G, H, memory_budget="1G")
    assert "memory budget of 1.0 GB" in str(refused.value)
    assert refused.value.estimated_states > 10**9


def test_the_self_csf_is_refused_too():
    start = time.perf_counter()
    with pytest.raises(StatesOutOfReach):
        self_chromatic_symmetric_function(graphs.Grid2dGraph(6, 6))
    assert time.perf_counter() - start < QUICK


def _bars(text):
    return [line for line in text.replace("\r", "\n").splitlines() if "states" in line]


def test_a_forced_bar_shows_the_step_and_the_states(capsys, monkeypatch):
    monkeypatch.setattr(progress, "PROGRESS_DELAY", 0.0)
    T = graphs.RandomTree(16, seed=3)
    fiber_type_counts(T, T, progress=True)
    bars = _bars(capsys.readouterr().err)
    assert bars, "no progress bar"
    assert any("fiber types" in bar and "/16" in bar for bar in bars), bars
    assert all(any(c.isdigit() for c in bar.split("states")[0][-12:]) for bar in bars), bars


def test_the_bar_waits_two_seconds(capsys):
    T = graphs.RandomTree(14, seed=3)
    start = time.perf_counter()
    fiber_type_counts(T, T, progress=True)
    assert time.perf_counter() - start < progress.PROGRESS_DELAY
    assert _bars(capsys.readouterr().err) == []


def test_a_long_call_shows_its_bar_after_the_delay(capsys, monkeypatch):
    monkeypatch.setattr(progress, "PROGRESS_DELAY", 0.3)
    G = graphs.Grid2dGraph(4, 5)
    start = time.perf_counter()
    fiber_type_counts(G, graphs.PetersenGraph(), progress=True)
    seconds = time.perf_counter() - start
    bars = _bars(capsys.readouterr().err)
    assert seconds < 0.3 or bars, f"{seconds:.2f} s and no bar"


def test_silent_by_default_off_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr(progress, "PROGRESS_DELAY", 0.0)
    T = graphs.RandomTree(16, seed=3)
    fiber_type_counts(T, T)
    count_homomorphisms(T, T, progress=False)
    fiber_type_counts(T, T, progress=False)
    assert _bars(capsys.readouterr().err) == []


def test_shown_by_default_in_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True
    monkeypatch.setattr("sys.stderr", Terminal())
    assert DPWatch(None).shown and DPWatch(True).shown and not DPWatch(False).shown


def test_the_bar_starts_no_thread():
    """A thread would keep the DP from forking its shards."""
    import threading
    before = threading.active_count()   # other tests of the session may leave threads
    watch = DPWatch(True)
    watch.show("fiber types", 0, 3, 5)
    try:
        assert threading.active_count() == before
    finally:
        watch.close()


def _pairs():
    targets = [graphs.PathGraph(3), graphs.CompleteGraph(3), graphs.CycleGraph(5),
               graphs.CompleteBipartiteGraph(2, 3), graphs.PetersenGraph(),
               Graph([(0, 0), (0, 1), (1, 2)], loops=True)]
    sources = ([graphs.RandomTree(n, seed=n) for n in (6, 9, 13, 16)]
               + [graphs.CycleGraph(6), graphs.Grid2dGraph(3, 3), graphs.PetersenGraph(),
                  graphs.CompleteGraph(4), graphs.RandomGNP(9, 0.4, seed=2)])
    return list(itertools.product(sources, targets)) + [(T, T) for T in sources]


def test_the_upper_bound_holds_on_every_step(monkeypatch):
    """Every step of every run (count only, engine I, engine II with its tasks and
    symmetries, prefix splits, shards under a tight budget): the states made are at
    most the plan's upper bound."""
    seen = []

    class Recording(progress._RunWatcher):
        def __call__(self, run, step):
            seen.append((run.plan, step, run.states))
            super().__call__(run, step)
    monkeypatch.setattr(progress, "_RunWatcher", Recording)
    for G, H in _pairs():
        whole = run_dp(G, H)
        run_dp(G, H, engine=1)
        run_dp(G, H, split=True)
        if whole.peak_bytes > 4096:   # shards, one after the other
            try:
                run_dp(G, H, memory_budget=whole.peak_bytes // 2)
            except MemoryBudgetExceeded:
                pass
    assert len(seen) > 1000
    bounds = {}
    tight = 0
    for plan, step, states in seen:
        if id(plan) not in bounds:
            bounds[id(plan)] = (plan, state_upper_bounds(plan))
        bound = bounds[id(plan)][1][step]
        assert states <= bound, (plan.n, plan.N, step, states, bound)
        tight += states == bound
    assert tight, "the bound is never reached: is it tested at all?"


def feasible():
    """Counts that run (bench/run.py, the --huge rows, grids that finish): the estimate
    must not refuse them. Their states grow fast early on (trees: up to 10^4 times
    what they reach, projected from 2,000 states)."""
    return [(graphs.RandomTree(n, seed=s), None) for n, s in
            ((20, 1), (22, 2), (24, 1), (24, 3), (28, 1), (28, 2), (30, 0))] + [
        (graphs.BalancedTree(2, 4), None), (graphs.Grid2dGraph(5, 5), None),
        (graphs.Grid2dGraph(6, 6), graphs.PetersenGraph()), (graphs.CubeGraph(4), None),
        (graphs.Grid2dGraph(5, 5), graphs.PetersenGraph())]


@pytest.mark.parametrize("G, H", feasible(), ids=lambda x: "" if x is None else repr(x))
def test_feasible_counts_are_not_refused(G, H):
    """The estimate is made once a table holds 20,000 states, within the first
    second of these runs: two seconds without a refusal is enough."""
    from cysignals.alarm import AlarmInterrupt, alarm, cancel_alarm
    alarm(2)
    try:
        fiber_type_counts(G, H if H is not None else G)
    except AlarmInterrupt:
        pass
    finally:
        cancel_alarm()


def test_a_saturating_growth_is_not_refused():
    """K_{2^7 1^2} into itself (claim 7 on 16 vertices) was refused within the default 2 GB:
    its states grew 7.1, 6.3, 5.4, 4.6, 3.7 times a step, and a constant growth projected
    25 billion states where the run holds 115,200 (7.9 MB). Oracles: N_{1^16} = |Aut|, and
    every count is a multiple of |Aut| (Aut acts freely on the homomorphisms by composing
    on the target, preserving the fiber type)."""
    from sage_hcsf.graphs.families import complete_multipartite
    G = complete_multipartite([2] * 7 + [1, 1])
    counts = fiber_type_counts(G, G, memory_budget="2G")
    aut = factorial(7) * 2 ** 7 * factorial(2)   # |Aut K_lambda| = prod m_i! (i!)^m_i
    assert counts[Partition([1] * 16)] == aut
    assert all(c % aut == 0 for c in counts.values())


# In a fresh process: a run forks its shards only in a process running a single
# thread, and other tests of a session leave threads (Dask's).
SHARDS_SHOWN = r"""
import functools, json
import sage_hcsf
import sage_hcsf.fiber_types.dp as dp
import sage_hcsf.fiber_types.progress as progress
import sage_hcsf.parallel.shards as shards
from sage.graphs.graph_generators import graphs
from sage_hcsf import fiber_type_counts
from sage_hcsf.settings import processes

events = []
fork = shards._fork

def recorded_fork():
    pid = fork()
    if pid:
        events.append(("fork", pid))
    return pid

show = progress.DPWatch.show

def recorded_show(watch, description, step, steps, states, *where):
    events.append(("shown", step, states, "".join(where)))
    show(watch, description, step, steps, states, *where)

class Recording(progress._RunWatcher):
    def __call__(self, run, step):
        events.append(("watched", step))
        super().__call__(run, step)

T = graphs.RandomTree(20, seed=1)   # shards of about a second
processes(1)
alone = fiber_type_counts(T, T)
processes(2)
shards._fork = recorded_fork
dp.Shards = functools.partial(shards.Shards, split_at=20000)
progress.DPWatch.show = recorded_show
progress._RunWatcher = Recording
progress.PROGRESS_DELAY = 0.0
shared = fiber_type_counts(T, T, progress=True)
print(json.dumps({"same counts": shared == alone, "events": events}))
"""


def test_the_bar_follows_forked_shards():
    """Issue 26: with two processes, once the run goes on in forked shards, the bar
    goes on showing the steps they have done and the states they hold (it stopped
    at the fork); the refusal watches only the steps of this process; the counts are
    those of one process, which forks nothing."""
    import json
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", SHARDS_SHOWN], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["same counts"]
    events = report["events"]
    forked = [i for i, event in enumerate(events) if event[0] == "fork"]
    assert forked, "no shard forked: the test tests nothing"
    before, after = events[:forked[0]], events[forked[0]:]
    assert not [event for event in after if event[0] == "watched"], after[:5]
    at_fork = [event[1] for event in before if event[0] == "watched"][-1]
    from_shards = [tuple(event[1:3]) for event in after
                   if event[0] == "shown" and "shard" in event[3]]
    assert len(set(from_shards)) >= 2, events[-10:]
    steps = [step for step, _ in from_shards]
    assert min(steps) >= at_fork and max(steps) > at_fork, (at_fork, from_shards)
    bars = _bars(done.stderr)
    assert any(" shards, " in bar or " shard, " in bar for bar in bars), bars[-5:]
