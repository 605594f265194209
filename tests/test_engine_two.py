"""Engine II (issue 10): forgetting unreachable vertices of H and splitting by
the orbits of Aut(H) change no count. Checked against the pure-Python brute
force (looped H, disconnected G, loops in G), against engine I on every tree
up to 12 vertices, and against closed forms on symmetric targets."""
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytest
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from conftest import brute_force_fiber_types
from sage_hcsf import count_homomorphisms, fiber_type_counts
from sage_hcsf.fiber_types.symmetry import automorphism_group_order
from sage_hcsf.errors import MemoryBudgetExceeded
from sage_hcsf.fiber_types.dp import run_dp
from sage_hcsf.fiber_types.symmetry import prefix_tasks
from test_properties import graph_pairs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph_pairs(), st.booleans(), st.data())
def test_engine_two_matches_brute_force(pair, loop_in_G, data):
    n, edges_G, N, edges_H = pair
    if loop_in_G and n:
        edges_G = edges_G + [(data.draw(st.integers(0, n - 1)),) * 2]
    G = Graph([list(range(n)), edges_G], format="vertices_and_edges", loops=True)
    H = Graph([list(range(N)), edges_H], format="vertices_and_edges", loops=True)
    expected = brute_force_fiber_types(list(range(n)), edges_G, list(range(N)), edges_H)
    if n == 0:
        return
    for split in (None, True, False):
        got = run_dp(G, H, split=split).result
        assert {k: v for k, v in got.items() if v} == expected, split


def test_every_tree_up_to_12_vertices_is_unchanged():
    """The self-CSFs of all 987 trees on 1..12 vertices: engine II = engine I."""
    checked = 0
    for n in range(1, 13):
        for T in graphs.trees(n):
            one = run_dp(T, T, engine=1).result
            assert run_dp(T, T, split=False).result == one, T.graph6_string()
            assert run_dp(T, T, split=True).result == one, T.graph6_string()
            checked += 1
    assert checked == 987  # Otter: 1, 1, 1, 2, 3, 6, 11, 23, 47, 106, 235, 551


@pytest.mark.parametrize("G, H", [
    (graphs.PetersenGraph(), graphs.PetersenGraph()),
    (graphs.CubeGraph(3), graphs.CubeGraph(3)),
    (graphs.BalancedTree(2, 3), graphs.BalancedTree(2, 3)),
    (graphs.Grid2dGraph(2, 4), graphs.PetersenGraph()),
    (graphs.CycleGraph(7).disjoint_union(graphs.PathGraph(2)), graphs.CycleGraph(5)),
])
def test_split_by_orbits_agrees_with_engine_one_and_enumeration(G, H):
    split = run_dp(G, H, split=True).result
    assert split == run_dp(G, H, engine=1).result
    assert split == {tuple(k): v for k, v in fiber_type_counts(G, H, algorithm="enumerate").items()}


@pytest.mark.parametrize("H, vertex_orbits", [
    (graphs.PetersenGraph(), 1), (graphs.CubeGraph(4), 1),  # vertex-transitive
    (graphs.BalancedTree(2, 3), 4), (graphs.StarGraph(5), 2)])  # the levels
def test_task_weights_count_the_pairs_of_images(H, vertex_orbits):
    """The weights of the tasks add up to the images of the first two vertices
    (2|E(H)| adjacent pairs); the first images are one per orbit of Aut(H)."""
    adjacency = [sorted(H.neighbors(v)) for v in H]
    index = {v: i for i, v in enumerate(H)}
    adjacency = [[index[u] for u in nbrs] for nbrs in adjacency]
    tasks = prefix_tasks(adjacency, [[1], [0]], [0, 1])
    assert sum(weight for _, weight in tasks) == 2 * H.size()
    assert len({prefix[0][0] for prefix, _ in tasks}) == vertex_orbits


def test_identity_type_counts_automorphisms_with_the_split():
    """N_{1^n}(G, G) = |Aut(G)|, computed independently by Sage's search."""
    for G in (graphs.PetersenGraph(), graphs.CubeGraph(4), graphs.BalancedTree(2, 3)):
        counts = run_dp(G, G).result
        assert counts[(1,) * G.order()] == automorphism_group_order(G)


def test_hom_count_of_the_split_equals_the_scalar_dp():
    T = graphs.BalancedTree(2, 3)
    assert sum(run_dp(T, T).result.values()) == count_homomorphisms(T, T, algorithm="dp")


def test_budget_too_small_even_for_the_split_is_said():
    T = graphs.RandomTree(16, seed=4)
    with pytest.raises(MemoryBudgetExceeded, match="memory budget of 2.0 kB"):
        run_dp(T, T, memory_budget=2000)


def test_dp1_is_an_engine():
    P3 = graphs.PathGraph(3)
    assert fiber_type_counts(P3, P3, algorithm="dp1") == fiber_type_counts(P3, P3)


@pytest.mark.parametrize("H", [graphs.PetersenGraph(), graphs.CubeGraph(4), graphs.BalancedTree(2, 3),
                               graphs.StarGraph(4), graphs.Grid2dGraph(3, 4),
                               graphs.CompleteBipartiteGraph(2, 3), graphs.RandomTree(12, seed=5)])
def test_symmetries_times_twin_permutations_are_the_automorphisms(H):
    """|cosets| * prod(|class|!) = |Aut(H)| (Sage's search on H itself)."""
    from math import factorial, prod
    from sage_hcsf.fiber_types.prepare import _kernel_target
    from sage_hcsf.fiber_types.symmetry import symmetries_beyond_twins
    from sage_hcsf.graphs.graph_data import as_graph_data
    adjacency, starts, ends = _kernel_target(as_graph_data(H))
    maps = symmetries_beyond_twins(adjacency, starts, ends, limit=10**4)
    twins = prod(factorial(ends[a] - a) for a in set(starts))
    assert len(maps) * twins == automorphism_group_order(H)
    edges = {(w, u) for w in range(len(adjacency)) for u in adjacency[w]}
    for g in maps:  # each is an automorphism
        assert {(g[w], g[u]) for w, u in edges} == edges


@pytest.mark.parametrize("G, H", [
    (graphs.Grid2dGraph(3, 3), graphs.PetersenGraph()),
    (graphs.BalancedTree(2, 3), graphs.BalancedTree(2, 3)),
    (graphs.CubeGraph(3), graphs.CubeGraph(3)),
    (graphs.RandomTree(13, seed=2), graphs.BalancedTree(2, 3)),
    (graphs.CycleGraph(6), graphs.CompleteBipartiteGraph(3, 3)),
])
def test_canonical_forms_under_aut_change_no_count(G, H):
    """With and without the symmetries beyond twins, split or not, against engine I."""
    from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    from sage_hcsf.fiber_types.prepare import _kernel_target, vertex_order
    from sage_hcsf.fiber_types.symmetry import symmetries_beyond_twins
    from sage_hcsf.graphs.graph_data import as_graph_data
    one = run_dp(G, H, engine=1).result
    Gd, Hd = as_graph_data(G), as_graph_data(H)
    adjacency, starts, ends = _kernel_target(Hd)
    order = vertex_order(Gd.adjacency)
    g_adj = [list(a) for a in Gd.adjacency]
    maps = symmetries_beyond_twins(adjacency, starts, ends)
    assert maps is not None and len(maps) > 1
    bound = Hd.order() ** Gd.order()
    for tasks in (None, prefix_tasks(adjacency, g_adj, order), prefix_tasks(adjacency, g_adj, order, depth=3)):
        for forget in (False, True):
            got = fiber_vector_dp(g_adj, list(Gd.loops), adjacency, starts, ends, order, True,
                                  10**9, bound, forget_dead=forget, tasks=tasks,
                                  symmetries=maps)[0]
            assert {k: v for k, v in got.items() if v} == one


@pytest.mark.parametrize("n, seed", [(12, 1), (15, 2), (17, 3)])
def test_sharing_a_run_between_processes_changes_no_count(n, seed):
    """Forked processes split by the image of a frontier vertex: same counts."""
    from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    from sage_hcsf.fiber_types.prepare import _kernel_target, vertex_order
    from sage_hcsf.graphs.graph_data import as_graph_data
    from sage_hcsf.parallel.shards import Shards
    G = as_graph_data(graphs.RandomTree(n, seed=seed))
    adjacency, starts, ends = _kernel_target(G)
    order = vertex_order(G.adjacency)
    args = ([list(a) for a in G.adjacency], list(G.loops), adjacency, starts, ends, order, True,
            10**9, n**n)
    serial = fiber_vector_dp(*args, forget_dead=True)[0]
    for processes in (2, 3):
        assert fiber_vector_dp(*args, forget_dead=True,
                               finish=Shards(processes=processes, split_at=100))[0] == serial
    assert serial == run_dp(G, G, engine=1).result


# Run in a fresh interpreter: forks happen only in a single-threaded process
# (sage_hcsf.parallel.shards._may_fork), and earlier tests (Dask) may leave threads here.
SHARDED_RUN_INTERRUPTED = """
import json, os, signal, threading
import psutil
import sage_hcsf
import sage_hcsf.kernels.fiber_dp as kernel
import sage_hcsf.parallel.shards as shards
from cysignals.alarm import AlarmInterrupt
from sage.graphs.graph_generators import graphs
from sage_hcsf.fiber_types.dp import run_dp
from sage_hcsf.fiber_types.prepare import _kernel_target, vertex_order
from sage_hcsf.graphs.graph_data import as_graph_data

forked = []
fork = shards._fork

def fork_then_interrupt():
    pid = fork()
    if pid:   # the parent, interrupts blocked: the signal waits until the shard is registered
        forked.append(pid)
        if len(forked) == 2:
            os.kill(os.getpid(), signal.SIGALRM)
    return pid

shards._fork = fork_then_interrupt
T = as_graph_data(graphs.RandomTree(26, seed=1))
adjacency, starts, ends = _kernel_target(T)
args = ([list(a) for a in T.adjacency], list(T.loops), adjacency, starts, ends,
        vertex_order(T.adjacency), True, 10**9, 26**26)
threads = threading.active_count()
try:
    kernel.fiber_vector_dp(*args, forget_dead=True,
                           finish=shards.Shards(processes=2, split_at=100))
    outcome = "finished"
except AlarmInterrupt:
    outcome = "AlarmInterrupt"
left = [child.pid for child in psutil.Process().children()]
P = graphs.PetersenGraph()
print(json.dumps({"threads": threads, "outcome": outcome, "forked": forked, "left": left,
                  "next run right": run_dp(P, P).result == run_dp(P, P, engine=1).result}))
"""


def test_an_interrupt_stops_the_shared_run_and_its_children():
    """A signal (as Ctrl-C) once a run shared by 2 processes has forked both
    shards: the parent raises, the shards are killed and reaped, and the
    next run is right."""
    import json
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", SHARDED_RUN_INTERRUPTED], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["threads"] == 1  # so the shards may fork
    assert len(report["forked"]) == 2, report  # the path under test: two forked shards
    assert report["outcome"] == "AlarmInterrupt", report
    assert report["left"] == [], report  # no shard left running, or a zombie
    assert report["next run right"]


def test_a_shared_run_with_live_threads_forks_nothing(monkeypatch):
    """With a second thread running, a run allowed 2 processes asks whether
    it may fork once its table is large, is told no (a fork there may
    deadlock the child), and goes on in this process: same counts."""
    import threading
    import sage_hcsf.kernels.fiber_dp as kernel
    import sage_hcsf.parallel.shards as shards
    from sage_hcsf.fiber_types.prepare import _kernel_target, vertex_order
    from sage_hcsf.graphs.graph_data import as_graph_data
    G = as_graph_data(graphs.RandomTree(15, seed=2))
    adjacency, starts, ends = _kernel_target(G)
    args = ([list(a) for a in G.adjacency], list(G.loops), adjacency, starts, ends,
            vertex_order(G.adjacency), True, 10**9, 15**15)
    serial = kernel.fiber_vector_dp(*args, forget_dead=True)[0]
    forks, answers = [], []
    may_fork = shards._may_fork

    def asked():
        answers.append(may_fork())
        return answers[-1]
    monkeypatch.setattr(shards, "_fork", lambda: forks.append(1) or os.fork())
    monkeypatch.setattr(shards, "_may_fork", asked)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        shared = kernel.fiber_vector_dp(*args, forget_dead=True,
                                        finish=shards.Shards(processes=2, split_at=100))[0]
    finally:
        stop.set()
        thread.join()
    assert answers and not any(answers)  # the question was asked, and answered no
    assert forks == []
    assert shared == serial == run_dp(G, G, engine=1).result


def test_every_task_of_a_shared_run_has_the_whole_budget():
    """Sharing a task out between processes halves its budget for that task
    only: many tasks in a row still run (a regression: the halves compounded)."""
    from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    from sage_hcsf.fiber_types.prepare import _kernel_target, vertex_order
    from sage_hcsf.graphs.graph_data import as_graph_data
    from sage_hcsf.parallel.shards import Shards
    G = as_graph_data(graphs.RandomTree(15, seed=2))
    adjacency, starts, ends = _kernel_target(G)
    order = vertex_order(G.adjacency)
    g_adj = [list(a) for a in G.adjacency]
    tasks = prefix_tasks(adjacency, g_adj, order)
    assert len(tasks) > 10
    args = (g_adj, list(G.loops), adjacency, starts, ends, order, True)
    serial, _, peak = fiber_vector_dp(*args, 10**9, 15**15, forget_dead=True, tasks=tasks)
    shared = fiber_vector_dp(*args, 8 * peak, 15**15, forget_dead=True, tasks=tasks,
                             finish=Shards(processes=2, split_at=50))[0]
    assert shared == serial
