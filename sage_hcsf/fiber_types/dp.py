r"""
Running the DP kernel from Python.

:func:`run_dp` prepares `G` and `H` for the compiled kernel
(:mod:`sage_hcsf.kernels.fiber_dp`), splits the run into prefix tasks
when `G` has symmetry worth using, checks the total against the number of
homomorphisms, and returns a :class:`DPRun` with the counts and the memory
they took. :func:`checked_self_counts` is the same for `X_G^G`, with the
automorphism-group checks of the self case; :func:`largest_fiber` bounds
the fibers a homomorphism `G \to H` can have.
"""

from typing import NamedTuple

from sage_hcsf.errors import InconsistentCounts, MemoryBudgetExceeded, StatesOutOfReach
from sage_hcsf.fiber_types.prepare import _kernel_target, _tree_kernel_target, vertex_order
from sage_hcsf.fiber_types.progress import watching
from sage_hcsf.fiber_types.symmetry import (
    _MAX_SPLIT_DEPTH,
    automorphism_group_order,
    prefix_tasks,
    symmetries_beyond_twins,
)
from sage_hcsf.graphs.graph_data import as_graph_data
from sage_hcsf.kernels.fiber_dp import KERNEL_VERSION, fiber_vector_dp
from sage_hcsf.parallel.shards import Shards
from sage_hcsf.settings import budget_for_call, processes

# engine II runs engine I first on graphs G with at most this many vertices
_SMALL_G = 12


class DPRun(NamedTuple):
    r"""
    What a run of the DP returns: ``result`` (fiber-type counts as
    ``{partition tuple: int}``, or the number of homomorphisms), the most
    states held in one table (``peak_states``) and the most bytes held by
    the tables at once (``peak_bytes``).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.dp import DPRun
        sage: DPRun(6, 2, 1024).peak_states
        2
        sage: DPRun(6, 2, 1024).split
        'none'
    """
    result: object
    peak_states: int
    peak_bytes: int
    split: str = "none"


def run_dp(G, H, track_fibers=True, memory_budget=None, number_of_homs=None,
           engine=2, split=None, tree_forms=True, *, progress=None):
    r"""
    Run the DP kernel on ``G`` and ``H``; return a :class:`DPRun` with the
    result and the memory it took.

    The residues are exact below a bound: `|V(H)|^n` for the number of
    homomorphisms, and that number (``number_of_homs``, computed first if
    not given) for the fiber-type counts.

    INPUT:

    - ``G``, ``H`` -- graphs in any accepted form (:mod:`sage_hcsf.graphs.graph_data`);
      `|V(H)| \le 255`, and `|V(G)| \le 255` if ``track_fibers``
    - ``track_fibers`` -- boolean (default: ``True``); ``False`` counts
      the homomorphisms only
    - ``memory_budget`` -- bytes (default: :func:`memory_budget`)
    - ``number_of_homs`` -- the number of homomorphisms, if known
    - ``engine`` -- ``2`` (default) or ``1``: with fibers, engine II
      forgets the vertices of `H` no later vertex can reach (their fiber
      sizes go into a histogram); when `\mathrm{Aut}(H)` is large enough
      to split by (below) and has at most 1024 elements up to twin
      permutations, it keeps states in canonical form under it
      (:func:`symmetries_beyond_twins`); it splits the homomorphisms by the orbits of
      `\mathrm{Aut}(H)` (:func:`prefix_tasks`) when that divides the work
      by two or more, and splits them anyway when one run would exceed the
      memory budget (by two more vertices at a time, up to six); a big run
      is shared out between :func:`processes` processes; for `G` on
      at most 12 vertices it runs engine I first, which is quicker there
      (and goes on as above if that exceeds the budget); engine I is the
      DP as it was before (twin classes
      only), kept as the baseline of the benchmarks
    - ``split`` -- ``None`` (default: as said above), ``True`` or ``False``:
      whether engine II splits the homomorphisms by the images of the first
      two vertices (:func:`prefix_tasks`)
    - ``tree_forms`` -- boolean (default: ``True``); into a tree `H` with
      automorphisms beyond its twins, engine II keeps the states in the
      canonical form of Aho, Hopcroft and Ullman under all of
      `\mathrm{Aut}(H)`, whatever its order
      (:func:`~sage_hcsf.graphs.tree_codes.tree_target`) instead of by
      coset representatives; ``False`` keeps the representatives (the
      tests compare the two)
    - ``progress`` -- ``None`` (default: in a terminal or a notebook),
      ``True`` or ``False`` (a keyword argument): whether a call that has
      taken two seconds shows a progress bar (:mod:`~sage_hcsf.fiber_types.progress`;
      the call around this one decides, if there is one)

    Every run is watched (:class:`~sage_hcsf.fiber_types.progress.DPWatch`):
    one whose states are bound to outgrow the budget, even in shards, is
    refused within its first steps
    (:class:`~sage_hcsf.errors.StatesOutOfReach`, not split
    further).

    OUTPUT: a :class:`DPRun`; ``peak_states`` and ``peak_bytes`` are those
    of the largest task

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.dp import run_dp
        sage: K13 = graphs.StarGraph(3)
        sage: run = run_dp(K13, K13); sorted(run.result.items()), run.peak_states
        ([((1, 1, 1, 1), 6), ((2, 1, 1), 18), ((3, 1), 6)], 4)
        sage: run_dp(K13, K13, False).result
        30
        sage: run_dp(K13, K13, engine=1).result == run.result
        True

    The Petersen graph is vertex-transitive and the stabiliser of a vertex
    moves its neighbours transitively: one task of weight `10 \cdot 3`::

        sage: P = graphs.PetersenGraph()
        sage: run_dp(P, P).result == run_dp(P, P, engine=1).result
        True

    A budget too small for one run, enough for the split runs::

        sage: T = graphs.RandomTree(14, seed=3)
        sage: one = run_dp(T, T, engine=1)
        sage: run_dp(T, T, memory_budget=one.peak_bytes // 8).result == one.result
        True
        sage: run_dp(T, T, memory_budget=one.peak_bytes // 8, engine=1)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget ...

    Ctrl-C (here an alarm) stops a long run within a fraction of a second::

        sage: alarm(0.5); run_dp(graphs.RandomTree(26, seed=1), graphs.RandomTree(26, seed=1))
        Traceback (most recent call last):
        ...
        AlarmInterrupt
    """
    if engine not in (1, 2):
        raise ValueError(f"engine must be 1 or 2; got {engine!r}")
    G, H = as_graph_data(G, "G"), as_graph_data(H, "H")
    budget = budget_for_call(memory_budget)
    with watching(progress) as watch:
        return _run_dp(G, H, track_fibers, budget, number_of_homs, engine, split,
                       tree_forms, watch)


def _run_dp(G, H, track_fibers, budget, number_of_homs, engine, split, tree_forms,
            watch):
    r"""
    Return what :func:`run_dp` does, for ``G`` and ``H`` as
    :class:`~sage_hcsf.graphs.graph_data.GraphData`, the budget in bytes
    ``tree_forms`` as there and the
    :class:`~sage_hcsf.fiber_types.progress.DPWatch` of the call.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.dp import _run_dp
        sage: from sage_hcsf.fiber_types.progress import DPWatch
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: P3 = as_graph_data(graphs.PathGraph(3))
        sage: _run_dp(P3, P3, False, 10**6, None, 2, None, True, DPWatch(False)).result
        6
    """
    plain = _kernel_target(H)
    order = vertex_order(G.adjacency)
    g_adj = [list(a) for a in G.adjacency]
    bound = H.order() ** G.order()

    def run(fibers, bound, engine, tasks=None, symmetries=None, target=plain, groups=None):
        # engine II is the kernel forgetting dead vertices (forget_dead), with
        # the symmetries, the prefix tasks and the processes; engine I is
        # without; both go on in shards where a step would exceed the budget
        two = engine == 2
        what = "fiber types" if fibers else "homomorphisms"
        if tasks and len(tasks) > 1:
            what += f", {len(tasks)} tasks"
        adjacency, starts, ends = target
        watcher = watch.watcher(what)
        counted = fiber_vector_dp(g_adj=g_adj, g_loops=list(G.loops), h_adj=adjacency,
                                  class_start=starts, class_end=ends, order=order,
                                  track_fibers=fibers, memory_budget=budget, bound=bound,
                                  forget_dead=two, tasks=tasks, symmetries=symmetries,
                                  max_fiber=largest_fiber(G, H) if two else None,
                                  finish=Shards(processes=processes() if two else 1,
                                                watch=watcher, show=watcher.show_shards),
                                  tree_groups=groups)
        result = DPRun(*counted, split=_split_name(engine, tasks, groups))
        if fibers:
            _check_total(result, bound)
        return result
    if not track_fibers:
        return run(False, bound, 1)
    bound = number_of_homs if number_of_homs is not None else run(False, bound, 1).result
    if engine == 1:
        return run(True, bound, 1)
    if split is None and G.order() <= _SMALL_G:
        try:  # small: engine I is quicker than the preparations of engine II
            return run(True, bound, 1)
        except StatesOutOfReach:
            raise
        except MemoryBudgetExceeded:
            pass
    # a tree target with symmetries beyond its twins: canonical forms of
    # AHU (tree_codes.tree_target), in its labelling; else the coset
    # representatives of Aut(H) over the twin permutations
    tree = _tree_kernel_target(H) if tree_forms else None
    target, groups = (tuple(tree[:3]), tree[3]) if tree is not None else (plain, None)
    adjacency, starts, ends = target

    def cosets():
        return None if groups else symmetries_beyond_twins(adjacency, starts, ends)
    if split is not None:
        return run(True, bound, 2, prefix_tasks(adjacency, g_adj, order) if split else None,
                   cosets(), target, groups)
    # canonical forms of a tree merge what the prefix tasks would split by
    # symmetry (and more: states of different tasks merge); a few coset
    # representatives cost more than the states they merge (measured)
    tasks = None if groups else prefix_tasks(adjacency, g_adj, order, symmetric_only=True)
    symmetries = None if tasks is None else cosets()
    depth = 0 if tasks is None else 2
    while True:
        try:
            return run(True, bound, 2, tasks, symmetries, target, groups)
        except StatesOutOfReach:
            raise   # no split brings an estimate this far back within the budget
        except MemoryBudgetExceeded:
            depth += 2
            if depth > _MAX_SPLIT_DEPTH or depth > G.order():
                raise
            tasks = prefix_tasks(adjacency, g_adj, order, depth=depth)


def _check_total(run, number):
    r"""
    Raise :class:`InconsistentCounts` unless the counts of ``run`` (a
    :class:`DPRun` with fibers) add up to ``number``, the number of
    homomorphisms.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.dp import DPRun, _check_total
        sage: _check_total(DPRun({(2, 1): 4, (1, 1, 1): 2}, 1, 1), 6)
        sage: _check_total(DPRun({(2, 1): 4}, 1, 1, "prefix depth 4 (3 tasks)"), 6)
        Traceback (most recent call last):
        ...
        InconsistentCounts: the fiber-type counts add up to 4, but there are 6 homomorphisms (DP kernel 2, prefix depth 4 (3 tasks)); please report this
    """
    total = sum(run.result.values())
    if total != number:
        raise InconsistentCounts(
            f"the fiber-type counts add up to {total}, but there are {number} homomorphisms "
            f"(DP kernel {KERNEL_VERSION}, {run.split}); please report this")


def checked_self_counts(G, memory_budget=None):
    r"""
    Return the self fiber-type counts `N_\lambda(G, G)` by the DP, checked,
    as a :class:`DPRun` whose ``result`` is ``{partition tuple: int}`` and
    whose ``split`` says how the work was divided (for the record of a
    result store).

    Two checks against independent counts guard every result: the counts
    add up to `\hom(G, G)` (counted without fibers), and the bijective ones,
    `N_{1^n}(G, G)`, number `|\mathrm{Aut}(G)|` (from Sage's search tree);
    :class:`InconsistentCounts` is raised otherwise.

    INPUT:

    - ``G`` -- a graph in any accepted form
    - ``memory_budget`` -- bytes or ``None`` (default: :func:`memory_budget`)

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.dp import checked_self_counts
        sage: run = checked_self_counts(graphs.PathGraph(3))
        sage: sorted(run.result.items()), run.split
        ([((1, 1, 1), 2), ((2, 1), 4)], 'engine I, no prefix split')
    """
    G = as_graph_data(G, "G")
    run = run_dp(G, G, True, memory_budget)
    counts = {tuple(int(x) for x in la): int(c) for la, c in run.result.items() if c}
    bijections = counts.get((1,) * G.order(), 0)
    automorphisms = automorphism_group_order(G)
    if bijections != automorphisms:
        raise InconsistentCounts(
            f"the DP counts {bijections} bijective homomorphisms of the graph into itself, "
            f"but it has {automorphisms} automorphisms (DP kernel {KERNEL_VERSION}, "
            f"{run.split}); please report this")
    return run._replace(result=counts)


def _split_name(engine, tasks, groups=None):
    r"""
    Return how a run of engine ``engine`` (1 or 2, as in :func:`run_dp`)
    divides its work, for the record: the engine, the canonical forms of a
    tree target (``groups``, if any) and the depth and number of its
    prefix tasks.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.dp import _split_name
        sage: _split_name(1, None), _split_name(2, [([[0], [1]], 6)])
        ('engine I, no prefix split', 'engine II, prefix depth 2 (1 task)')
        sage: _split_name(2, None, [(1, 3, 2)])
        'engine II, tree forms, no prefix split'
    """
    engine = "engine II" if engine == 2 else "engine I"
    if groups:
        engine += ", tree forms"
    if not tasks or not tasks[0][0]:
        return f"{engine}, no prefix split"
    number = len(tasks)
    return (f"{engine}, prefix depth {len(tasks[0][0])} "
            f"({number} task{'s' if number != 1 else ''})")


def largest_fiber(G, H):
    r"""
    Return a bound on the size of a fiber of a homomorphism `G \to H`:
    `|V(G)|` if `H` has a loop, else `|V(G)| - \nu(G)` (a fiber is then an
    independent set, and an independent set meets each edge of a maximum
    matching at most once).

    INPUT:

    - ``G``, ``H`` -- :class:`~sage_hcsf.graphs.graph_data.GraphData`

    OUTPUT: an integer

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.dp import largest_fiber
        sage: P5, K2 = as_graph_data(graphs.PathGraph(5)), as_graph_data(graphs.CompleteGraph(2))
        sage: largest_fiber(P5, K2)  # 5 - 2
        3
        sage: largest_fiber(P5, as_graph_data(Graph([(0, 0)], loops=True)))
        5
    """
    if any(H.loops):
        return G.order()
    import networkx
    graph = networkx.Graph([(u, v) for u, nbrs in enumerate(G.adjacency) for v in nbrs if u < v])
    return G.order() - len(networkx.max_weight_matching(graph, maxcardinality=True))
