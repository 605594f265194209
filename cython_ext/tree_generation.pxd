# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
The generator of free trees and the canonical codes of trees, inline

The kernel :mod:`sage_hcsf.kernels.tree_pass` ``cimport``\ s this file (its
documentation defines the level sequences, the codes and the packed
states); everything here is ``inline``, so no module of its own is built.

*The generator* of Wright, Richmond, Odlyzko and McKay [WROM1986]_. A
``Gen`` holds the current tree -- its level sequence ``L``, its parents
(``W`` 1-based, ``parent`` 0-based as the DPs take them), its ``code`` --
and the six variables of the paper. :func:`gen_first` sets it to the first
tree (the path), :func:`gen_next` steps it to the next one, rewriting only
a tail of the level sequence (from ``changed`` on, which the incremental
functional of ``tree_pass`` reads); :func:`gen_pack` and :func:`gen_state`
pack its state into 16 bytes, :func:`gen_resume` unpacks them, through
:func:`decode_levels` (a code to its level sequence) and
:func:`preorder_parents` (a level sequence to its parents).

*Canonical codes* of trees given by any parent array:
:func:`centred_code` gives the code of a tree whose root is a centre
(every list of siblings sorted: :func:`concat_children`);
:func:`canonical_of` that of any tree (if its root is not a centre, it
finds one by peeling the leaves and relabels the tree from it). The
generator's trees are canonical: ``plan(n, K, verify=True)`` checks it
tree by tree.

EXAMPLES:

The 11 trees on 7 vertices, generated canonical, in decreasing order of
their codes, the path first and the star last::

    sage: from sage_hcsf.kernels.tree_pass import canonical_code, plan, slice_codes, tree_line
    sage: import array
    sage: starts, total = plan(7, 100, verify=True); total
    11
    sage: codes = array.array("Q", slice_codes(7, starts, total)[0]).tolist()
    sage: codes == sorted(set(codes), reverse=True)
    True
    sage: tree_line(7, codes[0]), tree_line(7, codes[-1])
    ('0 1 2 3 1 5 6', '0 1 1 1 1 1 1')
    sage: codes[-1] == canonical_code([-1, 0, 0, 0, 0, 0, 0])
    True
"""
from libc.stdint cimport uint64_t
from libc.string cimport memcpy

cdef enum:
    MAX_N = 32          # the largest trees: a code of 2(n - 1) <= 62 bits
    NONE = 63           # "infinity" of the paper (c, p), packed as 6 bits
    STATE_TAG = 0x7470  # the top 16 bits of a packed state's second word


# ---------------------------------------------------------------------------
# The generator of [WROM1986]
# ---------------------------------------------------------------------------

cdef struct Gen:
    int n
    int L[MAX_N + 2]        # L[1..n]: the level sequence (the root at level 1)
    int W[MAX_N + 2]        # W[1..n]: the parent of vertex i (0 for the root)
    int p, q, h1, h2, c, r  # the variables of the paper (NONE: infinity)
    int changed             # the first vertex (0-based) that differs from the previous tree
    int parent[MAX_N]       # the parents 0-based (-1 for the root), as the DPs take them
    int off[MAX_N + 2]      # off[i]: the bits of the code before the group of vertex i
    uint64_t code


cdef inline void gen_sync(Gen* g, int lo) noexcept nogil:
    r"""
    Bring ``parent``, ``off`` and ``code`` up to date for the positions
    from ``lo`` (1-based) on; the rest of the code is kept.
    """
    cdef int i, n = g.n
    if lo <= 2:
        lo = 2
        g.off[2] = 0
        g.code = 0
        g.parent[0] = -1
    else:
        g.code &= ~((<uint64_t> -1) >> g.off[lo])
    for i in range(lo, n + 1):
        g.parent[i - 1] = g.W[i] - 1
        g.off[i + 1] = g.off[i] + g.L[i - 1] - g.L[i] + 2
        g.code |= (<uint64_t> 1) << (64 - g.off[i + 1])


cdef inline void gen_first(Gen* g, int n) noexcept nogil:
    r"""
    Set ``g`` to the first tree on ``n`` vertices: the path, rooted at a
    centre (the state of [WROM1986]_'s first tree).
    """
    cdef int i, k = n // 2 + 1
    g.n = n
    g.p = 3 if n == 4 else n
    g.q = 0 if n <= 3 else n - 1
    g.h1 = k
    g.h2 = n
    g.c = NONE if n % 2 else n + 1
    g.r = k
    g.L[0] = g.W[0] = 0
    for i in range(1, n + 1):
        g.L[i] = i if i <= k else i - k + 1
        g.W[i] = i - 1
    if n > 2:
        g.W[k + 1] = 1
    g.changed = 0
    gen_sync(g, 1)


cdef inline bint gen_next(Gen* g) noexcept nogil:
    r"""
    Step ``g`` to the next tree (the successor of [WROM1986]_); return
    ``False``, and change nothing, if ``g`` is the last tree.

    The tail of the level sequence from position ``p`` is rewritten as
    periodic copies of the segment ``q .. p - 1`` (``q`` the parent of
    ``p``), unless the conditions on the two highest subtrees of the root
    (kept in ``h1``, ``h2``, ``r``, ``c``) call for a bigger change.
    """
    cdef int n = g.n, p = g.p, q = g.q, h1 = g.h1, h2 = g.h2, c = g.c, r = g.r
    cdef int* L = g.L
    cdef int* W = g.W
    cdef int i, oldp, delta, oldlq, oldwq, lo
    cdef bint fixit = False, needr = False, needc = False, needh2 = False
    if q == 0:
        return False
    if c == n + 1 or (p == h2 and ((L[h1] == L[h2] + 1 and n - h2 > r - h1)
                                  or (L[h1] == L[h2] and n - h2 + 1 < r - h1))):
        if L[r] > 3:
            p = r
            q = W[r]
            if h1 == r:
                h1 = h1 - 1
            fixit = True
        else:
            p = r
            r = r - 1
            q = 2
    if p <= h1:
        h1 = p - 1
    if p <= r:
        needr = True
    elif p <= h2:
        needh2 = True
    elif L[h2] == L[h1] - 1 and n - h2 == r - h1:
        if p <= c:
            needc = True
    else:
        c = NONE
    oldp = p
    delta = q - p
    oldlq = L[q]
    oldwq = W[q]
    p = NONE
    for i in range(oldp, n + 1):
        L[i] = L[i + delta]
        if L[i] == 2:
            W[i] = 1
        else:
            p = i
            if L[i] == oldlq:
                q = oldwq
            else:
                q = W[i + delta] - delta
            W[i] = q
        if needr and L[i] == 2:
            needr = False
            needh2 = True
            r = i - 1
        if needh2 and L[i] <= L[i - 1] and i > r + 1:
            needh2 = False
            h2 = i - 1
            if L[h2] == L[h1] - 1 and n - h2 == r - h1:
                needc = True
            else:
                c = NONE
        if needc:
            if L[i] != L[h1 - h2 + i] - 1:
                needc = False
                c = i
            else:
                c = i + 1
    lo = oldp
    if fixit:
        r = n - h1 + 1
        for i in range(r + 1, n + 1):
            L[i] = i - r + 1
            W[i] = i - 1
        W[r + 1] = 1
        h2 = n
        p = n
        q = p - 1
        c = NONE
        if r + 1 < lo:
            lo = r + 1
    else:
        if p == NONE:
            if L[oldp - 1] != 2:
                p = oldp - 1
            else:
                p = oldp - 2
            q = W[p]
        if needh2:
            h2 = n
            if L[h2] == L[h1] - 1 and h1 == r:
                c = n + 1
            else:
                c = NONE
    g.p, g.q, g.h1, g.h2, g.c, g.r = p, q, h1, h2, c, r
    g.changed = lo - 1
    gen_sync(g, lo)
    return True


cdef inline void gen_pack(const Gen* g, uint64_t* state) noexcept nogil:
    r"""
    Pack the state of ``g`` into two words: the code, then
    ``p | q << 6 | h1 << 12 | h2 << 18 | c << 24 | r << 30 | n << 36 | tag << 48``.
    """
    state[0] = g.code
    state[1] = ((<uint64_t> g.p) | (<uint64_t> g.q) << 6 | (<uint64_t> g.h1) << 12
                | (<uint64_t> g.h2) << 18 | (<uint64_t> g.c) << 24 | (<uint64_t> g.r) << 30
                | (<uint64_t> g.n) << 36 | (<uint64_t> STATE_TAG) << 48)


cdef inline int decode_levels(uint64_t code, int n, int* L) noexcept nogil:
    r"""
    Set ``L[1..n]`` to the level sequence of ``code``; return 0, or -1 if
    ``code`` is not the code of a tree on ``n`` vertices (a vertex above
    level 2 up the tree, or bits left over).
    """
    cdef int i, pos = 0, zeros
    L[1] = 1
    for i in range(2, n + 1):
        zeros = 0
        while pos < 64 and not (code >> (63 - pos)) & 1:
            zeros += 1
            pos += 1
        if pos == 64:
            return -1
        pos += 1
        L[i] = L[i - 1] + 1 - zeros
        if L[i] < 2:
            return -1
    if pos < 64 and code << pos:
        return -1
    return 0


cdef inline void preorder_parents(const int* L, int n, int* W) noexcept nogil:
    r"""
    Set ``W[1..n]`` to the parents (1-based, 0 for the root) of the level
    sequence ``L``: the parent of ``i`` is the last vertex before it one
    level up.
    """
    cdef int i
    cdef int last[MAX_N + 2]
    W[0] = W[1] = 0
    last[1] = 1
    for i in range(2, n + 1):
        W[i] = last[L[i] - 1]
        last[L[i]] = i


cdef inline int gen_resume(Gen* g, int n, const unsigned char[:] state) except -1:
    r"""
    Set ``g`` to the packed ``state`` (16 bytes, as :func:`gen_pack` makes
    them) of a tree on ``n`` vertices; raise ``ValueError`` if it is not one.
    """
    cdef uint64_t word[2]
    cdef int field[6]
    cdef int k
    if state.shape[0] != 16:
        raise ValueError(f"a state is 16 bytes (as plan returns them); got {state.shape[0]}")
    memcpy(word, &state[0], 16)
    if word[1] >> 48 != STATE_TAG or <int> ((word[1] >> 36) & 63) != n:
        raise ValueError(f"not the state of a tree on {n} vertices (as plan returns them)")
    for k in range(6):
        field[k] = (word[1] >> (6 * k)) & 63
        if field[k] > n + 1 and field[k] != NONE:
            raise ValueError(f"not the state of a tree on {n} vertices (as plan returns them)")
    g.n = n
    g.p, g.q, g.h1, g.h2, g.c, g.r = field[0], field[1], field[2], field[3], field[4], field[5]
    if decode_levels(word[0], n, g.L) < 0:
        raise ValueError(f"not the state of a tree on {n} vertices (as plan returns them)")
    g.L[0] = g.W[0] = 0
    preorder_parents(g.L, n, g.W)
    g.changed = 0
    gen_sync(g, 1)
    return 0


cdef inline bytes gen_state(const Gen* g):
    """The packed state of ``g`` as 16 bytes."""
    cdef uint64_t word[2]
    gen_pack(g, word)
    return (<char*> word)[:16]


# ---------------------------------------------------------------------------
# Canonical codes of arbitrary trees
# ---------------------------------------------------------------------------

cdef inline uint64_t concat_children(int count, uint64_t* codes, int* sizes) noexcept nogil:
    r"""
    Return the code of a vertex whose children have the codes ``codes``
    and sizes ``sizes`` (``count`` of them; both arrays get sorted): each
    child, in non-increasing order of codes, as ``1``, its code, ``0``.
    """
    cdef int i, j, s
    cdef uint64_t x, out = 0
    cdef int pos = 0
    for i in range(1, count):          # insertion sort, largest first
        x = codes[i]
        s = sizes[i]
        j = i - 1
        while j >= 0 and codes[j] < x:
            codes[j + 1] = codes[j]
            sizes[j + 1] = sizes[j]
            j -= 1
        codes[j + 1] = x
        sizes[j + 1] = s
    for i in range(count):
        out |= (<uint64_t> 1) << (63 - pos)
        pos += 1
        if codes[i]:
            out |= codes[i] >> pos
        pos += 2 * sizes[i] - 1
    return out


cdef inline int neighbours_but(const int* adj, int deg, int skip, const uint64_t* code,
                               const int* size, uint64_t* kids, int* kid_sizes) noexcept nogil:
    r"""
    Copy the codes and sizes of the vertices ``adj[0..deg-1]`` other than
    ``skip`` (neighbours or children) into ``kids`` and ``kid_sizes``; return
    how many.
    """
    cdef int u, i = 0
    for u in range(deg):
        if adj[u] != skip:
            kids[i] = code[adj[u]]
            kid_sizes[i] = size[adj[u]]
            i += 1
    return i


cdef enum:
    NOT_CENTRED = 1     # never a code: the low two bits of a code are 0


cdef inline uint64_t centred_code(const int* parent, int n) noexcept nogil:
    r"""
    Return the code of the canonical level sequence of the tree ``parent``
    (0-based parents, ``-1`` for the root, ``parent[v] < v``, `3 \le n \le
    32`) if its root ``0`` is a centre, :data:`NOT_CENTRED` if not.

    The root is a centre if its two highest branches have heights `a \ge b`
    with `a \le b + 1` (`a = b`: the only centre; `a = b + 1`: the other
    centre is the top of the highest branch). The codes are made from the
    last vertex up; for two centres the root is the one whose half is
    larger (by size, then by code).
    """
    cdef int kid[MAX_N][MAX_N]
    cdef int count[MAX_N]
    cdef int height[MAX_N]
    cdef int size[MAX_N]
    cdef uint64_t code[MAX_N]
    cdef uint64_t kids[MAX_N + 1]
    cdef int kid_sizes[MAX_N + 1]
    cdef int v, u, i, a = 0, b = 0, top = -1, s1, s2
    cdef uint64_t d1, d2
    for v in range(n):
        count[v] = 0
        height[v] = 0
    for v in range(1, n):
        kid[parent[v]][count[parent[v]]] = v
        count[parent[v]] += 1
    for v in range(n - 1, 0, -1):
        if height[parent[v]] < height[v] + 1:
            height[parent[v]] = height[v] + 1
    for i in range(count[0]):                  # the two highest branches of the root
        u = height[kid[0][i]] + 1
        if u > a:
            a, b, top = u, a, kid[0][i]
        elif u > b:
            b = u
    if a > b + 1:
        return NOT_CENTRED
    for v in range(n - 1, -1, -1):
        neighbours_but(kid[v], count[v], -1, code, size, kids, kid_sizes)
        size[v] = 1
        for i in range(count[v]):
            size[v] += kid_sizes[i]
        code[v] = concat_children(count[v], kids, kid_sizes)
    if a == b:
        return code[0]
    s2, d2 = size[top], code[top]              # two centres: 0 and top
    s1 = n - s2
    d1 = concat_children(neighbours_but(kid[0], count[0], top, code, size, kids, kid_sizes),
                         kids, kid_sizes)
    if s1 > s2 or (s1 == s2 and d1 >= d2):
        return code[0]
    neighbours_but(kid[top], count[top], -1, code, size, kids, kid_sizes)
    kids[count[top]] = d1
    kid_sizes[count[top]] = s1
    return concat_children(count[top] + 1, kids, kid_sizes)


cdef inline uint64_t canonical_of(const int* parent, int n) noexcept nogil:
    r"""
    Return the code of the canonical level sequence of the tree ``parent``
    (0-based parents, ``-1`` for the root, ``parent[v] < v``, ``n <= 32``):
    rooted at its centre, or for two centres at the one whose half is
    larger (by size, then by code), siblings in non-increasing order of
    their codes (:func:`centred_code`). If the root is not a centre, a
    centre is found by peeling the leaves, layer by layer, and the tree is
    relabelled breadth-first from it.
    """
    cdef int adj[MAX_N][MAX_N]
    cdef int deg[MAX_N]
    cdef int left[MAX_N]
    cdef int queue[MAX_N]
    cdef int label[MAX_N]
    cdef int relabelled[MAX_N]
    cdef int v, u, i, k, head, tail, remaining
    cdef uint64_t code
    if n <= 2:
        return 0 if n == 1 else (<uint64_t> 1) << 63
    code = centred_code(parent, n)
    if code != NOT_CENTRED:
        return code
    for v in range(n):
        deg[v] = 0
    for v in range(1, n):
        u = parent[v]
        adj[v][deg[v]] = u
        deg[v] += 1
        adj[u][deg[u]] = v
        deg[u] += 1
    tail = 0
    for v in range(n):
        left[v] = deg[v]
        if deg[v] == 1:
            queue[tail] = v
            tail += 1
    head = 0
    remaining = n
    while remaining > 2:                       # peel a layer of leaves
        k = tail
        while head < k:
            v = queue[head]
            head += 1
            remaining -= 1
            for i in range(deg[v]):
                u = adj[v][i]
                left[u] -= 1
                if left[u] == 1:
                    queue[tail] = u
                    tail += 1
    v = queue[head]     # the vertices left are the centres, queued when left with one neighbour
    for u in range(n):
        label[u] = -1
    label[v] = 0
    queue[0] = v
    relabelled[0] = -1
    head, tail = 0, 1
    while head < tail:                         # breadth-first from the centre
        v = queue[head]
        head += 1
        for i in range(deg[v]):
            u = adj[v][i]
            if label[u] < 0:
                label[u] = tail
                relabelled[tail] = label[v]
                queue[tail] = u
                tail += 1
    return centred_code(relabelled, n)
