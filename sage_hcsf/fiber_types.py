r"""
Fiber-type counts of graph homomorphisms

For graphs `G` and `H`, every homomorphism `\phi: G \to H` has a *fiber
type* `\lambda(\phi)`: the partition of `n = |V(G)|` formed by the sizes of
its nonempty fibers `\phi^{-1}(w)`. This module counts homomorphisms by
fiber type,

.. MATH::

    N_\lambda(G, H) = \#\{\phi \in \mathrm{Hom}(G, H) : \lambda(\phi) = \lambda\},

the data from which every H-chromatic invariant is computed [EFHKY2022]_.

Two exact engines are available:

- ``"dp"`` -- dynamic programming along a vertex order of `G` (a path
  decomposition) over states (images of the frontier, fiber vector), with
  the twin classes of `H` folded into canonical forms;
  :mod:`sage_hcsf.fiber_dp`.
- ``"enumerate"`` -- depth-first enumeration of all homomorphisms with
  bitset candidate sets; :mod:`sage_hcsf.enumerate_homs`. It costs a step
  per homomorphism and serves as an independent check of the DP.

``"auto"`` counts the homomorphisms first (cheap: scalar DP states) and
enumerates when there are few, otherwise it runs the DP.

Budgets: the DP refuses to hold more than :func:`state_budget` states
(:class:`~sage_hcsf.fiber_dp.StateBudgetExceeded`, a ``MemoryError``), and
the enumeration refuses to start when there are more than
:func:`enumeration_limit` homomorphisms (``OverflowError``).

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
from sage.combinat.partition import _Partitions
from sage.rings.integer import Integer

from sage_hcsf.enumerate_homs import enumerate_fiber_types
from sage_hcsf.fiber_dp import fiber_vector_dp
from sage_hcsf.graph_data import as_graph_data

ALGORITHMS = ("auto", "dp", "enumerate")

_limits = {"state_budget": 10**7, "enumeration_limit": 10**12}
# "auto" enumerates when there are at most this many homomorphisms
_AUTO_ENUMERATION_THRESHOLD = 20000


def state_budget(new=None):
    r"""
    Return (and optionally set) the largest number of DP states allowed.

    A state costs about 200 bytes, so the default of `10^7` states keeps a
    computation within about 2 GB. A computation that needs more raises
    :class:`~sage_hcsf.fiber_dp.StateBudgetExceeded` instead of exhausting
    memory.

    INPUT:

    - ``new`` -- positive integer or ``None`` (default); the new budget

    OUTPUT: the budget in force before the call

    EXAMPLES::

        sage: from sage_hcsf import state_budget, fiber_type_counts
        sage: old = state_budget(3)
        sage: fiber_type_counts(graphs.PathGraph(4), graphs.PathGraph(4), algorithm="dp")
        Traceback (most recent call last):
        ...
        StateBudgetExceeded: the dynamic programme needs more than 3 states ...
        sage: state_budget(old)
        3
    """
    return _set_limit("state_budget", new)


def enumeration_limit(new=None):
    r"""
    Return (and optionally set) the most homomorphisms the enumerator visits.

    INPUT:

    - ``new`` -- positive integer or ``None`` (default); the new limit

    OUTPUT: the limit in force before the call (default `10^{12}`)

    EXAMPLES::

        sage: from sage_hcsf import enumeration_limit, fiber_type_counts
        sage: old = enumeration_limit(10)
        sage: fiber_type_counts(graphs.PathGraph(3), graphs.CompleteGraph(3), algorithm="enumerate")
        Traceback (most recent call last):
        ...
        OverflowError: there are 12 homomorphisms from G to H, more than the enumeration limit of 10; use algorithm='dp' or raise sage_hcsf.enumeration_limit()
        sage: enumeration_limit(old)
        10
    """
    return _set_limit("enumeration_limit", new)


def _set_limit(name, new):
    r"""
    Return the limit ``name``, and set it to ``new`` unless ``None``.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _set_limit
        sage: _set_limit("state_budget", -1)
        Traceback (most recent call last):
        ...
        ValueError: state_budget must be a positive integer; got -1
    """
    old = _limits[name]
    if new is not None:
        new = int(new)
        if new <= 0:
            raise ValueError(f"{name} must be a positive integer; got {new}")
        _limits[name] = new
    return old


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


def _run_dp(G, H, track_fibers, budget=None, number_of_homs=None):
    r"""
    Run the DP kernel on :class:`~sage_hcsf.graph_data.GraphData`; return
    ``(result, largest number of states at one step)``.

    The residues are exact below a bound: `|V(H)|^n` for the number of
    homomorphisms, and that number (``number_of_homs``, computed first if
    not given) for the fiber-type counts.

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _run_dp
        sage: K13 = as_graph_data(graphs.StarGraph(3))
        sage: _run_dp(K13, K13, True)
        ({(1, 1, 1, 1): 6, (2, 1, 1): 18, (3, 1): 6}, 4)
        sage: _run_dp(K13, K13, False)
        (30, 2)
    """
    adjacency, starts, ends = _kernel_target(H)
    order = vertex_order(G.adjacency)
    g_adj = [list(a) for a in G.adjacency]
    budget = budget or _limits["state_budget"]
    bound = H.order() ** G.order()
    if track_fibers:
        bound = number_of_homs if number_of_homs is not None else \
            fiber_vector_dp(g_adj, list(G.loops), adjacency, starts, ends, order,
                            False, budget, bound)[0]
    return fiber_vector_dp(g_adj, list(G.loops), adjacency, starts, ends, order,
                           track_fibers, budget, bound)


def _enumerate(G, H, number_of_homs):
    r"""
    Run the enumeration kernel on :class:`~sage_hcsf.graph_data.GraphData`,
    given the number of homomorphisms (to refuse hopeless runs at once).

    EXAMPLES::

        sage: from sage_hcsf.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types import _enumerate
        sage: K13 = as_graph_data(graphs.StarGraph(3))
        sage: sorted(_enumerate(K13, K13, 30).items())
        [((1, 1, 1, 1), 6), ((2, 1, 1), 18), ((3, 1), 6)]
    """
    if number_of_homs > _limits["enumeration_limit"]:
        raise OverflowError(
            f"there are {number_of_homs} homomorphisms from G to H, more than the "
            f"enumeration limit of {_limits['enumeration_limit']}; use algorithm='dp' "
            "or raise sage_hcsf.enumeration_limit()")
    order = vertex_order(G.adjacency)
    return enumerate_fiber_types([list(a) for a in G.adjacency], list(G.loops),
                                 H.neighbours_with_loops(), order,
                                 max(10**6, 64 * (number_of_homs + 1) * max(1, G.order())))


def _check_algorithm(algorithm):
    r"""
    Raise ``ValueError`` unless ``algorithm`` is one of :data:`ALGORITHMS`.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _check_algorithm
        sage: _check_algorithm("dp")
        sage: _check_algorithm("DP")
        Traceback (most recent call last):
        ...
        ValueError: algorithm must be one of 'auto', 'dp', 'enumerate'; got 'DP'
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {', '.join(map(repr, ALGORITHMS))}; "
                         f"got {algorithm!r}")


def fiber_type_counts(G, H, algorithm="auto", state_budget=None):
    r"""
    Return the number of homomorphisms `G \to H` of each fiber type.

    .. MATH::

        N_\lambda(G, H) = \#\{\phi \in \mathrm{Hom}(G, H) :
        (|\phi^{-1}(w)|)_{w \in V(H)} \text{ sorted, zeros dropped} = \lambda\}

    INPUT:

    - ``G``, ``H`` -- graphs (Sage, networkx, graph6, edge list, adjacency
      dict); ``H`` may have loops; a loop in ``G`` at `v` forces `v` onto a
      looped vertex of ``H``; multiple edges count once
    - ``algorithm`` -- ``"auto"`` (default), ``"dp"`` or ``"enumerate"``
      (see the module documentation)
    - ``state_budget`` -- integer or ``None`` (default: the value of
      :func:`state_budget`); the most states the DP may hold

    OUTPUT: a dictionary from :class:`Partition` to :class:`Integer` with the
    nonzero counts only, partitions in decreasing lexicographic order;
    ``{[]: 1}`` for the empty graph ``G`` and ``{}`` if there is no
    homomorphism.

    ALGORITHM:

    See the module documentation.

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

    TESTS::

        sage: fiber_type_counts(Graph(), graphs.PathGraph(2))
        {[]: 1}
        sage: fiber_type_counts(graphs.CycleGraph(5), graphs.CompleteGraph(3), algorithm="enumerate")
        {[2, 2, 1]: 30}
        sage: fiber_type_counts(Graph(1), Graph(), algorithm="dp")
        {}
        sage: fiber_type_counts(Graph(1), Graph(1), algorithm="fast")
        Traceback (most recent call last):
        ...
        ValueError: algorithm must be one of 'auto', 'dp', 'enumerate'; got 'fast'
    """
    _check_algorithm(algorithm)
    G = as_graph_data(G, "G")
    H = as_graph_data(H, "H")
    if algorithm == "dp":
        counts, _ = _run_dp(G, H, True, state_budget)
    else:
        number = count_homomorphisms(G, H, state_budget=state_budget)
        if algorithm == "enumerate" or number <= _AUTO_ENUMERATION_THRESHOLD:
            counts = _enumerate(G, H, number)
        else:
            counts, _ = _run_dp(G, H, True, state_budget, number)
    return {_partition(la): Integer(c) for la, c in sorted(counts.items(), reverse=True) if c}


def _partition(parts):
    r"""
    Return the :class:`Partition` of a weakly decreasing tuple of positive
    integers, as the kernels produce them, without validating it again
    (``Partition(...)`` costs more than the DP on large outputs).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types import _partition
        sage: la = _partition((3, 1, 1)); la, la == Partition([3, 1, 1]), la.parent()
        ([3, 1, 1], True, Partitions)
    """
    return _Partitions.element_class(_Partitions, list(parts))


def count_homomorphisms(G, H, algorithm="auto", state_budget=None):
    r"""
    Return the number of homomorphisms from ``G`` to ``H``.

    .. MATH::

        \hom(G, H) = \#\{\phi: V(G) \to V(H) : uv \in E(G) \Rightarrow
        \phi(u)\phi(v) \in E(H)\} = \sum_\lambda N_\lambda(G, H).

    INPUT:

    - ``G``, ``H`` -- graphs in any accepted form (``H`` may have loops)
    - ``algorithm`` -- ``"auto"`` or ``"dp"`` (default: ``"auto"``, the DP
      with scalar states), or ``"enumerate"``
    - ``state_budget`` -- as in :func:`fiber_type_counts`

    OUTPUT: an :class:`Integer`

    The closed walks of length 4 in `K_{2,4}` number
    `\mathrm{tr}(A^4) = 2 \cdot \sqrt{8}^4 = 128`, and `\hom(P, K_3)` is
    the chromatic polynomial of the Petersen graph at 3.

    ALGORITHM:

    The DP of :mod:`sage_hcsf.fiber_dp` without fiber vectors: a state is
    the tuple of images of the frontier, folded by the twin classes of `H`.

    EXAMPLES::

        sage: from sage_hcsf import count_homomorphisms
        sage: count_homomorphisms(graphs.PetersenGraph(), graphs.CompleteGraph(3))
        120
        sage: count_homomorphisms(graphs.StarGraph(40), graphs.StarGraph(40)) == 40^40 + 40
        True
        sage: count_homomorphisms(graphs.CycleGraph(4), graphs.CompleteBipartiteGraph(2, 4),
        ....:                     algorithm="enumerate")
        128
    """
    _check_algorithm(algorithm)
    G = as_graph_data(G, "G")
    H = as_graph_data(H, "H")
    if algorithm == "enumerate":
        number, _ = _run_dp(G, H, False, state_budget)
        return Integer(sum(_enumerate(G, H, number).values()))
    number, _ = _run_dp(G, H, False, state_budget)
    return Integer(number)
