r"""
Homomorphism counts in closed form, and the message when nothing can count

Some inputs need no engine. Into the complete graph `K_m` a homomorphism
is a proper colouring with `m` colours, so `\hom(G, K_m)` is the chromatic
polynomial `P_G(m)`; written in falling factorials,

.. MATH::

    P_G(m) = \sum_k a_k(G)\, (m)_k,

`a_k(G)` the number of partitions of `V(G)` into `k` independent sets of
`G`: cliques of its complement. All vertices of `K_n` are twins (the
complement has no edge), so `\hom(K_n, K_m) = (m)_n` at once; for dense
graphs the complement is sparse and its clique partitions are few. Into
`K_m` with a loop at every vertex every map counts: `m^n`. From a forest
`G` into any `H`, the tree recursion counts in `|V(G)|` times `|V(H)|`
plus the degrees of `H` additions (:func:`forest_homomorphisms`), where the DP of a path
decomposition may hold `|V(H)|^{\mathrm{pw}(G) + 1}` states.

:func:`closed_form_homomorphisms` is what
:func:`~sage_hcsf.fiber_types.counts.count_homomorphisms` tries first; when no
closed form applies and the engines give up,
:func:`out_of_reach` is the one error it raises.

EXAMPLES::

    sage: from sage_hcsf.fiber_types.closed_forms import closed_form_homomorphisms
    sage: from sage_hcsf.graphs.graph_data import as_graph_data
    sage: K60, K70 = (as_graph_data(graphs.CompleteGraph(k)) for k in (60, 70))
    sage: closed_form_homomorphisms(K60, K70) == factorial(70) // factorial(10)
    True
"""

from sage.arith.misc import falling_factorial

from sage_hcsf.graphs.tree_codes import breadth_first

# the clique partitions of the complement enumerated before giving up
PARTITION_STEPS = 10**5

# the work the tree recursion of a forest G may take (forest_work: about a second)
FOREST_WORK = 5 * 10**7


# How the message of out_of_reach names the engines it knows.
_ENGINE_LABELS = {"dp": "the DP engine", "enumerate": "the enumeration engine"}


def complete_target(H):
    r"""
    Return ``"loopless"`` if every two vertices of ``H`` are adjacent and
    none has a loop, ``"looped"`` if besides every vertex has a loop, and
    ``None`` otherwise.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.closed_forms import complete_target
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: complete_target(as_graph_data(graphs.CompleteGraph(4)))
        'loopless'
        sage: complete_target(as_graph_data([(0, 0), (0, 1), (1, 1)]))
        'looped'
        sage: complete_target(as_graph_data(graphs.PathGraph(3))) is None
        True
    """
    m = H.order()
    if any(len(neighbours) != m - 1 for neighbours in H.adjacency):
        return None
    if not any(H.loops):
        return "loopless"
    return "looped" if all(H.loops) else None


def independent_partitions(G, limit=PARTITION_STEPS):
    r"""
    Return ``{k: a_k}``, the number of partitions of the vertices of ``G``
    into `k` independent sets, or ``None`` if finding them takes more than
    ``limit`` steps.

    A block is a clique of the complement of `G`; the first vertex not yet
    placed goes into a block with some of its later non-neighbours.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.closed_forms import independent_partitions
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: independent_partitions(as_graph_data(graphs.CompleteGraph(5)))
        {5: 1}
        sage: independent_partitions(as_graph_data(graphs.CycleGraph(4)))   # {02, 13}, ...
        {2: 1, 3: 2, 4: 1}
        sage: independent_partitions(as_graph_data(Graph(12)), limit=1000) is None
        True
    """
    n = G.order()
    others = [frozenset(range(n)) - {v} - set(G.adjacency[v]) for v in range(n)]
    counts = {}
    steps = 0

    def place(left, blocks):
        nonlocal steps
        steps += 1
        if steps > limit:
            raise OverflowError
        if not left:
            counts[blocks] = counts.get(blocks, 0) + 1
            return
        v = min(left)
        grow(left - {v}, others[v] & left, blocks)

    def grow(left, candidates, blocks):   # the block of the last vertex placed, extended
        place(left, blocks + 1)
        for w in sorted(candidates):
            candidates = candidates - {w}
            grow(left - {w}, candidates & others[w], blocks)

    try:
        place(frozenset(range(n)), 0)
    except OverflowError:
        return None
    return dict(sorted(counts.items()))


def forest_components(G):
    r"""
    Return the number of connected components of ``G`` (a
    :class:`~sage_hcsf.graphs.graph_data.GraphData`, loops not counted as
    edges) if it has no cycle, else ``None``.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.closed_forms import forest_components
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: forest_components(as_graph_data(graphs.BalancedTree(2, 3)))
        1
        sage: forest_components(as_graph_data(graphs.PathGraph(3).disjoint_union(Graph(2))))
        3
        sage: forest_components(as_graph_data(graphs.CycleGraph(4))) is None
        True
    """
    root = list(range(G.order()))

    def find(v):
        while root[v] != v:
            root[v] = root[root[v]]
            v = root[v]
        return v

    components = G.order()
    for v, neighbours in enumerate(G.adjacency):
        for u in neighbours:
            if u > v:
                a, b = find(u), find(v)
                if a == b:
                    return None
                root[a] = b
                components -= 1
    return components


def forest_work(G, H):
    r"""
    Return the work of :func:`forest_homomorphisms` on ``G`` and ``H``:
    the additions and products of its integers, `|V(G)|` times `|V(H)|`
    plus the degrees of `H` (a loop counted once), weighted by the words of
    the largest integer, at most `|V(G)| \log_2(1 + \Delta(H))` bits.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.closed_forms import forest_work
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: P3 = as_graph_data(graphs.PathGraph(3))
        sage: forest_work(P3, P3)
        21
    """
    neighbours = H.neighbours_with_loops()
    largest = max(map(len, neighbours), default=0)
    words = 1 + G.order() * largest.bit_length() // 64
    return G.order() * (len(neighbours) + sum(map(len, neighbours))) * words


def forest_homomorphisms(G, H, limit=FOREST_WORK):
    r"""
    Return `\hom(G, H)` for a forest ``G`` by the tree recursion, or
    ``None`` when its work (:func:`forest_work`) exceeds ``limit``.

    INPUT:

    - ``G``, ``H`` -- :class:`~sage_hcsf.graphs.graph_data.GraphData`;
      ``G`` without a cycle (loops allowed: a looped vertex of ``G`` goes
      to a looped vertex of ``H``)

    Rooted at any vertex, the homomorphisms of the subtree below `v` that
    send `v` to `w` number
    `f_v(w) = [\text{no loop at } v \text{ or a loop at } w]
    \prod_{c} \sum_{w' \sim w} f_c(w')` over the children `c` of `v`
    (`w' = w` counts where `w` has a loop); `\hom(G, H)` is the product
    over the components of `\sum_w f_{root}(w)`. The work is `|V(G)|`
    times `|V(H)|` plus the degrees of `H`, whatever the pathwidth of `G`
    or the symmetries of `H`; a vector is held for the vertices whose
    children are done and which are not, at most the width of a level of
    the breadth-first order.

    EXAMPLES:

    The binary tree on 63 vertices into itself, at once (the DP of its
    path decomposition holds `63^4` states); `\hom(P_n, K_2) = 2`::

        sage: from sage_hcsf.fiber_types.closed_forms import forest_homomorphisms
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: B = as_graph_data(graphs.BalancedTree(2, 5))
        sage: forest_homomorphisms(B, B)
        124836075545326018346740257024
        sage: forest_homomorphisms(as_graph_data(graphs.PathGraph(300)), as_graph_data(graphs.CompleteGraph(2)))
        2

    A star `K_{1,k}` into `H`: `\sum_w \deg(w)^k`; a loop at the centre
    keeps the looped vertices; too much work gives ``None``::

        sage: H = as_graph_data([(0, 0), (0, 1), (1, 2)])
        sage: forest_homomorphisms(as_graph_data(graphs.StarGraph(3)), H)
        17
        sage: forest_homomorphisms(as_graph_data([(0, 0), (0, 1), (0, 2), (0, 3)]), H)
        8
        sage: forest_homomorphisms(B, B, limit=100) is None
        True
    """
    if forest_work(G, H) > limit:
        return None
    n, neighbours = G.order(), H.neighbours_with_loops()
    looped = [1 if loop else 0 for loop in H.loops]
    reached = set()
    products = {}   # the vertices with a child done: the product of their children's sums
    number = 1
    for start in range(n):
        if start in reached:
            continue
        order, parent = breadth_first(G.adjacency, start)
        reached.update(order)
        for v in reversed(order):
            below = products.pop(v, None)
            if below is None:
                below = [1] * len(neighbours)
            if G.loops[v]:
                below = [x * keep for x, keep in zip(below, looped)]
            if parent[v] is None:
                number *= sum(below)
                continue
            sums = [sum(below[w] for w in ws) for ws in neighbours]
            above = products.get(parent[v])
            products[parent[v]] = sums if above is None else [a * b for a, b in zip(above, sums)]
    return number


def is_forest(G):
    r"""
    Return whether ``G`` has no cycle (:func:`forest_components`).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.closed_forms import is_forest
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: is_forest(as_graph_data(graphs.BalancedTree(2, 3))), is_forest(as_graph_data(graphs.CycleGraph(4)))
        (True, False)
    """
    return forest_components(G) is not None


def closed_form_homomorphisms(G, H):
    r"""
    Return `\hom(G, H)` when a closed form gives it quickly, else ``None``.

    INPUT:

    - ``G``, ``H`` -- :class:`~sage_hcsf.graphs.graph_data.GraphData`

    Into `K_m` with every loop, `m^n`; for a forest `G` with `c`
    components, `m^c (m - 1)^{n - c}` into `K_m` without loops (`0` if `G`
    has a loop), else the tree recursion (:func:`forest_homomorphisms`)
    unless `H` is too large for it; into a complete graph `K_m` without
    loops, `\sum_k a_k (m)_k` (see the module documentation) when `G` is
    dense enough for its independent partitions to be few.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.closed_forms import closed_form_homomorphisms
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: K4 = as_graph_data(graphs.CompleteGraph(4))
        sage: C5 = as_graph_data(graphs.CycleGraph(5))
        sage: closed_form_homomorphisms(C5, K4) == graphs.CycleGraph(5).chromatic_polynomial()(4)
        True
        sage: closed_form_homomorphisms(C5, as_graph_data(graphs.PathGraph(3))) is None
        True
        sage: closed_form_homomorphisms(as_graph_data([(0, 0), (0, 1)]), K4)   # a loop: no colouring
        0
        sage: looped = as_graph_data([(0, 0), (0, 1), (1, 1)])
        sage: closed_form_homomorphisms(C5, looped)
        32
        sage: closed_form_homomorphisms(as_graph_data(graphs.CycleGraph(40)), K4) is None   # sparse
        True
        sage: closed_form_homomorphisms(as_graph_data(graphs.PathGraph(40)), K4) == 4 * 3^39   # a tree
        True
        sage: F = graphs.PathGraph(40).disjoint_union(graphs.StarGraph(5))
        sage: closed_form_homomorphisms(as_graph_data(F), K4) == F.chromatic_polynomial()(4)
        True
    """
    kind = complete_target(H)
    m, n = H.order(), G.order()
    if kind == "looped":
        return m ** n
    components = forest_components(G)
    if components is not None:
        if kind == "loopless":   # a root has m images, each other vertex m - 1
            return 0 if any(G.loops) else m ** components * (m - 1) ** (n - components)
        number = forest_homomorphisms(G, H)
        if number is not None:
            return number
    if kind is None:
        return None
    if any(G.loops):
        return 0
    non_edges = n * (n - 1) // 2 - sum(len(a) for a in G.adjacency) // 2
    if non_edges > 2 * n:   # sparse: the engines are quicker
        return None
    partitions = independent_partitions(G)
    if partitions is None:
        return None
    return sum(count * falling_factorial(m, k) for k, count in partitions.items())


def out_of_reach(G, H, stopped, number=None):
    r"""
    Return the one error for a count that no engine can do: what stopped
    each engine, and what would help.

    INPUT:

    - ``G``, ``H`` -- :class:`~sage_hcsf.graphs.graph_data.GraphData`
    - ``stopped`` -- a list of pairs ``(engine name, error)``, in the order
      the engines were tried
    - ``number`` -- ``None`` (default: `\hom(G, H)` was not counted), or
      `\hom(G, H)`, counted, when the engines could not count the fiber types

    OUTPUT: an exception of the kind of the first ``ValueError`` or
    ``MemoryError`` among the errors (a
    :class:`~sage_hcsf.errors.MemoryBudgetExceeded` stays one), else a
    ``ValueError``

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.closed_forms import out_of_reach
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: G = as_graph_data(graphs.RandomGNP(70, 0.5, seed=1)); H = as_graph_data(graphs.PetersenGraph())
        sage: out_of_reach(G, H, [("dp", ValueError("the vertex order has a frontier of 60 vertices; "
        ....:     "the DP engine allows at most 56 (algorithm='auto' tries the enumeration too)")),
        ....:     ("enumerate", OverflowError("the enumeration visited more than 100000000 partial maps; "
        ....:     "raise sage_hcsf.enumeration_limit(...) (algorithm='auto' tries the DP too)"))])
        ValueError('hom(G, H) is out of reach for G on 70 vertices and H on 10: the DP engine cannot (the vertex order has a frontier of 60 vertices; the DP engine allows at most 56), the enumeration engine cannot (the enumeration visited more than 100000000 partial maps), and no closed form applies (H is not a complete graph); a G of smaller pathwidth, or a larger sage_hcsf.memory_budget(...) or sage_hcsf.enumeration_limit(...) where the reason is a budget, may bring it in reach')
        sage: out_of_reach(G, H, [("new", OverflowError("too slow"))])
        ValueError("hom(G, H) is out of reach for G on 70 vertices and H on 10: the engine 'new' cannot (too slow), and no closed form applies ...")
        sage: out_of_reach(G, H, [("new", OverflowError("too slow"))], 7)
        ValueError("the fiber types of G -> H are out of reach for G on 70 vertices and H on 10: the engine 'new' cannot (too slow), though hom(G, H) = 7 was counted; ...")
    """
    def reason(error):   # what stopped an engine, without its advice to try the other
        return str(error).split(" (algorithm=")[0].split("; raise")[0]

    def label(name):
        return _ENGINE_LABELS.get(name, f"the engine {name!r}")

    closed = "H is not a complete graph" if complete_target(H) is None else \
        "G is too sparse for the closed form into a complete graph"
    if is_forest(G):
        closed += ", and H is too large for the tree recursion"
    kind = next((type(error) for _, error in stopped
                 if isinstance(error, (ValueError, MemoryError))), ValueError)
    engines = "".join(f"{label(name)} cannot ({reason(error)}), " for name, error in stopped)
    what, closing = "hom(G, H)", f"and no closed form applies ({closed})"
    if number is not None:
        what, closing = "the fiber types of G -> H", f"though hom(G, H) = {number} was counted"
    return kind(
        f"{what} {'is' if number is None else 'are'} out of reach for G on {G.order()} "
        f"vertices and H on {H.order()}: {engines}{closing}; a G of "
        "smaller pathwidth, or a larger sage_hcsf.memory_budget(...) or "
        "sage_hcsf.enumeration_limit(...) where the reason is a budget, may bring it in reach")
