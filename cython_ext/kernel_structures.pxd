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

*State tables.* The states of a step of the DP (``StateTable``) are
stored densely, key then values, in the order they were first reached,
with a separate index of 8-byte slots (32 bits of hash, the entry number)
to find a key; once the step is done the index is dropped and the room
left over released (:func:`states_seal`): no empty entries and no hash
words in the table the next step reads. Their keys are packed bit fields
(:func:`pack_fields`, :func:`unpack_fields`), each as wide as its largest
value needs.

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


# ---------------------------------------------------------------- state tables

# The states of a step of the DP: their entries (key words, then value
# words) stored densely, one after the other in the order of insertion,
# and an index to find a key: an open-addressing array of slots, each
# (hash >> 32) << 32 | (entry number + 1), 0 marking an empty slot, probed
# linearly from hash & (capacity - 1) at load at most 7/10. A probe reads
# the index, and an entry only where the high bits of the hash agree.
#
# Against a table of whole entries (OpenTable) this holds no empty entries
# and no hash word: the entries take what the states need, the index 8
# bytes a slot; when a step is done the index is dropped and the room left
# over released (states_seal), so the table read by the next step is dense.
# Growing the entries moves no entry (a large block is remapped); growing
# the index recomputes the hashes of the keys (states_reserve). Everything
# is charged to the ledger, as for OpenTable.

cdef extern from *:
    """
    #include <stdlib.h>
    #include <string.h>
    #include <sys/mman.h>
    #ifndef MAP_ANONYMOUS
    #define MAP_ANONYMOUS MAP_ANON
    #endif
    /* Resize a block of _zeroed_block (large: mapped, small: malloc) from
       old to new bytes, keeping its contents; NULL (the old block kept) on
       failure. A large block is remapped (Linux) without copying. */
    static void* sage_hcsf_resize_block(void* block, size_t old, size_t new, size_t large) {
        void* moved;
        if (old >= large && new >= large) {
    #ifdef __linux__
            moved = mremap(block, old, new, MREMAP_MAYMOVE);
            if (moved == MAP_FAILED) return NULL;
            madvise(moved, new, MADV_HUGEPAGE);
            return moved;
    #endif
        }
        if (old < large && new < large) {
            moved = realloc(block, new ? new : 1);
            return moved;
        }
        if (new >= large) {
            moved = mmap(NULL, new, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (moved == MAP_FAILED) return NULL;
    #ifdef MADV_HUGEPAGE
            madvise(moved, new, MADV_HUGEPAGE);
    #endif
        } else {
            moved = malloc(new ? new : 1);
            if (moved == NULL) return NULL;
        }
        memcpy(moved, block, old < new ? old : new);
        if (old >= large) munmap(block, old); else free(block);
        return moved;
    }
    """
    void* sage_hcsf_resize_block(void* block, size_t old, size_t new, size_t large) nogil


cdef enum:
    MAX_STATES = 0xFFFFFFF0  # the entry numbers of the index are 32 bits


ctypedef struct StateTable:
    Py_ssize_t key_words
    Py_ssize_t value_words
    Py_ssize_t stride        # key_words + value_words
    Py_ssize_t size          # entries held
    Py_ssize_t room          # entries allocated
    uint64_t* entries        # room entries of stride words; the first size are states
    uint64_t* index          # index_capacity slots (NULL once sealed)
    Py_ssize_t index_capacity
    MemoryLedger* ledger


cdef inline size_t _block_bytes(size_t nbytes) noexcept:
    """
    Return the bytes a block of ``nbytes`` takes: large blocks are mapped
    in whole huge pages.
    """
    if nbytes < LARGE_BLOCK:
        return nbytes
    return (nbytes + (1 << 21) - 1) & ~(<size_t> ((1 << 21) - 1))


cdef inline int _resize_entries(StateTable* t, Py_ssize_t room) except -1:
    """
    Give ``t`` room for ``room`` entries (at least its size), charged to its
    ledger; return 0, or ``OVER_BUDGET`` leaving it unchanged.
    """
    cdef size_t old = _block_bytes(<size_t> t.room * t.stride * sizeof(uint64_t))
    cdef size_t new = _block_bytes(<size_t> room * t.stride * sizeof(uint64_t))
    cdef void* moved
    if new > old and _charge(t.ledger, new - old):
        return OVER_BUDGET
    if t.entries is NULL:
        moved = _zeroed_block(new)
    else:
        moved = sage_hcsf_resize_block(t.entries, old, new, LARGE_BLOCK)
    if moved is NULL:
        if new > old:
            t.ledger.held -= new - old
        raise MemoryError(f"cannot allocate the states of a step ({new} bytes)")
    if new < old:
        t.ledger.held -= old - new
    t.entries = <uint64_t*> moved
    t.room = room
    return 0


cdef inline void _index_free(StateTable* t) noexcept:
    """
    Free the index of ``t`` (if any), credited to its ledger.
    """
    cdef size_t nbytes = <size_t> t.index_capacity * sizeof(uint64_t)
    if t.index is not NULL:
        _free_block(t.index, nbytes)
        t.ledger.held -= nbytes
    t.index = NULL
    t.index_capacity = 0


cdef inline void _index_place(uint64_t* index, Py_ssize_t mask, uint64_t h,
                              Py_ssize_t entry) noexcept:
    """
    Put ``entry`` (of hash ``h``, not in the index) in the first empty slot.
    """
    cdef Py_ssize_t slot = h & mask
    while index[slot]:
        slot = (slot + 1) & mask
    index[slot] = ((h >> 32) << 32) | <uint64_t> (entry + 1)


cdef inline int _index_build(StateTable* t, Py_ssize_t capacity) except -1:
    """
    Replace the index of ``t`` by one of ``capacity`` slots (a power of two)
    holding its entries; return 0, or ``OVER_BUDGET`` leaving it unchanged.
    The old index is freed first: the new one is made from the entries
    (their hashes computed again), so the two are never held at once.
    """
    cdef Py_ssize_t old = t.index_capacity, i
    cdef uint64_t* index
    _index_free(t)
    if _charge(t.ledger, <size_t> capacity * sizeof(uint64_t)):
        if old and capacity != old:
            _index_build(t, old)   # it fitted before
        return OVER_BUDGET
    index = <uint64_t*> _zeroed_block(<size_t> capacity * sizeof(uint64_t))
    if index is NULL:
        t.ledger.held -= <size_t> capacity * sizeof(uint64_t)
        raise MemoryError(f"cannot allocate an index of {capacity} slots")
    for i in range(t.size):
        _index_place(index, capacity - 1,
                     table_hash(t.entries + i * t.stride, t.key_words), i)
    t.index, t.index_capacity = index, capacity
    return 0


cdef inline int states_init(StateTable* t, Py_ssize_t key_words, Py_ssize_t value_words,
                            Py_ssize_t room, MemoryLedger* ledger) except -1:
    """
    Make ``t`` an empty table with room for ``room`` entries and an index
    for them, charged to ``ledger``; return 0, or ``OVER_BUDGET`` leaving
    ``t`` empty.
    """
    t.key_words, t.value_words = key_words, value_words
    t.stride = key_words + value_words
    t.size = t.room = t.index_capacity = 0
    t.entries = t.index = NULL
    t.ledger = ledger
    room = max(room, 4)
    if _resize_entries(t, room) or _index_build(t, capacity_for(room)):
        states_free(t)
        return OVER_BUDGET
    return 0


cdef inline void states_free(StateTable* t) noexcept:
    """
    Free the entries and index of ``t`` (if any), credited to its ledger.
    """
    _index_free(t)
    if t.entries is not NULL:
        _free_block(t.entries, _block_bytes(<size_t> t.room * t.stride * sizeof(uint64_t)))
        t.ledger.held -= _block_bytes(<size_t> t.room * t.stride * sizeof(uint64_t))
    t.entries = NULL
    t.size = t.room = 0


cdef inline int states_reserve(StateTable* t, Py_ssize_t more) except -1:
    """
    Make room for ``more`` new entries (the entries grow by an eighth, or
    just enough if the ledger allows no more: a large block is remapped,
    not copied; the index doubles before its load would pass 7/10); return
    0, or ``OVER_BUDGET`` leaving ``t`` unchanged.
    """
    cdef Py_ssize_t needed = t.size + more, room
    if needed > MAX_STATES:
        return OVER_BUDGET
    if needed > t.room:
        room = max(needed + 16, t.room + t.room // 8)
        if _resize_entries(t, room) and _resize_entries(t, needed):
            return OVER_BUDGET
    if 10 * needed > 7 * t.index_capacity:
        if _index_build(t, capacity_for(needed)):
            return OVER_BUDGET
    return 0


cdef inline void states_prefetch(const StateTable* t, uint64_t h) noexcept:
    """
    Ask the processor for the index slot where ``h`` is probed first.
    """
    __builtin_prefetch(t.index + (h & (t.index_capacity - 1)))


cdef inline void states_prefetch_entry(const StateTable* t, uint64_t h) noexcept:
    """
    Ask the processor for the entry the first index slot of ``h`` points to,
    if the high bits of its hash agree.
    """
    cdef uint64_t e = t.index[h & (t.index_capacity - 1)]
    if e and (e >> 32) == (h >> 32):
        __builtin_prefetch(t.entries + ((e & 0xFFFFFFFFULL) - 1) * t.stride)


cdef inline uint64_t* states_entry(StateTable* t, const uint64_t* key, uint64_t h) noexcept:
    """
    Return the values of ``key`` (whose hash is ``h``), appending it with
    zero values if it is new. The caller has reserved room
    (:func:`states_reserve`).
    """
    cdef Py_ssize_t mask = t.index_capacity - 1, slot = h & mask, i, n
    cdef uint64_t e, high = (h >> 32) << 32
    cdef uint64_t* entry
    cdef bint same
    while True:
        e = t.index[slot]
        if not e:
            break
        if (e & 0xFFFFFFFF00000000ULL) == high:
            entry = t.entries + ((e & 0xFFFFFFFFULL) - 1) * t.stride
            same = True
            for i in range(t.key_words):
                if entry[i] != key[i]:
                    same = False
                    break
            if same:
                return entry + t.key_words
        slot = (slot + 1) & mask
    n = t.size
    entry = t.entries + n * t.stride
    for i in range(t.key_words):
        entry[i] = key[i]
    for i in range(t.value_words):
        entry[t.key_words + i] = 0
    t.index[slot] = high | <uint64_t> (n + 1)
    t.size = n + 1
    return entry + t.key_words


cdef inline int states_seal(StateTable* t) except -1:
    """
    Drop the index of ``t`` and release its room beyond its entries: what
    the next step reads.
    """
    _index_free(t)
    if t.entries is not NULL and t.room > t.size:
        _resize_entries(t, max(t.size, 1))
    return 0


cdef inline uint64_t* states_key(const StateTable* t, Py_ssize_t i) noexcept:
    return t.entries + i * t.stride


cdef inline uint64_t* states_values(const StateTable* t, Py_ssize_t i) noexcept:
    return t.entries + i * t.stride + t.key_words


# ---------------------------------------------------------------- packed keys

# A state's key is a sequence of small fields (the images of the frontier
# slots, the fiber counts, the histogram of forgotten fibers), each a byte
# in the kernel's work but packed into 64-bit words of the key with as many
# bits as its largest value needs: ``widths`` holds the width of every
# field after the images (the images all take ``image_bits``).

cdef inline int pack_fields(const uint8_t* images, Py_ssize_t f, Py_ssize_t image_bits,
                            const uint8_t* tail, const uint8_t* widths, Py_ssize_t n_tail,
                            uint64_t* out, Py_ssize_t out_words) except -1:
    """
    Pack ``f`` images of ``image_bits`` bits and ``n_tail`` fields of
    ``widths`` bits into ``out`` (``out_words`` words, zero-padded); raise
    ``OverflowError`` if a value does not fit its width (a defect).
    """
    cdef uint64_t acc = 0, overflow = 0, v
    cdef Py_ssize_t bits = 0, words = 0, i, width
    for i in range(f + n_tail):
        if i < f:
            v, width = images[i], image_bits
        else:
            v, width = tail[i - f], widths[i - f]
        overflow |= v >> width
        if width == 0:
            continue
        acc |= v << bits
        bits += width
        if bits >= 64:
            out[words] = acc
            words += 1
            bits -= 64
            acc = (v >> (width - bits)) if bits else 0
    if bits:
        out[words] = acc
        words += 1
    while words < out_words:
        out[words] = 0
        words += 1
    if overflow:
        raise OverflowError("a field of a DP state does not fit its width (please report this)")
    return 0


cdef inline void unpack_fields(const uint64_t* key, Py_ssize_t f, Py_ssize_t image_bits,
                               uint8_t* images, const uint8_t* widths, Py_ssize_t n_tail,
                               uint8_t* tail) noexcept:
    """
    Unpack what :func:`pack_fields` packed: ``f`` images into ``images``,
    ``n_tail`` fields into ``tail``.
    """
    cdef uint64_t word = key[0], v
    cdef Py_ssize_t bits = 0, words = 1, i, width, low
    for i in range(f + n_tail):
        width = image_bits if i < f else widths[i - f]
        if width == 0:
            v = 0
        else:
            if bits == 64:
                word = key[words]
                words += 1
                bits = 0
            if bits + width <= 64:
                v = (word >> bits) & ((<uint64_t> 1 << width) - 1)
                bits += width
            else:
                low = 64 - bits
                v = word >> bits
                word = key[words]
                words += 1
                bits = width - low
                v |= (word & ((<uint64_t> 1 << bits) - 1)) << low
        if i < f:
            images[i] = <uint8_t> v
        else:
            tail[i - f] = <uint8_t> v


cdef inline uint8_t packed_image(const uint64_t* key, Py_ssize_t k, Py_ssize_t image_bits) noexcept:
    """
    Return the image of slot ``k`` from a packed key (the images come first).
    """
    cdef Py_ssize_t at = k * image_bits, word = at // 64, bit = at % 64
    cdef uint64_t v
    if image_bits == 0:
        return 0
    v = key[word] >> bit
    if bit + image_bits > 64:
        v |= key[word + 1] << (64 - bit)
    return <uint8_t> (v & ((<uint64_t> 1 << image_bits) - 1))
