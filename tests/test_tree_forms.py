"""Canonical forms of tree targets (issue 25): states kept in the canonical form
of Aho, Hopcroft and Ullman under all of Aut(H) for a tree H (blocks of
labels exchanged, tree_codes.tree_target) change no count. Checked against
the pure-Python brute force and the enumeration engine, with and without
prefix tasks, forgetting and shards, and against the coset representatives
(the same states: both are canonical forms under the whole group)."""
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytest
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from conftest import brute_force_fiber_types
from sage_hcsf import fiber_type_counts
from sage_hcsf.fiber_types.dp import run_dp
from sage_hcsf.fiber_types.prepare import _kernel_target, _tree_kernel_target, vertex_order
from sage_hcsf.fiber_types.symmetry import (automorphism_group_order, prefix_tasks,
                                            symmetries_beyond_twins)
from sage_hcsf.graphs.graph_data import as_graph_data
from sage_hcsf.graphs.tree_codes import tree_adjacency, tree_target
from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
from sage_hcsf.parallel.shards import Shards


def symmetric_tree(rng, copies, branch, extra):
    """A root with `copies` copies of a random rooted tree on `branch`
    vertices, and `extra` more vertices hung at random: a tree whose
    automorphisms go beyond its twins (most of the time)."""
    edges, n = [], 1
    shape = [rng.randrange(i) if i else None for i in range(branch)]
    for _ in range(copies):
        first = n
        for i, parent in enumerate(shape):
            edges.append((0 if parent is None else first + parent, first + i))
        n += branch
    for _ in range(extra):
        edges.append((rng.randrange(n), n))
        n += 1
    return Graph(edges)


@st.composite
def tree_targets(draw):
    rng = random.Random(draw(st.integers(0, 10**6)))
    if draw(st.booleans()):
        return symmetric_tree(rng, draw(st.integers(2, 3)), draw(st.integers(2, 4)),
                              draw(st.integers(0, 2)))
    return graphs.RandomTree(draw(st.integers(3, 11)), seed=rng.randrange(10**6))


@st.composite
def small_graphs(draw):
    n = draw(st.integers(1, 6))
    edges = [(u, v) for u in range(n) for v in range(u + 1, n) if draw(st.booleans())]
    return Graph([list(range(n)), edges], format="vertices_and_edges")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_graphs(), tree_targets(), st.sampled_from([None, True, False]))
def test_tree_forms_match_brute_force(G, H, split):
    H = Graph(H)
    H.relabel()
    expected = brute_force_fiber_types(list(G), G.edges(labels=False), list(H),
                                       H.edges(labels=False))
    got = run_dp(G, H, split=split).result
    assert {k: v for k, v in got.items() if v} == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree_targets(), st.integers(0, 10**6))
def test_tree_forms_of_trees_into_symmetric_trees_match_the_enumeration(H, seed):
    G = graphs.RandomTree(random.Random(seed).randint(6, 11), seed=seed)
    got = run_dp(G, H, split=False).result
    expected = fiber_type_counts(G, H, algorithm="enumerate")
    assert got == {tuple(k): v for k, v in expected.items()}


def forced_runs(G, H):
    """The kernel on G -> H with the tree forms, every way it runs: tasks or
    not, forgetting or not, shards in forked processes or not; and the
    number of states with the tree forms and with the coset representatives."""
    Gd, Hd = as_graph_data(G), as_graph_data(H)
    adjacency, starts, ends, groups = _tree_kernel_target(Hd)
    order = vertex_order(Gd.adjacency)
    g_adj = [list(a) for a in Gd.adjacency]
    args = (g_adj, list(Gd.loops), adjacency, starts, ends, order, True, 10**9,
            Hd.order() ** Gd.order())
    results = []
    for tasks in (None, prefix_tasks(adjacency, g_adj, order),
                  prefix_tasks(adjacency, g_adj, order, depth=3)):
        for forget in (False, True):
            results.append(fiber_vector_dp(*args, forget_dead=forget, tasks=tasks,
                                           tree_groups=groups)[0])
    results.append(fiber_vector_dp(*args, forget_dead=True, tree_groups=groups,
                                   finish=Shards(processes=2, split_at=50))[0])
    states = fiber_vector_dp(*args, forget_dead=True, tree_groups=groups)[1]
    maps = symmetries_beyond_twins(adjacency, starts, ends, limit=10**5)
    coset_states = fiber_vector_dp(*args, forget_dead=True, symmetries=maps)[1]
    return results, states, coset_states


@pytest.mark.parametrize("G, H", [
    (graphs.BalancedTree(2, 3), graphs.BalancedTree(2, 3)),
    (graphs.BalancedTree(3, 2), graphs.BalancedTree(3, 2)),
    (graphs.PathGraph(9), graphs.PathGraph(8)),         # a central edge exchanged
    (graphs.RandomTree(12, seed=4), graphs.BalancedTree(2, 3)),
    (graphs.CycleGraph(7), graphs.BalancedTree(2, 2)),  # no homomorphism: odd cycle
    (graphs.Grid2dGraph(2, 4), graphs.BalancedTree(2, 3)),
    (graphs.CompleteBipartiteGraph(2, 3), symmetric_tree(random.Random(3), 3, 3, 1)),
])
def test_every_path_of_the_tree_forms_against_engine_one(G, H):
    one = run_dp(G, H, engine=1).result
    results, states, coset_states = forced_runs(G, H)
    for got in results:
        assert {k: v for k, v in got.items() if v} == one
    assert states == coset_states   # both are canonical under all of Aut(H)


def test_tree_target_groups_generate_the_automorphisms():
    """The exchanges of the blocks of each group and the twin permutations
    generate a group of order |Aut(T)| (Sage's search on T), for every tree
    on 3 to 11 vertices: the tree forms are canonical under all of Aut(T)."""
    from sage.groups.perm_gps.permgroup import PermutationGroup
    checked = 0
    for n in range(3, 12):
        for T in graphs.trees(n):
            data = as_graph_data(T)
            target = _tree_kernel_target(data)
            adjacency, starts, ends, groups = target or (*_kernel_target(data), [])
            generators = []
            for start, size, count in groups:
                for i in range(1, count):
                    perm = list(range(n))
                    for x in range(start, start + size):
                        perm[x], perm[x + i * size] = x + i * size, x
                    generators.append(perm)
            for a in set(starts):
                for b in range(a + 1, ends[a]):
                    perm = list(range(n))
                    perm[a], perm[b] = b, a
                    generators.append(perm)
            order = PermutationGroup([[p + 1 for p in g] for g in generators],
                                     domain=list(range(1, n + 1))).order() if generators else 1
            assert order == automorphism_group_order(T), T.graph6_string()
            checked += 1
    assert checked == sum(1 for n in range(3, 12) for _ in graphs.trees(n))


def test_tree_target_labels_subtrees_as_blocks():
    """Each group's blocks are isomorphic sibling subtrees: x -> x + i * size
    is an automorphism (the plan checks it too); twins are consecutive."""
    with_groups = 0
    for seed in range(20):
        T = symmetric_tree(random.Random(seed), 3, 4, 2)
        new_label, groups = tree_target(tree_adjacency(T))
        assert sorted(new_label) == list(range(T.order()))
        with_groups += bool(groups)
        relabelled = T.relabel(dict(zip(T.vertices(sort=True), new_label)), inplace=False)
        edges = {frozenset(e) for e in relabelled.edges(labels=False)}
        for start, size, count in groups:
            for i in range(1, count):
                sigma = list(range(T.order()))
                for x in range(start, start + size):
                    sigma[x], sigma[x + i * size] = x + i * size, x
                assert {frozenset((sigma[u], sigma[v])) for u, v in edges} == edges
    assert with_groups >= 10


def test_a_symmetric_tree_into_itself_counts_its_automorphisms():
    """A run with the tree forms: the counts add up to hom(T, T) (checked in
    run_dp) and the bijections are the automorphisms."""
    T = graphs.BalancedTree(2, 3)
    run = run_dp(T, T, split=False)
    assert "tree forms" in run.split
    assert run.result[(1,) * 15] == 2**7 == automorphism_group_order(T)
