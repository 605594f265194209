# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
Cut counts of trees, and random linear functionals of them modulo a prime

For a tree `T` and a set `S` of its edges, the components of `(V, S)` have
sizes forming a partition `\lambda(S)` of `n = |V(T)|`. This kernel counts,
for every `\lambda`, the edge sets with `\lambda(S) = \lambda`; Stanley's
chromatic symmetric function is `X_T = \sum_S (-1)^{|S|} p_{\lambda(S)}`
[Sta1995]_, so these counts are its power-sum coefficients up to the sign
`(-1)^{n - \ell(\lambda)}`.

The count is a rooted dynamic programme. A state of the subtree below `v`
is ``(a, mu)``: `a` the size of the component of `v` (still open), ``mu``
the multiset of the sizes of the closed components. Joining a child `c` in
state ``(b, nu)`` to `v` in state ``(a, mu)`` either keeps the edge, giving
``(a + b, mu + nu)``, or cuts it, giving ``(a, mu + nu + {b})``.

*Keys.* A state is a vector of fields: `a`, then the multiplicity of each
part `k = 1, \ldots, n` in ``mu``, each field wide enough for the largest
value it can take in a tree on `n` vertices (`n` for `a`,
`\lfloor n/k \rfloor` for part `k`) and no field across two 64-bit words.
The state of a union of disjoint vertex sets is then the *sum* of their
keys, word by word, without carries: joining is an addition, cutting moves
`a` into the field of part `a`. For `n = 40` a key takes 84 bits.

*Counts.* A state below `v` counts edge sets of the subtree, at most
`2^{s - 1}` for a subtree on `s` vertices, so counts are exact in 128-bit
words for trees on at most 128 vertices; a product of two counts below the
same vertex is below `2^{127}`.

The same DP, with the closed components weighted by ``weights`` instead of
kept apart, gives the linear functional
`\sum_\lambda [p_\lambda] X_T \prod_i w_{\lambda_i}` modulo a prime in
`O(n^2)` operations (:func:`tree_functional`; many trees of ``gentreeg -p``
output at a time: :func:`tree_functional_residues`).

The module is plain Cython over ``libc``, ``cysignals`` and
``memory_allocator``: no Sage.

EXAMPLES:

The path on 3 vertices: no edge (`1^3`), one of two edges (`(2, 1)` twice),
both (`(3)`)::

    sage: from sage_hcsf.kernels.tree_cuts import tree_cut_counts
    sage: sorted(tree_cut_counts([-1, 0, 1], 10^6).items())
    [((1, 1, 1), 1), ((2, 1), 2), ((3,), 1)]

TESTS:

The DP is interruptible, and frees its tables::

    sage: path = [-1] + list(range(99))
    sage: alarm(0.5); tree_cut_counts(path, 10^9)
    Traceback (most recent call last):
    ...
    AlarmInterrupt
    sage: sum(tree_cut_counts(list(range(-1, 29)), 10^9).values()) == 2^29
    True
"""

from sage_hcsf.errors import MemoryBudgetExceeded, format_bytes

from cysignals.signals cimport sig_check
from libc.stdint cimport uint64_t
from memory_allocator cimport MemoryAllocator

from kernel_structures cimport (MemoryLedger, OpenTable, table_entry, table_free, table_hash,
                                table_init, table_key, table_occupied, table_reserve,
                                table_values)
from parent_arrays cimport read_parent_array
from cuts_dp cimport _functional

cdef extern from *:
    """
    #include <stdint.h>
    /* Counts are 128-bit numbers kept as two words, low word first. */
    typedef unsigned __int128 hcsf_u128;
    static inline hcsf_u128 hcsf_load128(const uint64_t* w) {
        return ((hcsf_u128) w[1] << 64) | w[0];
    }
    /* acc += x * y; the caller knows that the product and the sum fit. */
    static inline void hcsf_addmul128(uint64_t* acc, const uint64_t* x, const uint64_t* y) {
        hcsf_u128 s = hcsf_load128(acc) + hcsf_load128(x) * hcsf_load128(y);
        acc[0] = (uint64_t) s;
        acc[1] = (uint64_t) (s >> 64);
    }
    """
    void addmul128 "hcsf_addmul128"(uint64_t* acc, const uint64_t* x, const uint64_t* y) noexcept nogil

cdef enum:
    MAX_ORDER = 128      # the largest tree of tree_cut_counts (its counts fit in 128 bits)
    MAX_KEY_WORDS = 8    # a key of a tree on 128 vertices takes 6 words
    FUNCTIONAL_ORDER = 64  # the largest tree of the functionals over parent-array text
    COUNT_WORDS = 2


cdef struct KeyLayout:
    Py_ssize_t words                  # 64-bit words of a key
    int word_of[MAX_ORDER + 1]        # field k (0: the open size a; k >= 1: part k)
    int shift_of[MAX_ORDER + 1]
    uint64_t mask_of[MAX_ORDER + 1]


cdef void _layout_init(KeyLayout* layout, int n) noexcept:
    r"""
    Lay out the fields of the keys of a tree on ``n`` vertices (see the
    module documentation): field ``k`` holds values up to ``n // k``
    (``n`` for ``k = 0``), and no field crosses a word.
    """
    cdef int k, width, word = 0, bit = 0, largest
    for k in range(n + 1):
        largest = n if k == 0 else n // k
        width = 0
        while largest >> width:
            width += 1
        if bit + width > 64:
            word += 1
            bit = 0
        layout.word_of[k] = word
        layout.shift_of[k] = bit
        layout.mask_of[k] = ((<uint64_t> 1) << width) - 1
        bit += width
    layout.words = word + 1


cdef inline uint64_t _field(const KeyLayout* layout, const uint64_t* key, int k) noexcept:
    return (key[layout.word_of[k]] >> layout.shift_of[k]) & layout.mask_of[k]


cdef inline void _cut(const KeyLayout* layout, const uint64_t* key, uint64_t* out) noexcept:
    r"""
    Set ``out`` to ``key`` with its open component closed: `a` moves into
    the multiplicity of part `a`.
    """
    cdef Py_ssize_t w
    cdef int a = <int> _field(layout, key, 0)
    for w in range(layout.words):
        out[w] = key[w]
    out[layout.word_of[0]] &= ~(layout.mask_of[0] << layout.shift_of[0])
    out[layout.word_of[a]] += (<uint64_t> 1) << layout.shift_of[a]


cdef class _CutTables:
    r"""
    The state tables of one run of :func:`tree_cut_counts`, one a vertex,
    charged to one memory ledger and all freed with the object.
    """
    cdef MemoryLedger ledger
    cdef OpenTable* tables
    cdef int n
    cdef MemoryAllocator mem

    def __cinit__(self, int n, memory_budget):
        r"""
        Make ``n`` empty (unallocated) tables with a budget of
        ``memory_budget`` bytes.

        TESTS::

            sage: from sage_hcsf.kernels.tree_cuts import _CutTables
            sage: _ = _CutTables(3, 10^6)
        """
        self.mem = MemoryAllocator()
        self.n = n
        self.ledger.held = self.ledger.peak = 0
        self.ledger.budget = <size_t> min(memory_budget, 2**62)
        self.tables = <OpenTable*> self.mem.calloc(n, sizeof(OpenTable))

    def __dealloc__(self):
        cdef int v
        if self.tables is not NULL:
            for v in range(self.n):
                table_free(&self.tables[v])

    cdef int over_budget(self) except -1:
        raise MemoryBudgetExceeded(
            f"the cut counts of a tree on {self.n} vertices need more than their memory budget "
            f"of {format_bytes(self.ledger.budget)}; raise it with "
            "sage_hcsf.memory_budget(bytes) or the argument memory_budget=")

    cdef int start(self, int v, const KeyLayout* layout) except -1:
        r"""
        Give vertex ``v`` its first state: its own component, open, of size 1.
        """
        cdef uint64_t key[MAX_KEY_WORDS]
        cdef uint64_t* count
        cdef Py_ssize_t w
        if table_init(&self.tables[v], layout.words, COUNT_WORDS, 16, &self.ledger):
            self.over_budget()
        for w in range(layout.words):
            key[w] = 0
        key[layout.word_of[0]] = (<uint64_t> 1) << layout.shift_of[0]
        count = table_entry(&self.tables[v], key, table_hash(key, layout.words))
        count[0] = 1
        return 0

    cdef int join(self, int v, int c, const KeyLayout* layout) except -1:
        r"""
        Join the finished subtree of ``c`` to the states of its parent ``v``,
        and free the table of ``c``.

        Step 1: list the states of ``c`` twice, as they are (the edge kept)
        and closed (the edge cut); no two of these keys are equal, since a
        kept key has a nonzero open size and a closed one has none.
        Step 2: every state of ``v`` plus every listed state (keys add) goes
        into a new table, with the product of their counts.
        """
        cdef OpenTable* child = &self.tables[c]
        cdef OpenTable* parent = &self.tables[v]
        cdef OpenTable joined
        cdef Py_ssize_t K = layout.words, m = 0, i, j, w
        cdef MemoryAllocator scratch = MemoryAllocator()
        cdef uint64_t* keys = <uint64_t*> scratch.allocarray(2 * child.size * K, sizeof(uint64_t))
        cdef uint64_t* counts = <uint64_t*> scratch.allocarray(2 * child.size * COUNT_WORDS,
                                                               sizeof(uint64_t))
        cdef uint64_t key[MAX_KEY_WORDS]
        cdef uint64_t* own_key
        cdef uint64_t* own_count
        for i in range(child.capacity):
            if table_occupied(child, i):
                for w in range(K):
                    keys[m * K + w] = table_key(child, i)[w]
                _cut(layout, table_key(child, i), keys + (m + 1) * K)
                for w in range(COUNT_WORDS):
                    counts[m * COUNT_WORDS + w] = table_values(child, i)[w]
                    counts[(m + 1) * COUNT_WORDS + w] = table_values(child, i)[w]
                m += 2
        table_free(child)
        if table_init(&joined, K, COUNT_WORDS, 16, &self.ledger):
            self.over_budget()
        try:
            for i in range(parent.capacity):
                if not table_occupied(parent, i):
                    continue
                sig_check()
                if table_reserve(&joined, joined.size + m):
                    self.over_budget()
                own_key = table_key(parent, i)
                own_count = table_values(parent, i)
                for j in range(m):
                    for w in range(K):
                        key[w] = own_key[w] + keys[j * K + w]
                    addmul128(table_entry(&joined, key, table_hash(key, K)), own_count,
                              counts + j * COUNT_WORDS)
        except BaseException:
            table_free(&joined)
            raise
        table_free(parent)
        parent[0] = joined
        return 0

    cdef dict partitions(self, const KeyLayout* layout):
        r"""
        Return the counts of the root (vertex 0) by partition: each state
        closed, its fields read back as a weakly decreasing tuple (states
        ``(a, mu)`` with the same ``mu + {a}`` add up).
        """
        cdef OpenTable* root = &self.tables[0]
        cdef uint64_t key[MAX_KEY_WORDS]
        cdef Py_ssize_t i
        cdef int k, times
        cdef list parts
        result = {}
        for i in range(root.capacity):
            if not table_occupied(root, i):
                continue
            _cut(layout, table_key(root, i), key)
            parts = []
            for k in range(self.n, 0, -1):
                for times in range(<int> _field(layout, key, k)):
                    parts.append(k)
            la = tuple(parts)
            result[la] = result.get(la, 0) + \
                ((int(table_values(root, i)[1]) << 64) | table_values(root, i)[0])
        return result


def tree_cut_counts(parents, memory_budget):
    r"""
    Return the number of edge sets of a tree whose components have sizes
    `\lambda`, for every `\lambda`.

    INPUT:

    - ``parents`` -- a list of integers: ``parents[0] == -1`` (the root) and
      ``0 <= parents[v] < v`` for every other vertex ``v``; at most 128
      vertices
    - ``memory_budget`` -- bytes; the most the state tables may hold at once

    OUTPUT: a dictionary ``{weakly decreasing tuple: int}``, the nonzero
    counts only

    ALGORITHM:

    See the module documentation. Vertices are finished from the last to
    the first: every child of ``v`` comes after ``v``, so when ``v`` is
    joined to its parent all of its children are already in its table.
    Children with larger labels are joined to a vertex first.

    EXAMPLES:

    A star `K_{1,3}`: every set of `j` edges leaves a component of size
    `j + 1` and `3 - j` single vertices::

        sage: from sage_hcsf.kernels.tree_cuts import tree_cut_counts
        sage: sorted(tree_cut_counts([-1, 0, 0, 0], 10^6).items())
        [((1, 1, 1, 1), 1), ((2, 1, 1), 3), ((3, 1), 3), ((4,), 1)]
        sage: tree_cut_counts([-1], 10^6)
        {(1,): 1}

    TESTS::

        sage: tree_cut_counts([-1, 1], 10^6)
        Traceback (most recent call last):
        ...
        ValueError: parents must list, for each vertex v > 0, a parent below v (and -1 for the root 0); vertex 1 has parent 1
        sage: tree_cut_counts([-1] + list(range(128)), 10^6)
        Traceback (most recent call last):
        ...
        ValueError: tree_cut_counts takes trees on 1 to 128 vertices; got 129
        sage: tree_cut_counts(list(range(-1, 29)), 10^5)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the cut counts of a tree on 30 vertices need more than their memory budget of 100.0 kB; ...

    Counts beyond 64 bits: the star `K_{1,127}` has `2^{127}` edge sets::

        sage: star = tree_cut_counts([-1] + [0] * 127, 10^6)
        sage: sum(star.values()) == 2^127, star[(64,) + (1,) * 64] == binomial(127, 63)
        (True, True)
    """
    cdef int n = len(parents), v
    if not 1 <= n <= MAX_ORDER:
        raise ValueError(f"tree_cut_counts takes trees on 1 to {MAX_ORDER} vertices; got {n}")
    for v in range(n):
        if (v == 0 and parents[0] != -1) or (v > 0 and not 0 <= parents[v] < v):
            raise ValueError("parents must list, for each vertex v > 0, a parent below v "
                             f"(and -1 for the root 0); vertex {v} has parent {parents[v]}")
    cdef KeyLayout layout
    _layout_init(&layout, n)
    cdef _CutTables tables = _CutTables(n, memory_budget)
    for v in range(n):
        tables.start(v, &layout)
    for v in range(n - 1, 0, -1):
        tables.join(parents[v], v, &layout)
    return tables.partitions(&layout)


cdef int _check_modulus(modulus) except -1:
    if not 2 <= modulus < 2**62:
        raise ValueError(f"modulus must be an integer from 2 to 2^62 - 1; got {modulus}")
    return 0


cdef int _check_weights(weights, int n) except -1:
    if len(weights) <= n:
        raise ValueError(f"weights must give w_1, ..., w_{n} (weights[k] is w_k); "
                         f"got {len(weights)} numbers")
    return 0


cdef uint64_t* _reduced_weights(MemoryAllocator mem, weights, uint64_t modulus,
                                Py_ssize_t count) except NULL:
    r"""
    Return ``weights[0..count-1]`` reduced modulo ``modulus`` (zeros beyond
    the end of ``weights``), in a C array of ``mem``.
    """
    cdef uint64_t* reduced = <uint64_t*> mem.calloc(count + 1, sizeof(uint64_t))
    cdef Py_ssize_t k
    for k in range(min(count, len(weights))):
        reduced[k] = weights[k] % modulus
    return reduced


def tree_functional(parents, weights, modulus):
    r"""
    Return `\sum_\lambda [p_\lambda] X_T \prod_i w_{\lambda_i}` modulo
    ``modulus`` for the tree `T` given by ``parents``.

    .. MATH::

        \sum_\lambda [p_\lambda] X_T \prod_i w_{\lambda_i}
        = \sum_{S \subseteq E(T)} (-1)^{|S|} \prod_{C} w_{|C|},

    the product over the components `C` of `(V(T), S)` [Sta1995]_.

    INPUT:

    - ``parents`` -- as in :func:`tree_cut_counts` (any number of vertices)
    - ``weights`` -- integers, ``weights[k]`` the weight `w_k` of `p_k`
      (``weights[0]`` unused); at least ``len(parents) + 1`` of them
    - ``modulus`` -- an integer from 2 to `2^{62} - 1` (a prime; `2^{61} - 1`
      is the fastest)

    OUTPUT: a Python integer in ``range(modulus)``

    ALGORITHM:

    A rooted DP over the size of the component of the root,
    `O(n^2)` operations (see :func:`_functional`).

    EXAMPLES:

    With all weights 1 the functional is `X_T(1) = 0` for `n > 1` (no proper
    colouring with one colour); with `w_k = x` it is the chromatic
    polynomial at `x`::

        sage: from sage_hcsf.kernels.tree_cuts import tree_functional
        sage: tree_functional([-1, 0, 1], [0, 1, 1, 1], 2^61 - 1)
        0
        sage: tree_functional([-1, 0, 1], [0, 5, 5, 5], 101) == 5 * 4^2
        True

    TESTS::

        sage: tree_functional([-1, 0, 1], [0, 5, 5], 101)
        Traceback (most recent call last):
        ...
        ValueError: weights must give w_1, ..., w_3 (weights[k] is w_k); got 3 numbers
        sage: tree_functional([-1], [0, 7], 1)
        Traceback (most recent call last):
        ...
        ValueError: modulus must be an integer from 2 to 2^62 - 1; got 1
    """
    _check_modulus(modulus)
    cdef int n = len(parents), v
    for v in range(n):
        if (v == 0 and parents[0] != -1) or (v > 0 and not 0 <= parents[v] < v):
            raise ValueError("parents must list, for each vertex v > 0, a parent below v "
                             f"(and -1 for the root 0); vertex {v} has parent {parents[v]}")
    _check_weights(weights, n)
    cdef MemoryAllocator mem = MemoryAllocator()
    cdef uint64_t* reduced = _reduced_weights(mem, weights, modulus, n + 1)
    cdef int* parent = <int*> mem.allocarray(n + 1, sizeof(int))
    cdef int* size = <int*> mem.allocarray(n + 1, sizeof(int))
    cdef uint64_t* f = <uint64_t*> mem.calloc(n * (n + 1) + 1, sizeof(uint64_t))
    for v in range(n):
        parent[v] = parents[v]
    return _functional(parent, n, reduced, modulus, f, size) if n else 1 % modulus


def tree_functional_residues(const unsigned char[:] text, weights, modulus):
    r"""
    Return :func:`tree_functional` for every tree of a parent-array text.

    INPUT:

    - ``text`` -- bytes: lines of ``gentreeg -p`` output, each the parent
      array of a tree on `1 \le n \le 64` vertices (vertices `1..n`, the
      root `1` has parent `0`, every parent before its children)
    - ``weights``, ``modulus`` -- as in :func:`tree_functional`; enough
      weights for the largest tree

    OUTPUT: a list of Python integers, in the order of the lines

    EXAMPLES::

        sage: from sage_hcsf.kernels.tree_cuts import tree_functional, tree_functional_residues
        sage: w = [0, 3, 14, 15, 92]
        sage: tree_functional_residues(b"0 1 2 3\n0 1 1 1\n", w, 2^61 - 1) == [
        ....:     tree_functional([-1, 0, 1, 2], w, 2^61 - 1), tree_functional([-1, 0, 0, 0], w, 2^61 - 1)]
        True

    TESTS::

        sage: tree_functional_residues(b"0 1 3\n", w, 101)
        Traceback (most recent call last):
        ...
        ValueError: line 1 is not a parent array: vertex 3 has parent 3 (a parent must be an earlier vertex)
        sage: tree_functional_residues(b"0 1 x\n", w, 101)
        Traceback (most recent call last):
        ...
        ValueError: line 1 is not a parent array: unexpected byte 'x'
        sage: tree_functional_residues(b"", w, 101)
        []
        sage: star = b"0" + b" 1" * 59 + b"\n"
        sage: alarm(0.5); tree_functional_residues(star * 10**7, list(range(61)), 101)
        Traceback (most recent call last):
        ...
        AlarmInterrupt
    """
    _check_modulus(modulus)
    cdef Py_ssize_t length = text.shape[0], pos = 0, line = 0
    cdef int n
    cdef int parent[FUNCTIONAL_ORDER]
    cdef int size[FUNCTIONAL_ORDER]
    cdef MemoryAllocator mem = MemoryAllocator()
    cdef uint64_t* f = <uint64_t*> mem.allocarray(FUNCTIONAL_ORDER * (FUNCTIONAL_ORDER + 1),
                                                  sizeof(uint64_t))
    cdef uint64_t* reduced = _reduced_weights(mem, weights, modulus, FUNCTIONAL_ORDER + 1)
    cdef int i
    residues = []
    while pos < length:
        sig_check()
        line += 1
        pos = read_parent_array(text, pos, line, FUNCTIONAL_ORDER, parent, &n)
        if n == 0:
            continue
        _check_weights(weights, n)
        for i in range(n * (n + 1)):
            f[i] = 0
        residues.append(_functional(parent, n, reduced, modulus, f, size))
    return residues
