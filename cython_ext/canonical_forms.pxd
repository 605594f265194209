# cython: language_level=3
r"""
Canonical forms of DP states under the twin permutations, inline

The vertices of `H` come in twin classes, contiguous ranges of labels on
which every permutation is an automorphism. A state (the images ``img`` of
the frontier slots and the fiber counts ``cnt``) is kept in the form where
the members of each class are sorted by decreasing *signature*: the mask of
the slots mapped to the member (bits 8..63) above its count (bits 0..7).
:func:`canonicalise_class` sorts one class; :func:`raise_member` restores
the order after one member's signature alone rose (the usual case of a
step). The DP kernel (:mod:`sage_hcsf.kernels.fiber_dp`) ``cimport``\ s them
in its hot loop; they are ``inline``, so no module of their own is built.

Beyond twins, :func:`canonicalise_by_cosets` keeps a state as the first of
its twin-canonical forms moved by coset representatives of a group of
automorphisms of `H` (:class:`CosetForms`).

EXAMPLES:

The star `K_{1,3}` into itself: the three leaves of `H` are twins, and the
states of a path differing by their permutation merge::

    sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    sage: S = [[1, 2, 3], [0], [0], [0]]
    sage: P4 = [[1], [0, 2], [1, 3], [2]]
    sage: twins = fiber_vector_dp(P4, [False] * 4, S, [0, 1, 1, 1], [1, 4, 4, 4],
    ....:                         [0, 1, 2, 3], True, 10**6, 4**4)
    sage: alone = fiber_vector_dp(P4, [False] * 4, S, [0, 1, 2, 3], [1, 2, 3, 4],
    ....:                         [0, 1, 2, 3], True, 10**6, 4**4)
    sage: twins[0] == alone[0], twins[1] < alone[1]
    (True, True)

The cycle `C_6` into itself has no twins; its rotations and reflections
(the first the identity) merge states too::

    sage: C6 = [[(i - 1) % 6, (i + 1) % 6] for i in range(6)]
    sage: maps = [[(s * i + r) % 6 for i in range(6)] for s in (1, -1) for r in range(6)]
    sage: one = list(range(6)), list(range(1, 7))
    sage: plain = fiber_vector_dp(C6, [False] * 6, C6, *one, list(range(6)), True, 10**6, 6**6)
    sage: moved = fiber_vector_dp(C6, [False] * 6, C6, *one, list(range(6)), True, 10**6, 6**6,
    ....:                         symmetries=maps)
    sage: moved[0] == plain[0], moved[1] < plain[1]
    (True, True)
"""
from libc.stdint cimport uint64_t, uint8_t
from libc.string cimport memcmp, memcpy, memmove, memset

from kernel_structures cimport MEMO_SLOTS, OpenTable, memo_add, memo_find, packed_images


cdef extern from *:
    int __builtin_ctzll(unsigned long long) nogil


cdef inline void canonicalise_class(Py_ssize_t start, Py_ssize_t end, uint8_t* img,
                                    Py_ssize_t slots, uint8_t* cnt, uint64_t* sig,
                                    Py_ssize_t* members, uint8_t* position,
                                    uint8_t* scratch) noexcept:
    """
    Sort the members of the class ``[start, end)`` by decreasing signature
    ``(mask of slots mapped to the member, count)`` and relabel ``img`` and
    ``cnt`` accordingly.
    """
    cdef Py_ssize_t m, k, j, s
    cdef Py_ssize_t size = end - start
    cdef uint64_t key
    cdef Py_ssize_t member
    for m in range(start, end):
        sig[m] = cnt[m]
    for s in range(slots):
        if start <= img[s] < end:
            sig[img[s]] |= (<uint64_t> 1) << (8 + s)
    # insertion sort (states arrive nearly sorted)
    for k in range(size):
        member = start + k
        key = sig[member]
        j = k
        while j > 0 and sig[members[j - 1]] < key:
            members[j] = members[j - 1]
            j -= 1
        members[j] = member
    for k in range(size):
        position[members[k]] = <uint8_t> (start + k)
        scratch[k] = cnt[members[k]]
    for k in range(size):
        cnt[start + k] = scratch[k]
    for s in range(slots):
        if start <= img[s] < end:
            img[s] = position[img[s]]


cdef inline uint64_t signature(Py_ssize_t member, const uint8_t* img, Py_ssize_t slots,
                               const uint8_t* cnt) noexcept:
    """
    Return ``(mask of slots mapped to member) << 8 | count``.
    """
    cdef uint64_t sig = cnt[member]
    cdef Py_ssize_t s
    for s in range(slots):
        if img[s] == member:
            sig |= (<uint64_t> 1) << (8 + s)
    return sig


cdef inline void raise_member(Py_ssize_t start, Py_ssize_t w, uint8_t* img, Py_ssize_t slots,
                              uint8_t* cnt) noexcept:
    """
    Restore the canonical order of a class after the signature of its member
    ``w`` alone increased: move ``w`` left past the members of smaller
    signature (usually none) and relabel.
    """
    cdef uint64_t sig = signature(w, img, slots, cnt)
    cdef Py_ssize_t p = w, m, s
    cdef uint8_t saved
    while p > start and signature(p - 1, img, slots, cnt) < sig:
        p -= 1
    if p == w:
        return
    saved = cnt[w]
    for m in range(w, p, -1):
        cnt[m] = cnt[m - 1]
    cnt[p] = saved
    for s in range(slots):
        if img[s] == w:
            img[s] = <uint8_t> p
        elif p <= img[s] < w:
            img[s] += 1


# ---------------------------------------------------------------- beyond twins

ctypedef struct CosetForms:
    # Canonical forms under a group of automorphisms of H beyond the twin
    # permutations, given by coset representatives (label maps, the
    # identity first), and the scratch arrays of canonicalise_by_cosets
    Py_ssize_t N, n_cosets, tied_words
    const Py_ssize_t* cstart  # the twin class [cstart[w], cend[w]) of each vertex w
    const Py_ssize_t* cend
    const uint8_t* cosets     # n_cosets label maps of N bytes
    const uint8_t* inverses   # their inverses
    uint8_t* best_img
    uint8_t* trial_img
    uint8_t* best_cnt
    uint8_t* trial_cnt
    Py_ssize_t* tied          # the representatives giving the least images
    uint64_t* sig             # scratch of canonicalise_class
    Py_ssize_t* members
    uint8_t* position
    uint8_t* scratch
    # the least images and the tied representatives, by images (at most
    # MEMO_SLOTS slots), for the step being done: images -> least images
    # (packed), then the tied representatives as a bitset of tied_words words
    OpenTable* memo


cdef inline uint8_t image_label(const CosetForms* c, const uint8_t* img, Py_ssize_t f,
                                const uint8_t* g, Py_ssize_t s) noexcept:
    """
    Return the label of slot ``s`` in the twin-canonical form of the
    images ``img`` of ``f`` slots moved by the label map ``g``: the members
    of a twin class mapped to by slots come first, by decreasing mask of
    slots.
    """
    cdef Py_ssize_t t, u, x = g[img[s]], y
    cdef Py_ssize_t start = c.cstart[x], end = c.cend[x], rank = 0
    cdef uint64_t mask_x = 0, mask_y
    cdef bint first
    if end - start == 1:
        return <uint8_t> x
    for t in range(f):
        if g[img[t]] == x:
            mask_x |= (<uint64_t> 1) << t
    for t in range(f):
        y = g[img[t]]
        if y == x or not (start <= y < end):
            continue
        first = True
        for u in range(t):
            if g[img[u]] == y:
                first = False
                break
        if not first:
            continue
        mask_y = 0
        for u in range(t, f):
            if g[img[u]] == y:
                mask_y |= (<uint64_t> 1) << u
        if mask_y > mask_x:
            rank += 1
    return <uint8_t> (start + rank)

cdef inline int least_images(CosetForms* c, const uint8_t* img, Py_ssize_t f) except -1:
    """
    Find the least twin-canonical images of the images ``img`` moved
    by the coset representatives: set ``best_img`` and ``tied`` (the
    representatives giving them); return their number. Remembered by
    images for the step when there are at most 7 slots.
    """
    cdef Py_ssize_t N = c.N, gi, s, m = 0, word
    cdef const uint8_t* g
    cdef uint8_t label
    cdef int order
    cdef uint64_t key = 0, bits
    cdef uint64_t* values
    cdef bint memo = f <= MEMO_SLOTS
    if memo:
        key = packed_images(img, f)
        values = memo_find(c.memo, key)
        if values is not NULL:
            for s in range(f):
                c.best_img[s] = (values[0] >> (8 * s)) & 255
            for word in range(c.tied_words):
                bits = values[1 + word]
                while bits:
                    c.tied[m] = word * 64 + __builtin_ctzll(bits)
                    bits &= bits - 1
                    m += 1
            return m
    for gi in range(c.n_cosets):
        g = c.cosets + gi * N
        order = 0 if m else -1
        for s in range(f):
            label = image_label(c, img, f, g, s)
            if order == 0:
                if label > c.best_img[s]:
                    order = 1
                    break
                if label < c.best_img[s]:
                    order = -1
            c.trial_img[s] = label
        if order < 0:
            memcpy(c.best_img, c.trial_img, f)
            c.tied[0] = gi
            m = 1
        elif order == 0:
            c.tied[m] = gi
            m += 1
    if memo:  # the least images, then the tied representatives as a bitset
        values = memo_add(c.memo, key, 1 + c.tied_words)
        if values is not NULL:
            values[0] = packed_images(c.best_img, f)
            for s in range(m):
                values[1 + c.tied[s] // 64] |= (<uint64_t> 1) << (c.tied[s] % 64)
    return m

cdef inline int canonicalise_by_cosets(CosetForms* c, uint8_t* img, uint8_t* cnt,
                                      Py_ssize_t f) except -1:
    """
    Replace the (twin-canonical) state ``img``, ``cnt`` (of ``f`` slots and
    `N` counts) by the first, least
    images then greatest counts, of its twin-canonical forms moved by
    the coset representatives: its canonical form under all of
    `\\mathrm{Aut}(H)`.

    The images of a twin-canonical form depend on the images alone, so
    the representatives giving the least images are found first
    (:func:`least_images`) and only those are applied to the counts,
    compared class by class with the greatest so far, stopping at the
    first difference or when all nonzero counts are placed (the rest
    are zeros on both sides: greatest first puts them last).
    """
    cdef Py_ssize_t N = c.N, s, m, i, x, y, end, nonzero = 0, seen
    cdef const uint8_t* g
    cdef const uint8_t* ginv
    cdef int order
    m = least_images(c, img, f)
    if m == 1 and c.tied[0] == 0:
        return 0  # the identity gives the first form
    for x in range(N):
        nonzero += cnt[x] != 0
    for i in range(m):
        g = c.cosets + c.tied[i] * N
        ginv = c.inverses + c.tied[i] * N
        for s in range(f):
            c.trial_img[s] = g[img[s]]
        order = 1 if i == 0 else 0
        seen = 0
        y = 0
        while y < N and seen < nonzero:
            end = c.cend[y]
            if end - y == 1:
                c.trial_cnt[y] = cnt[ginv[y]]
                seen += c.trial_cnt[y] != 0
                if order == 0 and c.trial_cnt[y] != c.best_cnt[y]:
                    order = 1 if c.trial_cnt[y] > c.best_cnt[y] else -1
            else:
                for x in range(y, end):
                    c.trial_cnt[x] = cnt[ginv[x]]
                    seen += c.trial_cnt[x] != 0
                canonicalise_class(y, end, c.trial_img, f, c.trial_cnt, c.sig, c.members,
                                   c.position, c.scratch)
                if order == 0:
                    order = memcmp(c.trial_cnt + y, c.best_cnt + y, end - y)
            if order < 0:
                break
            y = end
        if order > 0:  # a greater form: the rest is zeros
            memset(c.trial_cnt + y, 0, N - y)
            memcpy(c.best_cnt, c.trial_cnt, N)
    memcpy(img, c.best_img, f)
    memcpy(cnt, c.best_cnt, N)
    return 0


# ---------------------------------------------------------------- tree targets

ctypedef struct TreeForms:
    # Canonical forms under the automorphisms of a tree target H labelled in
    # the preorder of sage_hcsf.graphs.tree_codes.tree_target: groups of
    # exchangeable blocks of labels (isomorphic sibling subtrees), the
    # innermost first, and the scratch arrays of canonicalise_tree
    Py_ssize_t N, n_groups
    const Py_ssize_t* groups  # n_groups triples (start, size, count)
    uint64_t* seq             # the signatures by position
    uint8_t* where            # the vertex at each position
    uint8_t* position         # the position of each vertex
    uint64_t* block_seq       # one block, set aside while others move
    uint8_t* block_where


cdef inline int compare_blocks(const uint64_t* a, const uint64_t* b, Py_ssize_t size) noexcept:
    """
    Compare two blocks of signatures lexicographically: -1, 0 or 1.
    """
    cdef Py_ssize_t i
    for i in range(size):
        if a[i] != b[i]:
            return -1 if a[i] < b[i] else 1
    return 0


cdef inline int canonicalise_tree(TreeForms* t, uint8_t* img, uint8_t* cnt,
                                  Py_ssize_t f) except -1:
    """
    Replace the (twin-canonical) state ``img``, ``cnt`` (of ``f`` slots and
    `N` counts) by its canonical form under `\\mathrm{Aut}(H)`, `H` a tree
    labelled as :func:`~sage_hcsf.graphs.tree_codes.tree_target` does.

    Each vertex gets its signature (mask of the slots mapped to it, above
    its count, as in :func:`canonicalise_class`). Bottom-up (the groups
    come innermost first), the blocks of each group -- isomorphic sibling
    subtrees, each already in canonical form inside -- are sorted by
    decreasing sequence of signatures (insertion sort of whole blocks).
    The sequence of signatures by position is then the code of Aho,
    Hopcroft and Ullman of the labelled tree, the same for every state of
    an orbit; the state is relabelled by the positions. Sibling leaves are
    twins, already sorted by decreasing signature: they form no group.
    """
    cdef Py_ssize_t N = t.N, x, s, g, start, size, count, k, j
    cdef uint64_t* seq = t.seq
    cdef uint8_t* where = t.where
    cdef bint moved = False
    for x in range(N):
        seq[x] = cnt[x]
        where[x] = <uint8_t> x
    for s in range(f):
        seq[img[s]] |= (<uint64_t> 1) << (8 + s)
    for g in range(t.n_groups):
        start, size, count = t.groups[3 * g], t.groups[3 * g + 1], t.groups[3 * g + 2]
        for k in range(1, count):
            j = k
            while j > 0 and compare_blocks(seq + start + (j - 1) * size,
                                           seq + start + k * size, size) < 0:
                j -= 1
            if j == k:
                continue
            moved = True   # the block k goes before the blocks j..k-1
            memcpy(t.block_seq, seq + start + k * size, size * sizeof(uint64_t))
            memcpy(t.block_where, where + start + k * size, size)
            memmove(seq + start + (j + 1) * size, seq + start + j * size,
                    (k - j) * size * sizeof(uint64_t))
            memmove(where + start + (j + 1) * size, where + start + j * size, (k - j) * size)
            memcpy(seq + start + j * size, t.block_seq, size * sizeof(uint64_t))
            memcpy(where + start + j * size, t.block_where, size)
    if not moved:
        return 0
    for x in range(N):
        t.position[where[x]] = <uint8_t> x
        cnt[x] = <uint8_t> (seq[x] & 255)
    for s in range(f):
        img[s] = t.position[img[s]]
    return 0
