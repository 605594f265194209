r"""
Fiber-type counts of graph homomorphisms

For graphs `G` and `H`, every homomorphism `\phi: G \to H` has a *fiber
type* `\lambda(\phi)`: the partition of `n = |V(G)|` formed by the sizes of
its nonempty fibers `\phi^{-1}(w)`. This module counts homomorphisms by
fiber type,

.. MATH::

    N_\lambda(G, H) = \#\{\phi \in \mathrm{Hom}(G, H) : \lambda(\phi) = \lambda\},

the data from which every H-chromatic invariant is computed [EFHKY2022]_.

The engines are the entries of :data:`ENGINES` (a new engine is one more
:func:`register_engine` call):

- ``"dp"`` -- engine II (``run_dp(G, H, engine=2)``, the default of
  :func:`run_dp`): dynamic programming along a vertex order of `G`
  (a path decomposition) over states (images of the frontier, fiber
  vector), with the twin classes of `H` folded into canonical forms, the
  vertices of `H` that no later vertex can reach forgotten into a
  histogram (the kernel's ``forget_dead``), and the work split by the
  orbits of `\mathrm{Aut}(H)` when that pays or memory is short
  (:func:`run_dp`, :func:`prefix_tasks`); :mod:`sage_hcsf.fiber_dp`.
- ``"dp1"`` -- engine I (``run_dp(G, H, engine=1)``), the same DP with
  twin classes only (the baseline of the benchmarks).
- ``"enumerate"`` -- depth-first enumeration of all homomorphisms with
  bitset candidate sets; :mod:`sage_hcsf.enumerate_homs`. It costs a step
  per partial map, uses nothing of the DP, and serves as the independent
  check.
- ``"auto"`` (default) -- asks the engines with an ``offer`` (see
  :class:`Engine`), in the order of :data:`ENGINES`: counts the
  homomorphisms with the DP (cheap: scalar states), enumerates when there
  are few, and runs the DP when there are many or the enumeration meets
  too many dead ends; where the DP cannot go (a frontier wider than 56,
  its memory budget: :data:`BEYOND_AN_ENGINE`), it enumerates. Any other
  error (say :class:`InconsistentCounts`) propagates.

Before an engine runs, the input is normalised: the empty graph and the
empty target are answered at once; a homomorphism count is the product of
the counts of the connected components of `G` (an isolated vertex has
`|V(H)|` images, or as many as `H` has loops if it has one); a target with
more than 255 vertices (more than the kernels take) is handled when its
twin classes larger than `|V(G)|` can be shrunk (the counts are
polynomials in the size of a twin class, interpolated exactly), so that
`K_N` or `K_{1,N}` targets of any size work.

Budgets: the tables of the DP (and of the p-expansion of
:mod:`sage_hcsf.symmetric_functions`) may hold at most
:func:`memory_budget` bytes at once
(:class:`~sage_hcsf.fiber_dp.MemoryBudgetExceeded`, a ``MemoryError``,
names the budget); the enumeration gives up after
:func:`enumeration_limit` steps (``OverflowError``).

REFERENCES:

.. [EFHKY2022] \N. M. Eagles, A. M. Foley, A. Huang, E. Karangozishvili,
   A. Yu, *H-chromatic symmetric functions*, Electron. J. Combin. 29 (2022),
   arXiv:2011.06063.

EXAMPLES::

    sage: from sage_hcsf import fiber_type_counts
    sage: fiber_type_counts(graphs.PathGraph(3), graphs.PathGraph(3))
    {[1, 1, 1]: 2, [2, 1]: 4}
    sage: fiber_type_counts(graphs.CycleGraph(5), graphs.CompleteGraph(3))
    {[2, 2, 1]: 30}
"""
import operator
import warnings
from math import comb
from typing import Callable, NamedTuple, Optional

from sage.combinat.partition import _Partitions
from sage.rings.integer import Integer

from sage_hcsf.closed_forms import closed_form_homomorphisms, out_of_reach
from sage_hcsf.enumerate_homs import EnumerationLimitExceeded, enumerate_fiber_types
from sage_hcsf.fiber_dp import (KERNEL_VERSION, KernelLimitExceeded, MemoryBudgetExceeded,
                                fiber_vector_dp)
from sage_hcsf.graph_data import GraphData, as_graph_data

# The kernels label vertices of H (and fiber sizes) with bytes.
KERNEL_ORDER_LIMIT = 255
# What a DP state typically costs, both tables of a step counted (measured);
# only used to read the deprecated budgets given in states.
BYTES_PER_STATE = 200

_settings = {"memory_budget": 2 * 10**9, "enumeration_limit": 10**8, "processes": None}
# engine II uses the symmetries beyond twins when there are at most this many
_SYMMETRY_LIMIT = 1024
# engine II runs engine I first on graphs G with at most this many vertices
_SMALL_G = 12
# engine II splits by the images of at most this many vertices when memory is short
_MAX_SPLIT_DEPTH = 6
# "auto" enumerates when there are at most this many homomorphisms
_AUTO_ENUMERATION_THRESHOLD = 20000


def checked_budget(name, value):
    r"""
    Return ``value`` as a positive Python integer, or raise an error saying
    what ``name`` accepts.

    Every budget and limit of the package, set globally or per call, is
    checked here. Values beyond what the kernels can count are fine: they
    act as no limit.

    INPUT:

    - ``name`` -- string; what the value is, for the message
    - ``value`` -- the value to check

    OUTPUT: a Python ``int``

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import checked_budget
        sage: checked_budget("memory_budget", 10^30) == 10^30
        True
        sage: checked_budget("memory_budget", 2.5)
        Traceback (most recent call last):
        ...
        TypeError: memory_budget must be a positive integer; got 2.5...
        sage: checked_budget("memory_budget", 0)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a positive integer; got 0
        sage: checked_budget("enumeration_limit", -3)
        Traceback (most recent call last):
        ...
        ValueError: enumeration_limit must be a positive integer; got -3
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a positive integer; got {value!r}")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be a positive integer; got {value!r}") from None
    if number <= 0:
        raise ValueError(f"{name} must be a positive integer; got {number}")
    return number


def _setting(name, new):
    r"""
    Return the setting ``name``, and set it to ``new`` (checked by
    :func:`checked_budget`) unless ``None``.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _setting
        sage: _setting("enumeration_limit", None) == _setting("enumeration_limit", -1)
        Traceback (most recent call last):
        ...
        ValueError: enumeration_limit must be a positive integer; got -1
    """
    old = _settings[name]
    if new is not None:
        _settings[name] = checked_budget(name, new)
    return old


def memory_budget(new=None):
    r"""
    Return (and optionally set) the most bytes the tables of a computation
    may hold at once.

    The budget covers the state tables of the DP (both tables of a step,
    and the old and new entries while a table grows, counted exactly) and
    the states of the power-sum expansion; a computation that needs more
    raises :class:`~sage_hcsf.fiber_dp.MemoryBudgetExceeded` (a
    ``MemoryError``) naming the budget, instead of exhausting memory. The
    default is `2 \cdot 10^9` bytes (2 GB). Every function that computes
    also takes ``memory_budget=...`` for one call.

    INPUT:

    - ``new`` -- positive integer (bytes) or ``None`` (default)

    OUTPUT: the budget in force before the call

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import memory_budget
        sage: from sage_hcsf import fiber_type_counts
        sage: old = memory_budget(10^4)
        sage: G = graphs.Grid2dGraph(3, 4)
        sage: fiber_type_counts(G, G, algorithm="dp")
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget of 10.0 kB ...
        sage: memory_budget(old)
        10000
        sage: fiber_type_counts(G, G, algorithm="dp", memory_budget=10^4)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget of 10.0 kB ...
        sage: memory_budget(2.5)
        Traceback (most recent call last):
        ...
        TypeError: memory_budget must be a positive integer; got 2.5...
    """
    return _setting("memory_budget", new)


def budget_for_call(memory_budget=None, state_budget=None):
    r"""
    Return the memory budget (bytes) of one call: ``memory_budget`` if
    given, else the deprecated ``state_budget`` (states, read as
    :data:`BYTES_PER_STATE` bytes each), else :func:`memory_budget`.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import budget_for_call
        sage: budget_for_call(10^6)
        1000000
        sage: budget_for_call() == budget_for_call(None, None) == 2 * 10^9
        True
        sage: budget_for_call(state_budget=0)
        Traceback (most recent call last):
        ...
        ValueError: state_budget must be a positive integer; got 0
    """
    if memory_budget is not None:
        return checked_budget("memory_budget", memory_budget)
    if state_budget is not None:
        states = checked_budget("state_budget", state_budget)
        warnings.warn("state_budget is deprecated: budgets are in bytes, use memory_budget",
                      DeprecationWarning, stacklevel=3)
        return states * BYTES_PER_STATE
    return _settings["memory_budget"]


def state_budget(new=None):
    r"""
    Deprecated: return (and optionally set) :func:`memory_budget` in units
    of :data:`BYTES_PER_STATE` bytes, the typical cost of a DP state.

    Budgets are in bytes now, since what a state costs depends on the
    graphs; use :func:`memory_budget`.

    INPUT:

    - ``new`` -- positive integer (states) or ``None`` (default)

    OUTPUT: the budget in force before the call, in states

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import state_budget, memory_budget
        sage: old = state_budget(10^6)
        doctest:warning...
        DeprecationWarning: state_budget is deprecated: budgets are in bytes, use memory_budget
        sage: memory_budget(old * 200)
        200000000
    """
    old = _settings["memory_budget"] // BYTES_PER_STATE
    if new is not None:
        memory_budget(budget_for_call(state_budget=new))
    return old


def processes(new=None):
    r"""
    Return (and optionally set) how many processes one big DP run may use.

    Engine II shares the rest of a run between this many processes (forked
    when a table first holds 200,000 states; each gets an equal share of
    the memory budget). The default is the number of cores this process
    may use, and 1 inside worker processes (of the sweeps' pools, of Dask),
    which are parallel already.

    INPUT:

    - ``new`` -- positive integer or ``None`` (default)

    OUTPUT: the number in force before the call

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import processes
        sage: old = processes(1); processes(old)
        1
        sage: processes(0)
        Traceback (most recent call last):
        ...
        ValueError: processes must be a positive integer; got 0
    """
    old = _settings["processes"]
    if old is None:
        old = _default_processes()
    if new is not None:
        _settings["processes"] = checked_budget("processes", new)
    return old


def _default_processes():
    r"""
    Return the cores this process may use, or 1 in a worker process.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _default_processes
        sage: import multiprocessing, os
        sage: 1 <= _default_processes() <= len(os.sched_getaffinity(0))
        True
        sage: with multiprocessing.get_context("fork").Pool(1) as pool:
        ....:     pool.apply(_default_processes)
        1
    """
    import multiprocessing
    import os
    if multiprocessing.current_process().name != "MainProcess":
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def enumeration_limit(new=None):
    r"""
    Return (and optionally set) the most steps (partial maps) the
    enumeration engine may take.

    The enumeration stops with ``OverflowError`` after that many steps:
    with the default `10^8`, after half a minute or so (at a few million
    steps a second).

    INPUT:

    - ``new`` -- positive integer or ``None`` (default); the new limit

    OUTPUT: the limit in force before the call

    EXAMPLES::

        sage: from sage_hcsf import enumeration_limit, fiber_type_counts
        sage: old = enumeration_limit(10)
        sage: fiber_type_counts(graphs.PathGraph(4), graphs.CompleteGraph(3), algorithm="enumerate")
        Traceback (most recent call last):
        ...
        EnumerationLimitExceeded: the enumeration visited more than 10 partial maps; raise sage_hcsf.enumeration_limit(...) (algorithm='auto' tries the DP too)
        sage: enumeration_limit(old)
        10
        sage: enumeration_limit(0)
        Traceback (most recent call last):
        ...
        ValueError: enumeration_limit must be a positive integer; got 0
    """
    return _setting("enumeration_limit", new)


def vertex_order(adjacency):
    r"""
    Return an order of the vertices that keeps the DP frontier small.

    The *frontier* after introducing a prefix of the order is the set of
    introduced vertices with a neighbour still to come. Greedily, the next
    vertex is the one giving the smallest frontier; ties go to the vertex
    with most introduced neighbours (so candidate sets are small), then to
    the one with fewest neighbours still to come.

    INPUT:

    - ``adjacency`` -- adjacency lists on ``0..n-1`` (no loops)

    OUTPUT: a list, a permutation of ``0..n-1``

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import vertex_order
        sage: star = [[1, 2, 3], [0], [0], [0]]
        sage: vertex_order(star)
        [1, 0, 2, 3]
    """
    n = len(adjacency)
    remaining = [len(nbrs) for nbrs in adjacency]   # neighbours not yet introduced
    introduced = [False] * n
    frontier = set()
    order = []
    for _ in range(n):
        best, best_key = None, None
        for v in range(n):
            if introduced[v]:
                continue
            done_nbrs = sum(1 for u in adjacency[v] if introduced[u])
            leaving = sum(1 for u in adjacency[v] if u in frontier and remaining[u] == 1)
            size = len(frontier) - leaving + (1 if remaining[v] > done_nbrs else 0)
            key = (size, -done_nbrs, remaining[v] - done_nbrs, v)
            if best_key is None or key < best_key:
                best, best_key = v, key
        v = best
        introduced[v] = True
        order.append(v)
        for u in adjacency[v]:
            remaining[u] -= 1
            if introduced[u] and remaining[u] == 0:
                frontier.discard(u)
        remaining[v] -= sum(1 for u in adjacency[v] if introduced[u])
        if remaining[v] > 0:
            frontier.add(v)
    return order


def twin_classes(data):
    r"""
    Return the twin classes of a graph: sets on which every permutation of
    the vertices is an automorphism.

    Two vertices `u, v` are twins when the transposition `(u\ v)` is an
    automorphism, that is, they have the same loop status and
    `N(u) \setminus \{u, v\} = N(v) \setminus \{u, v\}`: the same open
    neighbourhood (false twins, like the leaves of a star) or the same
    closed one (true twins, like the vertices of `K_n`). Conjugating
    transpositions shows this is an equivalence relation.

    INPUT:

    - ``data`` -- a :class:`~sage_hcsf.graph_data.GraphData`

    OUTPUT: a list of lists of vertices, each sorted, sorted by first element

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import twin_classes
        sage: twin_classes(as_graph_data(graphs.StarGraph(3)))
        [[0], [1, 2, 3]]
        sage: twin_classes(as_graph_data(graphs.CompleteGraph(3)))
        [[0, 1, 2]]
        sage: twin_classes(as_graph_data(graphs.PathGraph(4)))
        [[0], [1], [2], [3]]
    """
    groups = {}
    for v, nbrs in enumerate(data.adjacency):
        groups.setdefault(("open", frozenset(nbrs), data.loops[v]), []).append(v)
    classes = []
    singles = {}
    for members in groups.values():
        if len(members) > 1:
            classes.append(members)
        else:
            v = members[0]
            singles.setdefault((frozenset(data.adjacency[v]) | {v}, data.loops[v]), []).append(v)
    classes.extend(singles.values())
    return sorted(sorted(c) for c in classes)


def _kernel_target(H):
    r"""
    Relabel ``H`` so that twin classes are contiguous; return the kernel's
    adjacency lists (loops listed) and, per vertex, its class range.

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _kernel_target
        sage: _kernel_target(as_graph_data([(0, 1), (1, 2), (1, 1)]))
        ([[2], [2], [0, 1, 2]], [0, 0, 2], [2, 2, 3])
    """
    classes = twin_classes(H)
    new_label = {}
    starts, ends = [], []
    for members in classes:
        start = len(new_label)
        for v in members:
            new_label[v] = len(new_label)
        starts += [start] * len(members)
        ends += [start + len(members)] * len(members)
    old_adj = H.neighbours_with_loops()
    adjacency = [None] * H.order()
    for v, nbrs in enumerate(old_adj):
        adjacency[new_label[v]] = sorted(new_label[u] for u in nbrs)
    return adjacency, starts, ends


class DPRun(NamedTuple):
    r"""
    What a run of the DP returns: ``result`` (fiber-type counts as
    ``{partition tuple: int}``, or the number of homomorphisms), the most
    states held in one table (``peak_states``) and the most bytes held by
    the tables at once (``peak_bytes``).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import DPRun
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
           engine=2, split=None):
    r"""
    Run the DP kernel on ``G`` and ``H``; return a :class:`DPRun` with the
    result and the memory it took.

    The residues are exact below a bound: `|V(H)|^n` for the number of
    homomorphisms, and that number (``number_of_homs``, computed first if
    not given) for the fiber-type counts.

    INPUT:

    - ``G``, ``H`` -- graphs in any accepted form (:mod:`sage_hcsf.graph_data`);
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

    OUTPUT: a :class:`DPRun`; ``peak_states`` and ``peak_bytes`` are those
    of the largest task

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import run_dp
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
        sage: run_dp(T, T, memory_budget=one.peak_bytes // 2).result == one.result
        True
        sage: run_dp(T, T, memory_budget=one.peak_bytes // 2, engine=1)
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
    adjacency, starts, ends = _kernel_target(H)
    order = vertex_order(G.adjacency)
    g_adj = [list(a) for a in G.adjacency]
    bound = H.order() ** G.order()

    def run(fibers, bound, engine, tasks=None, symmetries=None):
        # engine II is the kernel forgetting dead vertices (forget_dead), with
        # the symmetries, the prefix tasks and the processes; engine I is without
        two = engine == 2
        result = DPRun(*fiber_vector_dp(g_adj, list(G.loops), adjacency, starts, ends, order,
                                        fibers, budget, bound, two, tasks, symmetries,
                                        processes() if two else 1,
                                        max_fiber=largest_fiber(G, H) if two else None),
                       split=_split_name(engine, tasks))
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
        except MemoryBudgetExceeded:
            pass
    if split is not None:
        return run(True, bound, 2, prefix_tasks(adjacency, g_adj, order) if split else None,
                   symmetries_beyond_twins(adjacency, starts, ends))
    tasks = prefix_tasks(adjacency, g_adj, order, symmetric_only=True)
    # a few symmetries cost more than the states they merge (measured)
    symmetries = None if tasks is None else symmetries_beyond_twins(adjacency, starts, ends)
    depth = 0 if tasks is None else 2
    while True:
        try:
            return run(True, bound, 2, tasks, symmetries)
        except MemoryBudgetExceeded:
            depth += 2
            if depth > _MAX_SPLIT_DEPTH or depth > G.order():
                raise
            tasks = prefix_tasks(adjacency, g_adj, order, depth=depth)


class InconsistentCounts(RuntimeError):
    r"""
    Raised when the fiber-type counts of a run do not add up to the number
    of homomorphisms counted on their own: a defect of the engine, never a
    matter of budget (so no other engine is tried instead).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import InconsistentCounts
        sage: issubclass(InconsistentCounts, (ValueError, MemoryError))
        False
    """


def _check_total(run, number):
    r"""
    Raise :class:`InconsistentCounts` unless the counts of ``run`` (a
    :class:`DPRun` with fibers) add up to ``number``, the number of
    homomorphisms.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import DPRun, _check_total
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

        sage: from sage_hcsf.fiber_types import checked_self_counts
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


def _split_name(engine, tasks):
    r"""
    Return how a run of engine ``engine`` (1 or 2, as in :func:`run_dp`)
    divides its work, for the record: the engine and the depth and number
    of its prefix tasks.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _split_name
        sage: _split_name(1, None), _split_name(2, [([[0], [1]], 6)])
        ('engine I, no prefix split', 'engine II, prefix depth 2 (1 task)')
    """
    engine = "engine II" if engine == 2 else "engine I"
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

    - ``G``, ``H`` -- :class:`~sage_hcsf.graph_data.GraphData`

    OUTPUT: an integer

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import largest_fiber
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


def _orbits(graph, cells):
    r"""
    Return the orbits of the automorphisms of ``graph`` (a Sage graph on
    ``0..N-1``) that fix each cell of ``cells`` (an ordered partition), as
    a dictionary from the least vertex of each orbit to the orbit's size.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _orbits
        sage: _orbits(graphs.PathGraph(4), [[0, 1, 2, 3]])
        {0: 2, 1: 2}
        sage: _orbits(graphs.CycleGraph(5), [[0], [1, 2, 3, 4]])
        {0: 1, 1: 2, 2: 2}
    """
    from sage.groups.perm_gps.partn_ref.refinement_graphs import search_tree
    N = graph.order()
    parent = list(range(N))

    def root(w):
        while parent[w] != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w
    for g in search_tree(graph, [c for c in cells if c], lab=False):
        for w in range(N):
            a, b = root(w), root(g[w])
            if a != b:
                parent[max(a, b)] = min(a, b)
    sizes = {}
    for w in range(N):
        sizes[root(w)] = sizes.get(root(w), 0) + 1
    return sizes


def automorphism_group_order(G):
    r"""
    Return `|\mathrm{Aut}(G)|` by Sage's partition-refinement search (the
    engine behind ``Graph.automorphism_group``, without building the group);
    loops count: an automorphism maps looped vertices to looped vertices.

    INPUT:

    - ``G`` -- a graph in any form :mod:`sage_hcsf` accepts

    OUTPUT: an :class:`Integer`

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import automorphism_group_order
        sage: automorphism_group_order(graphs.PetersenGraph())
        120
        sage: automorphism_group_order(Graph([(0, 1), (1, 2), (0, 0)], loops=True))
        1
        sage: all(automorphism_group_order(G) == G.automorphism_group().order() for G in graphs(5))
        True
    """
    from sage.groups.perm_gps.partn_ref.refinement_graphs import search_tree
    from sage.rings.integer import Integer
    data = as_graph_data(G)
    if data.order() == 0:
        return Integer(1)
    simple = as_graph_data([(u, v) for u, nbrs in enumerate(data.adjacency) for v in nbrs] +
                           [(v, v) for v in range(data.order())], "G")
    graph = simple.to_sage_graph()
    graph.allow_loops(False)
    cells = [[v for v in range(data.order()) if data.loops[v] == looped] for looped in (True, False)]
    return Integer(search_tree(graph, [c for c in cells if c], lab=False, order=True)[-1])


def prefix_tasks(adjacency, g_adj, order, symmetric_only=False, depth=2):
    r"""
    Split the homomorphisms by the images of the first ``depth`` (default
    two) vertices of ``order``, up to the automorphisms of `H`: return
    tasks for the DP, pairs ``(prefix, weight)``.

    Automorphisms of `H` permute the homomorphisms `G \to H` and keep their
    fiber types. So the homomorphisms mapping ``order[0]`` into an orbit
    `O` of `\mathrm{Aut}(H)` are `|O|` times those mapping it to the least
    vertex `a` of `O`; among these, the ones mapping ``order[1]`` into an
    orbit `O'` of the stabiliser of `a` are `|O'|` times those mapping it to
    the least vertex `b` of `O'`. The task ``([[a], [b]], |O| |O'|)`` counts
    them (pairs that cannot be adjacent when ``order[0]`` and ``order[1]``
    are are left out); and so on for further vertices, with the stabiliser
    of the images so far.

    INPUT:

    - ``adjacency`` -- adjacency lists of `H` on ``0..N-1``, ``w in
      adjacency[w]`` for a loop
    - ``g_adj`` -- adjacency lists of `G`
    - ``order`` -- the vertex order of the DP
    - ``depth`` -- positive integer (default: 2)
    - ``symmetric_only`` -- boolean (default: ``False``); if ``True``,
      return ``None`` unless the tasks do at most half the work of one run
      (their weights add up to at least twice their number)

    OUTPUT: a list of pairs ``(prefix, weight)``, ``prefix`` a list of lists
    (or ``None``)

    EXAMPLES:

    `K_3` into itself: one task, weight `3 \cdot 2`::

        sage: from sage_hcsf.fiber_types import prefix_tasks
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: prefix_tasks(K3, K3, [0, 1, 2])
        [([[0], [1]], 6)]
        sage: P3 = [[1], [0, 2], [1]]
        sage: prefix_tasks(P3, P3, [1, 0, 2])
        [([[0], [1]], 2), ([[1], [0]], 2)]
        sage: prefix_tasks([[0, 1], [0]], [[]], [0])  # a loop at 0; one vertex
        [([[0]], 1), ([[1]], 1)]
        sage: prefix_tasks(K3, K3, [0, 1, 2], depth=3)
        [([[0], [1], [2]], 6)]
    """
    from sage.graphs.graph import Graph
    N = len(adjacency)
    graph = Graph([range(N), [(w, u) for w in range(N) for u in adjacency[w] if w < u]],
                  format="vertices_and_edges")
    looped = [w in adjacency[w] for w in range(N)]
    cells = [[w for w in range(N) if looped[w] == flag] for flag in (True, False)]
    orbits = _orbits(graph, cells)
    if symmetric_only and 2 * len(orbits) > N:
        return None  # too little symmetry to pay for the stabilisers
    tasks = [([], 1, cells)]  # images so far, weight, the cells fixing them
    for i in range(min(depth, len(order))):
        earlier = [j for j in range(i) if order[j] in g_adj[order[i]]]
        following = []
        for images, weight, fixed in tasks:
            for b, size in sorted((orbits if i == 0 else _orbits(graph, fixed)).items()):
                if all(b in adjacency[images[j]] for j in earlier):
                    following.append((images + [b], weight * size,
                                      [[b]] + [[w for w in c if w != b] for c in fixed]))
        tasks = following
    tasks = [([[b] for b in images], weight) for images, weight, _ in tasks]
    if symmetric_only and sum(weight for _, weight in tasks) < 2 * len(tasks):
        return None
    return tasks


def symmetries_beyond_twins(adjacency, starts, ends, limit=None):
    r"""
    Return label maps of `H` representing the automorphisms of `H` up to
    permutations of its twin classes, the identity first; ``None`` if there
    are more than ``limit`` (default: :data:`_SYMMETRY_LIMIT`).

    Automorphisms of `H` map twin classes onto twin classes of the same
    size, kind and loops; the twin permutations are a normal subgroup, and
    the automorphisms of the *quotient* (a vertex per class, coloured by
    size, kind and loops) lift back to `H` by mapping the `k`-th member of
    a class to the `k`-th member of its image. Those lifts represent the
    cosets, and the DP keeps each state as the least of its twin-canonical
    forms moved by them.

    INPUT:

    - ``adjacency``, ``starts``, ``ends`` -- `H` with contiguous twin
      classes, as :func:`_kernel_target` returns them
    - ``limit`` -- positive integer or ``None``

    OUTPUT: a list of lists, or ``None``

    EXAMPLES:

    The complete binary tree of depth 2: its 4 leaves are 2 twin pairs, and
    swapping the two branches is the one symmetry beyond them::

        sage: from sage_hcsf.fiber_types import _kernel_target, symmetries_beyond_twins
        sage: from sage_hcsf.graph_data import as_graph_data
        sage: target = _kernel_target(as_graph_data(graphs.BalancedTree(2, 2)))
        sage: maps = symmetries_beyond_twins(*target); len(maps), maps[0]
        (2, [0, 1, 2, 3, 4, 5, 6])
        sage: len(symmetries_beyond_twins(*_kernel_target(as_graph_data(graphs.PetersenGraph()))))
        120
        sage: symmetries_beyond_twins(*_kernel_target(as_graph_data(graphs.PetersenGraph())), limit=100) is None
        True
    """
    from sage.graphs.graph import Graph
    from sage.groups.perm_gps.partn_ref.refinement_graphs import search_tree
    limit = _SYMMETRY_LIMIT if limit is None else limit
    N = len(adjacency)
    firsts = sorted(set(starts))
    index = {a: i for i, a in enumerate(firsts)}
    k = len(firsts)
    edges = {(index[starts[w]], index[starts[u]]) for w in range(N) for u in adjacency[w]
             if starts[w] < starts[u]}
    colour = {}
    for i, a in enumerate(firsts):
        colour.setdefault((ends[a] - a, a + 1 < ends[a] and a + 1 in adjacency[a],
                           a in adjacency[a]), []).append(i)
    quotient = Graph([range(k), sorted(edges)], format="vertices_and_edges")
    generators = [tuple(g) for g in search_tree(quotient, [colour[c] for c in sorted(colour)],
                                                 lab=False)]
    identity = tuple(range(k))
    elements, frontier = {identity}, [identity]
    while frontier:
        following = []
        for p in frontier:
            for g in generators:
                q = tuple(g[p[i]] for i in range(k))
                if q not in elements:
                    elements.add(q)
                    following.append(q)
                    if len(elements) > limit:
                        return None
        frontier = following
    return [[firsts[p[index[starts[w]]]] + w - starts[w] for w in range(N)]
            for p in [identity] + sorted(elements - {identity})]


def _enumerate(G, H, max_steps, memory_budget):
    r"""
    Run the enumeration kernel on :class:`~sage_hcsf.graph_data.GraphData`;
    it gives up (``OverflowError``) after ``max_steps`` partial maps.

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _enumerate
        sage: K13 = as_graph_data(graphs.StarGraph(3))
        sage: sorted(_enumerate(K13, K13, 100, 10^6).items())
        [((1, 1, 1, 1), 6), ((2, 1, 1), 18), ((3, 1), 6)]
    """
    return enumerate_fiber_types([list(a) for a in G.adjacency], list(G.loops),
                                 H.neighbours_with_loops(), vertex_order(G.adjacency),
                                 max_steps, memory_budget)


#: What says "this engine cannot do this input" (a budget, a limit of the
#: kernel), as opposed to a defect: ``"auto"`` tries the next engine on
#: these and on nothing else (:class:`InconsistentCounts`, say, propagates).
#:
#: :meta hide-value:
BEYOND_AN_ENGINE = (MemoryBudgetExceeded, KernelLimitExceeded, EnumerationLimitExceeded)


class Engine(NamedTuple):
    r"""
    An engine: how it counts homomorphisms by fiber type and in all, and
    how it takes part in ``algorithm="auto"``.

    ``fiber_types(G, H, memory_budget)`` returns ``{partition tuple: int}``
    and ``homomorphisms(G, H, memory_budget)`` an ``int``, for
    :class:`~sage_hcsf.graph_data.GraphData` ``G`` and ``H`` (nonempty,
    `|V(H)| \le 255`); ``description`` says what it does. Where the
    input is beyond the engine (a budget, a limit of its kernel), they
    raise one of :data:`BEYOND_AN_ENGINE`.

    ``offer`` (optional: ``None``, the default, keeps the engine out of
    ``"auto"``) is its policy: ``offer(G, H, number)``, given the number
    of homomorphisms, returns ``None`` where the engine declines, else a
    pair ``(cost, count)``: its estimated work, in partial maps of the
    enumeration, and a function ``count(memory_budget)`` returning the
    fiber-type counts. ``"auto"`` asks the engines in the order of
    :data:`ENGINES` and runs the offers by increasing cost (see
    :func:`_auto_fiber_types`).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import ENGINES
        sage: ENGINES["dp"].description
        'engine II: dynamic programming along a path decomposition of G, twin classes of H folded, unreachable vertices of H forgotten, split by the orbits of Aut(H)'
        sage: ENGINES["dp1"].offer is None
        True
    """
    name: str
    fiber_types: Callable
    homomorphisms: Callable
    description: str
    offer: Optional[Callable] = None


#: The engines by name (:class:`Engine`); ``"auto"`` first (the default).
#:
#: :meta hide-value:
ENGINES = {}


def register_engine(engine):
    r"""
    Make ``engine`` (an :class:`Engine`) available as ``algorithm=engine.name``
    (and to ``"auto"`` if it has an ``offer``).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import Engine, ENGINES, register_engine
        sage: from sage_hcsf import count_homomorphisms
        sage: slow = Engine("slow", ENGINES["enumerate"].fiber_types,
        ....:               ENGINES["enumerate"].homomorphisms, "the enumeration again")
        sage: register_engine(slow)
        sage: count_homomorphisms(graphs.CycleGraph(5), graphs.CompleteGraph(3), algorithm="slow")
        30
        sage: del ENGINES["slow"]
    """
    ENGINES[engine.name] = engine


def _auto_engines():
    r"""
    Return the engines taking part in ``"auto"``, in the order of
    :data:`ENGINES`.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _auto_engines
        sage: [engine.name for engine in _auto_engines()]
        ['dp', 'enumerate']
    """
    return [engine for engine in ENGINES.values() if engine.offer is not None]


def _auto_count(G, H, memory_budget):
    r"""
    Return the number of homomorphisms, counted by the first engine of
    ``"auto"`` that can, and what stopped the engines before it (pairs
    ``(name, error)``); raise one error (:func:`_out_of_reach`) if none can.

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _auto_count
        sage: K60, K3 = (as_graph_data(graphs.CompleteGraph(k)) for k in (60, 3))
        sage: number, stopped = _auto_count(K60, K3, 10^6)
        sage: number, [(name, type(error).__name__) for name, error in stopped]
        (0, [('dp', 'KernelLimitExceeded')])
    """
    stopped = []
    for engine in _auto_engines():
        try:
            return engine.homomorphisms(G, H, memory_budget), stopped
        except BEYOND_AN_ENGINE as beyond:
            stopped.append((engine.name, beyond))
    raise _out_of_reach(G, H, stopped)


def _auto_fiber_types(G, H, memory_budget):
    r"""
    Count the homomorphisms (:func:`_auto_count`); then ask each engine of
    ``"auto"`` that could count them for its offer, and run the offers by
    increasing cost (ties in the order of :data:`ENGINES`) until one
    finishes; an engine beyond its limits (:data:`BEYOND_AN_ENGINE`) passes
    to the next, any other error propagates.

    With the engines registered here: the DP counts; a few homomorphisms
    (at most 20,000, where the enumeration is quicker) are enumerated with
    a step limit for dead ends, then the DP runs; where the DP cannot, the
    enumeration runs with its whole limit.

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _auto_fiber_types
        sage: K11, K10 = (as_graph_data(graphs.CompleteGraph(k)) for k in (11, 10))
        sage: _auto_fiber_types(K11, K10, 10^9)
        {}
        sage: K60, K3 = (as_graph_data(graphs.CompleteGraph(k)) for k in (60, 3))
        sage: _auto_fiber_types(K60, K3, 10^6)
        {}
    """
    number, stopped = _auto_count(G, H, memory_budget)
    if not number:
        return {}
    could_not = {name for name, _ in stopped}
    offers = []
    for position, engine in enumerate(_auto_engines()):
        if engine.name not in could_not:
            offer = engine.offer(G, H, number)
            if offer is not None:
                offers.append((offer[0], position, engine.name, offer[1]))
    for _, _, name, count in sorted(offers, key=lambda offer: offer[:2]):
        try:
            return count(memory_budget)
        except BEYOND_AN_ENGINE as beyond:
            stopped.append((name, beyond))
    raise _out_of_reach(G, H, stopped)


def _out_of_reach(G, H, stopped):
    r"""
    Return the error for a count that no engine of ``"auto"`` can do: the
    one error if one engine was tried, else one message naming what
    stopped each (:func:`~sage_hcsf.closed_forms.out_of_reach`).

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _out_of_reach
        sage: K5, K40 = (as_graph_data(graphs.CompleteGraph(k)) for k in (5, 40))
        sage: error = MemoryError("the budget")
        sage: _out_of_reach(K5, K40, [("dp", error)]) is error
        True
        sage: _out_of_reach(K5, K40, [("dp", error), ("enumerate", OverflowError("the limit"))])
        MemoryError('hom(G, H) is out of reach for G on 5 vertices and H on 40: the DP engine cannot (the budget), the enumeration engine cannot (the limit), ...')
        sage: _out_of_reach(K5, K40, [])
        ValueError("no engine of algorithm='auto' takes G on 5 vertices and H on 40")
    """
    if not stopped:
        return ValueError(f"no engine of algorithm='auto' takes G on {G.order()} vertices "
                          f"and H on {H.order()}")
    if len(stopped) == 1:
        return stopped[0][1]
    return out_of_reach(G, H, stopped)


def _auto_homomorphisms(G, H, memory_budget):
    r"""
    Count homomorphisms with the first engine of ``"auto"`` that can (the
    DP, else the enumeration).

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _auto_homomorphisms
        sage: K60, K3 = (as_graph_data(graphs.CompleteGraph(k)) for k in (60, 3))
        sage: _auto_homomorphisms(K60, K3, 10^6)
        0
    """
    return _auto_count(G, H, memory_budget)[0]


def _dp_offer(G, H, number):
    r"""
    Return engine II's offer to ``"auto"``: to run at the cost of
    enumerating :data:`_AUTO_ENUMERATION_THRESHOLD` homomorphisms (where
    the two break even, measured), with the number of homomorphisms known.

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _dp_offer
        sage: P3 = as_graph_data(graphs.PathGraph(3))
        sage: cost, count = _dp_offer(P3, P3, 6); cost, sorted(count(10^6).items())
        (20001, [((1, 1, 1), 2), ((2, 1), 4)])
    """
    return (_AUTO_ENUMERATION_THRESHOLD + 1,
            lambda budget: run_dp(G, H, True, budget, number).result)


def _enumeration_offer(G, H, number):
    r"""
    Return the enumeration's offer to ``"auto"``: at the cost of its
    ``number`` homomorphisms; with few (at most
    :data:`_AUTO_ENUMERATION_THRESHOLD`) it gives up early when the search
    meets many dead ends (where the DP does not care), else it has its
    whole :func:`enumeration_limit`; it declines when there are more
    homomorphisms than that limit (each is a step).

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _enumeration_offer
        sage: P3 = as_graph_data(graphs.PathGraph(3))
        sage: cost, count = _enumeration_offer(P3, P3, 6); cost, sorted(count(10^6).items())
        (6, [((1, 1, 1), 2), ((2, 1), 4)])
        sage: _enumeration_offer(P3, P3, 10^9) is None
        True
    """
    limit = _settings["enumeration_limit"]
    if number > limit:
        return None
    steps = limit
    if number <= _AUTO_ENUMERATION_THRESHOLD:
        steps = min(limit, max(10**6, 64 * (number + 1) * G.order()))
    return number, lambda budget: _enumerate(G, H, steps, budget)


register_engine(Engine(
    "auto", _auto_fiber_types, _auto_homomorphisms,
    "the engines that make an offer, by its cost: the DP counts; few homomorphisms are "
    "enumerated, many go to the DP; the enumeration where the DP cannot"))
register_engine(Engine(
    "dp", lambda G, H, budget: run_dp(G, H, True, budget).result,
    lambda G, H, budget: run_dp(G, H, False, budget).result,
    "engine II: dynamic programming along a path decomposition of G, twin classes of H "
    "folded, unreachable vertices of H forgotten, split by the orbits of Aut(H)",
    _dp_offer))
register_engine(Engine(
    "dp1", lambda G, H, budget: run_dp(G, H, True, budget, engine=1).result,
    lambda G, H, budget: run_dp(G, H, False, budget, engine=1).result,
    "engine I: the DP before engine II (twin classes only), the baseline of the benchmarks"))
register_engine(Engine(
    "enumerate", lambda G, H, budget: _enumerate(G, H, _settings["enumeration_limit"], budget),
    lambda G, H, budget: sum(_enumerate(G, H, _settings["enumeration_limit"], budget).values()),
    "depth-first enumeration with bitset candidate sets, independent of the DP",
    _enumeration_offer))


def engine_named(algorithm):
    r"""
    Return the :class:`Engine` called ``algorithm``, or raise ``ValueError``
    listing the engines.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import engine_named
        sage: engine_named("dp").name
        'dp'
        sage: engine_named("DP")
        Traceback (most recent call last):
        ...
        ValueError: algorithm must be one of 'auto', 'dp', 'dp1', 'enumerate'; got 'DP'
    """
    try:
        return ENGINES[algorithm]
    except (KeyError, TypeError):
        raise ValueError(f"algorithm must be one of {', '.join(map(repr, ENGINES))}; "
                         f"got {algorithm!r}") from None


def _components(G):
    r"""
    Return the connected components of ``G`` as
    :class:`~sage_hcsf.graph_data.GraphData` (vertices relabelled, loops kept).

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _components
        sage: [c.order() for c in _components(as_graph_data([(0, 1), (2, 2), (3, 4), (4, 5)]))]
        [2, 1, 3]
    """
    seen = [False] * G.order()
    components = []
    for root in range(G.order()):
        if seen[root]:
            continue
        seen[root] = True
        members, stack = [], [root]
        while stack:
            v = stack.pop()
            members.append(v)
            for u in G.adjacency[v]:
                if not seen[u]:
                    seen[u] = True
                    stack.append(u)
        components.append(_induced(G, sorted(members)))
    return components


def _induced(G, vertices):
    r"""
    Return the subgraph of ``G`` induced by ``vertices`` (a list), relabelled
    ``0..k-1`` in that order.

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _induced
        sage: _induced(as_graph_data([(0, 1), (1, 2), (2, 2)]), [1, 2])
        GraphData(adjacency=((1,), (0,)), loops=(False, True), labels=(1, 2))
    """
    index = {v: i for i, v in enumerate(vertices)}
    return GraphData(tuple(tuple(index[u] for u in G.adjacency[v] if u in index) for v in vertices),
                     tuple(G.loops[v] for v in vertices), tuple(G.labels[v] for v in vertices))


def _newton(values, c):
    r"""
    Return `f(c)` for a polynomial `f` of degree less than ``len(values)``
    with ``values[i]`` `= f(i)` (Newton's forward differences:
    `f(c) = \sum_j \binom{c}{j} \Delta^j f(0)`); values may be integers or
    dictionaries of integers (interpolated key by key, zeros dropped).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _newton
        sage: _newton([0, 1, 4, 9], 300)
        90000
        sage: _newton([{}, {"a": 2}, {"a": 4, "b": 1}], 10)
        {'a': 20, 'b': 45}
    """
    def extrapolate(points):
        total = 0
        for j in range(len(points)):
            total += comb(c, j) * points[0]
            points = [b - a for a, b in zip(points, points[1:])]
        return total
    if not isinstance(values[0], dict):
        return extrapolate(list(values))
    keys = sorted(set().union(*values))
    result = {k: extrapolate([v.get(k, 0) for v in values]) for k in keys}
    return {k: v for k, v in result.items() if v}


def _within_kernel_limits(n, H, count):
    r"""
    Return ``count(H)``; if ``H`` has more vertices than the kernels take,
    interpolate in the size of a twin class larger than `n = |V(G)|`.

    A homomorphism uses at most `n` members of a twin class of size `c`,
    and by symmetry those using a given set of `j` members are as many as
    the homomorphisms into the graph with that class cut to `j` members
    using all of them; so any count (of each fiber type) is
    `\sum_j \binom{c}{j} B_j`, a polynomial in `c` of degree at most `n`,
    known from its values at `c = 0, \ldots, n`.

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _within_kernel_limits, ENGINES
        sage: K300 = as_graph_data(graphs.CompleteGraph(300)); P3 = as_graph_data(graphs.PathGraph(3))
        sage: _within_kernel_limits(3, K300, lambda H: ENGINES["dp"].homomorphisms(P3, H, 10^8))
        26820300
        sage: _within_kernel_limits(300, K300, lambda H: 0)
        Traceback (most recent call last):
        ...
        ValueError: H has 300 vertices, more than the 255 the kernels take, and keeping 300 (= |V(G)|) members of each larger twin class leaves 300: out of reach
    """
    if H.order() <= KERNEL_ORDER_LIMIT:
        return count(H)
    large = [members for members in twin_classes(H) if len(members) > n]
    left = H.order() - sum(len(members) - n for members in large)
    if not large or left > KERNEL_ORDER_LIMIT or (n + 1) ** len(large) > 10**4:
        raise ValueError(f"H has {H.order()} vertices, more than the {KERNEL_ORDER_LIMIT} the "
                         f"kernels take, and keeping {n} (= |V(G)|) members of each larger "
                         f"twin class leaves {left}: out of reach")
    members = large[0]
    # cut the class to n members once (H is large), then to c = 0..n members
    dropped = set(members[n:])
    kept = [v for v in range(H.order()) if v not in dropped]
    small = _induced(H, kept)
    position = {v: i for i, v in enumerate(kept)}
    kept_members = [position[v] for v in members[:n]]
    values = []
    for c in range(n + 1):
        dropped = set(kept_members[c:])
        cut = _induced(small, [v for v in range(small.order()) if v not in dropped])
        values.append(_within_kernel_limits(n, cut, count))
    return _newton(values, len(members))


def partition_from_tuple(parts):
    r"""
    Return the :class:`Partition` of a weakly decreasing tuple of positive
    integers, as the kernels produce them, without validating it again
    (``Partition(...)`` costs more than the DP on large outputs).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import partition_from_tuple
        sage: la = partition_from_tuple((3, 1, 1)); la, la == Partition([3, 1, 1]), la.parent()
        ([3, 1, 1], True, Partitions)
    """
    return _Partitions.element_class(_Partitions, list(parts))


def fiber_type_counts(G, H, algorithm="auto", state_budget=None, memory_budget=None):
    r"""
    Return the number of homomorphisms `G \to H` of each fiber type.

    .. MATH::

        N_\lambda(G, H) = \#\{\phi \in \mathrm{Hom}(G, H) :
        (|\phi^{-1}(w)|)_{w \in V(H)} \text{ sorted, zeros dropped} = \lambda\}

    INPUT:

    - ``G``, ``H`` -- graphs (Sage, networkx, graph6, edge list, adjacency
      dict); ``H`` may have loops; a loop in ``G`` at `v` forces `v` onto a
      looped vertex of ``H``; multiple edges count once
    - ``algorithm`` -- ``"auto"`` (default), ``"dp"``, ``"enumerate"`` or
      any other name in :data:`ENGINES` (see the module documentation)
    - ``state_budget`` -- deprecated, see :func:`state_budget`
    - ``memory_budget`` -- bytes or ``None`` (default: :func:`memory_budget`);
      the most memory the tables may hold

    OUTPUT: a dictionary from :class:`Partition` to :class:`Integer` with the
    nonzero counts only, partitions in increasing lexicographic order;
    ``{[]: 1}`` for the empty graph ``G`` and ``{}`` if there is no
    homomorphism.

    ALGORITHM:

    See the module documentation. `|V(G)| \le 255` (the DP keeps fiber
    sizes in bytes; ``"auto"`` goes beyond when there are few
    homomorphisms); `H` may be larger when its twin classes allow it.

    EXAMPLES:

    The worked example of the package: `P_3` and `K_2 + K_1` have the same
    fiber-type counts into themselves::

        sage: from sage_hcsf import fiber_type_counts
        sage: P3 = graphs.PathGraph(3)
        sage: K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
        sage: fiber_type_counts(P3, P3)
        {[1, 1, 1]: 2, [2, 1]: 4}
        sage: fiber_type_counts(K2K1, K2K1)
        {[1, 1, 1]: 2, [2, 1]: 4}

    Counts are exact integers, beyond 64 bits::

        sage: star = graphs.StarGraph(20)
        sage: sum(fiber_type_counts(star, star).values()) == 20^20 + 20
        True

    Loops in ``H``; a loop in ``G``::

        sage: looped_K1 = Graph([(0, 0)], loops=True)
        sage: fiber_type_counts(graphs.PetersenGraph(), looped_K1)
        {[10]: 1}
        sage: fiber_type_counts(Graph([(0, 0)], loops=True), graphs.CompleteGraph(3))
        {}

    Targets beyond 255 vertices with large twin classes::

        sage: fiber_type_counts(P3, graphs.CompleteGraph(300))
        {[1, 1, 1]: 26730600, [2, 1]: 89700}

    TESTS::

        sage: fiber_type_counts(Graph(), graphs.PathGraph(2))
        {[]: 1}
        sage: fiber_type_counts(graphs.CycleGraph(5), graphs.CompleteGraph(3), algorithm="enumerate")
        {[2, 2, 1]: 30}
        sage: fiber_type_counts(Graph(1), Graph(), algorithm="dp")
        {}
        sage: fiber_type_counts(graphs.CompleteGraph(11), graphs.CompleteGraph(10))
        {}
        sage: fiber_type_counts(Graph(1), Graph(1), algorithm="fast")
        Traceback (most recent call last):
        ...
        ValueError: algorithm must be one of 'auto', 'dp', 'dp1', 'enumerate'; got 'fast'
        sage: fiber_type_counts(Graph(1), Graph(1), memory_budget=0)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a positive integer; got 0
    """
    chosen = engine_named(algorithm)
    budget = budget_for_call(memory_budget, state_budget)
    G = as_graph_data(G, "G")
    H = as_graph_data(H, "H")
    if not G.order():
        counts = {(): 1}
    elif not H.order():
        counts = {}
    else:
        counts = _within_kernel_limits(G.order(), H,
                                       lambda target: chosen.fiber_types(G, target, budget))
    return {partition_from_tuple(la): Integer(c) for la, c in sorted(counts.items()) if c}


def count_homomorphisms(G, H, algorithm="auto", state_budget=None, memory_budget=None):
    r"""
    Return the number of homomorphisms from ``G`` to ``H``.

    .. MATH::

        \hom(G, H) = \#\{\phi: V(G) \to V(H) : uv \in E(G) \Rightarrow
        \phi(u)\phi(v) \in E(H)\} = \sum_\lambda N_\lambda(G, H).

    INPUT:

    - ``G``, ``H`` -- graphs in any accepted form (``H`` may have loops)
    - ``algorithm`` -- ``"auto"`` (default: the DP with scalar states),
      ``"dp"`` or ``"enumerate"`` (or any name in :data:`ENGINES`)
    - ``state_budget``, ``memory_budget`` -- as in :func:`fiber_type_counts`

    OUTPUT: an :class:`Integer`

    The closed walks of length 4 in `K_{2,4}` number
    `\mathrm{tr}(A^4) = 2 \cdot \sqrt{8}^4 = 128`, and `\hom(P, K_3)` is
    the chromatic polynomial of the Petersen graph at 3.

    ALGORITHM:

    The product over the connected components of `G` (an isolated vertex
    has `|V(H)|` images, or as many as `H` has loops if it has a loop); for
    each, the engine: the DP of :mod:`sage_hcsf.fiber_dp` without fiber
    vectors (a state is the tuple of images of the frontier, folded by the
    twin classes of `H`; no limit on `|V(G)|`), or the enumeration.

    EXAMPLES::

        sage: from sage_hcsf import count_homomorphisms
        sage: count_homomorphisms(graphs.PetersenGraph(), graphs.CompleteGraph(3))
        120
        sage: count_homomorphisms(graphs.StarGraph(40), graphs.StarGraph(40)) == 40^40 + 40
        True
        sage: count_homomorphisms(graphs.CycleGraph(4), graphs.CompleteBipartiteGraph(2, 4),
        ....:                     algorithm="enumerate")
        128

    Large graphs: components multiply, and large twin classes are
    interpolated::

        sage: count_homomorphisms(graphs.PathGraph(256), graphs.CompleteGraph(2))
        2
        sage: count_homomorphisms(graphs.PathGraph(3), graphs.CompleteGraph(300)) == 300 * 299^2
        True
        sage: count_homomorphisms(Graph(1000), graphs.PathGraph(3)) == 3^1000
        True
        sage: count_homomorphisms(graphs.CompleteGraph(60), graphs.CompleteGraph(70)) == factorial(70) / factorial(10)
        True
        sage: count_homomorphisms(graphs.PathGraph(300), graphs.PathGraph(300))
        Traceback (most recent call last):
        ...
        ValueError: H has 300 vertices, more than the 255 the kernels take, ...
    """
    chosen = engine_named(algorithm)
    budget = budget_for_call(memory_budget, state_budget)
    G = as_graph_data(G, "G")
    H = as_graph_data(H, "H")
    number = 1
    for component in _components(G):
        if not number:
            break
        known = closed_form_homomorphisms(component, H) if chosen.name == "auto" else None
        if known is not None:   # into a complete graph: see closed_forms
            number *= known
        elif component.order() == 1:
            number *= sum(H.loops) if component.loops[0] else H.order()
        else:
            number *= _within_kernel_limits(
                component.order(), H,
                lambda target: chosen.homomorphisms(component, target, budget))
    return Integer(number)
