# cython: language_level=3
r"""
Data structures shared by the kernels: target bitsets and open-addressing tables

Both kernels (:mod:`sage_hcsf.kernels.fiber_dp` and :mod:`sage_hcsf.kernels.enumerate_homs`)
``cimport`` this file; everything here is ``inline``, so no module of its
own is built.

*Target bitsets.* The vertices ``0..N-1`` of `H` are bits of
``words = (N + 63) // 64`` 64-bit words; ``rows[w * words + ...]`` is the
neighbourhood of `w` (``w`` itself when `w` has a loop), ``looped`` the set
of looped vertices and ``everything`` all of them. The candidate images of
a vertex of `G` are the intersection of the rows of its neighbours' images
with ``looped`` or ``everything``.

*Open-addressing tables.* A table maps fixed-width keys (``key_words``
64-bit words, zero-padded) to ``value_words`` 64-bit words. Its
``capacity`` (a power of two) entries are stored contiguously, each as
``stride = 1 + key_words + value_words`` words::

    [hash | key word 0 .. key word k-1 | value word 0 .. value word v-1]

so that a probe touches one cache line. A zero hash marks an empty slot
(hashes are odd); keys are compared in full, so a hash collision never
merges two keys. Linear probing, written once (``_table_probe``, for
:func:`table_entry` and :func:`table_find`); the load stays at most `7/10`
(:func:`table_reserve` doubles the capacity before an insertion could pass
it, into a new array that replaces the old one only once it is filled;
:func:`table_entry` never allocates).

*Memos.* A table with one key word (the images of a few frontier slots)
serves as the memo of a step (:func:`memo_find`, :func:`memo_add`;
:func:`table_clear` empties it for the next step): one map type for every
table of a kernel, all charged to its ledger.

*Memory ledger.* Every table of one computation charges its entries to a
:class:`MemoryLedger` (bytes held now, the most held at once, the budget).
An allocation that would take ``held`` beyond ``budget`` is not made: the
function returns ``OVER_BUDGET`` and the caller raises an error naming the
budget. While a table doubles, old and new entries are both held and both
charged, so ``peak`` is the true high-water mark of the tables.

EXAMPLES:

Both kernels use these structures::

    sage: from sage_hcsf.kernels.enumerate_homs import enumerate_fiber_types
    sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    sage: P3 = [[1], [0, 2], [1]]
    sage: sorted(enumerate_fiber_types(P3, [False] * 3, P3, [0, 1, 2], 10**6).items())
    [((1, 1, 1), 2), ((2, 1), 4)]
    sage: sorted(fiber_vector_dp(P3, [False] * 3, P3, [0, 1, 2], [1, 2, 3], [0, 1, 2],
    ....:                        True, 10**6, 27)[0].items())
    [((1, 1, 1), 2), ((2, 1), 4)]
"""
from libc.stdint cimport uint64_t, uint8_t
from libc.stdlib cimport calloc, free
from libc.string cimport memcpy, memset
from posix.mman cimport MAP_ANONYMOUS, MAP_FAILED, MAP_PRIVATE, PROT_READ, PROT_WRITE, mmap, munmap


cdef extern from "<sys/mman.h>":
    int madvise(void* addr, size_t length, int advice) nogil
    enum: MADV_HUGEPAGE


cdef extern from *:
    void __builtin_prefetch(const void*) nogil


cdef enum:
    OVER_BUDGET = 1  # returned when an allocation would exceed the ledger's budget


# ---------------------------------------------------------------- bitsets

cdef inline int fill_target_bitsets(list h_adj, Py_ssize_t words, uint64_t* rows,
                                    uint64_t* looped, uint64_t* everything) except -1:
    """
    Set ``rows``, ``looped`` and ``everything`` (zeroed, see above) from the
    adjacency lists ``h_adj`` of `H` (``w in h_adj[w]`` for a loop).
    """
    cdef Py_ssize_t w, j
    for w in range(len(h_adj)):
        for j in h_adj[w]:
            rows[w * words + j // 64] |= (<uint64_t> 1) << (j % 64)
            if j == w:
                looped[w // 64] |= (<uint64_t> 1) << (w % 64)
        everything[w // 64] |= (<uint64_t> 1) << (w % 64)
    return 0


cdef inline void intersect_rows(uint64_t* out, const uint64_t* rows, Py_ssize_t w,
                                Py_ssize_t words) noexcept:
    """
    ``out &= rows of w``: keep the candidates adjacent to `w`.
    """
    cdef Py_ssize_t word
    for word in range(words):
        out[word] &= rows[w * words + word]


cdef inline bint has_bit(const uint64_t* bits, Py_ssize_t i) noexcept:
    return (bits[i // 64] >> (i % 64)) & 1


# ---------------------------------------------------------------- tables

ctypedef struct MemoryLedger:
    size_t held     # bytes of table entries allocated now
    size_t peak     # the most bytes held at once
    size_t budget   # allocations beyond this are refused


ctypedef struct OpenTable:
    Py_ssize_t key_words
    Py_ssize_t value_words
    Py_ssize_t stride       # 1 + key_words + value_words
    Py_ssize_t capacity     # a power of two (0 before table_init)
    Py_ssize_t size         # occupied slots
    uint64_t* entries
    MemoryLedger* ledger


cdef inline int _charge(MemoryLedger* ledger, size_t nbytes) noexcept:
    """
    Charge ``nbytes`` to ``ledger``; return ``OVER_BUDGET`` (charging
    nothing) if that exceeds the budget.
    """
    if nbytes > ledger.budget or ledger.held > ledger.budget - nbytes:
        return OVER_BUDGET
    ledger.held += nbytes
    if ledger.held > ledger.peak:
        ledger.peak = ledger.held
    return 0


cdef inline size_t table_bytes(const OpenTable* t) noexcept:
    """
    Return the bytes of ``t``'s entries.
    """
    return <size_t> t.capacity * t.stride * sizeof(uint64_t)


cdef enum:
    LARGE_BLOCK = 1 << 22  # blocks from 4 MB on are mapped with huge pages


cdef inline void* _zeroed_block(size_t nbytes) noexcept:
    """
    Return ``nbytes`` of zeroed memory, or ``NULL``. Large blocks are mapped
    directly and asked for transparent huge pages: a hash table's random
    accesses then miss the TLB far less, and the kernel faults its pages in
    512 at a time.
    """
    cdef void* block
    if nbytes < LARGE_BLOCK:
        return calloc(nbytes, 1)
    block = mmap(NULL, nbytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    if block == MAP_FAILED:
        return NULL
    madvise(block, nbytes, MADV_HUGEPAGE)  # advice only: a refusal changes nothing
    return block


cdef inline void _free_block(void* block, size_t nbytes) noexcept:
    """
    Free a block of :func:`_zeroed_block` of ``nbytes`` bytes.
    """
    if nbytes < LARGE_BLOCK:
        free(block)
    else:
        munmap(block, nbytes)


cdef inline uint64_t* _allocate(OpenTable* t, Py_ssize_t capacity) except? NULL:
    """
    Return a fresh zeroed array of ``capacity`` entries of ``t``, charged to
    its ledger; ``NULL`` if the ledger refuses. ``t`` itself is not changed:
    the caller swaps the array in.
    """
    cdef size_t nbytes = <size_t> capacity * t.stride * sizeof(uint64_t)
    cdef uint64_t* entries
    if _charge(t.ledger, nbytes):
        return NULL
    entries = <uint64_t*> _zeroed_block(nbytes)
    if entries is NULL:
        t.ledger.held -= nbytes
        raise MemoryError(f"cannot allocate a table of {capacity} entries ({nbytes} bytes)")
    return entries


cdef inline int table_init(OpenTable* t, Py_ssize_t key_words, Py_ssize_t value_words,
                           Py_ssize_t capacity, MemoryLedger* ledger) except -1:
    """
    Make ``t`` an empty table (``capacity`` a power of two) charged to
    ``ledger``; return 0, or ``OVER_BUDGET`` leaving ``t`` empty.
    """
    t.key_words = key_words
    t.value_words = value_words
    t.stride = 1 + key_words + value_words
    t.capacity = 0
    t.size = 0
    t.ledger = ledger
    t.entries = _allocate(t, capacity)
    if t.entries is NULL:
        return OVER_BUDGET
    t.capacity = capacity
    return 0


cdef inline void table_free(OpenTable* t) noexcept:
    """
    Free the entries of ``t`` (if any) and credit them to its ledger.
    """
    if t.entries is not NULL:
        _free_block(t.entries, table_bytes(t))
        t.ledger.held -= table_bytes(t)
        t.entries = NULL
    t.capacity = 0
    t.size = 0


cdef inline uint64_t table_hash(const uint64_t* key, Py_ssize_t key_words) noexcept:
    """
    Return the (odd, hence nonzero) hash of a key.
    """
    cdef uint64_t h = 0x9E3779B97F4A7C15ULL
    cdef Py_ssize_t i
    for i in range(key_words):
        h = (h ^ key[i]) * 0xBF58476D1CE4E5B9ULL
        h ^= h >> 31
    return h | 1


cdef inline Py_ssize_t capacity_for(Py_ssize_t entries) noexcept:
    """
    Return the least power of two (at least 16) holding ``entries`` at load `7/10`.
    """
    cdef Py_ssize_t capacity = 16
    while 7 * capacity < 10 * entries:
        capacity *= 2
    return capacity


cdef inline int table_reserve(OpenTable* t, Py_ssize_t entries) except -1:
    """
    Make room for ``entries`` entries in all (doubling as often as needed);
    return 0, or ``OVER_BUDGET`` leaving ``t`` unchanged.
    """
    if 10 * entries <= 7 * t.capacity:
        return 0
    cdef uint64_t* old = t.entries
    cdef Py_ssize_t old_capacity = t.capacity, capacity = capacity_for(entries), i, slot, mask
    cdef uint64_t h
    cdef uint64_t* grown = _allocate(t, capacity)
    if grown is NULL:
        return OVER_BUDGET
    mask = capacity - 1
    for i in range(old_capacity):
        h = old[i * t.stride]
        if h:
            slot = h & mask
            while grown[slot * t.stride]:
                slot = (slot + 1) & mask
            memcpy(grown + slot * t.stride, old + i * t.stride, t.stride * sizeof(uint64_t))
    t.entries, t.capacity = grown, capacity
    if old is not NULL:
        _free_block(old, <size_t> old_capacity * t.stride * sizeof(uint64_t))
        t.ledger.held -= <size_t> old_capacity * t.stride * sizeof(uint64_t)
    return 0


cdef inline void table_clear(OpenTable* t) noexcept:
    """
    Empty ``t``, keeping its entries (and their charge) for new keys.
    """
    if t.size:
        memset(t.entries, 0, table_bytes(t))
        t.size = 0


cdef inline void table_prefetch(const OpenTable* t, uint64_t h) noexcept:
    """
    Ask the processor for the cache line where ``h`` is probed first.
    """
    __builtin_prefetch(t.entries + (h & (t.capacity - 1)) * t.stride)


cdef inline uint64_t* _table_probe(const OpenTable* t, const uint64_t* key,
                                  uint64_t h) noexcept:
    """
    Return the entry of ``key`` (whose hash is ``h``) in ``t``, or the empty
    entry where it would go (linear probing; ``t`` has an empty slot).
    """
    cdef Py_ssize_t i, mask = t.capacity - 1, slot = h & mask
    cdef uint64_t* e
    cdef bint same
    while True:
        e = t.entries + slot * t.stride
        if not e[0]:
            return e
        if e[0] == h:
            same = True
            for i in range(t.key_words):
                if e[1 + i] != key[i]:
                    same = False
                    break
            if same:
                return e
        slot = (slot + 1) & mask


cdef inline uint64_t* table_entry(OpenTable* t, const uint64_t* key, uint64_t h) noexcept:
    """
    Return the values of ``key`` (whose hash is ``h``), inserting zeros if it
    is new. The caller has reserved room (:func:`table_reserve`).
    """
    cdef uint64_t* e = _table_probe(t, key, h)
    cdef Py_ssize_t i
    if not e[0]:
        e[0] = h
        for i in range(t.key_words):
            e[1 + i] = key[i]
        t.size += 1
    return e + 1 + t.key_words


cdef inline uint64_t* table_find(const OpenTable* t, const uint64_t* key, uint64_t h) noexcept:
    """
    Return the values of ``key`` (whose hash is ``h``), or ``NULL`` if it is
    not in ``t`` (which may have no entries yet).
    """
    cdef uint64_t* e
    if t.capacity == 0:
        return NULL
    e = _table_probe(t, key, h)
    return e + 1 + t.key_words if e[0] else NULL


cdef inline bint table_occupied(const OpenTable* t, Py_ssize_t slot) noexcept:
    return t.entries[slot * t.stride] != 0


cdef inline uint64_t* table_key(const OpenTable* t, Py_ssize_t slot) noexcept:
    return t.entries + slot * t.stride + 1


cdef inline uint64_t* table_values(const OpenTable* t, Py_ssize_t slot) noexcept:
    return t.entries + slot * t.stride + 1 + t.key_words


# ---------------------------------------------------------------- memos

# A memo is a table whose key is one word: the images of at most MEMO_SLOTS
# frontier slots, one byte each (packed_images). It remembers what the states of a
# step share (table_clear empties it for the next step); it is charged to the
# ledger like any table, and when the ledger refuses it room it just
# remembers no more (memo_add returns NULL).

cdef enum:
    MEMO_SLOTS = 7  # the slots whose images a memo's key holds, at most


cdef inline uint64_t packed_images(const uint8_t* images, Py_ssize_t slots) noexcept:
    """
    Return the ``slots`` (at most 8) bytes of ``images`` packed in a word.
    """
    cdef uint64_t key = 0
    cdef Py_ssize_t s
    for s in range(slots):
        key |= (<uint64_t> images[s]) << (8 * s)
    return key


cdef inline uint64_t* memo_find(const OpenTable* memo, uint64_t key) noexcept:
    """
    Return the values remembered for ``key``, or ``NULL``.
    """
    return table_find(memo, &key, table_hash(&key, 1))


cdef inline uint64_t* memo_add(OpenTable* memo, uint64_t key,
                               Py_ssize_t value_words) except? NULL:
    """
    Return zeroed values for ``key`` (new) in ``memo``, of ``value_words``
    words (the memo's first use makes it, charged to its ledger), or
    ``NULL`` if the ledger refuses the room.
    """
    if memo.entries is NULL:
        if table_init(memo, 1, value_words, 16, memo.ledger):
            return NULL
    elif table_reserve(memo, memo.size + 1):
        return NULL
    return table_entry(memo, &key, table_hash(&key, 1))
