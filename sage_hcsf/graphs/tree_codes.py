r"""
Canonical codes of trees (Aho, Hopcroft and Ullman), and their automorphisms

Two trees are isomorphic exactly when their canonical codes agree: the code
of a tree rooted at its centre (both ends of a central edge, ordered) is
built bottom-up from the sorted codes of the subtrees, interned as small
integers (:func:`tree_code`). The same recursion counts the automorphisms:
the product, over the vertices, of the factorials of the multiplicities of
equal child codes (:func:`tree_automorphism_group_order`), in `O(n \log n)`
-- against a partition-refinement search for a general graph.

EXAMPLES::

    sage: from sage_hcsf.graphs.tree_codes import tree_adjacency, tree_code
    sage: from sage_hcsf.graphs.tree_codes import tree_automorphism_group_order
    sage: T = graphs.RandomTree(12, seed=5)
    sage: U = T.relabel(Permutations(12).random_element(), inplace=False)
    sage: codes = {}
    sage: tree_code(tree_adjacency(T), codes) == tree_code(tree_adjacency(U), codes)
    True
    sage: tree_automorphism_group_order(T) == T.automorphism_group().order()
    True
"""
from sage_hcsf.graphs.graph_data import as_graph_data


def tree_adjacency(T):
    r"""
    Return ``{v: list of neighbours}`` of a tree given in any form the
    package accepts, on the vertices `0, \dots, n-1`; raise ``ValueError``
    if it is not a tree.

    EXAMPLES::

        sage: from sage_hcsf.graphs.tree_codes import tree_adjacency
        sage: tree_adjacency(graphs.PathGraph(3))
        {0: [1], 1: [0, 2], 2: [1]}
        sage: tree_adjacency(graphs.CycleGraph(3))
        Traceback (most recent call last):
        ...
        ValueError: not a tree: 3 vertices, 3 edges, loops: False
    """
    data = as_graph_data(T)
    if not is_tree_data(data):
        edges = sum(len(a) for a in data.adjacency) // 2
        raise ValueError(f"not a tree: {data.order()} vertices, {edges} edges, "
                         f"loops: {any(data.loops)}")
    return {v: list(nbrs) for v, nbrs in enumerate(data.adjacency)}


def is_tree_data(data):
    r"""
    Return whether a :class:`~sage_hcsf.graphs.graph_data.GraphData` is a tree
    (connected, `n - 1` edges, no loop, at least one vertex).

    EXAMPLES::

        sage: from sage_hcsf.graphs.tree_codes import is_tree_data
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: [is_tree_data(as_graph_data(G)) for G in (graphs.StarGraph(4), Graph(2), Graph(1))]
        [True, False, True]
    """
    n = data.order()
    if n == 0 or any(data.loops) or sum(len(a) for a in data.adjacency) != 2 * (n - 1):
        return False
    seen, stack = {0}, [0]
    while stack:
        for u in data.adjacency[stack.pop()]:
            if u not in seen:
                seen.add(u)
                stack.append(u)
    return len(seen) == n


def breadth_first(adjacency, root, avoid=None):
    r"""
    Return the vertices reachable from ``root`` without ``avoid``, in
    breadth-first order, and their parents (``None`` for the root).

    EXAMPLES::

        sage: from sage_hcsf.graphs.tree_codes import breadth_first
        sage: breadth_first({0: [1], 1: [0, 2], 2: [1]}, 1)
        ([1, 0, 2], {0: 1, 1: None, 2: 1})
    """
    order, parent = [root], {root: None}
    for v in order:
        for u in adjacency[v]:
            if u not in parent and u != avoid:
                parent[u] = v
                order.append(u)
    return order, parent


def _centre(adjacency):
    r"""
    Return the centre of a tree: one vertex, or the two ends of an edge.

    EXAMPLES::

        sage: from sage_hcsf.graphs.tree_codes import _centre
        sage: _centre({0: [1], 1: [0, 2], 2: [1]}), _centre({5: [7], 7: [5]})
        ([1], [5, 7])
    """
    degree = {v: len(nbrs) for v, nbrs in adjacency.items()}
    layer = [v for v, d in degree.items() if d <= 1]
    left = len(degree)
    while left > 2:
        left -= len(layer)
        following = []
        for v in layer:
            for u in adjacency[v]:
                degree[u] -= 1
                if degree[u] == 1:
                    following.append(u)
        layer = following
    return sorted(layer)


def _rooted_code(adjacency, root, avoid, codes):
    r"""
    Return the code and the automorphism count of the tree rooted at
    ``root`` (without the branch through ``avoid``): equal codes, taken
    from the same table ``codes``, mean isomorphic rooted trees.

    EXAMPLES::

        sage: from sage_hcsf.graphs.tree_codes import _rooted_code
        sage: codes = {}
        sage: _rooted_code({0: [1, 2, 3], 1: [0], 2: [0], 3: [0]}, 0, None, codes)
        (1, 6)
    """
    order, parent = breadth_first(adjacency, root, avoid)
    below = {v: [] for v in order}
    aut = 1
    code = {}
    for v in reversed(order):
        children = sorted(below[v])
        key = tuple(children)
        code[v] = codes.setdefault(key, len(codes))
        run = 1
        for i in range(1, len(children)):
            run = run + 1 if children[i] == children[i - 1] else 1
            aut *= run
        if parent[v] is not None:
            below[parent[v]].append(code[v])
    return code[root], aut


def tree_code(adjacency, codes):
    r"""
    Return ``(code, |Aut(T)|)`` of a tree ``{v: neighbours}``: trees with
    equal codes from the same table ``codes`` are isomorphic.

    EXAMPLES::

        sage: from sage_hcsf.graphs.tree_codes import tree_code, tree_adjacency
        sage: codes = {}
        sage: P4 = tree_adjacency(graphs.PathGraph(4))
        sage: tree_code(P4, codes) == tree_code({9: [7], 7: [9, 8], 8: [7, 6], 6: [8]}, codes)
        True
        sage: tree_code(P4, codes)[1], tree_code(tree_adjacency(graphs.StarGraph(5)), codes)[1]
        (2, 120)
    """
    centre = _centre(adjacency)
    if len(centre) == 1:
        code, aut = _rooted_code(adjacency, centre[0], None, codes)
        return codes.setdefault(("v", code), len(codes)), aut
    (a, aut_a), (b, aut_b) = (_rooted_code(adjacency, centre[0], centre[1], codes),
                              _rooted_code(adjacency, centre[1], centre[0], codes))
    key = ("e",) + tuple(sorted((a, b)))
    return codes.setdefault(key, len(codes)), aut_a * aut_b * (2 if a == b else 1)


def tree_automorphism_group_order(T):
    r"""
    Return `|\mathrm{Aut}(T)|` of a tree from its canonical code.

    EXAMPLES::

        sage: from sage_hcsf.graphs.tree_codes import tree_automorphism_group_order
        sage: all(tree_automorphism_group_order(T) == T.automorphism_group().order()
        ....:     for n in range(1, 10) for T in graphs.trees(n))
        True
    """
    return tree_code(tree_adjacency(T), {})[1]


def tree_target(adjacency):
    r"""
    Return a labelling of a tree target for the DP in which the
    automorphisms beyond the twins are moves of blocks of labels:
    ``(new_label, groups)``.

    The tree is rooted at its centre (a central edge: both ends, as the
    two children of a root that is no vertex). Children are ordered by the
    canonical code of their subtrees (:func:`_rooted_code`), and the
    vertices are labelled in the preorder of that ordering: the subtree of
    a vertex is a block of consecutive labels, isomorphic sibling subtrees
    are blocks of one size labelled alike (the map ``x -> x + size``
    between two of them is an isomorphism), and sibling leaves (the twin
    classes of a tree on at least three vertices) are consecutive labels.

    A *group* ``(start, size, count)`` is a run of ``count >= 2`` sibling
    subtrees of one code with more than one vertex: the blocks
    ``[start + i * size, start + (i + 1) * size)``; exchanging two of them
    is an automorphism. These exchanges and the twin permutations generate
    `\mathrm{Aut}(T)` (the automorphisms of a rooted tree permute
    isomorphic sibling subtrees; the centre is fixed or, for a central
    edge of two isomorphic halves, its ends exchanged). The groups come
    with the innermost first (by decreasing position of their parent),
    the order in which the DP kernel sorts the blocks of a state into its
    canonical form (``canonical_forms.pxd``, :func:`canonicalise_tree`).

    INPUT:

    - ``adjacency`` -- ``{v: list of neighbours}`` of a tree on the
      vertices ``0..N-1``

    OUTPUT: a pair: ``new_label``, a list (``new_label[v]`` is the label of
    ``v``), and ``groups``, a list of triples

    EXAMPLES:

    The complete binary tree of depth 2: the root's two children are
    isomorphic subtrees of 3 vertices; their leaves are twins::

        sage: from sage_hcsf.graphs.tree_codes import tree_adjacency, tree_target
        sage: new_label, groups = tree_target(tree_adjacency(graphs.BalancedTree(2, 2)))
        sage: new_label, groups
        ([0, 4, 1, 6, 5, 3, 2], [(1, 3, 2)])

    A path on 4 vertices: the ends of its central edge are exchanged::

        sage: tree_target(tree_adjacency(graphs.PathGraph(4)))
        ([1, 0, 2, 3], [(0, 2, 2)])

    A star has only twins; the two branches of a path on 5 vertices, of two
    vertices each, are exchanged::

        sage: tree_target(tree_adjacency(graphs.StarGraph(4)))[1]
        []
        sage: tree_target(tree_adjacency(graphs.PathGraph(5)))
        ([4, 3, 0, 1, 2], [(1, 2, 2)])
    """
    N = len(adjacency)
    if N == 0:
        return [], []
    centre = _centre(adjacency)
    codes, code, children = {}, {}, {}
    tops = []
    for c in centre:
        avoid = None if len(centre) == 1 else [u for u in centre if u != c][0]
        order, parent = breadth_first(adjacency, c, avoid)
        below = {v: [] for v in order}
        for v in reversed(order):
            key = tuple(sorted(code[u] for u in below[v]))
            code[v] = codes.setdefault(key, len(codes))
            if parent[v] is not None:
                below[parent[v]].append(v)
        for v in order:
            children[v] = sorted(below[v], key=lambda u: code[u])
        tops.append(c)
    tops.sort(key=lambda c: code[c])
    new_label, size = [None] * N, {}

    def place(v):   # preorder, iteratively: the stack holds vertices to label
        stack = [v]
        while stack:
            u = stack.pop()
            new_label[u] = place.next
            place.next += 1
            stack.extend(reversed(children[u]))
    place.next = 0
    for c in tops:
        place(c)
    for v in sorted(range(N), key=lambda v: -new_label[v]):
        size[v] = 1 + sum(size[u] for u in children[v])
    groups = []

    def runs(parent_label, kids):
        i = 0
        while i < len(kids):
            j = i
            while j + 1 < len(kids) and code[kids[j + 1]] == code[kids[i]]:
                j += 1
            if j > i and size[kids[i]] > 1:
                groups.append((parent_label, (new_label[kids[i]], size[kids[i]], j - i + 1)))
            i = j + 1
    for v in range(N):
        runs(new_label[v], children[v])
    runs(-1, tops)
    groups.sort(key=lambda group: -group[0])
    return new_label, [group for _, group in groups]
