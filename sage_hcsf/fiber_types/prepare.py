r"""
Preparing `G` and `H` for the kernels

The DP introduces the vertices of `G` in an order that keeps its frontier
small (:func:`vertex_order`), and folds each twin class of `H` (vertices any
permutation of which is an automorphism, :func:`twin_classes`) into one
range of labels. Counts multiply over the components of `G`; a target with
more vertices than the kernels take is handled by interpolating in the size
of a large twin class (the counts are polynomials in it).

EXAMPLES::

    sage: from sage_hcsf.fiber_types.prepare import twin_classes, vertex_order
    sage: from sage_hcsf.graphs.graph_data import as_graph_data
    sage: twin_classes(as_graph_data(graphs.CompleteBipartiteGraph(2, 3)))
    [[0, 1], [2, 3, 4]]
    sage: vertex_order([[1], [0, 2], [1]])
    [0, 1, 2]
"""

from math import comb

from sage_hcsf.graphs.graph_data import GraphData
from sage_hcsf.settings import KERNEL_ORDER_LIMIT


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

        sage: from sage_hcsf.fiber_types.prepare import vertex_order
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

    - ``data`` -- a :class:`~sage_hcsf.graphs.graph_data.GraphData`

    OUTPUT: a list of lists of vertices, each sorted, sorted by first element

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.prepare import twin_classes
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

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.prepare import _kernel_target
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


def _tree_kernel_target(H):
    r"""
    Return the kernel's target for a tree ``H`` with automorphisms beyond
    its twins: its adjacency lists, class ranges (as :func:`_kernel_target`)
    and groups of exchangeable blocks of labels, in the labelling of
    :func:`~sage_hcsf.graphs.tree_codes.tree_target`; ``None`` if ``H`` is
    not a tree on at least three vertices or its automorphisms are twin
    permutations only.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.prepare import _tree_kernel_target
        sage: adjacency, starts, ends, groups = _tree_kernel_target(
        ....:     as_graph_data(graphs.BalancedTree(2, 2)))
        sage: adjacency, groups
        ([[1, 4], [0, 2, 3], [1], [1], [0, 5, 6], [4], [4]], [(1, 3, 2)])
        sage: starts, ends
        ([0, 1, 2, 2, 4, 5, 5], [1, 2, 4, 4, 5, 7, 7])
        sage: _tree_kernel_target(as_graph_data(graphs.StarGraph(5))) is None
        True
        sage: _tree_kernel_target(as_graph_data(graphs.CycleGraph(5))) is None
        True
    """
    from sage_hcsf.graphs.tree_codes import is_tree_data, tree_target
    if H.order() < 3 or not is_tree_data(H):
        return None
    new_label, groups = tree_target({v: list(nbrs) for v, nbrs in enumerate(H.adjacency)})
    if not groups:
        return None
    adjacency = [None] * H.order()
    for v, nbrs in enumerate(H.adjacency):
        adjacency[new_label[v]] = sorted(new_label[u] for u in nbrs)
    relabelled = GraphData(tuple(tuple(a) for a in adjacency), (False,) * H.order(),
                           tuple(range(H.order())))
    starts, ends = [None] * H.order(), [None] * H.order()
    for members in twin_classes(relabelled):
        if members != list(range(members[0], members[-1] + 1)):
            raise AssertionError(f"the twins {members} of a tree are not consecutive labels")
        for v in members:
            starts[v], ends[v] = members[0], members[-1] + 1
    return adjacency, starts, ends, groups


def _components(G):
    r"""
    Return the connected components of ``G`` as
    :class:`~sage_hcsf.graphs.graph_data.GraphData` (vertices relabelled, loops kept).

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.prepare import _components
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

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.prepare import _induced
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

        sage: from sage_hcsf.fiber_types.prepare import _newton
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
    Return ``count(H)``; if ``H`` has more vertices than the DP kernel
    takes, interpolate in the size of a twin class larger than
    `n = |V(G)|` where that brings it within reach, and otherwise leave
    ``H`` to the engine: the enumeration takes a target of any size (a
    small `G` into a large sparse `H`, as `P_3 \to P_{300}`), the DP
    refuses it (:class:`~sage_hcsf.errors.KernelLimitExceeded`), and
    ``"auto"`` passes from one to the other.

    A homomorphism uses at most `n` members of a twin class of size `c`,
    and by symmetry those using a given set of `j` members are as many as
    the homomorphisms into the graph with that class cut to `j` members
    using all of them; so any count (of each fiber type) is
    `\sum_j \binom{c}{j} B_j`, a polynomial in `c` of degree at most `n`,
    known from its values at `c = 0, \ldots, n`.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.engines import ENGINES
        sage: from sage_hcsf.fiber_types.prepare import _within_kernel_limits
        sage: K300 = as_graph_data(graphs.CompleteGraph(300)); P3 = as_graph_data(graphs.PathGraph(3))
        sage: _within_kernel_limits(3, K300, lambda H: ENGINES["dp"].homomorphisms(P3, H, 10^8))
        26820300
        sage: _within_kernel_limits(300, K300, lambda H: H.order())
        300
        sage: P300 = as_graph_data(graphs.PathGraph(300))
        sage: _within_kernel_limits(3, P300, lambda H: ENGINES["auto"].homomorphisms(P3, H, 10^8))
        1194
    """
    if H.order() <= KERNEL_ORDER_LIMIT:
        return count(H)
    large = [members for members in twin_classes(H) if len(members) > n]
    left = H.order() - sum(len(members) - n for members in large)
    if not large or left > KERNEL_ORDER_LIMIT or (n + 1) ** len(large) > 10**4:
        return count(H)   # no interpolation reaches the DP: the engines decide
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
