r"""
Layers of the self-CSF: parts of the fiber-type counts `N_\lambda(G, G)`
computed without the full fiber-type DP

Write `N_\lambda = N_\lambda(G, G)` and `n = |V(G)|`. Two families of
sub-vectors of `(N_\lambda)` are functions of the self-CSF `X_G^G`, hence
certificates of distinctness (see :mod:`sage_hcsf.certify.ladder`):

- *small images*, `L_k = (N_\lambda : \ell(\lambda) = k)`, the
  homomorphisms whose image has exactly `k` vertices;
- *near bijections*, `E_k = (N_\lambda : n - \ell(\lambda) = k)`, the
  homomorphisms with `k` collisions; `E_0 = |\mathrm{Aut}(G)|`.

For a tree `T` both are cheap.

**Small images.** The image of a homomorphism `T \to T` is connected, so
it is a subtree `U` with `k` vertices and the homomorphism is a surjective
homomorphism `T \to T[U]`. Hence

.. MATH::

    L_k(T) = \sum_{S} \mathrm{sub}_S(T) \cdot \mathrm{surj}_S(T),

over the trees `S` on `k` vertices, with `\mathrm{sub}_S(T)` the number of
`k`-subsets of `V(T)` inducing a copy of `S` and `\mathrm{surj}_S(T)` the
fiber types of the surjective homomorphisms `T \to S`. A homomorphism of
a connected bipartite `T` (classes `A`, `B`) to the tree `S` (classes `P`,
`Q`) sends `A` into `P` and `B` into `Q`, or the reverse; the fiber sizes on
`P` are then `|A|` split into `|P|` parts and those on `Q` are `|B|` split
into `|Q|`. The rooted DP of `\hom(T, S)` with one variable per vertex of
`S` beyond the first of each class counts the homomorphisms by these
sizes; the polynomials are packed into Python integers (Kronecker
substitution: one coefficient every `M` bits, `M` more bits than
`\hom(T, S) \le k (k-1)^{n-1}` needs), so that the DP is `O(n k)`
multiplications of integers of `O(M |A|^{|P|-1} |B|^{|Q|-1})` bits. The
surjective homomorphisms are those with no empty fiber.

**Near bijections.** The fibers of a homomorphism `\phi : T \to T` with
image `I` (a subtree on `n - k` vertices) form a partition `\pi` of `V(T)`
into independent sets, and `\phi` induces a bijective homomorphism from the
quotient `T/\pi` to `I`. As `T/\pi` is connected with `n - k` vertices it
has at least `n - k - 1` edges, and a bijective homomorphism is injective
on edges, so `T/\pi` is a tree isomorphic to `I`. Conversely every
isomorphism `T/\pi \to I` gives one homomorphism. Hence

.. MATH::

    E_k(T)_\lambda = \sum_{\pi \text{ of type } \lambda,\ T/\pi \text{ a tree}}
        \sum_{I \subseteq T,\ |I| = n - k} [T/\pi \cong I]\, |\mathrm{Aut}(I)|.

The image of the path between two vertices of one class is a closed walk
in the tree `T/\pi`; it backtracks, which identifies two vertices at
distance 2 on the path. So the partitions with `T/\pi` a tree are, for
`k = 1`: the pairs at distance 2; for `k = 2`: the triples `\{x, y, z\}`
with `y` at distance 2 from `x` and from `z` (type `(3, 1^{n-3})`), two
disjoint pairs at distance 2, and a pair `\{p_0, p_4\}` at distance 4 with
the pair `\{p_1, p_3\}` of its path (type `(2, 2, 1^{n-4})`); each of these
merges loses exactly `k` edges, so its quotient is a tree. The subtrees
on `n - k` vertices are `T` minus a leaf (`k = 1`), minus two leaves, or
minus a leaf and its neighbour of degree 2 (`k = 2`). Isomorphism is
decided by canonical codes of trees (from the centre, as Aho, Hopcroft and
Ullman), which also give `|\mathrm{Aut}(I)|`.

EXAMPLES:

The star `K_{1,3}` sends its centre to a leaf in 3 ways and its leaves to
the centre (fiber type `(3, 1)`), or its centre to the centre (`3^3 - 3` of
the leaf maps onto 2 or 3 leaves)::

    sage: from sage_hcsf.certify.tree_layers import small_image_layer, near_bijection_layer
    sage: star = graphs.StarGraph(3)
    sage: [small_image_layer(star, k) for k in (2, 3, 4)]
    [{(3, 1): 6}, {(2, 1, 1): 18}, {(1, 1, 1, 1): 6}]
    sage: near_bijection_layer(star, 1)
    {(2, 1, 1): 18}
    sage: from sage_hcsf import fiber_type_counts
    sage: fiber_type_counts(star, star)
    {[1, 1, 1, 1]: 6, [2, 1, 1]: 18, [3, 1]: 6}
"""

from sage_hcsf.graphs.tree_codes import breadth_first, tree_adjacency, tree_code


def _merged(adjacency, classes):
    r"""
    Return the quotient ``{v: neighbours}`` of a tree by merging each class
    (a tuple of vertices) into its first vertex.

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _merged
        sage: _merged({0: [1], 1: [0, 2], 2: [1]}, [(0, 2)])
        {0: [1], 1: [0]}
    """
    into = {v: c[0] for c in classes for v in c}
    quotient = {}
    for v, nbrs in adjacency.items():
        w = into.get(v, v)
        row = quotient.setdefault(w, [])
        for u in nbrs:
            u = into.get(u, u)
            if u not in row:
                row.append(u)
    return quotient


def _without(adjacency, removed):
    r"""
    Return the tree ``{v: neighbours}`` without the vertices ``removed``.

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _without
        sage: _without({0: [1], 1: [0, 2], 2: [1]}, {2})
        {0: [1], 1: [0]}
    """
    return {v: [u for u in nbrs if u not in removed]
            for v, nbrs in adjacency.items() if v not in removed}


def _distance_two_pairs(adjacency):
    r"""
    Return the pairs ``(x, y)``, ``x < y``, at distance 2 in a tree, each
    once (a tree has one path between them).

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _distance_two_pairs
        sage: _distance_two_pairs({0: [1, 2, 3], 1: [0], 2: [0], 3: [0]})
        [(1, 2), (1, 3), (2, 3)]
    """
    pairs = []
    for nbrs in adjacency.values():
        ordered = sorted(nbrs)
        pairs.extend((x, y) for i, x in enumerate(ordered) for y in ordered[i + 1:])
    return sorted(pairs)


def _subtrees_by_code(adjacency, removals, codes):
    r"""
    Return ``{code: (number of subtrees, |Aut|)}`` over the subtrees left
    by removing each vertex set of ``removals`` (distinct sets).

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _subtrees_by_code
        sage: star = {0: [1, 2, 3], 1: [0], 2: [0], 3: [0]}
        sage: list(_subtrees_by_code(star, [{1}, {2}, {3}], {}).values())   # three P3, 2 automorphisms
        [(3, 2)]
    """
    found = {}
    for removed in removals:
        code, aut = tree_code(_without(adjacency, removed), codes)
        number, _ = found.get(code, (0, aut))
        found[code] = (number + 1, aut)
    return found


def near_bijection_layer(T, k):
    r"""
    Return the near-bijection layer `E_k(T) = (N_\lambda(T, T) : n -
    \ell(\lambda) = k)` of a tree, for `k = 0, 1, 2`: the endomorphisms
    with `k` collisions, by fiber type.

    .. MATH::

        E_k(T)_\lambda = \sum_{\pi} \sum_{I} [T/\pi \cong I]\, |\mathrm{Aut}(I)|

    over the partitions `\pi` of type `\lambda` whose quotient is a tree and
    the subtrees `I` on `n - k` vertices (see the module documentation).

    INPUT:

    - ``T`` -- a tree in any form :mod:`sage_hcsf` accepts
    - ``k`` -- 0, 1 or 2

    OUTPUT: a dictionary ``{partition as a tuple: count}``, nonzero counts only

    ALGORITHM:

    One canonical code (and automorphism count) per candidate quotient and
    per subtree: `O(n (p + q^2))` for `p` pairs at distance 2 and `q`
    their number, in Python.

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import near_bijection_layer
        sage: from sage_hcsf import fiber_type_counts
        sage: T = graphs.PathGraph(5)
        sage: [near_bijection_layer(T, k) for k in (0, 1, 2)]
        [{(1, 1, 1, 1, 1): 2}, {(2, 1, 1, 1): 8}, {(2, 2, 1): 18, (3, 1, 1): 6}]
        sage: fiber_type_counts(T, T)
        {[1, 1, 1, 1, 1]: 2, [2, 1, 1, 1]: 8, [2, 2, 1]: 18, [3, 1, 1]: 6, [3, 2]: 8}

    TESTS::

        sage: near_bijection_layer(T, 3)
        Traceback (most recent call last):
        ...
        ValueError: k must be 0, 1 or 2; got 3
    """
    if k not in (0, 1, 2):
        raise ValueError(f"k must be 0, 1 or 2; got {k}")
    adjacency = tree_adjacency(T)
    n = len(adjacency)
    codes = {}
    if k == 0:
        return {(1,) * n: tree_code(adjacency, codes)[1]}
    if n - k < 1:
        return {}
    leaves = [v for v, nbrs in adjacency.items() if len(nbrs) <= 1]
    if k == 1:
        removals = [{leaf} for leaf in leaves]
    else:
        removals = [{a, b} for i, a in enumerate(leaves) for b in leaves[i + 1:]]
        removals += [{leaf, adjacency[leaf][0]} for leaf in leaves
                     if adjacency[leaf] and len(adjacency[adjacency[leaf][0]]) == 2]
    images = _subtrees_by_code(adjacency, removals, codes)
    pairs = _distance_two_pairs(adjacency)
    if k == 1:
        partitions = {(2,) + (1,) * (n - 2): [[pair] for pair in pairs]}
    else:
        partitions = {(3,) + (1,) * (n - 3): _triples(adjacency),
                      (2, 2) + (1,) * (n - 4): _two_pairs(adjacency, pairs)}
    layer = {}
    for la, candidates in partitions.items():
        total = 0
        for classes in candidates:
            number, aut = images.get(tree_code(_merged(adjacency, classes), codes)[0], (0, 0))
            total += number * aut
        if total:
            layer[la] = total
    return layer


def _triples(adjacency):
    r"""
    Return the classes ``[(x, y, z)]`` of three vertices, one at distance 2
    from the two others, each set once.

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _triples
        sage: _triples({0: [1], 1: [0, 2], 2: [1, 3], 3: [2, 4], 4: [3]})
        [[(0, 2, 4)]]
    """
    second = {v: set() for v in adjacency}
    for x, y in _distance_two_pairs(adjacency):
        second[x].add(y)
        second[y].add(x)
    triples = set()
    for y, around in second.items():
        around = sorted(around)
        for i, x in enumerate(around):
            for z in around[i + 1:]:
                triples.add(tuple(sorted((x, y, z))))
    return [[t] for t in sorted(triples)]


def _two_pairs(adjacency, pairs):
    r"""
    Return the partitions into two classes of two (and singletons) whose
    quotient is a tree: two disjoint pairs at distance 2, or the ends and
    the second and fourth vertices of a path on 5 vertices.

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _two_pairs, _distance_two_pairs
        sage: P5 = {0: [1], 1: [0, 2], 2: [1, 3], 3: [2, 4], 4: [3]}
        sage: _two_pairs(P5, _distance_two_pairs(P5))
        [[(0, 2), (1, 3)], [(1, 3), (2, 4)], [(0, 4), (1, 3)]]
    """
    found = [[p, q] for i, p in enumerate(pairs) for q in pairs[i + 1:] if not set(p) & set(q)]
    for middle, nbrs in adjacency.items():
        for i, a in enumerate(nbrs):
            for c in nbrs[i + 1:]:
                for x in adjacency[a]:
                    if x == middle:
                        continue
                    for y in adjacency[c]:
                        if y != middle:
                            found.append([tuple(sorted((x, y))), tuple(sorted((a, c)))])
    return found


def _connected_subsets(adjacency, k):
    r"""
    Return the connected vertex sets of size ``k`` of a graph ``{v:
    neighbours}``.

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _connected_subsets
        sage: sorted(map(sorted, _connected_subsets({0: [1], 1: [0, 2], 2: [1]}, 2)))
        [[0, 1], [1, 2]]
    """
    level = {frozenset([v]) for v in adjacency}
    for _ in range(k - 1):
        level = {s | {u} for s in level for v in s for u in adjacency[v] if u not in s}
    return level


def _fiber_vectors_onto(adjacency, colour, target):
    r"""
    Return ``{fiber type: number}`` of the surjective homomorphisms from a
    tree ``{v: neighbours}`` (proper 2-colouring ``colour``) onto the tree
    ``target`` ``{s: neighbours}`` on at least 2 vertices.

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _fiber_vectors_onto
        sage: P3 = {0: [1], 1: [0, 2], 2: [1]}
        sage: _fiber_vectors_onto(P3, {0: 0, 1: 1, 2: 0}, P3)
        {(1, 1, 1): 2}
    """
    n = len(adjacency)
    sides = [[v for v in adjacency if colour[v] == c] for c in (0, 1)]
    root = next(iter(adjacency))
    order, parent = breadth_first(adjacency, root)
    classes = _bfs_classes(target)
    most = max(len(nbrs) for nbrs in target.values())
    bits = -(-(len(target).bit_length() + n * max(1, most).bit_length() + 1) // 8) * 8
    result = {}
    for flip in (0, 1):
        # colour c of the tree goes to class c ^ flip of the target; the exponent of a
        # homomorphism is its fiber sizes on the classes beyond their first vertex, as
        # digits in base |side| + 1
        weight, base, digits = {}, 1, []
        for c in (0, 1):
            part = classes[c ^ flip]
            weight[part[0]] = 0
            for s in part[1:]:
                weight[s] = base
                digits.append((base, len(sides[c]) + 1))
                base *= len(sides[c]) + 1
        value = {}
        for v in reversed(order):
            images = classes[colour[v] ^ flip]
            row = {s: 1 << (bits * weight[s]) for s in images}
            for u in adjacency[v]:
                if u != parent[v]:
                    below = value.pop(u)
                    for s in images:
                        row[s] *= sum(below[t] for t in target[s] if t in below)
            value[v] = row
        packed = sum(value[root].values())
        raw = packed.to_bytes(base * bits // 8 + 1, "little")
        step = bits // 8
        for exponent in range(base):
            number = int.from_bytes(raw[exponent * step:(exponent + 1) * step], "little")
            if not number:
                continue
            sizes = {}
            for c in (0, 1):
                part = classes[c ^ flip]
                rest = len(sides[c])
                for s in part[1:]:
                    sizes[s] = exponent // weight[s] % (len(sides[c]) + 1)
                    rest -= sizes[s]
                sizes[part[0]] = rest
            if min(sizes.values()) > 0:
                la = tuple(sorted(sizes.values(), reverse=True))
                result[la] = result.get(la, 0) + number
    return result


def _bfs_classes(adjacency):
    r"""
    Return the two colour classes of a tree ``{v: neighbours}``, each
    sorted, the class of its least vertex first.

    EXAMPLES::

        sage: from sage_hcsf.certify.tree_layers import _bfs_classes
        sage: _bfs_classes({0: [1], 1: [0, 2], 2: [1]})
        [[0, 2], [1]]
    """
    order, parent = breadth_first(adjacency, min(adjacency))
    colour = {}
    for v in order:
        colour[v] = 0 if parent[v] is None else 1 - colour[parent[v]]
    return [sorted(v for v in order if colour[v] == c) for c in (0, 1)]


def small_image_layer(T, k):
    r"""
    Return the small-image layer `L_k(T) = (N_\lambda(T, T) : \ell(\lambda)
    = k)` of a tree: the endomorphisms whose image has `k` vertices, by
    fiber type.

    .. MATH::

        L_k(T) = \sum_{S} \mathrm{sub}_S(T) \cdot \mathrm{surj}_S(T)

    over the trees `S` on `k` vertices (see the module documentation).

    INPUT:

    - ``T`` -- a tree in any form :mod:`sage_hcsf` accepts
    - ``k`` -- a positive integer (the work grows like `n^{k-2}`)

    OUTPUT: a dictionary ``{partition as a tuple: count}``, nonzero counts only

    ALGORITHM:

    The connected `k`-sets of `T`, grouped by the canonical code of the
    subtree they induce; for each class, the rooted DP of `\hom(T, S)` by
    fiber sizes, packed into integers (module documentation).

    EXAMPLES:

    `L_2` is the bipartition, `2(n - 1)` times::

        sage: from sage_hcsf.certify.tree_layers import small_image_layer
        sage: small_image_layer(graphs.PathGraph(5), 2)
        {(3, 2): 8}
        sage: small_image_layer(graphs.PathGraph(6), 4)
        {(2, 2, 1, 1): 36}
        sage: small_image_layer(Graph(1), 1), small_image_layer(graphs.PathGraph(2), 1)
        ({(1,): 1}, {})

    TESTS::

        sage: small_image_layer(graphs.PathGraph(3), 0)
        Traceback (most recent call last):
        ...
        ValueError: k must be a positive integer; got 0
    """
    if int(k) != k or k < 1:
        raise ValueError(f"k must be a positive integer; got {k}")
    adjacency = tree_adjacency(T)
    n = len(adjacency)
    if k == 1 or k > n:
        return {(1,): 1} if n == k == 1 else {}
    colour = {}
    for c, side in enumerate(_bfs_classes(adjacency)):
        for v in side:
            colour[v] = c
    codes, copies = {}, {}
    for subset in _connected_subsets(adjacency, k):
        induced = {v: [u for u in adjacency[v] if u in subset] for v in subset}
        code = tree_code(induced, codes)[0]
        number, example = copies.get(code, (0, induced))
        copies[code] = (number + 1, example)
    layer = {}
    for number, example in copies.values():
        relabel = {v: i for i, v in enumerate(sorted(example))}
        target = {relabel[v]: [relabel[u] for u in nbrs] for v, nbrs in example.items()}
        for la, count in _fiber_vectors_onto(adjacency, colour, target).items():
            layer[la] = layer.get(la, 0) + number * count
    return dict(sorted(layer.items()))
