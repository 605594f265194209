"""
The prefix split, budgets and interrupts of the DP (issue: wrong counts under
memory pressure). Every count is compared with the brute force of conftest,
which shares no code with the package.
"""
import os
import time

import networkx
import psutil
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from conftest import as_tuples, brute_force_fiber_types
from sage_hcsf import count_homomorphisms, fiber_type_counts
from sage_hcsf.fiber_types.symmetry import automorphism_group_order
from sage_hcsf.errors import MemoryBudgetExceeded
from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
from sage_hcsf.fiber_types.dp import checked_self_counts, run_dp
from sage_hcsf.fiber_types.prepare import _kernel_target, vertex_order
from sage_hcsf.fiber_types.symmetry import prefix_tasks, symmetries_beyond_twins
from sage_hcsf.parallel.shards import Shards
from sage_hcsf.settings import processes
from sage_hcsf.graphs.graph_data import as_graph_data


def expected_counts(G, H):
    return brute_force_fiber_types(list(G.vertices(sort=True)), list(G.edges(labels=False)),
                                   list(H.vertices(sort=True)), list(H.edges(labels=False)))


@st.composite
def targets_with_twins(draw):
    """A base graph on 1..4 vertices (loops allowed) whose vertices are blown
    up into twin classes of 1..3 members, plus a few random edges that may
    break some of the symmetry."""
    k = draw(st.integers(1, 4))
    base = [(u, v) for u in range(k) for v in range(u, k) if draw(st.booleans())]
    sizes = [draw(st.integers(1, 3)) for _ in range(k)]
    members = []
    for w, size in enumerate(sizes):
        members.append(list(range(sum(sizes[:w]), sum(sizes[:w]) + size)))
    edges = set()
    for u, v in base:
        for a in members[u]:
            for b in members[v]:
                if u != v or a <= b:
                    edges.add((min(a, b), max(a, b)))
    N = sum(sizes)
    for _ in range(draw(st.integers(0, 2))):
        a, b = draw(st.integers(0, N - 1)), draw(st.integers(0, N - 1))
        edges.add((min(a, b), max(a, b)))
    return Graph([list(range(N)), sorted(edges)], format="vertices_and_edges", loops=True)


@st.composite
def sources(draw, most=7):
    """Any graph on 1..most vertices, disconnected ones included, mostly
    sparse (dense ones have few homomorphisms into small targets)."""
    n = draw(st.integers(1, most))
    density = draw(st.sampled_from([0.2, 0.35, 0.5, 0.8]))
    edges = [(u, v) for u in range(n) for v in range(u + 1, n)
             if draw(st.floats(0, 1)) < density]
    return Graph([list(range(n)), edges], format="vertices_and_edges")


def forced_depth_counts(G, H, depth, forget_dead, with_symmetries):
    G, H = as_graph_data(G), as_graph_data(H)
    adjacency, starts, ends = _kernel_target(H)
    order = vertex_order(G.adjacency)
    g_adj = [list(a) for a in G.adjacency]
    tasks = prefix_tasks(adjacency, g_adj, order, depth=depth)
    symmetries = symmetries_beyond_twins(adjacency, starts, ends) if with_symmetries else None
    return fiber_vector_dp(g_adj, list(G.loops), adjacency, starts, ends, order, True, 10**8,
                           max(1, H.order()) ** G.order(), forget_dead=forget_dead, tasks=tasks,
                           symmetries=symmetries)[0]


@pytest.mark.parametrize("G, H", [
    (graphs.PathGraph(3), graphs.CompleteGraph(2)),       # the smallest wrong case before
    (graphs.CycleGraph(6), graphs.CompleteGraph(4)),
    (graphs.PathGraph(7), graphs.CompleteGraph(5)),
    (graphs.CycleGraph(5), graphs.CompleteBipartiteGraph(2, 3)),
    (graphs.StarGraph(4), graphs.StarGraph(4)),
    (graphs.CompleteGraph(3).disjoint_union(graphs.PathGraph(3)), graphs.CompleteGraph(4)),
    (graphs.PathGraph(6), graphs.CompleteBipartiteGraph(2, 2).disjoint_union(Graph(1))),
])
def test_every_forced_depth_counts_each_homomorphism_once(G, H):
    expected = expected_counts(G, H)
    for depth in range(1, 7):
        for forget_dead in (False, True):
            for with_symmetries in (False, True):
                got = forced_depth_counts(G, H, depth, forget_dead, with_symmetries)
                assert got == expected, (depth, forget_dead, with_symmetries)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources(), targets_with_twins(), st.integers(1, 6), st.booleans(), st.booleans())
def test_forced_depths_on_random_graphs_with_twins(G, H, depth, forget_dead, with_symmetries):
    assert forced_depth_counts(G, H, depth, forget_dead, with_symmetries) == expected_counts(G, H)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(sources(most=12), targets_with_twins(), st.integers(8, 18), st.sampled_from(["dp", "auto"]),
       st.booleans())
def test_any_budget_gives_the_right_counts_or_refuses(G, H, log_budget, algorithm, loop):
    """Budgets from a few hundred bytes up: the right counts, or
    MemoryBudgetExceeded naming the budget; never a wrong count. The oracle
    is the enumeration (brute force on the smallest graphs)."""
    if loop:
        G = Graph(G, loops=True)
        G.add_edge(0, 0)
    number = count_homomorphisms(G, H, algorithm="dp")  # scalar: no fibers, no split
    assume(number <= 200000)  # within reach of the enumeration
    budget = 2 ** log_budget + log_budget * 37
    try:
        got = fiber_type_counts(G, H, algorithm=algorithm, memory_budget=budget)
    except MemoryBudgetExceeded as error:
        assert "memory budget" in str(error)
        return
    expected = (expected_counts(G, H) if G.order() <= 7
                else as_tuples(fiber_type_counts(G, H, algorithm="enumerate")))
    assert as_tuples(got) == expected
    assert sum(expected.values()) == number


@pytest.mark.parametrize("n, budget", [(14, 8488), (14, 16000), (10, 3000), (12, 20000)])
def test_paths_into_K4_under_budgets(n, budget):
    """The reproducers of the fuzz campaign, and their neighbours: paths into
    K4, whose vertices are all twins, under budgets that force deep splits."""
    P, K4 = graphs.PathGraph(n), graphs.CompleteGraph(4)
    # closed form: a walk of n vertices in K4 has 4 * 3^(n-1) colourings
    number = 4 * 3 ** (n - 1)
    assert count_homomorphisms(P, K4) == number
    try:
        got = fiber_type_counts(P, K4, algorithm="auto", memory_budget=budget)
    except MemoryBudgetExceeded:
        return
    assert sum(got.values()) == number
    assert got == fiber_type_counts(P, K4, algorithm="enumerate")


def test_the_cycle_into_K4_reproducer():
    C6, K4 = graphs.CycleGraph(6), graphs.CompleteGraph(4)
    expected = expected_counts(C6, K4)
    for budget in (600, 1141, 2000, 5000):
        try:
            assert as_tuples(fiber_type_counts(C6, K4, algorithm="dp",
                                               memory_budget=budget)) == expected
        except MemoryBudgetExceeded:
            pass


def test_self_counts_are_checked_against_hom_and_aut():
    for T in [graphs.RandomTree(15, seed=s) for s in range(3)] + [graphs.PetersenGraph()]:
        run = checked_self_counts(T)
        assert sum(run.result.values()) == count_homomorphisms(T, T, algorithm="enumerate")
        matcher = networkx.algorithms.isomorphism.GraphMatcher(T.networkx_graph(),
                                                               T.networkx_graph())
        assert run.result[(1,) * T.order()] == sum(1 for _ in matcher.isomorphisms_iter())
        assert run.result[(1,) * T.order()] == automorphism_group_order(T)


def test_split_is_recorded():
    T = graphs.RandomTree(16, seed=1)
    assert "prefix depth" in run_dp(T, T, split=True).split
    assert run_dp(T, T, engine=1).split == "engine I, no prefix split"


def test_a_small_budget_is_refused_quickly_naming_it():
    """No burst of forks: refused within seconds, with the budget named."""
    T = graphs.RandomTree(24, seed=2)
    old = processes(2)
    try:
        for budget in (2000, 30000, 200000):
            start = time.perf_counter()
            with pytest.raises(MemoryBudgetExceeded, match="memory budget of"):
                fiber_type_counts(T, T, algorithm="dp", memory_budget=budget)
            assert time.perf_counter() - start < 30
    finally:
        processes(old)


def children():
    return {child.pid for child in psutil.Process().children(recursive=True)}


@pytest.mark.parametrize("offset", [0.05, 0.15, 0.3, 0.5, 0.8, 1.2, 1.7, 2.3])
def test_alarms_at_many_offsets_of_a_sharded_run(offset, show=None):
    """An alarm anywhere in a run shared out in many small shards raises the
    interrupt and nothing else; no child is left; the next count is right."""
    from cysignals.alarm import AlarmInterrupt, alarm, cancel_alarm
    G = as_graph_data(graphs.RandomTree(20, seed=4))
    adjacency, starts, ends = _kernel_target(G)
    order = vertex_order(G.adjacency)
    args = ([list(a) for a in G.adjacency], list(G.loops), adjacency, starts, ends, order,
            True, 10**9, 20**20)
    before = children()
    finished = False
    try:
        alarm(offset)
        fiber_vector_dp(*args, forget_dead=True,
                        finish=Shards(processes=2, split_at=50, show=show))
        finished = True
    except (AlarmInterrupt, KeyboardInterrupt):
        pass
    finally:
        cancel_alarm()
    assert children() <= before
    if finished:
        return
    P = graphs.PetersenGraph()
    assert run_dp(P, P).result == run_dp(P, P, engine=1).result


@pytest.mark.parametrize("offset", [0.1, 0.4, 1.0])
def test_alarms_while_the_shards_are_shown(offset):
    """The same, the parent showing the shards' progress (it waits for them a
    quarter of a second at a time): an alarm then too raises the interrupt."""
    shown = []
    test_alarms_at_many_offsets_of_a_sharded_run(offset, lambda *report: shown.append(report))


def test_no_zombie_after_interrupts():
    """The shards of the interrupted runs were all reaped."""
    for child in psutil.Process().children():
        assert child.status() != psutil.STATUS_ZOMBIE or child.pid == os.getpid()


def no_fork(*args):
    raise AssertionError("forked")


@pytest.mark.parametrize("n, seed", [(14, 1), (16, 2), (18, 3)])
def test_over_budget_runs_shard_in_this_process(n, seed, monkeypatch):
    """A step over the budget: the run goes on in shards one after the other
    in this process (no fork), from one kept table, to the same counts."""
    T = as_graph_data(graphs.RandomTree(n, seed=seed))
    adjacency, starts, ends = _kernel_target(T)
    order = vertex_order(T.adjacency)
    args = ([list(a) for a in T.adjacency], list(T.loops), adjacency, starts, ends, order, True)
    whole, _, peak = fiber_vector_dp(*args, 10**9, n**n, forget_dead=True)
    monkeypatch.setattr(os, "fork", no_fork)
    finished = 0
    for fraction in (0.75, 0.5, 0.35):
        try:
            counts, _, nbytes = fiber_vector_dp(*args, int(peak * fraction), n**n,
                                                forget_dead=True, finish=Shards())
        except MemoryBudgetExceeded:
            continue
        finished += 1
        assert counts == whole
        assert nbytes <= int(peak * fraction)
    assert finished  # three quarters of the peak is enough in shards


def test_no_fork_while_threads_run(monkeypatch):
    """A process running threads (a notebook kernel, a Dask worker) never
    forks shards: the run goes on in this process, to the same counts."""
    import threading
    T = as_graph_data(graphs.RandomTree(18, seed=5))
    adjacency, starts, ends = _kernel_target(T)
    args = ([list(a) for a in T.adjacency], list(T.loops), adjacency, starts, ends,
            vertex_order(T.adjacency), True, 10**9, 18**18)
    serial = fiber_vector_dp(*args, forget_dead=True)[0]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        monkeypatch.setattr(os, "fork", no_fork)
        assert fiber_vector_dp(*args, forget_dead=True,
                               finish=Shards(processes=2, split_at=50))[0] == serial
    finally:
        stop.set()
        thread.join()
