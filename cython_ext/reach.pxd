# cython: language_level=3
r"""
Which vertices of `H` can still receive a vertex of `G`, inline

With ``forget_dead``, the DP kernel (:mod:`sage_hcsf.kernels.fiber_dp`)
moves the fiber size of a vertex of `H` that no vertex still to come can
reach into a histogram. A vertex `x` is *live* if, for some reach profile
`(d_j)` of the step (the levels of the distances in `G` from a vertex still
to come to the frontier slots, :func:`~sage_hcsf.kernels.dp_plan._reach_profiles`),
`x` lies in the ball of level `d_j` around the image of every slot `j`
(:func:`~sage_hcsf.kernels.dp_plan._balls`). A :class:`Reach` holds the balls and
the profiles of the step being done; :func:`reach_prepare` intersects the
balls of the slots a state already has, :func:`reach_live` finishes the
live set with the image of the new vertex. For a small `H` (64 vertices)
and at most ``MEMO_SLOTS`` slots, the live set depends on the images alone
and is remembered by them, in a memo charged to the ledger. They are
``inline``, so no module of their own is built.

EXAMPLES:

A path into a longer path: with ``forget_dead``, the vertices of `H` the
rest of `G` cannot reach leave the states, which merge::

    sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    sage: path = lambda n: [[1]] + [[i - 1, i + 1] for i in range(1, n - 1)] + [[n - 2]]
    sage: args = (path(8), [False] * 8, path(8), list(range(8)), list(range(1, 9)),
    ....:         list(range(8)), True, 10**7, 8**8)
    sage: kept, forgetting = fiber_vector_dp(*args), fiber_vector_dp(*args, forget_dead=True)
    sage: forgetting[0] == kept[0], forgetting[1] < kept[1]
    (True, True)
"""
from libc.stdint cimport uint64_t, uint8_t
from libc.string cimport memcpy, memset

from kernel_structures cimport OpenTable, intersect_rows, memo_add, memo_find, packed_images


ctypedef struct Reach:
    Py_ssize_t N, words, levels
    const uint64_t* balls       # the ball of (vertex * levels + level), words each
    const uint64_t* everything  # all vertices of H
    Py_ssize_t* profiles        # n_profiles rows of f levels, one per surviving slot
    Py_ssize_t n_profiles, f    # f: the surviving slots of the step
    Py_ssize_t new_slot         # the new vertex's slot among them, -1 if it leaves at once
    bint by_images              # live sets by images (one word, at most MEMO_SLOTS slots)
    uint64_t* partial           # per profile: its balls over the slots before the new one
    uint64_t* nonzero           # the vertices with a nonzero count in the state extended
    uint64_t* live              # the live vertices
    OpenTable* memo             # images -> live set, for the step being done


cdef inline void reach_prepare(Reach* r, const uint8_t* old_img, const Py_ssize_t* keep,
                               Py_ssize_t f_old, const uint8_t* old_cnt) noexcept:
    """
    For the state being extended (images ``old_img`` of ``f_old`` slots,
    counts ``old_cnt``; slot ``keep[j]`` becomes slot ``j``): intersect each
    profile's balls over the surviving slots other than the new vertex's,
    into ``partial``; mark the nonzero counts in ``nonzero``.
    """
    cdef Py_ssize_t p, j, k, words = r.words, w
    cdef uint64_t* part
    for p in range(0 if r.by_images else r.n_profiles):
        part = r.partial + p * words
        memcpy(part, r.everything, words * sizeof(uint64_t))
        for j in range(r.f):
            k = keep[j]
            if k != f_old:
                intersect_rows(part, r.balls, old_img[k] * r.levels + r.profiles[p * r.f + j],
                               words)
    memset(r.nonzero, 0, words * sizeof(uint64_t))
    for w in range(r.N):
        if old_cnt[w]:
            r.nonzero[w // 64] |= (<uint64_t> 1) << (w % 64)


cdef inline int reach_live(Reach* r, const uint8_t* img, Py_ssize_t w) except -1:
    """
    Set ``live`` for the state whose new frontier has the images ``img``,
    the new vertex mapped to ``w``: by images (remembered), or from the
    intersections of :func:`reach_prepare` and the balls around ``w``.
    """
    cdef Py_ssize_t p, j, word, f = r.f, words = r.words
    cdef uint64_t key, reach
    cdef uint64_t* values
    cdef const uint64_t* ball
    if r.by_images:
        key = packed_images(img, f)
        values = memo_find(r.memo, key)
        if values is not NULL:
            r.live[0] = values[0]
            return 0
        r.live[0] = 0
        for p in range(r.n_profiles):
            reach = r.everything[0]
            for j in range(f):
                reach &= r.balls[img[j] * r.levels + r.profiles[p * f + j]]
            r.live[0] |= reach
        values = memo_add(r.memo, key, 1)
        if values is not NULL:
            values[0] = r.live[0]
        return 0
    memset(r.live, 0, words * sizeof(uint64_t))
    for p in range(r.n_profiles):
        if r.new_slot >= 0:
            ball = r.balls + (w * r.levels + r.profiles[p * f + r.new_slot]) * words
            for word in range(words):
                r.live[word] |= r.partial[p * words + word] & ball[word]
        else:
            for word in range(words):
                r.live[word] |= r.partial[p * words + word]
    return 0
