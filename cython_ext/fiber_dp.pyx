# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
Dynamic programming over fiber vectors along a vertex order of `G`

The vertices of `G` are introduced one at a time in a given order. The
*frontier* after a step is the set of introduced vertices that still have a
neighbour to come; it is the bag of a path decomposition of `G`. A state is

- the images in `H` of the frontier vertices, and
- the fiber vector: how many introduced vertices each vertex of `H` received
  (left out when only the number of homomorphisms is wanted),

and its value is the number of partial homomorphisms in that state.

Symmetry reduction: the vertices of `H` come in *twin classes* (sets on
which every permutation is an automorphism of `H`: vertices with the same
open neighbourhood, or the same closed one, and the same loop status), given
as contiguous ranges of labels. Within a class, states that differ by a
permutation of the class are merged: each state is kept in the canonical
form where the members of a class are sorted by (frontier slots mapped to
them, fiber count). Candidate images that are interchangeable in a state
(unreferenced twins with equal counts) are tried once, with multiplicity.

Exact arithmetic: states live in open-addressing C tables with fixed-width
keys; each value is kept modulo `2^{64}` and modulo primes below `2^{55}`
(below `2^{55}`, so that a residue times a multiplicity below `2^8` fits
in 64 bits). Every count is a sum of products of integers, so
its residues are exact, and the count is reconstructed by the Chinese
remainder theorem; it is exact whenever the product of the moduli exceeds
an upper bound of the counts, which the caller supplies (the number of
homomorphisms, or `|V(H)|^{|V(G)|}`).

The module is plain Cython over ``libc``, ``cysignals`` and
``memory_allocator``: no Sage.

EXAMPLES::

    sage: from sage_hcsf.fiber_dp import fiber_vector_dp
    sage: P3 = [[1], [0, 2], [1]]
    sage: P3_twins_first = [[2], [2], [0, 1]]  # the two ends are false twins
    sage: counts, peak = fiber_vector_dp(P3, [False] * 3, P3_twins_first, [0, 0, 2],
    ....:                                [2, 2, 3], [1, 0, 2], True, 10**6, 6)
    sage: sorted(counts.items())
    [((1, 1, 1), 2), ((2, 1), 4)]

TESTS::

    sage: star = [list(range(1, 60))] + [[0]] * 59
    sage: classes = ([0] + [1] * 59, [1] + [60] * 59)
    sage: alarm(0.5); fiber_vector_dp(star, [False] * 60, star, classes[0], classes[1],
    ....:                             list(range(60)), True, 10**9, 59**59 + 59)
    Traceback (most recent call last):
    ...
    AlarmInterrupt
    sage: fiber_vector_dp(star, [False] * 60, star, classes[0], classes[1],
    ....:                 list(range(60)), False, 10**9, 60**60) == (59**59 + 59, 2)
    True
"""

from cysignals.signals cimport sig_check
from libc.stdint cimport uint64_t, uint8_t
from libc.stdlib cimport calloc, free
from libc.string cimport memcpy, memset
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
    void __builtin_prefetch(const void*) nogil


cdef enum:
    BATCH = 32  # pending insertions whose cache lines are fetched together


def moduli_for_bound(bound):
    r"""
    Return moduli whose product exceeds ``bound``: ``0`` stands for `2^{64}`,
    then primes below `2^{55}` in decreasing order.

    INPUT:

    - ``bound`` -- a nonnegative integer

    OUTPUT: a list of Python integers

    EXAMPLES::

        sage: from sage_hcsf.fiber_dp import moduli_for_bound
        sage: moduli_for_bound(10)
        [0]
        sage: ms = moduli_for_bound(3**200); len(ms)
        6
        sage: all(is_prime(p) and p < 2^55 for p in ms[1:])
        True
        sage: prod(ms[1:]) * 2^64 > 3**200
        True
    """
    moduli = [0]
    product = 1 << 64
    while product <= bound:
        if len(moduli) > len(_PRIMES):
            candidate = _PRIMES[len(_PRIMES) - 1] - 2 if _PRIMES else (1 << 55) - 1
            while not _is_prime(candidate):
                candidate -= 2
            _PRIMES.append(candidate)
        moduli.append(_PRIMES[len(moduli) - 1])
        product *= moduli[len(moduli) - 1]
    return moduli


_PRIMES = []  # the primes below 2^55 found so far, decreasing


def _is_prime(n):
    r"""
    Deterministic Miller-Rabin for `n < 3.3 \cdot 10^{24}`.

    EXAMPLES::

        sage: from sage_hcsf.fiber_dp import _is_prime
        sage: [p for p in range(30) if _is_prime(p)] == prime_range(30)
        True
        sage: _is_prime(2^61 - 1), _is_prime(2^62 - 1)
        (True, False)
    """
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
    for p in small:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in small:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _crt_plan(moduli):
    r"""
    Return Garner's constants for ``moduli`` (``0`` stands for `2^{64}`):
    a list of ``(m, product of the previous moduli, its inverse mod m)``.

    EXAMPLES::

        sage: from sage_hcsf.fiber_dp import _crt_plan
        sage: _crt_plan([0, 7])
        [(18446744073709551616, 1, 1), (7, 18446744073709551616, 4)]
    """
    plan, product = [], 1
    for m in moduli:
        m = m or (1 << 64)
        plan.append((m, product, pow(product, -1, m)))
        product *= m
    return plan


def _crt(residues, plan):
    r"""
    Return the least nonnegative integer with the given residues modulo the
    moduli of ``plan`` (see :func:`_crt_plan`).

    EXAMPLES::

        sage: from sage_hcsf.fiber_dp import _crt, _crt_plan, moduli_for_bound
        sage: ms = moduli_for_bound(10**40)
        sage: x = 10**40 - 17
        sage: _crt([x % (m or 2^64) for m in ms], _crt_plan(ms)) == x
        True
    """
    value = 0
    for r, (m, product, inverse) in zip(residues, plan):
        value += product * (((r - value) * inverse) % m)  # value + product*t = r (mod m)
    return value


cdef class _StateTable:
    """
    Open-addressing hash table from fixed-width keys (zero-padded to whole
    64-bit words) to ``nmod`` residues each. An entry is stored contiguously
    as ``[hash, key words..., residues...]`` so that a probe touches one
    cache line; a zero hash marks an empty slot.
    """
    cdef Py_ssize_t key_words, nmod, stride, capacity, size
    cdef uint64_t* entries

    def __cinit__(self, Py_ssize_t key_bytes, Py_ssize_t nmod, Py_ssize_t capacity=1024):
        """
        Make an empty table (``capacity`` must be a power of two).

        TESTS::

            sage: from sage_hcsf.fiber_dp import _StateTable
            sage: _StateTable(20, 2, 8)
            <sage_hcsf.fiber_dp._StateTable object at 0x...>
        """
        self.key_words = max(1, (key_bytes + 7) // 8)
        self.nmod = nmod
        self.stride = 1 + self.key_words + nmod
        self.size = 0
        self.entries = NULL
        self._allocate(capacity)

    def __dealloc__(self):
        free(self.entries)

    cdef int _allocate(self, Py_ssize_t capacity) except -1:
        self.capacity = capacity
        self.entries = <uint64_t*> calloc(capacity * self.stride, sizeof(uint64_t))
        if self.entries is NULL:
            raise MemoryError(f"cannot allocate a DP table of {capacity} states")
        return 0

    cdef inline uint64_t* key_of(self, Py_ssize_t slot) noexcept:
        return self.entries + slot * self.stride + 1

    cdef inline uint64_t* values_of(self, Py_ssize_t slot) noexcept:
        return self.entries + slot * self.stride + 1 + self.key_words

    cdef inline bint occupied(self, Py_ssize_t slot) noexcept:
        return self.entries[slot * self.stride] != 0

    cdef int _grow(self) except -1:
        cdef uint64_t* old = self.entries
        cdef Py_ssize_t old_capacity = self.capacity, i, slot
        cdef uint64_t h
        try:
            self._allocate(2 * old_capacity)
            for i in range(old_capacity):
                h = old[i * self.stride]
                if h:
                    slot = h & (self.capacity - 1)
                    while self.entries[slot * self.stride]:
                        slot = (slot + 1) & (self.capacity - 1)
                    memcpy(self.entries + slot * self.stride, old + i * self.stride,
                           self.stride * sizeof(uint64_t))
        finally:
            free(old)
        return 0

    cdef inline uint64_t hash_of(self, const uint64_t* key) noexcept:
        """
        Return the (nonzero) hash of ``key``.
        """
        cdef uint64_t h = 0x9E3779B97F4A7C15ULL
        cdef Py_ssize_t i
        for i in range(self.key_words):
            h = (h ^ key[i]) * 0xBF58476D1CE4E5B9ULL
            h ^= h >> 31
        return h | 1

    cdef inline void prefetch(self, uint64_t h) noexcept:
        """
        Ask the processor for the cache line where ``h`` is probed first.
        """
        __builtin_prefetch(self.entries + (h & (self.capacity - 1)) * self.stride)

    cdef uint64_t* entry(self, const uint64_t* key) except NULL:
        """
        Return the residues of ``key``, inserting zeros if it is new.
        """
        return self.entry_hashed(key, self.hash_of(key))

    cdef uint64_t* entry_hashed(self, const uint64_t* key, uint64_t h) except NULL:
        """
        Return the residues of ``key`` (whose hash is ``h``), inserting zeros
        if it is new.
        """
        cdef Py_ssize_t i, slot
        cdef uint64_t* e
        cdef bint same
        slot = h & (self.capacity - 1)
        while True:
            e = self.entries + slot * self.stride
            if not e[0]:
                break
            if e[0] == h:
                same = True
                for i in range(self.key_words):
                    if e[1 + i] != key[i]:
                        same = False
                        break
                if same:
                    return e + 1 + self.key_words
            slot = (slot + 1) & (self.capacity - 1)
        if 10 * (self.size + 1) > 7 * self.capacity:
            self._grow()
            return self.entry_hashed(key, h)
        e[0] = h
        for i in range(self.key_words):
            e[1 + i] = key[i]
        self.size += 1
        return e + 1 + self.key_words


cdef void _flush(_StateTable table, const uint64_t* keys, const uint64_t* hashes,
                 const uint64_t* factors, uint64_t** sources, Py_ssize_t count,
                 const uint64_t* moduli, Py_ssize_t nmod) except *:
    """
    Insert the pending states (their slots were prefetched).
    """
    cdef Py_ssize_t i
    for i in range(count):
        _add_scaled(table.entry_hashed(keys + i * table.key_words, hashes[i]), sources[i],
                    factors[i], moduli, nmod)


cdef int _check_budget(_StateTable table, Py_ssize_t budget, Py_ssize_t step,
                       Py_ssize_t n) except -1:
    """
    Raise :class:`StateBudgetExceeded` if ``table`` holds more than ``budget`` states.
    """
    if table.size > budget:
        raise StateBudgetExceeded(
            f"the dynamic programme needs more than {budget} states "
            f"(step {step + 1} of {n}); raise state_budget "
            "(about 100 bytes a state) with sage_hcsf.state_budget(...)")
    return 0


cdef Py_ssize_t _capacity_for(Py_ssize_t states) noexcept:
    """
    Return a power of two that holds ``states`` entries below the load limit.
    """
    cdef Py_ssize_t capacity = 1024
    while 7 * capacity < 10 * states:
        capacity *= 2
    return capacity


cdef inline void _add_scaled(uint64_t* target, const uint64_t* source, uint64_t factor,
                             const uint64_t* moduli, Py_ssize_t nmod) noexcept:
    """
    ``target += factor * source`` residue by residue (modulus 0 is `2^{64}`).
    """
    cdef Py_ssize_t j
    cdef uint64_t v
    target[0] += factor * source[0]
    if factor == 1:
        for j in range(1, nmod):
            v = target[j] + source[j]
            target[j] = v - moduli[j] if v >= moduli[j] else v
    else:  # factor < 2^8 and residues < 2^55: the product fits in 64 bits
        for j in range(1, nmod):
            v = target[j] + (factor * source[j]) % moduli[j]
            target[j] = v - moduli[j] if v >= moduli[j] else v


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


cdef inline uint64_t _signature(Py_ssize_t member, const uint8_t* img, Py_ssize_t slots,
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


cdef inline void _raise_member(Py_ssize_t start, Py_ssize_t w, uint8_t* img, Py_ssize_t slots,
                               uint8_t* cnt) noexcept:
    """
    Restore the canonical order of a class after the signature of its member
    ``w`` alone increased: move ``w`` left past the members of smaller
    signature (usually none) and relabel.
    """
    cdef uint64_t sig = _signature(w, img, slots, cnt)
    cdef Py_ssize_t p = w, m, s
    cdef uint8_t saved
    while p > start and _signature(p - 1, img, slots, cnt) < sig:
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


def _schedule(list g_adj, list g_loops, list order):
    r"""
    Return the steps of the DP and the widest frontier (plus the new vertex).

    Each step is ``(slots of earlier neighbours, surviving slots, forgotten
    slots, loop at the new vertex)``, slots counted in the frontier extended
    by the new vertex.

    EXAMPLES::

        sage: from sage_hcsf.fiber_dp import _schedule
        sage: _schedule([[1], [0, 2], [1]], [False] * 3, [1, 0, 2])
        ([([], [0], [], False), ([0], [0], [1], False), ([0], [], [0, 1], False)], 2)
    """
    cdef Py_ssize_t n = len(g_adj)
    position = {v: k for k, v in enumerate(order)}
    last_needed = [position[v] for v in range(n)]
    for v in range(n):
        for u in g_adj[v]:
            last_needed[v] = max(last_needed[v], position[u])
    frontier = []
    schedule = []
    widest = 0
    for i, v in enumerate(order):
        neighbours = set(g_adj[v])
        nbr_slots = [k for k, u in enumerate(frontier) if u in neighbours]
        extended = frontier + [v]
        keep = [k for k, u in enumerate(extended) if last_needed[u] > i]
        forget = [k for k, u in enumerate(extended) if last_needed[u] <= i]
        schedule.append((nbr_slots, keep, forget, bool(g_loops[v])))
        frontier = [extended[k] for k in keep]
        widest = max(widest, len(extended))
    return schedule, widest


def fiber_vector_dp(list g_adj, list g_loops, list h_adj, list class_start,
                    list class_end, list order, bint track_fibers,
                    Py_ssize_t state_budget, bound):
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
    - ``bound`` -- an upper bound for the number of homomorphisms; the
      results are exact if it holds

    OUTPUT: a pair ``(result, peak)``: ``peak`` is the largest number of
    states held at one step; ``result`` is a dictionary ``{partition tuple:
    count}`` if ``track_fibers``, else the number of homomorphisms.

    EXAMPLES::

        sage: from sage_hcsf.fiber_dp import fiber_vector_dp
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], True, 100, 27)
        ({(1, 1, 1): 6}, 1)
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], False, 100, 27)
        (6, 1)
        sage: fiber_vector_dp([], [], K3, [0] * 3, [3] * 3, [], True, 100, 1)
        ({(): 1}, 1)
        sage: fiber_vector_dp([[]], [True], K3, [0] * 3, [3] * 3, [0], True, 100, 3)
        ({}, 1)
        sage: C6 = [[(i - 1) % 6, (i + 1) % 6] for i in range(6)]
        sage: fiber_vector_dp(C6, [False] * 6, C6, list(range(6)), list(range(1, 7)),
        ....:                 list(range(6)), True, 5, 6**6)
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
    schedule, max_slots = _schedule(g_adj, g_loops, order)
    if max_slots > 56:
        raise ValueError(f"the vertex order has a frontier of {max_slots} vertices; "
                         "the DP engine allows at most 56 (use algorithm='enumerate')")

    moduli_list = moduli_for_bound(bound)
    cdef Py_ssize_t nmod = len(moduli_list)
    cdef Py_ssize_t words = (N + 63) // 64
    cdef MemoryAllocator mem = MemoryAllocator()
    cdef uint64_t* moduli = <uint64_t*> mem.calloc(nmod, sizeof(uint64_t))
    cdef uint64_t* h_rows = <uint64_t*> mem.calloc(N * words, sizeof(uint64_t))
    cdef uint64_t* looped = <uint64_t*> mem.calloc(words, sizeof(uint64_t))
    cdef uint64_t* everything = <uint64_t*> mem.calloc(words, sizeof(uint64_t))
    cdef uint64_t* cand = <uint64_t*> mem.calloc(words, sizeof(uint64_t))
    cdef Py_ssize_t* cstart = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
    cdef Py_ssize_t* cend = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
    cdef uint8_t* referenced = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
    cdef uint8_t* old_img = <uint8_t*> mem.calloc(max_slots + 1, sizeof(uint8_t))
    cdef Py_ssize_t buf_words = (max_slots + N + 8) // 8 + 1
    cdef uint64_t* buf_words_ptr = <uint64_t*> mem.calloc(buf_words, sizeof(uint64_t))
    cdef uint8_t* buf = <uint8_t*> buf_words_ptr
    cdef uint8_t* old_cnt = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
    cdef uint64_t* sig = <uint64_t*> mem.calloc(N, sizeof(uint64_t))
    cdef Py_ssize_t* members = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
    cdef uint8_t* pos_buf = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
    cdef uint8_t* scratch = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
    cdef Py_ssize_t* keep_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
    cdef Py_ssize_t* nbr_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
    cdef Py_ssize_t* forget_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
    cdef Py_ssize_t w, j, k, word, slot, f_old, f_new, n_keep, n_nbr, n_forget, run_end, c
    cdef Py_ssize_t step_index, cnt_len = N if track_fibers else 0
    cdef uint64_t bits
    cdef bint loop_here, unref, forgets_into_w_class
    cdef uint8_t* cnt
    cdef uint8_t* counts
    cdef uint8_t* raw
    cdef uint64_t* source
    cdef _StateTable current, following
    # Insertions wait in a batch: their hashes are computed and their slots
    # prefetched first, so that the cache misses of a batch overlap.
    cdef Py_ssize_t pending = 0, key_words
    cdef uint64_t* pending_keys = <uint64_t*> mem.calloc(BATCH * buf_words, sizeof(uint64_t))
    cdef uint64_t* pending_hash = <uint64_t*> mem.calloc(BATCH, sizeof(uint64_t))
    cdef uint64_t* pending_factor = <uint64_t*> mem.calloc(BATCH, sizeof(uint64_t))
    cdef uint64_t** pending_source = <uint64_t**> mem.calloc(BATCH, sizeof(uint64_t*))

    for j in range(nmod):
        moduli[j] = moduli_list[j]
    for w in range(N):
        cstart[w] = class_start[w]
        cend[w] = class_end[w]
        for j in h_adj[w]:
            h_rows[w * words + j // 64] |= (<uint64_t> 1) << (j % 64)
        if w in h_adj[w]:
            looped[w // 64] |= (<uint64_t> 1) << (w % 64)
        everything[w // 64] |= (<uint64_t> 1) << (w % 64)

    current = _StateTable(cnt_len, nmod, 2)
    source = current.entry(buf_words_ptr)
    for j in range(nmod):
        source[j] = 1
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
        following = _StateTable(f_new + cnt_len, nmod, _capacity_for(2 * current.size))
        memset(buf, 0, buf_words * 8)
        cnt = buf + f_new
        # without fiber tracking every count stays 0: canonicalise against old_cnt
        counts = cnt if track_fibers else old_cnt
        for slot in range(current.capacity):
            if not current.occupied(slot):
                continue
            sig_check()
            raw = <uint8_t*> current.key_of(slot)
            source = current.values_of(slot)
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
                        buf[k] = old_img[keep_arr[k]]
                    if track_fibers:
                        memcpy(cnt, old_cnt, N)
                        cnt[w] += 1
                    # Canonical form again. Forgotten slots change the masks of
                    # their images' classes; otherwise only w's signature rose.
                    forgets_into_w_class = False
                    for k in range(n_forget):
                        c = old_img[forget_arr[k]]
                        if cend[c] - cstart[c] > 1:
                            _canonicalise_class(cstart[c], cend[c], buf, f_new, counts,
                                                sig, members, pos_buf, scratch)
                            forgets_into_w_class |= cstart[c] == cstart[w]
                    if cend[w] - cstart[w] > 1 and not forgets_into_w_class:
                        _raise_member(cstart[w], w, buf, f_new, counts)
                    key_words = following.key_words
                    memcpy(pending_keys + pending * key_words, buf_words_ptr,
                           key_words * sizeof(uint64_t))
                    pending_hash[pending] = following.hash_of(buf_words_ptr)
                    following.prefetch(pending_hash[pending])
                    pending_factor[pending] = run_end - w
                    pending_source[pending] = source
                    pending += 1
                    if pending == BATCH:
                        _flush(following, pending_keys, pending_hash, pending_factor,
                               pending_source, pending, moduli, nmod)
                        pending = 0
                        _check_budget(following, state_budget, step_index, n)
            for k in range(f_old):
                referenced[old_img[k]] = 0
        _flush(following, pending_keys, pending_hash, pending_factor, pending_source, pending,
               moduli, nmod)
        pending = 0
        _check_budget(following, state_budget, step_index, n)
        peak = max(peak, following.size)
        current = following
        f_old = f_new
        if not current.size:
            return ({} if track_fibers else 0), peak

    if not track_fibers:
        for slot in range(current.capacity):
            if current.occupied(slot):
                source = current.values_of(slot)
                return _crt([source[j] for j in range(nmod)], _crt_plan(moduli_list)), peak
    # Fold the final fiber vectors into partitions (histograms of sizes).
    partitions = _StateTable(n + 1, nmod)
    cdef uint8_t* hist = <uint8_t*> mem.calloc(((n + 8) // 8 + 1) * 8, sizeof(uint8_t))
    for slot in range(current.capacity):
        if not current.occupied(slot):
            continue
        raw = <uint8_t*> current.key_of(slot)
        memset(hist, 0, n + 1)
        for w in range(N):
            hist[raw[w]] += 1
        hist[0] = 0
        _add_scaled(partitions.entry(<uint64_t*> hist), current.values_of(slot), 1,
                    moduli, nmod)
    result = {}
    plan = _crt_plan(moduli_list)
    cdef _StateTable table = partitions
    for slot in range(table.capacity):
        if not table.occupied(slot):
            continue
        raw = <uint8_t*> table.key_of(slot)
        source = table.values_of(slot)
        parts = []
        for k in range(n, 0, -1):
            parts.extend([k] * raw[k])
        value = _crt([source[j] for j in range(nmod)], plan)
        if value:
            result[tuple(parts)] = value
    return result, peak
