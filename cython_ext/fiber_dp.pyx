# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
Dynamic programming over fiber vectors along a vertex order of `G`

The vertices of `G` are introduced one at a time in a given order. The
*frontier* after a step is the set of introduced vertices that still have a
neighbour to come; it is the bag of a path decomposition of `G`. A state is

- the images in `H` of the frontier vertices, and
- the fiber vector: how many introduced vertices each vertex of `H` received
  (left out when only the number of homomorphisms is wanted),

and its value is the exact number of partial homomorphisms in that state.

Symmetry reduction: the vertices of `H` come in *twin classes* (sets on
which every permutation is an automorphism of `H`: vertices with the same
open neighbourhood, or the same closed one, and the same loop status), given
as contiguous ranges of labels. Within a class, states that differ by a
permutation of the class are merged: each state is kept in the canonical
form where the members of a class are sorted by (frontier slots mapped to
them, fiber count). Candidate images that are interchangeable in a state
(unreferenced twins with equal counts) are tried once, with multiplicity.

The module is plain Cython over ``libc`` and ``cysignals``: no Sage.

EXAMPLES::

    sage: from sage_hcsf.fiber_dp import fiber_vector_dp
    sage: P3 = [[1], [0, 2], [1]]
    sage: P3_twins_first = [[2], [2], [0, 1]]  # the two ends are false twins
    sage: counts, peak = fiber_vector_dp(P3, [False] * 3, P3_twins_first, [0, 0, 2],
    ....:                                [2, 2, 3], [1, 0, 2], True, 10**6)
    sage: sorted(counts.items())
    [((1, 1, 1), 2), ((2, 1), 4)]

TESTS::

    sage: star = [list(range(1, 60))] + [[0]] * 59
    sage: classes = ([0] + [1] * 59, [1] + [60] * 59)
    sage: alarm(0.5); fiber_vector_dp(star, [False] * 60, star, classes[0], classes[1],
    ....:                             list(range(60)), True, 10**9)
    Traceback (most recent call last):
    ...
    AlarmInterrupt
    sage: fiber_vector_dp(star, [False] * 60, star, classes[0], classes[1],
    ....:                 list(range(60)), False, 10**9) == (59**59 + 59, 2)
    True
"""

from cpython.bytes cimport PyBytes_FromStringAndSize, PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.object cimport PyObject
from cysignals.signals cimport sig_check
from libc.stdint cimport uint64_t, uint8_t
from libc.string cimport memcpy
from memory_allocator cimport MemoryAllocator


class StateBudgetExceeded(MemoryError):
    r"""
    Raised when the dynamic programme would hold more states than allowed.

    EXAMPLES::

        sage: from sage_hcsf.fiber_dp import StateBudgetExceeded
        sage: issubclass(StateBudgetExceeded, MemoryError)
        True
    """


cdef extern from *:
    int __builtin_ctzll(unsigned long long) nogil


cdef inline void _canonicalise_class(Py_ssize_t start, Py_ssize_t end, uint8_t* img,
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


def fiber_vector_dp(list g_adj, list g_loops, list h_adj, list class_start,
                    list class_end, list order, bint track_fibers,
                    Py_ssize_t state_budget):
    r"""
    Return the fiber-type counts (or the number) of homomorphisms `G \to H`.

    INPUT:

    - ``g_adj`` -- adjacency lists of `G` on ``0..n-1`` (loops not listed),
      `n \le 255`
    - ``g_loops`` -- ``g_loops[v]`` is true if `G` has a loop at `v`
    - ``h_adj`` -- adjacency lists of `H` on ``0..N-1`` (``w in h_adj[w]``
      for a loop), `N \le 255`, twin classes contiguous
    - ``class_start``, ``class_end`` -- for each vertex of `H`, the range
      ``[start, end)`` of its twin class (``[w, w+1)`` gives no reduction)
    - ``order`` -- the order in which the vertices of `G` are introduced
    - ``track_fibers`` -- whether to keep fiber vectors (``False``: count
      homomorphisms only)
    - ``state_budget`` -- largest number of states allowed at any step

    OUTPUT: a pair ``(result, peak)``: ``peak`` is the largest number of
    states held at one step; ``result`` is a dictionary ``{partition tuple:
    count}`` if ``track_fibers``, else the number of homomorphisms.

    EXAMPLES::

        sage: from sage_hcsf.fiber_dp import fiber_vector_dp
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], True, 100)
        ({(1, 1, 1): 6}, 1)
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], False, 100)
        (6, 1)
        sage: fiber_vector_dp([], [], K3, [0] * 3, [3] * 3, [], True, 100)
        ({(): 1}, 1)
        sage: fiber_vector_dp([[]], [True], K3, [0] * 3, [3] * 3, [0], True, 100)
        ({}, 1)
        sage: C6 = [[(i - 1) % 6, (i + 1) % 6] for i in range(6)]
        sage: fiber_vector_dp(C6, [False] * 6, C6, list(range(6)), list(range(1, 7)),
        ....:                 list(range(6)), True, 5)
        Traceback (most recent call last):
        ...
        StateBudgetExceeded: the dynamic programme needs more than 5 states ...
    """
    cdef Py_ssize_t n = len(g_adj), N = len(h_adj)
    if n > 255 or N > 255:
        raise ValueError(f"the DP engine handles graphs with at most 255 vertices; "
                         f"got |V(G)| = {n}, |V(H)| = {N}")
    if n == 0:
        return ({(): 1} if track_fibers else 1), 1
    if N == 0:
        return ({} if track_fibers else 0), 0

    # --- the schedule: frontier slots before and after each step ----------
    position = {v: k for k, v in enumerate(order)}
    last_needed = [position[v] for v in range(n)]
    for v in range(n):
        for u in g_adj[v]:
            last_needed[v] = max(last_needed[v], position[u])
    frontier = []
    schedule = []
    max_slots = 0
    for i, v in enumerate(order):
        nbr_slots = [k for k, u in enumerate(frontier) if position[u] < i and u in g_adj[v]]
        extended = frontier + [v]
        keep = [k for k, u in enumerate(extended) if last_needed[u] > i]
        forget = [k for k, u in enumerate(extended) if last_needed[u] <= i]
        schedule.append((nbr_slots, keep, forget, bool(g_loops[v])))
        frontier = [extended[k] for k in keep]
        max_slots = max(max_slots, len(extended))
    if max_slots > 56:
        raise ValueError(f"the vertex order has a frontier of {max_slots} vertices; "
                         "the DP engine allows at most 56 (use algorithm='enumerate')")

    cdef Py_ssize_t words = (N + 63) // 64
    cdef MemoryAllocator mem = MemoryAllocator()
    cdef uint64_t* h_rows = <uint64_t*> mem.calloc(N * words, sizeof(uint64_t))
    cdef uint64_t* looped = <uint64_t*> mem.calloc(words, sizeof(uint64_t))
    cdef uint64_t* everything = <uint64_t*> mem.calloc(words, sizeof(uint64_t))
    cdef uint64_t* cand = <uint64_t*> mem.calloc(words, sizeof(uint64_t))
    cdef Py_ssize_t* cstart = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
    cdef Py_ssize_t* cend = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
    cdef uint8_t* referenced = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
    cdef uint8_t* old_img = <uint8_t*> mem.calloc(max_slots + 1, sizeof(uint8_t))
    cdef uint8_t* buf = <uint8_t*> mem.calloc(max_slots + N + 1, sizeof(uint8_t))
    cdef uint8_t* old_cnt = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
    cdef uint64_t* sig = <uint64_t*> mem.calloc(N, sizeof(uint64_t))
    cdef Py_ssize_t* members = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
    cdef uint8_t* pos_buf = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
    cdef uint8_t* scratch = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
    cdef Py_ssize_t* keep_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
    cdef Py_ssize_t* nbr_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
    cdef Py_ssize_t* forget_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
    cdef Py_ssize_t w, j, k, word, f_old, f_new, n_keep, n_nbr, n_forget, run_end, key_len, c
    cdef uint64_t bits
    cdef bint loop_here, unref
    cdef uint8_t* cnt
    cdef uint8_t* counts
    cdef uint8_t* img
    cdef const char* raw
    cdef PyObject* previous

    for w in range(N):
        cstart[w] = class_start[w]
        cend[w] = class_end[w]
        for j in h_adj[w]:
            h_rows[w * words + j // 64] |= (<uint64_t> 1) << (j % 64)
        if w in h_adj[w]:
            looped[w // 64] |= (<uint64_t> 1) << (w % 64)
        everything[w // 64] |= (<uint64_t> 1) << (w % 64)

    cdef Py_ssize_t cnt_len = N if track_fibers else 0
    current = {PyBytes_FromStringAndSize(<char*> buf, cnt_len): 1}
    peak = 1
    f_old = 0
    for step_index in range(n):
        nbr_slots, keep, forget, loop_here = schedule[step_index]
        n_nbr = len(nbr_slots)
        n_keep = len(keep)
        n_forget = len(forget)
        for k in range(n_nbr):
            nbr_arr[k] = nbr_slots[k]
        for k in range(n_keep):
            keep_arr[k] = keep[k]
        for k in range(n_forget):
            forget_arr[k] = forget[k]
        f_new = n_keep
        key_len = f_new + cnt_len
        img = buf
        cnt = buf + f_new
        # without fiber tracking every count stays 0: canonicalise against old_cnt
        counts = cnt if track_fibers else old_cnt
        following = {}
        for key, weight in current.items():
            sig_check()
            raw = PyBytes_AS_STRING(key)
            memcpy(old_img, raw, f_old)
            if track_fibers:
                memcpy(old_cnt, raw + f_old, N)
            for k in range(f_old):
                referenced[old_img[k]] = 1
            memcpy(cand, looped if loop_here else everything, words * sizeof(uint64_t))
            for k in range(n_nbr):
                for word in range(words):
                    cand[word] &= h_rows[old_img[nbr_arr[k]] * words + word]
            for word in range(words):
                bits = cand[word]
                while bits:
                    w = word * 64 + __builtin_ctzll(bits)
                    bits &= bits - 1
                    unref = not referenced[w]
                    if (unref and w > cstart[w] and not referenced[w - 1]
                            and old_cnt[w - 1] == old_cnt[w]
                            and (cand[(w - 1) // 64] >> ((w - 1) % 64)) & 1):
                        continue  # counted with the run starting before w
                    run_end = w + 1
                    if unref:
                        while (run_end < cend[w] and not referenced[run_end]
                               and old_cnt[run_end] == old_cnt[w]
                               and (cand[run_end // 64] >> (run_end % 64)) & 1):
                            run_end += 1
                    old_img[f_old] = <uint8_t> w
                    for k in range(n_keep):
                        img[k] = old_img[keep_arr[k]]
                    if track_fibers:
                        memcpy(cnt, old_cnt, N)
                        cnt[w] += 1
                    if cend[w] - cstart[w] > 1:
                        _canonicalise_class(cstart[w], cend[w], img, f_new,
                                            counts,
                                            sig, members, pos_buf, scratch)
                    for k in range(n_forget):
                        c = old_img[forget_arr[k]]
                        if cend[c] - cstart[c] > 1 and cstart[c] != cstart[w]:
                            _canonicalise_class(cstart[c], cend[c], img, f_new,
                                                counts,
                                                sig, members, pos_buf, scratch)
                    new_key = PyBytes_FromStringAndSize(<char*> buf, key_len)
                    amount = weight if run_end == w + 1 else weight * (run_end - w)
                    previous = PyDict_GetItem(following, new_key)
                    if previous is NULL:
                        PyDict_SetItem(following, new_key, amount)
                    else:
                        PyDict_SetItem(following, new_key, <object> previous + amount)
            for k in range(f_old):
                referenced[old_img[k]] = 0
        if len(following) > state_budget:
            raise StateBudgetExceeded(
                f"the dynamic programme needs more than {state_budget} states "
                f"(step {step_index + 1} of {n}); raise state_budget (about 200 bytes a state) "
                "or set sage_hcsf.set_state_budget(...)")
        peak = max(peak, len(following))
        current = following
        f_old = f_new
        if not current:
            return ({} if track_fibers else 0), peak

    if not track_fibers:
        return sum(current.values()), peak
    result = {}
    for key, weight in current.items():
        parts = tuple(sorted((x for x in key if x), reverse=True))
        result[parts] = result.get(parts, 0) + weight
    return result, peak
