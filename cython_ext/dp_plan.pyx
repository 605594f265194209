# cython: language_level=3
r"""
The plan of a DP run: its inputs, checked, and what the steps need

A :class:`DPPlan` holds everything fixed before the dynamic programme of
:mod:`sage_hcsf.kernels.fiber_dp` starts: the graphs `G` and `H` as plain
lists, the order in which the vertices of `G` are introduced, and what
follows from them -- the steps (:func:`_schedule`), the frontier after
each step, the step after which each vertex of `G` leaves the frontier,
the moduli of the residues (:func:`~sage_hcsf.kernels.residues.moduli_for_bound`)
and, for ``forget_dead``, the balls of `H` (:func:`_balls`) and the reach
profiles of each step (:func:`_reach_profiles`). It takes keyword arguments
only, and refuses an argument that makes no sense with a ``ValueError``
naming it; the limits of the kernel raise
:class:`~sage_hcsf.errors.KernelLimitExceeded`.

EXAMPLES::

    sage: from sage_hcsf.kernels.dp_plan import DPPlan
    sage: P3 = [[1], [0, 2], [1]]
    sage: plan = DPPlan(g_adj=P3, g_loops=[False] * 3, h_adj=P3, class_start=[0, 1, 2],
    ....:               class_end=[1, 2, 3], order=[1, 0, 2], track_fibers=True,
    ....:               memory_budget=10**6, bound=27)
    sage: plan.n, plan.N, plan.frontiers, plan.leaves, plan.moduli
    (3, 3, [[1], [1], []], [1, 2, 2], [0])
    sage: DPPlan(g_adj=P3, g_loops=[False] * 3, h_adj=P3, class_start=[0, 1, 2],
    ....:        class_end=[1, 2, 3], order=[1, 0, 0], track_fibers=True,
    ....:        memory_budget=10**6, bound=27)
    Traceback (most recent call last):
    ...
    ValueError: order must list the vertices 0..2 of G once each; got [1, 0, 0]
"""

import operator

from sage_hcsf.errors import KernelLimitExceeded

from sage_hcsf.kernels.residues import moduli_for_bound

# slot masks use bits 8..63 of a signature (canonical_forms.pxd)
MAX_FRONTIER = 56


def _whole_number(name, value, least):
    r"""
    Return ``value`` as an ``int`` at least ``least``, or raise
    ``ValueError`` naming the argument ``name``.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import _whole_number
        sage: _whole_number("bound", 10**30, 0) == 10**30
        True
        sage: _whole_number("memory_budget", 0, 1)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a positive integer; got 0
        sage: _whole_number("bound", 1/2, 0)
        Traceback (most recent call last):
        ...
        ValueError: bound must be a nonnegative integer; got 1/2
    """
    try:
        number = operator.index(value)
    except TypeError:
        number = None
    if number is None or isinstance(value, bool) or number < least:
        kind = "a positive integer" if least == 1 else "a nonnegative integer"
        raise ValueError(f"{name} must be {kind}; got {value!r}")
    return number


def _adjacency(name, adjacency, order):
    r"""
    Return ``adjacency`` as a list of lists of vertices ``0..order-1``, or
    raise ``ValueError`` naming the argument ``name``.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import _adjacency
        sage: _adjacency("h_adj", [[1], (0,)], 2)
        [[1], [0]]
        sage: _adjacency("h_adj", [[2], [0]], 2)
        Traceback (most recent call last):
        ...
        ValueError: h_adj must list neighbours among the vertices 0..1; vertex 0 has [2]
    """
    result = [list(neighbours) for neighbours in adjacency]
    for v, neighbours in enumerate(result):
        if any(not 0 <= u < order for u in neighbours):
            raise ValueError(f"{name} must list neighbours among the vertices 0..{order - 1}; "
                             f"vertex {v} has {neighbours}")
    return result


class DPPlan:
    r"""
    The plan of a run of the DP (see the module's documentation); keyword
    arguments only.

    INPUT:

    - ``g_adj`` -- adjacency lists of `G` on ``0..n-1`` (loops not listed);
      `n \le 255` if ``track_fibers``
    - ``g_loops`` -- ``g_loops[v]`` is true if `G` has a loop at `v`
    - ``h_adj`` -- adjacency lists of `H` on ``0..N-1`` (``w in h_adj[w]``
      for a loop), `N \le 255`, twin classes contiguous
    - ``class_start``, ``class_end`` -- for each vertex of `H`, the range
      ``[start, end)`` of its twin class (``[w, w+1)`` gives no reduction)
    - ``order`` -- the order in which the vertices of `G` are introduced; its
      frontier must stay within 56 vertices
    - ``track_fibers`` -- whether to keep fiber vectors (``False``: count
      homomorphisms only)
    - ``memory_budget`` -- positive integer: the most bytes the state tables
      may hold at once (larger values are capped at `2^{62}`)
    - ``bound`` -- an upper bound for the number of homomorphisms; the
      results are exact if it holds
    - ``forget_dead`` -- boolean (default: ``False``); with fibers, move the
      fiber sizes of the vertices of `H` that no vertex still to come can
      reach (by distances in `G` and `H`, and parity in bipartite
      components of `H`) into a histogram, so that states differing only
      there merge
    - ``symmetries`` -- ``None`` (default) or a list of label maps (lists)
      of `H`, the identity first: representatives of the cosets of the
      twin permutations in a group of automorphisms of `H`; with fibers,
      states are kept in canonical form under that group (after the
      prescribed images of the tasks)
    - ``tree_groups`` -- ``None`` (default) or, for a tree `H` labelled as
      :func:`~sage_hcsf.graphs.tree_codes.tree_target` does, its groups:
      triples ``(start, size, count)``, each ``count`` blocks of ``size``
      consecutive labels from ``start`` on, the exchange of any two of
      which (``x -> x + i * size``) is an automorphism of `H` keeping the
      twin classes, innermost first; with fibers, states are kept in
      canonical form under the group these exchanges and the twin
      permutations generate (after the prescribed images of the tasks);
      not together with ``symmetries``
    - ``max_fiber`` -- ``None`` (default: `|V(G)|`) or a bound on the size
      of a fiber (the histogram of forgotten fibers has that many entries):
      into a loopless `H`, fibers are independent sets of `G`

    See :func:`~sage_hcsf.kernels.fiber_dp.fiber_vector_dp` for their use.

    TESTS::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: K2 = [[1], [0]]
        sage: arguments = dict(g_adj=K2, g_loops=[False] * 2, h_adj=K2, class_start=[0, 0],
        ....:                  class_end=[2, 2], order=[0, 1], track_fibers=True,
        ....:                  memory_budget=10**6, bound=4)
        sage: DPPlan(K2, **arguments)
        Traceback (most recent call last):
        ...
        TypeError: __init__() takes exactly 1 positional argument (2 given)
        sage: DPPlan(**dict(arguments, memory_budget=-1))
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a positive integer; got -1
        sage: DPPlan(**dict(arguments, g_loops=[False]))
        Traceback (most recent call last):
        ...
        ValueError: g_loops must have one entry per vertex of G (2); got 1
        sage: DPPlan(**dict(arguments, class_end=[1, 3]))
        Traceback (most recent call last):
        ...
        ValueError: class_start and class_end must give each vertex w of H a range [start, end) of 0..2 containing w; vertex 1 has [0, 3)
        sage: DPPlan(**dict(arguments, symmetries=[[1, 0]]))
        Traceback (most recent call last):
        ...
        ValueError: symmetries must be permutations of 0..1, the identity first; got [[1, 0]]
        sage: P4 = [[1, 2], [0], [0, 3], [2]]    # the path 1-0-2-3: its halves are blocks
        sage: path = dict(arguments, g_adj=P4, g_loops=[False] * 4, h_adj=P4, order=[0, 1, 2, 3],
        ....:             class_start=[0, 1, 2, 3], class_end=[1, 2, 3, 4], bound=4**4)
        sage: DPPlan(**dict(path, tree_groups=[(0, 2, 2)])).tree_groups
        [(0, 2, 2)]
        sage: DPPlan(**dict(path, tree_groups=[(1, 1, 2)]))
        Traceback (most recent call last):
        ...
        ValueError: tree_groups must be blocks of labels of H whose exchanges are automorphisms keeping the twin classes; got [(1, 1, 2)]
        sage: DPPlan(**dict(path, tree_groups=[(0, 2, 2)], symmetries=[[0, 1, 2, 3]]))
        Traceback (most recent call last):
        ...
        ValueError: give symmetries or tree_groups, not both
        sage: DPPlan(**dict(arguments, max_fiber=-1))
        Traceback (most recent call last):
        ...
        ValueError: max_fiber must be a nonnegative integer; got -1
        sage: DPPlan(**arguments).memory_budget, DPPlan(**dict(arguments, memory_budget=2**70)).memory_budget
        (1000000, 1180591620717411303424)
    """

    def __init__(self, *, g_adj, g_loops, h_adj, class_start, class_end, order, track_fibers,
                 memory_budget, bound, forget_dead=False, symmetries=None, max_fiber=None,
                 tree_groups=None):
        n, N = len(g_adj), len(h_adj)
        self.n, self.N = n, N
        if N > 255:
            raise KernelLimitExceeded(f"the DP engine takes targets H with at most 255 "
                                      f"vertices; got |V(H)| = {N}")
        if track_fibers and n > 255:
            raise KernelLimitExceeded(f"the DP engine counts fiber types of graphs G with at "
                                      f"most 255 vertices; got |V(G)| = {n}")
        self.memory_budget = _whole_number("memory_budget", memory_budget, 1)
        self.bound = _whole_number("bound", bound, 0)
        self.g_adj = _adjacency("g_adj", g_adj, n)
        self.h_adj = _adjacency("h_adj", h_adj, N)
        if len(g_loops) != n:
            raise ValueError(f"g_loops must have one entry per vertex of G ({n}); "
                             f"got {len(g_loops)}")
        self.g_loops = [bool(loop) for loop in g_loops]
        self.order = list(order)
        if sorted(self.order) != list(range(n)):
            raise ValueError(f"order must list the vertices 0..{n - 1} of G once each; "
                             f"got {order!r}")
        self.class_start, self.class_end = list(class_start), list(class_end)
        if len(self.class_start) != N or len(self.class_end) != N:
            raise ValueError(f"class_start and class_end must have one entry per vertex of H "
                             f"({N}); got {len(self.class_start)} and {len(self.class_end)}")
        for w, (start, end) in enumerate(zip(self.class_start, self.class_end)):
            if not 0 <= start <= w < end <= N:
                raise ValueError(f"class_start and class_end must give each vertex w of H a "
                                 f"range [start, end) of 0..{N} containing w; vertex {w} has "
                                 f"[{start}, {end})")
        if symmetries is not None:
            symmetries = [list(g) for g in symmetries]
            if (not symmetries or symmetries[0] != list(range(N))
                    or any(sorted(g) != list(range(N)) for g in symmetries)):
                raise ValueError(f"symmetries must be permutations of 0..{N - 1}, the identity "
                                 f"first; got {symmetries!r}")
        if tree_groups is not None:
            if symmetries is not None:
                raise ValueError("give symmetries or tree_groups, not both")
            tree_groups = [tuple(_whole_number("tree_groups", x, 0) for x in group)
                           for group in tree_groups]
            if not all(len(group) == 3 and _exchanges_are_automorphisms(
                    self.h_adj, self.class_start, self.class_end, *group)
                    for group in tree_groups):
                raise ValueError(f"tree_groups must be blocks of labels of H whose exchanges "
                                 f"are automorphisms keeping the twin classes; got "
                                 f"{tree_groups!r}")
        self.track_fibers = bool(track_fibers)
        self.forget_dead = self.track_fibers and bool(forget_dead)
        self.cosets = symmetries if self.track_fibers else None
        self.tree_groups = tree_groups if self.track_fibers and tree_groups else None
        if max_fiber is not None:
            max_fiber = max(1, min(n, _whole_number("max_fiber", max_fiber, 0)))
        self.max_fiber = n if max_fiber is None else max_fiber
        self.moduli = moduli_for_bound(self.bound)
        position = {v: i for i, v in enumerate(self.order)}
        self.leaves = [max([position[v]] + [position[u] for u in self.g_adj[v]])
                       for v in range(n)]
        self.schedule, self.widest, self.frontiers = [], 0, []
        self.balls = self.profiles = None
        self.max_profiles = 0
        if n == 0 or N == 0:
            return  # nothing to plan: fiber_vector_dp answers at once
        self.schedule, self.widest, self.frontiers = _schedule(self.g_adj, self.g_loops,
                                                               self.order)
        if self.widest > MAX_FRONTIER:
            raise KernelLimitExceeded(f"the vertex order has a frontier of {self.widest} "
                                      f"vertices; the DP engine allows at most {MAX_FRONTIER} "
                                      "(algorithm='auto' tries the enumeration too)")
        if self.forget_dead:
            self.balls = _balls(self.h_adj)
            self.profiles = _reach_profiles(self.g_adj, self.order, self.frontiers, N,
                                            _covering_radius(self.balls, N))
            self.max_profiles = max([len(p) for p in self.profiles if p is not None],
                                    default=0)


def _exchanges_are_automorphisms(list h_adj, list class_start, list class_end, start, size,
                                 count):
    r"""
    Return whether ``count >= 2`` blocks of ``size >= 1`` labels from
    ``start`` on fit in `H` and the exchange of the first block with each
    other one (``x <-> x + i * size``) is an automorphism of `H` (adjacency
    lists ``h_adj``, loops listed) that maps each twin class onto one,
    keeping the order of its members.

    These exchanges generate all exchanges of two blocks.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import _exchanges_are_automorphisms
        sage: P5 = [[1, 3], [0, 2], [1], [0, 4], [3]]   # 2-1-0-3-4: the centre is 0
        sage: _exchanges_are_automorphisms(P5, list(range(5)), list(range(1, 6)), 1, 2, 2)
        True
        sage: _exchanges_are_automorphisms(P5, list(range(5)), list(range(1, 6)), 0, 2, 2)
        False
        sage: _exchanges_are_automorphisms(P5, list(range(5)), list(range(1, 6)), 1, 2, 3)
        False
    """
    N = len(h_adj)
    if count < 2 or size < 1 or start + count * size > N:
        return False
    for i in range(1, count):
        sigma = list(range(N))
        for x in range(start, start + size):
            sigma[x], sigma[x + i * size] = x + i * size, x
        for w in range(N):
            if sorted(sigma[u] for u in h_adj[w]) != sorted(h_adj[sigma[w]]):
                return False
            if (class_end[sigma[w]] - class_start[sigma[w]] != class_end[w] - class_start[w]
                    or sigma[w] - class_start[sigma[w]] != w - class_start[w]):
                return False
    return True


def _schedule(list g_adj, list g_loops, list order):
    r"""
    Return the steps of the DP, the widest frontier (plus the new vertex)
    and the frontier (vertices of `G`) after each step.

    Each step is ``(slots of earlier neighbours, surviving slots, forgotten
    slots, loop at the new vertex)``, slots counted in the frontier extended
    by the new vertex.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import _schedule
        sage: _schedule([[1], [0, 2], [1]], [False] * 3, [1, 0, 2])
        ([([], [0], [], False), ([0], [0], [1], False), ([0], [], [0, 1], False)], 2, [[1], [1], []])
    """
    cdef Py_ssize_t n = len(g_adj)
    position = {v: k for k, v in enumerate(order)}
    last_needed = [position[v] for v in range(n)]
    for v in range(n):
        for u in g_adj[v]:
            last_needed[v] = max(last_needed[v], position[u])
    frontier = []
    schedule = []
    frontiers = []
    widest = 0
    for i, v in enumerate(order):
        neighbours = set(g_adj[v])
        nbr_slots = [k for k, u in enumerate(frontier) if u in neighbours]
        extended = frontier + [v]
        keep = [k for k, u in enumerate(extended) if last_needed[u] > i]
        forget = [k for k, u in enumerate(extended) if last_needed[u] <= i]
        schedule.append((nbr_slots, keep, forget, bool(g_loops[v])))
        frontier = [extended[k] for k in keep]
        frontiers.append(frontier)
        widest = max(widest, len(extended))
    return schedule, widest, frontiers


def _distances(list adjacency, source):
    r"""
    Return the distances from ``source`` in the graph of ``adjacency``
    (``-1`` for the vertices it cannot reach).

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import _distances
        sage: _distances([[1], [0, 2], [1], []], 0)
        [0, 1, 2, -1]
    """
    distance = [-1] * len(adjacency)
    distance[source] = 0
    layer = [source]
    while layer:
        following = []
        for v in layer:
            for u in adjacency[v]:
                if distance[u] < 0:
                    distance[u] = distance[v] + 1
                    following.append(u)
        layer = following
    return distance


def _balls(list h_adj):
    r"""
    Return the balls of `H` that bound where a walk can end: entry
    ``a * (N + 3) + level`` lists the vertices `x` with a walk of the
    radius ``level`` from `a` to `x` possibly (distance at most the radius,
    of its parity when the component of `a` is bipartite). Radii from `N`
    on only matter by parity (levels `N`, `N + 1`); level `N + 2` stands
    for no constraint (every vertex).

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import _balls
        sage: P3 = [[1], [0, 2], [1]]
        sage: balls = _balls(P3); len(balls)
        18
        sage: balls[0:6]  # around the end 0: radius 0, 1, 2, parity beyond
        [[0], [1], [0, 2], [1], [0, 2], [0, 1, 2]]
        sage: _balls([[0, 1], [0]])[0:5]  # a loop at 0: no parity
        [[0], [0, 1], [0, 1], [0, 1], [0, 1]]
    """
    cdef Py_ssize_t N = len(h_adj), levels = N + 3
    plain = [[u for u in nbrs if u != w] for w, nbrs in enumerate(h_adj)]
    balls = []
    for a in range(N):
        distance = _distances(plain, a)
        reached = [x for x in range(N) if distance[x] >= 0]
        bipartite = all(x not in h_adj[x] for x in reached) and all(
            (distance[x] - distance[y]) % 2 for x in reached for y in plain[x])
        for level in range(N + 2):
            balls.append([x for x in reached if distance[x] <= level
                          and (not bipartite or (level - distance[x]) % 2 == 0)])
        balls.append(list(range(N)))
    assert len(balls) == N * levels
    return balls


def _covering_radius(list balls, Py_ssize_t N):
    r"""
    Return the least radius `d < N` whose balls (see :func:`_balls`) around
    every vertex, and those of every larger radius, are all of `H`, or
    ``None``: then `H` is connected and not bipartite.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import _balls, _covering_radius
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: _covering_radius(_balls(K3), 3)
        1
        sage: _covering_radius(_balls([[1], [0]]), 2) is None  # bipartite
        True
    """
    levels = N + 3
    full = [all(len(balls[a * levels + d]) == N for a in range(N)) for d in range(N + 2)]
    for d in range(N):
        if all(full[d:]):
            return d
    return None


def _reach_profiles(list g_adj, list order, list frontiers, Py_ssize_t N, covering=None):
    r"""
    Return, for each step, the reach profiles of the vertices of `G` still
    to come: for such a vertex `r`, the levels (see :func:`_balls`) of its
    distances to the frontier slots (`N + 2` where it cannot reach a slot);
    duplicates and profiles whose balls lie within another's are dropped.
    ``None`` for a step where some profile's levels are all at least
    ``covering`` (a radius whose balls are all of `H`, if there is one):
    nothing can be forgotten there.

    A vertex of `H` outside every profile's intersection of balls around
    the images of the slots receives no further vertex.

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import _reach_profiles, _schedule
        sage: P4 = [[1], [0, 2], [1, 3], [2]]
        sage: order = [0, 1, 2, 3]
        sage: _reach_profiles(P4, order, _schedule(P4, [False] * 4, order)[2], 4)
        [[[3], [2]], [[2], [1]], [[1]], []]

    After the first step, vertices 1, 2, 3 are 1, 2, 3 steps away from
    the frontier vertex 0; radius 3 covers radius 1 (same parity). With
    covering radius 2 the first two steps forget nothing::

        sage: _reach_profiles(P4, order, _schedule(P4, [False] * 4, order)[2], 4, 2)
        [None, None, [[1]], []]
    """
    cdef Py_ssize_t n = len(g_adj)
    infinity = N + 2
    def level(d):
        if d < 0:
            return infinity
        return d if d < N else N + ((d - N) & 1)
    def within(p, q):  # the balls of q lie within those of p
        return all(a == infinity or (a >= b != infinity and (a - b) % 2 == 0)
                   for a, b in zip(p, q))
    distance = {}
    result = []
    for i in range(n):
        frontier = frontiers[i]
        for u in frontier:
            if u not in distance:
                distance[u] = _distances(g_adj, u)
        candidates = sorted({tuple(level(distance[u][r]) for u in frontier)
                             for r in order[i + 1:]}, reverse=True)
        kept = []
        for q in candidates:
            if not any(within(p, q) for p in kept):
                kept.append(q)
        if covering is not None and any(min(p, default=infinity) >= covering for p in kept):
            result.append(None)
        else:
            result.append([list(p) for p in kept])
    return result
