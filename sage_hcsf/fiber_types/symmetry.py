r"""
The symmetries of the target `H` that the DP uses

Automorphisms of `H` permute the homomorphisms `G \to H` and keep their fiber
types. From Sage's partition-refinement search (``search_tree``) this module
takes the orbits of `\mathrm{Aut}(H)` and of stabilisers
(:func:`prefix_tasks`: the work split by the images of the first vertices,
each task weighted by its orbit sizes), coset representatives of
`\mathrm{Aut}(H)` over the twin permutations
(:func:`symmetries_beyond_twins`: canonical forms of the DP's states), and
`|\mathrm{Aut}(G)|` itself (:func:`automorphism_group_order`, the check of
`N_{1^n}(G, G)`).

EXAMPLES::

    sage: from sage_hcsf.fiber_types.symmetry import automorphism_group_order, prefix_tasks
    sage: automorphism_group_order(graphs.CycleGraph(6))
    12
    sage: K3 = [[1, 2], [0, 2], [0, 1]]
    sage: prefix_tasks(K3, K3, [0, 1, 2])
    [([[0], [1]], 6)]
"""

from sage_hcsf.graphs.graph_data import as_graph_data

# engine II uses the symmetries beyond twins when there are at most this many
_SYMMETRY_LIMIT = 1024


# engine II splits by the images of at most this many vertices when memory is short
_MAX_SPLIT_DEPTH = 6


def _orbits(graph, cells):
    r"""
    Return the orbits of the automorphisms of ``graph`` (a Sage graph on
    ``0..N-1``) that fix each cell of ``cells`` (an ordered partition), as
    a dictionary from the least vertex of each orbit to the orbit's size.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.symmetry import _orbits
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

        sage: from sage_hcsf.fiber_types.symmetry import automorphism_group_order
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

        sage: from sage_hcsf.fiber_types.symmetry import prefix_tasks
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

        sage: from sage_hcsf.fiber_types.prepare import _kernel_target
        sage: from sage_hcsf.fiber_types.symmetry import symmetries_beyond_twins
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
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
