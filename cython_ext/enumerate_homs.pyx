# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
Backtracking enumeration of graph homomorphisms by fiber type

This is the reference engine of :mod:`sage_hcsf`: it visits every
homomorphism `\phi: G \to H` (the last vertex of ``order`` in bulk) and
tallies the integer partition formed by its fiber sizes. It knows nothing of
Sage: it takes adjacency lists of small integers and returns plain Python
integers, so the package builds and imports without Sage headers.

EXAMPLES::

    sage: from sage_hcsf.kernels.enumerate_homs import enumerate_fiber_types
    sage: P3 = [[1], [0, 2], [1]]
    sage: sorted(enumerate_fiber_types(P3, [False] * 3, P3, [0, 1, 2], 10**6).items())
    [((1, 1, 1), 2), ((2, 1), 4)]

TESTS:

The enumeration is interruptible and leaves nothing behind::

    sage: from sage_hcsf.kernels.enumerate_homs import enumerate_fiber_types
    sage: star = [list(range(1, 15))] + [[0]] * 14
    sage: alarm(0.5); enumerate_fiber_types(star, [False] * 15, star, list(range(15)), 10**15)
    Traceback (most recent call last):
    ...
    AlarmInterrupt
    sage: enumerate_fiber_types(star, [False] * 15, [[1], [0]], list(range(15)), 10**6)
    {(14, 1): 2}
"""

from cysignals.signals cimport sig_check
from libc.stdint cimport uint64_t, uint16_t
from libc.string cimport memcpy
from memory_allocator cimport MemoryAllocator

from sage_hcsf.errors import EnumerationLimitExceeded, MemoryBudgetExceeded, format_bytes

from kernel_structures cimport (MemoryLedger, OpenTable, fill_target_bitsets, intersect_rows,
                                table_entry, table_free, table_hash, table_init, table_key,
                                table_occupied, table_reserve, table_values)


cdef extern from *:
    int __builtin_ctzll(unsigned long long) nogil


cdef class _PartitionTally:
    """
    Table from a fiber-size histogram to a ``uint64`` count.

    A histogram ``hist[0..n]`` (``hist[s]``: how many vertices of `H` have
    fiber size ``s``, ``hist[0]`` capped at 65535) identifies a partition of
    ``n``; it is the key, ``n + 1`` 16-bit numbers in 64-bit words, of an
    open-addressing table of ``kernel_structures.pxd``.
    """
    cdef MemoryLedger ledger
    cdef OpenTable table
    cdef Py_ssize_t n

    def __cinit__(self, Py_ssize_t n, memory_budget=2**62):
        """
        Make an empty table for partitions of ``n``.

        TESTS::

            sage: from sage_hcsf.kernels.enumerate_homs import _PartitionTally
            sage: _PartitionTally(4).as_dict()
            {}
            sage: _PartitionTally(4, 10)
            Traceback (most recent call last):
            ...
            MemoryBudgetExceeded: the enumeration needs more than its memory budget of 10 bytes ...
        """
        self.n = n
        self.ledger.held = self.ledger.peak = 0
        self.ledger.budget = <size_t> min(memory_budget, 2**62)
        self.table.entries = NULL
        if table_init(&self.table, (2 * (n + 1) + 7) // 8, 1, 16, &self.ledger):
            self.over_budget()

    def __dealloc__(self):
        table_free(&self.table)

    cdef int over_budget(self) except -1:
        raise MemoryBudgetExceeded(
            f"the enumeration needs more than its memory budget of "
            f"{format_bytes(self.ledger.budget)} to tally {self.table.size} fiber types; "
            "raise it with sage_hcsf.memory_budget(bytes) or the argument "
            "memory_budget=")

    cdef inline int add(self, const uint64_t* hist, uint64_t amount) except -1:
        """
        Add ``amount`` to the count of the histogram ``hist`` (padded words).
        """
        if table_reserve(&self.table, self.table.size + 1):
            self.over_budget()
        table_entry(&self.table, hist, table_hash(hist, self.table.key_words))[0] += amount
        return 0

    def as_dict(self):
        """
        Return the tallies as ``{partition tuple: int}``.

        EXAMPLES::

            sage: from sage_hcsf.kernels.enumerate_homs import enumerate_fiber_types
            sage: enumerate_fiber_types([[1], [0]], [False] * 2, [[1], [0]], [0, 1], 10)
            {(1, 1): 2}
        """
        result = {}
        cdef Py_ssize_t i, s, k
        cdef uint16_t* hist
        cdef uint64_t count
        for i in range(self.table.capacity):
            if not table_occupied(&self.table, i):
                continue
            count = table_values(&self.table, i)[0]
            if count:
                hist = <uint16_t*> table_key(&self.table, i)
                parts = []
                for s in range(self.n, 0, -1):
                    for k in range(hist[s]):
                        parts.append(s)
                result[tuple(parts)] = int(count)
        return result


def enumerate_fiber_types(list g_adj, list g_loops, list h_adj, list order,
                          max_steps, memory_budget=2**62):
    r"""
    Return ``{fiber type: count}`` over all homomorphisms `G \to H`.

    INPUT:

    - ``g_adj`` -- adjacency lists of `G` on ``0..n-1`` (no loops listed)
    - ``g_loops`` -- list of booleans, ``g_loops[v]`` if `G` has a loop at `v`
    - ``h_adj`` -- adjacency lists of `H` on ``0..N-1``; ``w in h_adj[w]``
      means a loop at `w`
    - ``order`` -- a permutation of ``0..n-1``, the order of assignment
    - ``max_steps`` -- the enumeration gives up
      (:class:`EnumerationLimitExceeded`, an ``OverflowError``) after
      visiting this many partial maps
    - ``memory_budget`` -- the most bytes the table of fiber types may hold
      (default: `2^{62}`, no limit)

    OUTPUT: a dictionary from partitions (tuples, weakly decreasing) to
    positive Python integers; ``{(): 1}`` if `G` is empty.

    ALGORITHM:

    Depth-first search. The candidate images of the `i`-th vertex are the
    intersection of the bitset neighbourhoods of the images of its earlier
    neighbours. A histogram of fiber sizes is updated on every assignment;
    the last vertex is not enumerated, its candidates are bucketed by their
    current fiber size.

    EXAMPLES::

        sage: from sage_hcsf.kernels.enumerate_homs import enumerate_fiber_types
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: enumerate_fiber_types(K3, [False] * 3, K3, [0, 1, 2], 100)
        {(1, 1, 1): 6}
        sage: enumerate_fiber_types([], [], K3, [], 100)
        {(): 1}
        sage: enumerate_fiber_types([[]], [True], K3, [0], 100)
        {}
        sage: enumerate_fiber_types([[1], [0]], [False] * 2, [[0]], [0, 1], 100)
        {(2,): 1}
        sage: enumerate_fiber_types(K3, [False] * 3, K3, [0, 1, 2], 2)
        Traceback (most recent call last):
        ...
        EnumerationLimitExceeded: the enumeration visited more than 2 partial maps; ...

    TESTS:

    No homomorphism, many dead ends, few steps::

        sage: K11 = [[j for j in range(11) if j != i] for i in range(11)]
        sage: K10 = [[j for j in range(10) if j != i] for i in range(10)]
        sage: enumerate_fiber_types(K11, [False] * 11, K10, list(range(11)), 10**7)
        {}
    """
    cdef Py_ssize_t n = len(g_adj), N = len(h_adj)
    if n == 0:
        return {(): 1}
    if N == 0:
        return {}
    cdef Py_ssize_t words = (N + 63) // 64
    cdef MemoryAllocator mem = MemoryAllocator()
    cdef uint64_t* h_rows = <uint64_t*> mem.calloc(N * words, sizeof(uint64_t))
    cdef uint64_t* looped = <uint64_t*> mem.calloc(words, sizeof(uint64_t))
    cdef uint64_t* everything = <uint64_t*> mem.calloc(words, sizeof(uint64_t))
    cdef uint64_t* cand = <uint64_t*> mem.calloc(n * words, sizeof(uint64_t))
    cdef int* image = <int*> mem.calloc(n, sizeof(int))
    cdef int* fiber = <int*> mem.calloc(N, sizeof(int))
    cdef uint64_t* hist_key = <uint64_t*> mem.calloc((2 * (n + 1) + 7) // 8, sizeof(uint64_t))
    cdef uint16_t* hist = <uint16_t*> hist_key
    cdef uint64_t* bucket = <uint64_t*> mem.calloc(n + 1, sizeof(uint64_t))
    cdef Py_ssize_t* cursor = <Py_ssize_t*> mem.calloc(n, sizeof(Py_ssize_t))
    cdef Py_ssize_t* earlier_start = <Py_ssize_t*> mem.calloc(n + 1, sizeof(Py_ssize_t))
    cdef char* loop_at = <char*> mem.calloc(n, sizeof(char))
    cdef Py_ssize_t i, j, w, s, level, word
    cdef uint64_t bits, steps = 0, step_limit = <uint64_t> min(max_steps, 2**63)

    fill_target_bitsets(h_adj, words, h_rows, looped, everything)

    position = {v: k for k, v in enumerate(order)}
    earlier = []
    for i in range(n):
        v = order[i]
        earlier_start[i] = len(earlier)
        earlier.extend(sorted(position[u] for u in g_adj[v] if position[u] < i))
        loop_at[i] = 1 if g_loops[v] else 0
    earlier_start[n] = len(earlier)
    cdef int* earlier_pos = <int*> mem.calloc(len(earlier) + 1, sizeof(int))
    for j in range(len(earlier)):
        earlier_pos[j] = earlier[j]

    tally = _PartitionTally(n, memory_budget)
    cdef _PartitionTally table = tally
    hist[0] = <uint16_t> min(N, 65535)

    level = 0
    _candidates(level, cand, h_rows, looped, everything, image, earlier_start,
                earlier_pos, loop_at, words)
    cursor[0] = 0
    while level >= 0:
        sig_check()
        if level == n - 1:
            # Bucket the last vertex's candidates by their current fiber size.
            for word in range(words):
                bits = cand[level * words + word]
                while bits:
                    w = word * 64 + __builtin_ctzll(bits)
                    bits &= bits - 1
                    bucket[fiber[w]] += 1
            for s in range(n):
                if bucket[s]:
                    if s:
                        hist[s] -= 1
                    hist[s + 1] += 1
                    table.add(hist_key, bucket[s])
                    hist[s + 1] -= 1
                    if s:
                        hist[s] += 1
                    bucket[s] = 0
            level -= 1
            if level >= 0:
                _unassign(image[level], fiber, hist)
            continue
        w = _next_candidate(cand + level * words, cursor[level], words)
        if w < 0:
            level -= 1
            if level >= 0:
                _unassign(image[level], fiber, hist)
            continue
        cursor[level] = w + 1
        steps += 1
        if steps > step_limit:
            raise EnumerationLimitExceeded(
                f"the enumeration visited more than {max_steps} partial maps; raise "
                "sage_hcsf.enumeration_limit(...) (algorithm='auto' tries the DP too)")
        image[level] = <int> w
        s = fiber[w]
        if s:
            hist[s] -= 1
        hist[s + 1] += 1
        fiber[w] = s + 1
        level += 1
        _candidates(level, cand, h_rows, looped, everything, image, earlier_start,
                    earlier_pos, loop_at, words)
        cursor[level] = 0
    return tally.as_dict()


cdef inline void _unassign(int w, int* fiber, uint16_t* hist) noexcept:
    cdef int s = fiber[w]
    hist[s] -= 1
    if s > 1:
        hist[s - 1] += 1
    fiber[w] = s - 1


cdef inline Py_ssize_t _next_candidate(const uint64_t* bits, Py_ssize_t start,
                                       Py_ssize_t words) noexcept:
    cdef Py_ssize_t word = start // 64
    cdef uint64_t b
    if word >= words:
        return -1
    b = bits[word] & (~(<uint64_t> 0) << (start % 64))
    while True:
        if b:
            return word * 64 + __builtin_ctzll(b)
        word += 1
        if word >= words:
            return -1
        b = bits[word]


cdef inline void _candidates(Py_ssize_t level, uint64_t* cand, const uint64_t* h_rows,
                             const uint64_t* looped, const uint64_t* everything,
                             const int* image, const Py_ssize_t* earlier_start,
                             const int* earlier_pos, const char* loop_at,
                             Py_ssize_t words) noexcept:
    cdef uint64_t* out = cand + level * words
    cdef Py_ssize_t k
    memcpy(out, looped if loop_at[level] else everything, words * sizeof(uint64_t))
    for k in range(earlier_start[level], earlier_start[level + 1]):
        intersect_rows(out, h_rows, image[earlier_pos[k]], words)
