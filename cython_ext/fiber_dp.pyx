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

Forgetting (``forget_dead``): a vertex of `H` that no vertex still to come
can reach (by distances from the images of the frontier, see
:func:`_reach_profiles`) never receives another vertex; its fiber size
moves into a histogram of finished fibers kept after the fiber vector, so
that states differing only in which vertices finished with which sizes
merge.

Symmetries beyond twins (``symmetries``): given coset representatives of a
group of automorphisms of `H` over the twin permutations, each state is
kept as the first (least images, then greatest counts) of its twin-canonical
forms moved by them: its canonical form under the whole group.

Exact arithmetic: each count is kept modulo `2^{64}` and modulo primes
below `2^{55}`, and reconstructed by the Chinese remainder theorem; it is
exact whenever the product of the moduli exceeds an upper bound of the
counts, which the caller supplies (the number of homomorphisms, or
`|V(H)|^{|V(G)|}`).

Memory: the states live in the open-addressing tables of
``kernel_structures.pxd``, all charged to one ledger; a table that would
take the total beyond the memory budget (in bytes) is not allocated and
:class:`MemoryBudgetExceeded` is raised instead.

The module is plain Cython over ``libc``, ``cysignals`` and
``memory_allocator``: no Sage.

EXAMPLES::

    sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    sage: P3 = [[1], [0, 2], [1]]
    sage: P3_twins_first = [[2], [2], [0, 1]]  # the two ends are false twins
    sage: run = fiber_vector_dp(P3, [False] * 3, P3_twins_first, [0, 0, 2],
    ....:                       [2, 2, 3], [1, 0, 2], True, 10**6, 6)
    sage: sorted(run[0].items()), run[1]
    ([((1, 1, 1), 2), ((2, 1), 4)], 3)

TESTS::

    sage: star = [list(range(1, 60))] + [[0]] * 59
    sage: classes = ([0] + [1] * 59, [1] + [60] * 59)
    sage: alarm(0.5); fiber_vector_dp(star, [False] * 60, star, classes[0], classes[1],
    ....:                             list(range(60)), True, 10**9, 59**59 + 59)
    Traceback (most recent call last):
    ...
    AlarmInterrupt
    sage: fiber_vector_dp(star, [False] * 60, star, classes[0], classes[1],
    ....:                 list(range(60)), False, 10**9, 60**60)[:2] == (59**59 + 59, 2)
    True
"""

import os
import signal

cimport cython
from cysignals.signals cimport sig_check
from libc.stdint cimport int32_t, uint64_t, uint8_t
from libc.stdlib cimport calloc, free, realloc
from libc.string cimport memcmp, memcpy, memset
from memory_allocator cimport MemoryAllocator

from sage_hcsf.errors import KernelLimitExceeded, MemoryBudgetExceeded, format_bytes

from kernel_structures cimport (MemoryLedger, OpenTable, capacity_for, fill_target_bitsets,
                                has_bit, intersect_rows, table_entry, table_free, table_hash,
                                table_init, table_key, table_occupied, table_prefetch,
                                table_reserve, table_values)


# The version of the DP kernel's counting, recorded with every full count a
# store keeps. Raise it whenever a change could alter a count; counts of
# older versions are not reused.
#   1: the first stores;
#   2: prefix splits of depth 3 or more with twin classes in H were wrong
#      (the twins were relabelled before the prefix was placed); fixed.
KERNEL_VERSION = 2


cdef extern from *:
    int __builtin_ctzll(unsigned long long) nogil


cdef enum:
    BATCH = 32  # pending insertions whose cache lines are fetched together
    MAX_SHARDS = 256  # the most shards one run forks, all levels together
    MAX_FRONTIER = 56  # slot masks use bits 8..63 of a signature


def moduli_for_bound(bound):
    r"""
    Return moduli whose product exceeds ``bound``: ``0`` stands for `2^{64}`,
    then primes below `2^{55}` in decreasing order.

    INPUT:

    - ``bound`` -- a nonnegative integer

    OUTPUT: a list of Python integers

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import moduli_for_bound
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

        sage: from sage_hcsf.kernels.fiber_dp import _is_prime
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

        sage: from sage_hcsf.kernels.fiber_dp import _crt_plan
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

        sage: from sage_hcsf.kernels.fiber_dp import _crt, _crt_plan, moduli_for_bound
        sage: ms = moduli_for_bound(10**40)
        sage: x = 10**40 - 17
        sage: _crt([x % (m or 2^64) for m in ms], _crt_plan(ms)) == x
        True
    """
    value = 0
    for r, (m, product, inverse) in zip(residues, plan):
        value += product * (((r - value) * inverse) % m)  # value + product*t = r (mod m)
    return value



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
    Return the steps of the DP, the widest frontier (plus the new vertex)
    and the frontier (vertices of `G`) after each step.

    Each step is ``(slots of earlier neighbours, surviving slots, forgotten
    slots, loop at the new vertex)``, slots counted in the frontier extended
    by the new vertex.

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import _schedule
        sage: _schedule([[1], [0, 2], [1]], [False] * 3, [1, 0, 2])
        ([([], [0], [], False), ([0], [0], [1], False), ([0], [], [0, 1], False)], 2, [[1], [1], []])
    """
    cdef Py_ssize_t n = len(g_adj)
    position = {v: k for k, v in enumerate(order)}
    last_needed = [position[v] for v in range(n)]
    for v in range(n):
        for u in g_adj[v]:
            last_needed[v] = max(last_needed[v], position[u])
    frontier = []
    schedule = []
    frontiers = []
    widest = 0
    for i, v in enumerate(order):
        neighbours = set(g_adj[v])
        nbr_slots = [k for k, u in enumerate(frontier) if u in neighbours]
        extended = frontier + [v]
        keep = [k for k, u in enumerate(extended) if last_needed[u] > i]
        forget = [k for k, u in enumerate(extended) if last_needed[u] <= i]
        schedule.append((nbr_slots, keep, forget, bool(g_loops[v])))
        frontier = [extended[k] for k in keep]
        frontiers.append(frontier)
        widest = max(widest, len(extended))
    return schedule, widest, frontiers


def _distances(list adjacency, source):
    r"""
    Return the distances from ``source`` in the graph of ``adjacency``
    (``-1`` for the vertices it cannot reach).

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import _distances
        sage: _distances([[1], [0, 2], [1], []], 0)
        [0, 1, 2, -1]
    """
    distance = [-1] * len(adjacency)
    distance[source] = 0
    layer = [source]
    while layer:
        following = []
        for v in layer:
            for u in adjacency[v]:
                if distance[u] < 0:
                    distance[u] = distance[v] + 1
                    following.append(u)
        layer = following
    return distance


def _balls(list h_adj):
    r"""
    Return the balls of `H` that bound where a walk can end: entry
    ``a * (N + 3) + level`` lists the vertices `x` with a walk of the
    radius ``level`` from `a` to `x` possibly (distance at most the radius,
    of its parity when the component of `a` is bipartite). Radii from `N`
    on only matter by parity (levels `N`, `N + 1`); level `N + 2` stands
    for no constraint (every vertex).

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import _balls
        sage: P3 = [[1], [0, 2], [1]]
        sage: balls = _balls(P3); len(balls)
        18
        sage: balls[0:6]  # around the end 0: radius 0, 1, 2, parity beyond
        [[0], [1], [0, 2], [1], [0, 2], [0, 1, 2]]
        sage: _balls([[0, 1], [0]])[0:5]  # a loop at 0: no parity
        [[0], [0, 1], [0, 1], [0, 1], [0, 1]]
    """
    cdef Py_ssize_t N = len(h_adj), levels = N + 3
    plain = [[u for u in nbrs if u != w] for w, nbrs in enumerate(h_adj)]
    balls = []
    for a in range(N):
        distance = _distances(plain, a)
        reached = [x for x in range(N) if distance[x] >= 0]
        bipartite = all(x not in h_adj[x] for x in reached) and all(
            (distance[x] - distance[y]) % 2 for x in reached for y in plain[x])
        for level in range(N + 2):
            balls.append([x for x in reached if distance[x] <= level
                          and (not bipartite or (level - distance[x]) % 2 == 0)])
        balls.append(list(range(N)))
    assert len(balls) == N * levels
    return balls


def _covering_radius(list balls, Py_ssize_t N):
    r"""
    Return the least radius `d < N` whose balls (see :func:`_balls`) around
    every vertex, and those of every larger radius, are all of `H`, or
    ``None``: then `H` is connected and not bipartite.

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import _balls, _covering_radius
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: _covering_radius(_balls(K3), 3)
        1
        sage: _covering_radius(_balls([[1], [0]]), 2) is None  # bipartite
        True
    """
    levels = N + 3
    full = [all(len(balls[a * levels + d]) == N for a in range(N)) for d in range(N + 2)]
    for d in range(N):
        if all(full[d:]):
            return d
    return None


def _reach_profiles(list g_adj, list order, list frontiers, Py_ssize_t N, covering=None):
    r"""
    Return, for each step, the reach profiles of the vertices of `G` still
    to come: for such a vertex `r`, the levels (see :func:`_balls`) of its
    distances to the frontier slots (`N + 2` where it cannot reach a slot);
    duplicates and profiles whose balls lie within another's are dropped.
    ``None`` for a step where some profile's levels are all at least
    ``covering`` (a radius whose balls are all of `H`, if there is one):
    nothing can be forgotten there.

    A vertex of `H` outside every profile's intersection of balls around
    the images of the slots receives no further vertex.

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import _reach_profiles, _schedule
        sage: P4 = [[1], [0, 2], [1, 3], [2]]
        sage: order = [0, 1, 2, 3]
        sage: _reach_profiles(P4, order, _schedule(P4, [False] * 4, order)[2], 4)
        [[[3], [2]], [[2], [1]], [[1]], []]

    After the first step, vertices 1, 2, 3 are 1, 2, 3 steps away from
    the frontier vertex 0; radius 3 covers radius 1 (same parity). With
    covering radius 2 the first two steps forget nothing::

        sage: _reach_profiles(P4, order, _schedule(P4, [False] * 4, order)[2], 4, 2)
        [None, None, [[1]], []]
    """
    cdef Py_ssize_t n = len(g_adj)
    infinity = N + 2
    def level(d):
        if d < 0:
            return infinity
        return d if d < N else N + ((d - N) & 1)
    def within(p, q):  # the balls of q lie within those of p
        return all(a == infinity or (a >= b != infinity and (a - b) % 2 == 0)
                   for a, b in zip(p, q))
    distance = {}
    result = []
    for i in range(n):
        frontier = frontiers[i]
        for u in frontier:
            if u not in distance:
                distance[u] = _distances(g_adj, u)
        candidates = sorted({tuple(level(distance[u][r]) for u in frontier)
                             for r in order[i + 1:]}, reverse=True)
        kept = []
        for q in candidates:
            if not any(within(p, q) for p in kept):
                kept.append(q)
        if covering is not None and any(min(p, default=infinity) >= covering for p in kept):
            result.append(None)
        else:
            result.append([list(p) for p in kept])
    return result


# Invariants of the dynamic programme (what the widths hold and why the
# arithmetic is exact):
#
# - Labels: `H` has at most 255 vertices, so an image is a ``uint8_t``.
#   With fibers tracked, `G` has at most 255 vertices, so a fiber count
#   (at most `|V(G)|`) is a ``uint8_t`` too; without them `G` may be larger.
# - Frontier: at most 56 slots (``MAX_FRONTIER``). A member's signature is
#   ``mask of frontier slots mapped to it << 8 | fiber count``: 8 + 56 bits.
# - Key: the images of the surviving frontier slots, then (with fibers) the
#   `N` fiber counts, one byte each, zero-padded to 64-bit words; the key of
#   a state with `f` slots has ``(f + N + 7) // 8`` words.
# - Values: one residue per modulus, modulus 0 standing for `2^{64}`
#   (unsigned wrap-around) and the others primes `p < 2^{55}`. A new state
#   receives ``factor * residue`` where ``factor`` is the length of a run of
#   interchangeable twins, at most 255 < `2^8`: the product is below
#   `2^{63}` and fits before it is reduced; sums of two residues below
#   `2^{55}` fit as well.
# - Exactness: every value is a sum of products of nonnegative integers, so
#   its residues are exact, and the caller's ``bound`` on every count makes
#   the Chinese remainder reconstruction exact (the product of the moduli
#   exceeds it, :func:`moduli_for_bound`).
# - Memory: the two tables of a step (and, while one doubles, its old
#   entries) are charged to one ledger against ``memory_budget`` bytes.


@cython.final
cdef class _FiberVectorDP:
    r"""
    One run of the dynamic programme of :func:`fiber_vector_dp`, as named
    steps: :meth:`start`, then :meth:`advance` once per vertex of `G` (which
    calls :meth:`extend_state` on every state, :meth:`write_key` and
    :meth:`queue` on every new one), then :meth:`number_of_homomorphisms`
    or :meth:`fiber_types`.

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: K2 = [[1], [0]]
        sage: fiber_vector_dp(K2, [False] * 2, K2, [0, 0], [2, 2], [0, 1], True, 10**6, 4)
        ({(1, 1): 2}, 1, ...)
    """
    cdef MemoryAllocator mem
    cdef Py_ssize_t n, N, words, nmod, cnt_len, hist_len, memory_budget, full_budget
    cdef bint track_fibers, forget_dead, step_forgets
    # forgetting dead vertices: the balls of H (per vertex, per radius
    # level), the reach profiles of the step being done
    cdef Py_ssize_t levels
    cdef uint64_t* balls
    cdef uint64_t* live
    cdef Py_ssize_t* profiles
    cdef Py_ssize_t n_profiles
    cdef uint8_t* old_hist
    cdef uint8_t* touched
    cdef Py_ssize_t* touched_list
    cdef Py_ssize_t n_touched
    # per state extended: each profile's balls intersected over the slots
    # other than the new vertex's (new_slot, -1 if it leaves at once), and
    # the vertices of H with a nonzero count
    cdef uint64_t* partial
    cdef uint64_t* nonzero
    cdef Py_ssize_t new_slot
    # the live vertices by images (up to 7 slots, `H` within 64 vertices),
    # remembered for the step being done
    cdef bint live_by_images
    cdef uint64_t* live_keys
    cdef uint64_t* live_values
    cdef Py_ssize_t live_capacity, live_size
    # in a shard: extend only the states mapping each slot filter_slots[i]
    # into the images allowed by filter_images[i * N ...] (for one step)
    cdef Py_ssize_t n_filter
    cdef Py_ssize_t* filter_slots
    cdef uint8_t* filter_images
    cdef list moduli_list
    # the target: bitsets, twin class of each vertex
    cdef uint64_t* rows
    cdef uint64_t* looped
    cdef uint64_t* everything
    # the images allowed for the first n_prefix vertices of the order
    cdef uint64_t* prefix
    cdef Py_ssize_t n_prefix
    cdef Py_ssize_t* cstart
    cdef Py_ssize_t* cend
    cdef uint64_t* moduli
    # the states before and after the step being done
    cdef MemoryLedger ledger
    cdef OpenTable current
    cdef bint borrowed  # current belongs to a _Snapshot: not freed here
    cdef OpenTable following
    cdef OpenTable partitions
    cdef Py_ssize_t peak_states
    # the step being done
    cdef Py_ssize_t step_index, f_old, f_new, n_nbr, n_keep, n_forget
    cdef bint loop_here
    cdef Py_ssize_t* nbr_arr
    cdef Py_ssize_t* keep_arr
    cdef Py_ssize_t* forget_arr
    # one state being extended, and the key of a new state
    cdef uint8_t* old_img
    cdef uint8_t* old_cnt
    cdef uint8_t* referenced
    cdef uint64_t* cand
    cdef Py_ssize_t buf_words
    cdef uint64_t* key
    cdef uint8_t* buf
    cdef uint8_t* cnt
    cdef uint8_t* counts
    cdef uint64_t* sig
    cdef Py_ssize_t* members
    cdef uint8_t* pos_buf
    cdef uint8_t* scratch
    # symmetries beyond twins: coset representatives of Aut(H) over the
    # twin permutations, as label maps (the first is the identity)
    cdef Py_ssize_t n_cosets, n_multi
    cdef bint group_now
    cdef uint8_t* cosets
    cdef Py_ssize_t* multi  # the first member of each twin class of two or more
    cdef uint8_t* best_img
    cdef uint8_t* trial_img
    cdef uint8_t* best_cnt
    cdef uint8_t* trial_cnt
    cdef Py_ssize_t* tied
    cdef uint8_t* inverses  # the inverse label maps of the cosets
    # the least images and the tied representatives, by images (packed in
    # a word, up to 7 slots), for the step being done
    cdef uint64_t* memo_keys
    cdef uint64_t* memo_best
    cdef Py_ssize_t* memo_at
    cdef Py_ssize_t memo_capacity, memo_size
    cdef int32_t* pool
    cdef Py_ssize_t pool_size, pool_capacity
    # insertions waiting in a batch: their hashes are computed and their slots
    # prefetched first, so that the cache misses of a batch overlap
    cdef Py_ssize_t pending
    cdef uint64_t* pending_keys
    cdef uint64_t* pending_hash
    cdef uint64_t* pending_factor
    cdef uint64_t** pending_source

    def __cinit__(self, Py_ssize_t n, list h_adj, list class_start, list class_end,
                  bint track_fibers, Py_ssize_t memory_budget, list moduli_list,
                  Py_ssize_t max_slots, list balls=None, Py_ssize_t max_profiles=0,
                  list cosets=None, Py_ssize_t max_fiber=255):
        cdef Py_ssize_t N = len(h_adj), w, j
        cdef MemoryAllocator mem = MemoryAllocator()
        self.mem = mem
        self.n, self.N = n, N
        self.words = (N + 63) // 64
        self.track_fibers = track_fibers
        self.cnt_len = N if track_fibers else 0
        self.forget_dead = track_fibers and balls is not None
        self.hist_len = min(n, max_fiber) if self.forget_dead else 0
        self.memory_budget = self.full_budget = memory_budget
        self.ledger.held = self.ledger.peak = 0
        self.ledger.budget = <size_t> memory_budget
        self.moduli_list = moduli_list
        self.nmod = len(moduli_list)
        self.moduli = <uint64_t*> mem.calloc(self.nmod, sizeof(uint64_t))
        for j in range(self.nmod):
            self.moduli[j] = moduli_list[j]
        self.rows = <uint64_t*> mem.calloc(N * self.words, sizeof(uint64_t))
        self.looped = <uint64_t*> mem.calloc(self.words, sizeof(uint64_t))
        self.everything = <uint64_t*> mem.calloc(self.words, sizeof(uint64_t))
        fill_target_bitsets(h_adj, self.words, self.rows, self.looped, self.everything)
        self.prefix = <uint64_t*> mem.calloc(n * self.words, sizeof(uint64_t))
        self.n_prefix = 0
        self.cstart = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
        self.cend = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
        for w in range(N):
            self.cstart[w] = class_start[w]
            self.cend[w] = class_end[w]
        self.nbr_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
        self.keep_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
        self.forget_arr = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
        self.old_img = <uint8_t*> mem.calloc(max_slots + 1, sizeof(uint8_t))
        self.old_cnt = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.referenced = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.cand = <uint64_t*> mem.calloc(self.words, sizeof(uint64_t))
        self.buf_words = (max_slots + N + self.hist_len + 8) // 8 + 1
        self.old_hist = <uint8_t*> mem.calloc(self.hist_len + 1, sizeof(uint8_t))
        self.touched = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.touched_list = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
        self.n_touched = 0
        self.nonzero = <uint64_t*> mem.calloc(self.words, sizeof(uint64_t))
        self.partial = <uint64_t*> mem.calloc(max(max_profiles, 1) * self.words,
                                              sizeof(uint64_t))
        self.live = <uint64_t*> mem.calloc(self.words, sizeof(uint64_t))
        if self.forget_dead:
            self.levels = len(balls) // N
            self.balls = <uint64_t*> mem.calloc(len(balls) * self.words, sizeof(uint64_t))
            for j in range(len(balls)):
                for w in balls[j]:
                    self.balls[j * self.words + w // 64] |= (<uint64_t> 1) << (w % 64)
            self.profiles = <Py_ssize_t*> mem.calloc(max(max_profiles, 1) * (max_slots + 1),
                                                     sizeof(Py_ssize_t))
        self.key = <uint64_t*> mem.calloc(self.buf_words, sizeof(uint64_t))
        self.buf = <uint8_t*> self.key
        self.sig = <uint64_t*> mem.calloc(N, sizeof(uint64_t))
        self.members = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
        self.pos_buf = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.scratch = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.n_cosets = len(cosets) if (cosets and track_fibers) else 0
        self.cosets = <uint8_t*> mem.calloc(max(self.n_cosets, 1) * N, sizeof(uint8_t))
        for j in range(self.n_cosets):
            for w in range(N):
                self.cosets[j * N + w] = cosets[j][w]
        self.multi = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
        self.n_multi = 0
        for w in range(N):
            if class_start[w] == w and class_end[w] - w > 1:
                self.multi[self.n_multi] = w
                self.n_multi += 1
        self.best_img = <uint8_t*> mem.calloc(max_slots + 1, sizeof(uint8_t))
        self.trial_img = <uint8_t*> mem.calloc(max_slots + 1, sizeof(uint8_t))
        self.best_cnt = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.trial_cnt = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.tied = <Py_ssize_t*> mem.calloc(max(self.n_cosets, 1), sizeof(Py_ssize_t))
        self.inverses = <uint8_t*> mem.calloc(max(self.n_cosets, 1) * N, sizeof(uint8_t))
        for j in range(self.n_cosets):
            for w in range(N):
                self.inverses[j * N + cosets[j][w]] = w
        self.memo_keys = self.memo_best = NULL
        self.live_keys = self.live_values = NULL
        self.live_capacity = self.live_size = 0
        self.n_filter = 0
        self.filter_slots = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
        self.filter_images = <uint8_t*> mem.calloc((max_slots + 1) * N, sizeof(uint8_t))
        self.memo_at = NULL
        self.pool = NULL
        self.memo_capacity = self.memo_size = self.pool_size = self.pool_capacity = 0
        self.group_now = False
        self.pending = 0
        self.pending_keys = <uint64_t*> mem.calloc(BATCH * self.buf_words, sizeof(uint64_t))
        self.pending_hash = <uint64_t*> mem.calloc(BATCH, sizeof(uint64_t))
        self.pending_factor = <uint64_t*> mem.calloc(BATCH, sizeof(uint64_t))
        self.pending_source = <uint64_t**> mem.calloc(BATCH, sizeof(uint64_t*))
        self.current.entries = self.following.entries = self.partitions.entries = NULL
        self.current.ledger = self.following.ledger = self.partitions.ledger = &self.ledger

    def __dealloc__(self):
        free(self.live_keys)
        free(self.live_values)
        free(self.memo_keys)
        free(self.memo_best)
        free(self.memo_at)
        free(self.pool)
        if not self.borrowed:
            table_free(&self.current)
        table_free(&self.following)
        table_free(&self.partitions)

    cdef int over_budget(self) except -1:
        """
        Raise :class:`MemoryBudgetExceeded` for a refused allocation.
        """
        raise MemoryBudgetExceeded(
            f"the dynamic programme needs more than its memory budget of "
            f"{format_bytes(self.memory_budget)} for its state tables (step "
            f"{self.step_index + 1} of {self.n}, "
            f"{max(self.current.size, self.following.size)} states); raise it with "
            "sage_hcsf.memory_budget(bytes) or the argument memory_budget=")

    cdef inline bint selected(self, Py_ssize_t slot) noexcept:
        """
        Return whether the state in ``slot`` of the current table meets the
        conditions of the shard (see :meth:`keep_only`).
        """
        cdef const uint8_t* key = <uint8_t*> table_key(&self.current, slot)
        cdef Py_ssize_t i
        for i in range(self.n_filter):
            if not self.filter_images[i * self.N + key[self.filter_slots[i]]]:
                return False
        return True

    cdef int keep_only(self, list conditions, Py_ssize_t memory_budget) except -1:
        """
        At the next step, extend only the states that map, for each pair
        ``(k, images)`` of ``conditions``, frontier slot ``k`` into
        ``images``; from now on hold at most ``memory_budget`` bytes.
        """
        cdef Py_ssize_t i, w
        self.n_filter = len(conditions)
        memset(self.filter_images, 0, self.n_filter * self.N)
        for i, (k, images) in enumerate(conditions):
            self.filter_slots[i] = k
            for w in images:
                self.filter_images[i * self.N + w] = 1
        self.memory_budget = memory_budget
        self.ledger.budget = <size_t> memory_budget
        return 0

    cdef list image_histogram(self, Py_ssize_t k, list conditions):
        """
        Return how many current states meeting ``conditions`` (as in
        :meth:`keep_only`) map frontier slot ``k`` to each vertex of `H`.
        """
        cdef Py_ssize_t slot
        cdef list counts = [0] * self.N
        self.keep_only(conditions, self.memory_budget)
        for slot in range(self.current.capacity):
            if table_occupied(&self.current, slot) and self.selected(slot):
                counts[(<uint8_t*> table_key(&self.current, slot))[k]] += 1
        self.n_filter = 0
        return counts

    cdef int abandon_step(self) except -1:
        """
        Drop what the step being done has built (after it exceeded the
        budget): the current table is the one before the step.
        """
        table_free(&self.following)
        self.pending = 0
        self.n_filter = 0
        return 0

    cdef int restrict(self, list prefix) except -1:
        """
        Allow only the images in ``prefix[i]`` (a list) for the vertex
        introduced at step ``i``, for the steps of ``prefix``.
        """
        cdef Py_ssize_t i, w
        self.n_prefix = len(prefix)
        memset(self.prefix, 0, self.n_prefix * self.words * sizeof(uint64_t))
        for i in range(self.n_prefix):
            for w in prefix[i]:
                self.prefix[i * self.words + w // 64] |= (<uint64_t> 1) << (w % 64)
        return 0

    cdef void release_current(self) noexcept:
        """
        Let go of the current table: free it, unless a :class:`_Snapshot`
        owns it.
        """
        if self.borrowed:
            self.current.entries = NULL
            self.current.capacity = self.current.size = 0
            self.borrowed = False
        else:
            table_free(&self.current)

    cdef int start(self) except -1:
        """
        Hold the single empty state, of value 1 (before any vertex), in
        fresh tables.
        """
        cdef Py_ssize_t j
        cdef uint64_t* values
        self.release_current()
        table_free(&self.following)
        table_free(&self.partitions)
        self.ledger.held = self.ledger.peak = 0
        self.memory_budget = self.full_budget  # a split of the task before shared it out
        self.ledger.budget = <size_t> self.full_budget
        self.step_index = -1
        if table_init(&self.current, (self.cnt_len + self.hist_len + 7) // 8 or 1, self.nmod, 16,
                      &self.ledger):
            self.over_budget()
        memset(self.key, 0, self.buf_words * 8)
        values = table_entry(&self.current, self.key, table_hash(self.key, self.current.key_words))
        for j in range(self.nmod):
            values[j] = 1
        self.peak_states = 1
        self.f_old = 0
        return 0

    cdef int advance(self, Py_ssize_t step_index, step, profiles=None) except -1:
        """
        Introduce the next vertex of `G`: extend every state by every image
        of the vertex, forget the slots that leave the frontier (and, with
        ``profiles``, the vertices of `H` no later vertex can reach).
        """
        cdef Py_ssize_t k, slot, key_words, r, j
        nbr_slots, keep, forget, loop_here = step
        self.step_forgets = self.forget_dead and profiles is not None
        # the images of the first n_prefix vertices are prescribed in absolute labels
        self.group_now = self.n_cosets > 1 and step_index >= self.n_prefix - 1
        if self.memo_size:
            memset(self.memo_keys, 0, self.memo_capacity * sizeof(uint64_t))
            self.memo_size = self.pool_size = 0
        self.live_by_images = self.words == 1 and len(keep) <= 7
        if self.live_size:
            memset(self.live_keys, 0, self.live_capacity * sizeof(uint64_t))
            self.live_size = 0
        if self.step_forgets:
            self.n_profiles = len(profiles)
            for r in range(self.n_profiles):
                for j in range(len(keep)):
                    self.profiles[r * len(keep) + j] = profiles[r][j]
        self.step_index = step_index
        self.loop_here = loop_here
        self.n_nbr, self.n_keep, self.n_forget = len(nbr_slots), len(keep), len(forget)
        for k in range(self.n_nbr):
            self.nbr_arr[k] = nbr_slots[k]
        self.new_slot = -1
        for k in range(self.n_keep):
            self.keep_arr[k] = keep[k]
            if keep[k] == self.f_old:
                self.new_slot = k
        for k in range(self.n_forget):
            self.forget_arr[k] = forget[k]
        self.f_new = self.n_keep
        key_words = (self.f_new + self.cnt_len + self.hist_len + 7) // 8 or 1
        # room for twice the states of the step before, or less if the budget says so
        if (table_init(&self.following, key_words, self.nmod,
                       capacity_for(2 * self.current.size), &self.ledger)
                and table_init(&self.following, key_words, self.nmod, 16, &self.ledger)):
            self.over_budget()
        memset(self.key, 0, self.buf_words * 8)
        self.cnt = self.buf + self.f_new
        # without fiber tracking every count stays 0: canonicalise against old_cnt
        self.counts = self.cnt if self.track_fibers else self.old_cnt
        for slot in range(self.current.capacity):
            if table_occupied(&self.current, slot):
                sig_check()
                if self.n_filter == 0 or self.selected(slot):
                    self.extend_state(slot)
        self.flush()
        self.n_filter = 0
        self.peak_states = max(self.peak_states, self.following.size)
        self.release_current()
        self.current = self.following
        self.following.entries = NULL
        self.f_old = self.f_new
        return 0

    cdef inline int extend_state(self, Py_ssize_t slot) except -1:
        """
        Queue every extension of the state in ``slot`` of the current table:
        one per run of interchangeable candidate images.
        """
        cdef uint8_t* raw = <uint8_t*> table_key(&self.current, slot)
        cdef uint64_t* source = table_values(&self.current, slot)
        cdef Py_ssize_t k, word, w, run_end
        cdef uint64_t bits
        cdef bint unref
        cdef uint8_t* old_cnt = self.old_cnt
        cdef uint8_t* referenced = self.referenced
        cdef uint64_t* cand = self.cand
        memcpy(self.old_img, raw, self.f_old)
        if self.track_fibers:
            memcpy(old_cnt, raw + self.f_old, self.N)
            memcpy(self.old_hist, raw + self.f_old + self.N, self.hist_len)
        for k in range(self.f_old):
            referenced[self.old_img[k]] = 1
        if self.step_forgets:
            self.prepare_reach()
        # candidates: common neighbours of the earlier neighbours' images
        memcpy(cand, self.looped if self.loop_here else self.everything,
               self.words * sizeof(uint64_t))
        for k in range(self.n_nbr):
            intersect_rows(cand, self.rows, self.old_img[self.nbr_arr[k]], self.words)
        if self.step_index < self.n_prefix:
            intersect_rows(cand, self.prefix, self.step_index, self.words)
        for word in range(self.words):
            bits = cand[word]
            while bits:
                w = word * 64 + __builtin_ctzll(bits)
                bits &= bits - 1
                unref = not referenced[w]
                if (unref and w > self.cstart[w] and not referenced[w - 1]
                        and old_cnt[w - 1] == old_cnt[w] and has_bit(cand, w - 1)):
                    continue  # counted with the run starting before w
                run_end = w + 1
                if unref:
                    while (run_end < self.cend[w] and not referenced[run_end]
                           and old_cnt[run_end] == old_cnt[w] and has_bit(cand, run_end)):
                        run_end += 1
                self.write_key(w)
                self.queue(run_end - w, source)
        for k in range(self.f_old):
            referenced[self.old_img[k]] = 0
        return 0

    cdef inline int write_key(self, Py_ssize_t w) except -1:
        """
        Write in ``key`` the canonical key of the current state extended by
        the image ``w`` of the new vertex.
        """
        cdef Py_ssize_t k, c
        cdef bint sort_w_class = False
        self.old_img[self.f_old] = <uint8_t> w
        for k in range(self.n_keep):
            self.buf[k] = self.old_img[self.keep_arr[k]]
        if self.track_fibers:
            memcpy(self.cnt, self.old_cnt, self.N)
            self.cnt[w] += 1
        if self.forget_dead:
            memcpy(self.cnt + self.N, self.old_hist, self.hist_len)
            if self.step_forgets:
                self.forget_unreachable(w)
        # Forgotten slots (and forgotten vertices) change the signatures in
        # their classes, which are sorted again; otherwise only w's rose.
        if self.step_index < self.n_prefix - 1:
            # The prefix prescribes images in absolute labels: no relabelling
            # of twins until its last vertex is placed (then all classes are
            # put in canonical form at once, below).
            for k in range(self.n_touched):
                self.touched[self.touched_list[k]] = 0
            self.n_touched = 0
            return 0
        if self.step_index == self.n_prefix - 1:
            for k in range(self.n_multi):
                self.touch(self.multi[k])
        for k in range(self.n_forget):
            c = self.old_img[self.forget_arr[k]]
            if self.cend[c] - self.cstart[c] > 1:
                self.touch(self.cstart[c])
        for k in range(self.n_touched):
            c = self.touched_list[k]
            self.touched[c] = 0
            _canonicalise_class(c, self.cend[c], self.buf, self.f_new, self.counts,
                                self.sig, self.members, self.pos_buf, self.scratch)
            sort_w_class |= c == self.cstart[w]
        self.n_touched = 0
        if self.cend[w] - self.cstart[w] > 1 and not sort_w_class:
            _raise_member(self.cstart[w], w, self.buf, self.f_new, self.counts)
        if self.group_now:
            self.canonicalise_by_cosets()
        return 0

    cdef inline uint8_t image_label(self, const uint8_t* g, Py_ssize_t s) noexcept:
        """
        Return the label of slot ``s`` in the twin-canonical form of the
        state of ``buf`` moved by the label map ``g``: the members of a twin
        class mapped to by slots come first, by decreasing mask of slots.
        """
        cdef const uint8_t* img = self.buf
        cdef Py_ssize_t f = self.f_new, t, u, x = g[img[s]], y
        cdef Py_ssize_t start = self.cstart[x], end = self.cend[x], rank = 0
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

    cdef int least_images(self) except -1:
        """
        Find the least twin-canonical images of the state in ``buf`` moved
        by the coset representatives: set ``best_img`` and ``tied`` (the
        representatives giving them); return their number. Remembered by
        images for the step when there are at most 7 slots.
        """
        cdef Py_ssize_t f = self.f_new, N = self.N, gi, s, m = 0, slot, mask, i
        cdef const uint8_t* g
        cdef uint8_t label
        cdef int order
        cdef uint64_t key = 0, h
        cdef bint memo = f <= 7
        if memo:
            for s in range(f):
                key |= (<uint64_t> self.buf[s]) << (8 * s)
            key |= (<uint64_t> 1) << 63
            if self.memo_capacity:
                h = key * 0x9E3779B97F4A7C15ULL
                mask = self.memo_capacity - 1
                slot = (h >> 20) & mask
                while self.memo_keys[slot]:
                    if self.memo_keys[slot] == key:
                        for s in range(f):
                            self.best_img[s] = (self.memo_best[slot] >> (8 * s)) & 255
                        i = self.memo_at[slot]
                        m = self.pool[i]
                        for s in range(m):
                            self.tied[s] = self.pool[i + 1 + s]
                        return m
                    slot = (slot + 1) & mask
        for gi in range(self.n_cosets):
            g = self.cosets + gi * N
            order = 0 if m else -1
            for s in range(f):
                label = self.image_label(g, s)
                if order == 0:
                    if label > self.best_img[s]:
                        order = 1
                        break
                    if label < self.best_img[s]:
                        order = -1
                self.trial_img[s] = label
            if order < 0:
                memcpy(self.best_img, self.trial_img, f)
                self.tied[0] = gi
                m = 1
            elif order == 0:
                self.tied[m] = gi
                m += 1
        if memo:
            self.remember(key, m)
        return m

    cdef int remember(self, uint64_t key, Py_ssize_t m) except -1:
        """
        Remember ``best_img`` and the ``m`` tied representatives for the
        images packed in ``key``.
        """
        cdef Py_ssize_t slot, mask, s, old_capacity, i, capacity
        cdef uint64_t h, best = 0
        cdef uint64_t* old_keys
        cdef uint64_t* old_best
        cdef Py_ssize_t* old_at
        cdef uint64_t* new_keys
        cdef uint64_t* new_best
        cdef Py_ssize_t* new_at
        cdef int32_t* new_pool
        if 2 * (self.memo_size + 1) > self.memo_capacity:
            old_keys, old_best, old_at = self.memo_keys, self.memo_best, self.memo_at
            old_capacity = self.memo_capacity
            capacity = max(1024, 2 * old_capacity)
            new_keys = <uint64_t*> calloc(capacity, sizeof(uint64_t))
            new_best = <uint64_t*> calloc(capacity, sizeof(uint64_t))
            new_at = <Py_ssize_t*> calloc(capacity, sizeof(Py_ssize_t))
            if new_keys is NULL or new_best is NULL or new_at is NULL:
                free(new_keys)  # the old table stays, whole
                free(new_best)
                free(new_at)
                raise MemoryError("cannot grow the table of least images")
            self.memo_keys, self.memo_best, self.memo_at = new_keys, new_best, new_at
            self.memo_capacity = capacity
            mask = self.memo_capacity - 1
            for i in range(old_capacity):
                if old_keys != NULL and old_keys[i]:
                    slot = ((old_keys[i] * 0x9E3779B97F4A7C15ULL) >> 20) & mask
                    while self.memo_keys[slot]:
                        slot = (slot + 1) & mask
                    self.memo_keys[slot] = old_keys[i]
                    self.memo_best[slot] = old_best[i]
                    self.memo_at[slot] = old_at[i]
            free(old_keys)
            free(old_best)
            free(old_at)
        if self.pool_size + m + 1 > self.pool_capacity:
            capacity = max(4096, 2 * (self.pool_size + m + 1))
            new_pool = <int32_t*> realloc(self.pool, capacity * sizeof(int32_t))
            if new_pool is NULL:  # the old block stays, whole
                raise MemoryError("cannot grow the table of least images")
            self.pool, self.pool_capacity = new_pool, capacity
        mask = self.memo_capacity - 1
        h = key * 0x9E3779B97F4A7C15ULL
        slot = (h >> 20) & mask
        while self.memo_keys[slot]:
            slot = (slot + 1) & mask
        for s in range(self.f_new):
            best |= (<uint64_t> self.best_img[s]) << (8 * s)
        self.memo_keys[slot] = key
        self.memo_best[slot] = best
        self.memo_at[slot] = self.pool_size
        self.pool[self.pool_size] = <int32_t> m
        for s in range(m):
            self.pool[self.pool_size + 1 + s] = <int32_t> self.tied[s]
        self.pool_size += m + 1
        self.memo_size += 1
        return 0

    cdef int canonicalise_by_cosets(self) except -1:
        """
        Replace the (twin-canonical) state in ``buf`` by the first, least
        images then greatest counts, of its twin-canonical forms moved by
        the coset representatives: its canonical form under all of
        `\\mathrm{Aut}(H)`.

        The images of a twin-canonical form depend on the images alone, so
        the representatives giving the least images are found first
        (:meth:`least_images`) and only those are applied to the counts,
        compared class by class with the greatest so far, stopping at the
        first difference or when all nonzero counts are placed (the rest
        are zeros on both sides: greatest first puts them last).
        """
        cdef Py_ssize_t f = self.f_new, N = self.N, s, m, i, x, y, end, nonzero = 0, seen
        cdef const uint8_t* g
        cdef const uint8_t* ginv
        cdef int order
        m = self.least_images()
        if m == 1 and self.tied[0] == 0:
            return 0  # the identity gives the first form
        for x in range(N):
            nonzero += self.cnt[x] != 0
        for i in range(m):
            g = self.cosets + self.tied[i] * N
            ginv = self.inverses + self.tied[i] * N
            for s in range(f):
                self.trial_img[s] = g[self.buf[s]]
            order = 1 if i == 0 else 0
            seen = 0
            y = 0
            while y < N and seen < nonzero:
                end = self.cend[y]
                if end - y == 1:
                    self.trial_cnt[y] = self.cnt[ginv[y]]
                    seen += self.trial_cnt[y] != 0
                    if order == 0 and self.trial_cnt[y] != self.best_cnt[y]:
                        order = 1 if self.trial_cnt[y] > self.best_cnt[y] else -1
                else:
                    for x in range(y, end):
                        self.trial_cnt[x] = self.cnt[ginv[x]]
                        seen += self.trial_cnt[x] != 0
                    _canonicalise_class(y, end, self.trial_img, f, self.trial_cnt,
                                        self.sig, self.members, self.pos_buf, self.scratch)
                    if order == 0:
                        order = memcmp(self.trial_cnt + y, self.best_cnt + y, end - y)
                if order < 0:
                    break
                y = end
            if order > 0:  # a greater form: the rest is zeros
                memset(self.trial_cnt + y, 0, N - y)
                memcpy(self.best_cnt, self.trial_cnt, N)
        memcpy(self.buf, self.best_img, f)
        memcpy(self.cnt, self.best_cnt, N)
        return 0

    cdef inline void prepare_reach(self) noexcept:
        """
        For the state being extended (``old_img``, ``old_cnt``): intersect
        each profile's balls over the surviving slots other than the new
        vertex's, into ``partial``; mark the nonzero counts in ``nonzero``.
        """
        cdef Py_ssize_t r, j, k, f = self.n_keep, words = self.words, w
        cdef uint64_t* part
        for r in range(0 if self.live_by_images else self.n_profiles):
            part = self.partial + r * words
            memcpy(part, self.everything, words * sizeof(uint64_t))
            for j in range(f):
                k = self.keep_arr[j]
                if k != self.f_old:
                    intersect_rows(part, self.balls,
                                   self.old_img[k] * self.levels + self.profiles[r * f + j], words)
        memset(self.nonzero, 0, words * sizeof(uint64_t))
        for w in range(self.N):
            if self.old_cnt[w]:
                self.nonzero[w // 64] |= (<uint64_t> 1) << (w % 64)

    cdef inline void forget_unreachable(self, Py_ssize_t w) noexcept:
        """
        Move the fiber sizes of the vertices of `H` that no vertex still to
        come can reach into the histogram after the counts, and mark their
        classes as ``touched`` (the new vertex is mapped to ``w``).

        A vertex `x` is live if, for some reach profile `(d_j)` of the
        step (the distances in `G` from a vertex still to come to the
        frontier slots), `x` lies in the ball of radius `d_j` around the
        image of every slot `j` (see :func:`_balls`).
        """
        cdef Py_ssize_t word, x, words = self.words
        cdef uint64_t bits
        cdef uint64_t* live = self.live
        cdef uint8_t* cnt = self.cnt
        if self.live_by_images:
            live[0] = self.live_of_images()
        else:
            self.live_by_profiles(w)
        for word in range(words):
            bits = self.nonzero[word]
            if word == w // 64:
                bits |= (<uint64_t> 1) << (w % 64)
            bits &= ~live[word]
            while bits:
                x = word * 64 + __builtin_ctzll(bits)
                bits &= bits - 1
                cnt[self.N + cnt[x] - 1] += 1
                cnt[x] = 0
                if self.cend[x] - self.cstart[x] > 1:
                    self.touch(self.cstart[x])

    cdef inline uint64_t live_of_images(self) noexcept:
        """
        Return the live vertices (a word: `H` has at most 64) for the images
        of the new frontier in ``buf`` (at most 7 slots), remembered by images.
        """
        cdef Py_ssize_t f = self.n_keep, r, j, slot, mask, i
        cdef uint64_t key = (<uint64_t> 1) << 63, live = 0, reach
        cdef uint64_t* old_keys
        cdef uint64_t* old_values
        for j in range(f):
            key |= (<uint64_t> self.buf[j]) << (8 * j)
        mask = self.live_capacity - 1
        if self.live_capacity:
            slot = ((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask
            while self.live_keys[slot]:
                if self.live_keys[slot] == key:
                    return self.live_values[slot]
                slot = (slot + 1) & mask
        for r in range(self.n_profiles):
            reach = self.everything[0]
            for j in range(f):
                reach &= self.balls[self.buf[j] * self.levels + self.profiles[r * f + j]]
            live |= reach
        if 2 * (self.live_size + 1) > self.live_capacity:
            old_keys, old_values = self.live_keys, self.live_values
            i = self.live_capacity
            self.live_capacity = max(1024, 2 * i)
            self.live_keys = <uint64_t*> calloc(self.live_capacity, sizeof(uint64_t))
            self.live_values = <uint64_t*> calloc(self.live_capacity, sizeof(uint64_t))
            if self.live_keys is NULL or self.live_values is NULL:
                free(self.live_keys)
                free(self.live_values)
                self.live_keys, self.live_values = old_keys, old_values
                self.live_capacity = i
                return live  # no room to remember: correct all the same
            mask = self.live_capacity - 1
            while i > 0:
                i -= 1
                if old_keys[i]:
                    slot = ((old_keys[i] * 0x9E3779B97F4A7C15ULL) >> 20) & mask
                    while self.live_keys[slot]:
                        slot = (slot + 1) & mask
                    self.live_keys[slot] = old_keys[i]
                    self.live_values[slot] = old_values[i]
            free(old_keys)
            free(old_values)
        slot = ((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask
        while self.live_keys[slot]:
            slot = (slot + 1) & mask
        self.live_keys[slot] = key
        self.live_values[slot] = live
        self.live_size += 1
        return live

    cdef inline void live_by_profiles(self, Py_ssize_t w) noexcept:
        """
        Set ``live`` from the intersections of :meth:`prepare_reach` and the
        balls around ``w``, the image of the new vertex.
        """
        cdef Py_ssize_t r, word, f = self.n_keep, words = self.words
        cdef uint64_t* live = self.live
        cdef uint64_t* ball
        memset(live, 0, words * sizeof(uint64_t))
        for r in range(self.n_profiles):
            if self.new_slot >= 0:
                ball = self.balls + (w * self.levels
                                     + self.profiles[r * f + self.new_slot]) * words
                for word in range(words):
                    live[word] |= self.partial[r * words + word] & ball[word]
            else:
                for word in range(words):
                    live[word] |= self.partial[r * words + word]

    cdef inline void touch(self, Py_ssize_t c) noexcept:
        """
        Mark the class starting at ``c`` to be sorted again.
        """
        if not self.touched[c]:
            self.touched[c] = 1
            self.touched_list[self.n_touched] = c
            self.n_touched += 1

    cdef inline int queue(self, uint64_t factor, uint64_t* source) except -1:
        """
        Queue ``following[key] += factor * source``; insert the batch when full.
        """
        cdef Py_ssize_t key_words = self.following.key_words
        cdef uint64_t h = table_hash(self.key, key_words)
        memcpy(self.pending_keys + self.pending * key_words, self.key,
               key_words * sizeof(uint64_t))
        self.pending_hash[self.pending] = h
        table_prefetch(&self.following, h)
        self.pending_factor[self.pending] = factor
        self.pending_source[self.pending] = source
        self.pending += 1
        if self.pending == BATCH:
            self.flush()
        return 0

    cdef int flush(self) except -1:
        """
        Insert the pending states into the following table (growing it
        within the budget first).
        """
        cdef Py_ssize_t i, key_words = self.following.key_words
        if table_reserve(&self.following, self.following.size + self.pending):
            self.over_budget()
        for i in range(self.pending):
            _add_scaled(table_entry(&self.following, self.pending_keys + i * key_words,
                                    self.pending_hash[i]),
                        self.pending_source[i], self.pending_factor[i], self.moduli, self.nmod)
        self.pending = 0
        return 0

    cdef number_of_homomorphisms(self):
        """
        Return the number of homomorphisms: the value of the single state
        left after the last step (``0`` if none is left).
        """
        cdef Py_ssize_t slot, j
        cdef uint64_t* values
        for slot in range(self.current.capacity):
            if table_occupied(&self.current, slot):
                values = table_values(&self.current, slot)
                return _crt([values[j] for j in range(self.nmod)], _crt_plan(self.moduli_list))
        return 0

    cdef fiber_types(self):
        """
        Return ``{partition: count}``: fold the final fiber vectors into
        partitions (histograms of fiber sizes).
        """
        cdef Py_ssize_t n = self.n, slot, w, k, j
        cdef Py_ssize_t hist_words = (n + 1 + 7) // 8
        cdef uint64_t* hist_key = <uint64_t*> self.mem.calloc(hist_words, sizeof(uint64_t))
        cdef uint8_t* hist = <uint8_t*> hist_key
        cdef uint8_t* raw
        cdef uint64_t* values
        if table_init(&self.partitions, hist_words, self.nmod, 16, &self.ledger):
            self.over_budget()
        for slot in range(self.current.capacity):
            if not table_occupied(&self.current, slot):
                continue
            sig_check()
            raw = <uint8_t*> table_key(&self.current, slot)
            memset(hist, 0, hist_words * 8)
            for w in range(self.N):
                hist[raw[w]] += 1
            for k in range(self.hist_len):
                hist[k + 1] += raw[self.N + k]
            hist[0] = 0
            if table_reserve(&self.partitions, self.partitions.size + 1):
                self.over_budget()
            _add_scaled(table_entry(&self.partitions, hist_key, table_hash(hist_key, hist_words)),
                        table_values(&self.current, slot), 1, self.moduli, self.nmod)
        result = {}
        plan = _crt_plan(self.moduli_list)
        for slot in range(self.partitions.capacity):
            if not table_occupied(&self.partitions, slot):
                continue
            raw = <uint8_t*> table_key(&self.partitions, slot)
            values = table_values(&self.partitions, slot)
            parts = []
            for k in range(n, 0, -1):
                parts.extend([k] * raw[k])
            value = _crt([values[j] for j in range(self.nmod)], plan)
            if value:
                result[tuple(parts)] = value
        return result


def fiber_vector_dp(list g_adj, list g_loops, list h_adj, list class_start,
                    list class_end, list order, bint track_fibers,
                    memory_budget, bound, bint forget_dead=False, tasks=None,
                    symmetries=None, Py_ssize_t processes=1, Py_ssize_t split_at=200000,
                    max_fiber=None):
    r"""
    Return the fiber-type counts (or the number) of homomorphisms `G \to H`.

    INPUT:

    - ``g_adj`` -- adjacency lists of `G` on ``0..n-1`` (loops not listed);
      `n \le 255` if ``track_fibers``
    - ``g_loops`` -- ``g_loops[v]`` is true if `G` has a loop at `v`
    - ``h_adj`` -- adjacency lists of `H` on ``0..N-1`` (``w in h_adj[w]``
      for a loop), `N \le 255`, twin classes contiguous
    - ``class_start``, ``class_end`` -- for each vertex of `H`, the range
      ``[start, end)`` of its twin class (``[w, w+1)`` gives no reduction)
    - ``order`` -- the order in which the vertices of `G` are introduced; its
      frontier must stay within 56 vertices
    - ``track_fibers`` -- whether to keep fiber vectors (``False``: count
      homomorphisms only)
    - ``memory_budget`` -- positive integer: the most bytes the state tables
      may hold at once (larger values are capped at `2^{62}`)
    - ``bound`` -- an upper bound for the number of homomorphisms; the
      results are exact if it holds
    - ``forget_dead`` -- boolean (default: ``False``); with fibers, move the
      fiber sizes of the vertices of `H` that no vertex still to come can
      reach (by distances in `G` and `H`, and parity in bipartite
      components of `H`) into a histogram, so that states differing only
      there merge
    - ``tasks`` -- ``None`` (default) or a list of pairs
      ``(prefix, weight)``: the result is the sum over the pairs of
      ``weight`` times the count of the homomorphisms mapping ``order[i]``
      into ``prefix[i]`` (a list of vertices of `H`) for ``i <
      len(prefix)``; the tasks run one after the other, each with the
      whole budget
    - ``processes`` -- positive integer (default: 1); with more, once a
      table holds ``split_at`` (default: 200000) states, the rest of the
      run is shared out between that many processes (forked shards, see
      :func:`_sharded`); whenever a step would exceed the budget, the run
      goes on from the step before in shards too
    - ``max_fiber`` -- ``None`` (default: `|V(G)|`) or a bound on the size
      of a fiber (the histogram of forgotten fibers has that many entries):
      into a loopless `H`, fibers are independent sets of `G`
    - ``symmetries`` -- ``None`` (default) or a list of label maps (lists)
      of `H`, the identity first: representatives of the cosets of the
      twin permutations in a group of automorphisms of `H`; with fibers,
      states are kept in canonical form under that group (after the
      prescribed images of ``tasks``)

    OUTPUT: a triple ``(result, peak_states, peak_bytes)``: the most states
    held in one table, the most bytes held by the tables at once, and
    ``result``, a dictionary ``{partition tuple: count}`` if
    ``track_fibers``, else the number of homomorphisms.

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], True, 10**6, 27)
        ({(1, 1, 1): 6}, 1, ...)
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], False, 10**6, 27)[0]
        6
        sage: fiber_vector_dp([], [], K3, [0] * 3, [3] * 3, [], True, 100, 1)
        ({(): 1}, 1, 0)
        sage: fiber_vector_dp([[]], [True], K3, [0] * 3, [3] * 3, [0], True, 10**6, 3)[0]
        {}

    The budget bounds the bytes of all tables held at once::

        sage: C6 = [[(i - 1) % 6, (i + 1) % 6] for i in range(6)]
        sage: result, states, nbytes = fiber_vector_dp(C6, [False] * 6, C6, list(range(6)),
        ....:                                          list(range(1, 7)), list(range(6)),
        ....:                                          True, 10**6, 6**6)
        sage: states, nbytes
        (90, 18432)
        sage: fiber_vector_dp(C6, [False] * 6, C6, list(range(6)), list(range(1, 7)),
        ....:                 list(range(6)), True, 5000, 6**6)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget of 5.0 kB for its state tables (step 5 of 6, 48 states); raise it with sage_hcsf.memory_budget(bytes) or the argument memory_budget=
        sage: run = fiber_vector_dp(C6, [False] * 6, C6, list(range(6)), list(range(1, 7)),
        ....:                       list(range(6)), True, 12000, 6**6)
        sage: run[0] == result, run[2] <= 12000
        (True, True)

    TESTS::

        sage: path = [[1]] + [[i - 1, i + 1] for i in range(1, 299)] + [[298]]
        sage: fiber_vector_dp(path, [False] * 300, [[1], [0]], [0, 1], [1, 2],
        ....:                 list(range(300)), False, 10**6, 2**300)[0]
        2
        sage: fiber_vector_dp(path, [False] * 300, [[1], [0]], [0, 1], [1, 2],
        ....:                 list(range(300)), True, 10**6, 2**300)
        Traceback (most recent call last):
        ...
        KernelLimitExceeded: the DP engine counts fiber types of graphs G with at most 255 vertices; got |V(G)| = 300
        sage: fiber_vector_dp([[]], [False], [[]] * 256, [0] * 256, [256] * 256, [0],
        ....:                 False, 10**6, 256)
        Traceback (most recent call last):
        ...
        KernelLimitExceeded: the DP engine takes targets H with at most 255 vertices; got |V(H)| = 256
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], True, 0, 27)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a positive integer; got 0
    """
    cdef Py_ssize_t n = len(g_adj), N = len(h_adj), step_index
    if N > 255:
        raise KernelLimitExceeded(f"the DP engine takes targets H with at most 255 vertices; "
                         f"got |V(H)| = {N}")
    if track_fibers and n > 255:
        raise KernelLimitExceeded(f"the DP engine counts fiber types of graphs G with at most 255 "
                         f"vertices; got |V(G)| = {n}")
    if memory_budget <= 0:
        raise ValueError(f"memory_budget must be a positive integer; got {memory_budget}")
    if n == 0:
        return ({(): 1} if track_fibers else 1), 1, 0
    if N == 0:
        return ({} if track_fibers else 0), 0, 0
    schedule, max_slots, frontiers = _schedule(g_adj, g_loops, order)
    if max_slots > MAX_FRONTIER:
        raise KernelLimitExceeded(f"the vertex order has a frontier of {max_slots} vertices; "
                         f"the DP engine allows at most {MAX_FRONTIER} (algorithm='auto' "
                         "tries the enumeration too)")
    profiles = balls = None
    if forget_dead and track_fibers:
        balls = _balls(h_adj)
        profiles = _reach_profiles(g_adj, order, frontiers, N, _covering_radius(balls, N))
    if tasks is None:
        tasks = [([], 1)]
    cdef _FiberVectorDP run = _FiberVectorDP(
        n, h_adj, class_start, class_end, track_fibers, min(memory_budget, 2**62),
        moduli_for_bound(bound), max_slots, balls,
        max([len(p) for p in profiles if p is not None], default=0) if profiles else 0,
        symmetries, n if max_fiber is None else max(1, min(n, max_fiber)))
    total = {} if track_fibers else 0
    peak_states = peak_bytes = 0
    position = {v: i for i, v in enumerate(order)}
    leaves = [max([position[v]] + [position[u] for u in g_adj[v]]) for v in range(n)]
    plan = _Plan(n, schedule, profiles, frontiers, leaves, track_fibers, memory_budget)
    for prefix, weight in tasks:
        run.restrict(prefix)
        run.start()
        value, states, nbytes = _finish(run, 0, plan, processes, split_at)
        peak_states, peak_bytes = max(peak_states, states), max(peak_bytes, nbytes)
        if track_fibers:
            for parts, count in value.items():
                total[parts] = total.get(parts, 0) + weight * count
        else:
            total += weight * value
    return total, peak_states, peak_bytes


class _Plan:
    r"""
    What every process of one DP needs to finish a run: the steps, the
    reach profiles, the frontiers, the step after which each vertex of `G`
    leaves the frontier, whether fibers are tracked, the memory budget of
    the whole run, and the number of shards it may still fork, counted in
    memory shared with the shards (and their shards).

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import _Plan
        sage: plan = _Plan(0, [], None, [], [], True, forks=2)
        sage: plan.take_fork(), plan.take_fork(), plan.take_fork()
        (True, True, False)

    A vertex is on the frontier from its own step until the step where it
    leaves::

        sage: from sage_hcsf.kernels.fiber_dp import _Plan, _schedule
        sage: P4 = [[1], [0, 2], [1, 3], [2]]
        sage: schedule, _, frontiers = _schedule(P4, [False] * 4, [0, 1, 2, 3])
        sage: plan = _Plan(4, schedule, None, frontiers, [1, 2, 3, 3], True, 10**6)
        sage: [[v for v in range(plan.n) if v <= step < plan.leaves[v]]
        ....:  for step in range(plan.n)] == plan.frontiers
        True
    """
    def __init__(self, n, schedule, profiles, frontiers, leaves, track_fibers, budget=0,
                 forks=MAX_SHARDS):
        import mmap
        self.n, self.schedule, self.profiles, self.budget = n, schedule, profiles, budget
        self.frontiers, self.leaves, self.track_fibers = frontiers, leaves, track_fibers
        self._forks = mmap.mmap(-1, 8)  # anonymous and shared: one count for the whole tree
        self._forks[:] = int(forks).to_bytes(8, "little")

    def take_fork(self):
        r"""
        Return whether one more shard may be forked (and count it).
        """
        left = int.from_bytes(self._forks[:], "little")
        if left <= 0:
            return False
        self._forks[:] = (left - 1).to_bytes(8, "little")
        return True


def _finish(_FiberVectorDP run, Py_ssize_t step_index, plan, Py_ssize_t processes,
            Py_ssize_t split_at):
    r"""
    Do the steps of ``run`` from ``step_index`` on and return its result,
    the most states of a table and the most bytes its tables (and shards)
    held at once.

    With ``processes`` above 1, once a table holds ``split_at`` states the
    rest is shared out in shards (:func:`_sharded`); a step that would
    exceed the budget makes the run go on from the step before in shards,
    one at a time (a shard does the same in turn).

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], True, 10**6, 27)[0]
        {(1, 1, 1): 6}
    """
    cdef Py_ssize_t n = plan.n, first_step = step_index
    while step_index < n:
        over = None
        try:
            run.advance(step_index, plan.schedule[step_index],
                        plan.profiles[step_index] if plan.profiles else None)
        except MemoryBudgetExceeded as error:
            over = error
        if over is not None:
            # shard from the table of the step before, if this process made it
            # (a shard failing at its first step is sharded finer by its parent)
            if (step_index <= first_step or not plan.frontiers[step_index - 1]
                    or 2 * <Py_ssize_t> run.ledger.held > run.memory_budget):
                raise over  # (or the table kept leaves the shards too little room)
            run.abandon_step()
            value, states, nbytes = _sharded(run, step_index - 1, plan, 1, 4)
            return value, max(states, run.peak_states), run.ledger.peak + nbytes
        if not run.current.size:
            return ({} if plan.track_fibers else 0), run.peak_states, run.ledger.peak
        if (processes > 1 and run.current.size >= split_at and step_index + 2 < n
                and plan.frontiers[step_index] and _may_fork()):
            value, states, nbytes = _sharded(run, step_index, plan, processes, processes)
            return value, max(states, run.peak_states), run.ledger.peak + nbytes
        step_index += 1
    value = run.fiber_types() if plan.track_fibers else run.number_of_homomorphisms()
    return value, run.peak_states, run.ledger.peak


def _over_in_shards(plan, Py_ssize_t step_index):
    r"""
    Return the :class:`MemoryBudgetExceeded` of a run whose shards do not
    fit in its budget either.

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import _over_in_shards, _Plan
        sage: _over_in_shards(_Plan(6, [], None, [], [], True, 5000), 3)
        MemoryBudgetExceeded('the dynamic programme needs more than its memory budget of 5.0 kB for its state tables, even in shards by the images of the frontier after step 4 of 6; raise it with sage_hcsf.memory_budget(bytes) or the argument memory_budget=')
    """
    return MemoryBudgetExceeded(
        f"the dynamic programme needs more than its memory budget of "
        f"{format_bytes(plan.budget)} for its state tables, even in shards by the images of "
        f"the frontier after step {step_index + 1} of {plan.n}; raise it with "
        "sage_hcsf.memory_budget(bytes) or the argument memory_budget=")


def _balanced(counts, parts):
    r"""
    Deal the vertices with nonzero ``counts`` into at most ``parts`` lists
    of nearly equal total counts (largest first, to the lightest list).

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import _balanced
        sage: _balanced([5, 0, 3, 2, 2], 2)  # loads 5 + 2 and 3 + 2
        [[0, 4], [2, 3]]
    """
    lists = [[] for _ in range(parts)]
    loads = [0] * parts
    for w in sorted(range(len(counts)), key=lambda w: -counts[w]):
        if counts[w]:
            i = loads.index(min(loads))
            lists[i].append(w)
            loads[i] += counts[w]
    return [sorted(part) for part in lists if part]


def _sharded(_FiberVectorDP run, Py_ssize_t step_index, plan, Py_ssize_t processes,
             Py_ssize_t parts):
    r"""
    Finish ``run`` from its table after step ``step_index`` in shards, each
    in a forked process, at most ``processes`` at a time; return the result,
    the most states of a table and the bytes the shards held at once. With
    one process, or where forking is not safe (:func:`_may_fork`), the
    shards run one after the other in this process (:func:`_serial_shards`).

    A shard takes the states mapping the frontier vertex that stays longest
    into some of its images (dealt into ``parts`` shards of balanced
    sizes): states with different images of that vertex do not merge while
    it stays, so little work is done twice. A shard that exceeds its share
    of the budget (the budget left, over ``processes``) is sharded again,
    in four, by the images of the next frontier vertex; when none is left,
    :class:`MemoryBudgetExceeded` is raised. Ctrl-C (or an error) in this
    process kills the shards still running.

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: P6 = [[1]] + [[i - 1, i + 1] for i in range(1, 5)] + [[4]]
        sage: args = (P6, [False] * 6, P6, list(range(6)), list(range(1, 7)), list(range(6)),
        ....:         True, 10**7, 6**6, True)
        sage: fiber_vector_dp(*args, processes=2, split_at=1)[0] == fiber_vector_dp(*args)[0]
        True
    """
    if processes < 2 or not _may_fork():
        return _serial_shards(run, step_index, plan, parts)
    import collections
    import pickle
    import select
    frontier = plan.frontiers[step_index]
    slots = sorted(range(len(frontier)), key=lambda j: -plan.leaves[frontier[j]])
    budget = max(1, (run.memory_budget - <Py_ssize_t> run.ledger.held) // processes)
    pending = collections.deque()
    for part in _dividing_parts(run, slots, [], parts):
        pending.append(part)
    if not pending:
        raise _over_in_shards(plan, step_index)
    running = {}  # pid -> (pipe, conditions, chunks)
    value = {} if plan.track_fibers else 0
    states = largest = 0
    try:
        while pending or running:
            while pending and len(running) < processes:
                conditions = pending.popleft()
                if not plan.take_fork():
                    raise _over_in_shards(plan, step_index)
                read, write = os.pipe()
                parent = os.getpid()
                pid = _fork_quietly()
                if pid == 0:
                    os.close(read)
                    _finish_shard(run, conditions, budget, step_index, plan, write, parent)
                running[pid] = (read, conditions, [])
                os.close(write)
                _unblock_interrupts()
            ready, _, _ = select.select([pipe for pipe, _, _ in running.values()], [], [])
            for pid, (pipe, conditions, chunks) in list(running.items()):
                if pipe not in ready:
                    continue
                chunk = os.read(pipe, 1 << 20)
                if chunk:
                    chunks.append(chunk)
                    continue
                # the shard has written its result: it is reaped (an
                # interrupt in waitpid leaves it to the finally below)
                running[pid] = (None, conditions, chunks)
                os.close(pipe)
                os.waitpid(pid, 0)
                del running[pid]
                if not chunks:
                    raise RuntimeError("a shard of the dynamic programme died without a "
                                       "result (killed, or out of memory)")
                ok, payload = pickle.loads(b"".join(chunks))
                if ok:
                    part, part_states, part_bytes = payload
                    states, largest = max(states, part_states), max(largest, part_bytes)
                    if plan.track_fibers:
                        for key, count in part.items():
                            value[key] = value.get(key, 0) + count
                    else:
                        value += part
                elif isinstance(payload, MemoryBudgetExceeded):
                    finer = _dividing_parts(run, slots, conditions, 4)
                    if not finer:  # no image of a frontier vertex divides the shard
                        raise _over_in_shards(plan, step_index)
                    pending.extend(finer)
                else:
                    raise payload
    finally:
        for pid, (pipe, _, _) in running.items():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if pipe is not None:
                os.close(pipe)
        for pid in running:
            _reap(pid)
        _unblock_interrupts()  # (if an error came while they were blocked)
    return value, states, largest * min(processes, 2)


def _may_fork():
    r"""
    Return whether this process may fork shards: it runs a single Python
    thread (a notebook kernel, a Dask worker or a threaded program does
    not; a fork there may deadlock in the child).

    EXAMPLES::

        sage: from sage_hcsf.kernels.fiber_dp import _may_fork
        sage: import threading
        sage: _may_fork() == (threading.active_count() == 1)
        True
    """
    import threading
    return threading.active_count() == 1


cdef class _Snapshot:
    r"""
    The table of a run after some step, kept while shards of the rest of
    the run take their turns on it (:func:`_serial_shards`): each shard
    reads it as its starting table without copying it (:meth:`lend`), and
    it goes back to the run at the end (:meth:`give_back`).
    """
    cdef _FiberVectorDP run
    cdef OpenTable table
    cdef Py_ssize_t f_old

    def __cinit__(self, _FiberVectorDP run):
        if run.borrowed:
            raise RuntimeError("a borrowed table cannot be kept again")
        self.run = run
        self.table = run.current
        self.f_old = run.f_old
        run.current.entries = NULL
        run.current.capacity = run.current.size = 0

    cdef int lend(self) except -1:
        """
        Drop what the run holds and give it the kept table to start from.
        """
        cdef _FiberVectorDP run = self.run
        run.abandon_step()
        run.release_current()
        run.current = self.table
        run.borrowed = True
        run.f_old = self.f_old
        return 0

    cdef int give_back(self) except -1:
        """
        Drop what the run holds and make the kept table its own again.
        """
        self.lend()
        self.run.borrowed = False
        self.table.entries = NULL
        return 0

    def __dealloc__(self):
        if self.table.entries is not NULL and self.run is not None and not self.run.borrowed:
            table_free(&self.table)


def _serial_shards(_FiberVectorDP run, Py_ssize_t step_index, plan, Py_ssize_t parts):
    r"""
    Finish ``run`` from its table after step ``step_index`` in shards, one
    after the other in this process, as :func:`_sharded` does in forked
    ones: each shard extends the states mapping a frontier vertex into some
    of its images, read from the one kept table; a shard over the budget
    is divided again by the next frontier vertex that divides it, and
    :class:`MemoryBudgetExceeded` is raised when none does. All tables are
    charged to the run's own budget, the kept one included.

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: P8 = [[1]] + [[i - 1, i + 1] for i in range(1, 7)] + [[6]]
        sage: args = (P8, [False] * 8, P8, list(range(8)), list(range(1, 9)), list(range(8)),
        ....:         True)
        sage: whole = fiber_vector_dp(*args, 10**7, 8**8, True)
        sage: tight = fiber_vector_dp(*args, whole[2] * 3 // 4, 8**8, True)
        sage: tight[0] == whole[0], tight[2] <= whole[2] * 3 // 4
        (True, True)
    """
    import collections
    frontier = plan.frontiers[step_index]
    slots = sorted(range(len(frontier)), key=lambda j: -plan.leaves[frontier[j]])
    budget = run.memory_budget
    snapshot = _Snapshot(run)
    value = {} if plan.track_fibers else 0
    states = 0
    try:
        snapshot.lend()
        pending = collections.deque(_dividing_parts(run, slots, [], parts))
        if not pending:
            raise _over_in_shards(plan, step_index)
        while pending:
            conditions = pending.popleft()
            if not plan.take_fork():
                raise _over_in_shards(plan, step_index)
            snapshot.lend()
            run.keep_only(conditions, budget)
            try:
                part, part_states, _ = _finish(run, step_index + 1, plan, 1, 0)
            except MemoryBudgetExceeded:
                snapshot.lend()
                finer = _dividing_parts(run, slots, conditions, 4)
                if not finer:
                    raise _over_in_shards(plan, step_index)
                pending.extend(finer)
                continue
            states = max(states, part_states)
            if plan.track_fibers:
                for key, count in part.items():
                    value[key] = value.get(key, 0) + count
            else:
                value += part
    finally:
        snapshot.give_back()
        run.memory_budget = run.ledger.budget = budget
    return value, states, 0


_INTERRUPTS = (signal.SIGINT, signal.SIGALRM, signal.SIGTERM, signal.SIGHUP)


def _fork_quietly():
    r"""
    Fork with the interrupt signals blocked, and return as ``os.fork``.

    An interrupt arriving during ``os.fork`` would otherwise be raised in
    its at-fork hooks, where Python prints it as "Exception ignored" and
    goes on. The parent calls :func:`_unblock_interrupts` once it has
    registered the child (a signal that came meanwhile is raised then); the
    child (:func:`_finish_shard`) ignores Ctrl-C, then unblocks them.

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import _fork_quietly, _unblock_interrupts
        sage: import os, signal
        sage: def fork_and_look():
        ....:     pid = _fork_quietly()
        ....:     if pid == 0:  # the child: are the interrupts blocked?
        ....:         os._exit(7 if signal.SIGALRM in signal.pthread_sigmask(signal.SIG_BLOCK, []) else 8)
        ....:     blocked = signal.SIGALRM in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        ....:     _unblock_interrupts()
        ....:     unblocked = signal.SIGALRM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        ....:     return blocked, unblocked, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        sage: fork_and_look()
        (True, True, 7)
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)
    try:
        return os.fork()
    except BaseException:
        _unblock_interrupts()
        raise


def _unblock_interrupts():
    r"""
    Unblock the signals :func:`_fork_quietly` blocked.

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import _unblock_interrupts
        sage: _unblock_interrupts()
    """
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTS)


def _reap(pid):
    r"""
    Wait for the (killed) child ``pid`` to end, even through interrupts
    (which are raised once it has ended), so that no zombie is left.

    TESTS::

        sage: from sage_hcsf.kernels.fiber_dp import _reap
        sage: import os
        sage: def fork_and_reap():
        ....:     pid = os.fork()
        ....:     if pid == 0:
        ....:         os._exit(0)
        ....:     _reap(pid)
        ....:     _reap(pid)   # already reaped: nothing to do
        ....:     return pid > 0
        sage: fork_and_reap()
        True
    """
    interrupt = None
    while True:
        try:
            os.waitpid(pid, 0)
            break
        except ChildProcessError:
            break
        except (KeyboardInterrupt, InterruptedError) as error:
            interrupt = interrupt or error
    if interrupt is not None and not isinstance(interrupt, InterruptedError):
        raise interrupt


def _dividing_parts(_FiberVectorDP run, list slots, list conditions, Py_ssize_t parts):
    r"""
    Return the shards, lists of conditions, into which the states of ``run``
    meeting ``conditions`` divide by the images of the first frontier slot
    of ``slots`` (in order) not yet conditioned whose images among those
    states are not all the same, dealt into at most ``parts`` shards of
    balanced sizes; or ``[]`` if no slot divides them (then sharding cannot
    make the states any fewer). Its runs are tested with :func:`_sharded`.
    """
    used = {k for k, _ in conditions}
    for k in slots:
        if k in used:
            continue
        dealt = _balanced(run.image_histogram(k, conditions), parts)
        if len(dealt) > 1:
            return [conditions + [(k, images)] for images in dealt]
    return []


def _finish_shard(_FiberVectorDP run, list conditions, Py_ssize_t budget,
                  Py_ssize_t step_index, plan, int pipe, parent=None):
    r"""
    In a forked shard: finish ``run`` on the states meeting ``conditions``
    from step ``step_index + 1`` on, within ``budget`` bytes (sharding
    again, one at a time, where a step would exceed it); send the result
    (or the error) through ``pipe`` and exit. Ctrl-C belongs to the parent;
    the shard dies with it.

    TESTS::

    An error in the shard comes back through the pipe (here: no run)::

        sage: from sage_hcsf.kernels.fiber_dp import _finish_shard
        sage: import os, pickle
        sage: read, write = os.pipe()
        sage: if (pid := os.fork()) == 0:
        ....:     _finish_shard(None, [], 1, 0, None, write)   # exits
        sage: os.close(write); ok, error = pickle.loads(os.read(read, 1 << 16))
        sage: ok, type(error).__name__, os.waitpid(pid, 0)[1]
        (False, 'AttributeError', 0)
    """
    import pickle
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _unblock_interrupts()
        try:
            import ctypes
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if parent is not None and os.getppid() != parent:
            os._exit(0)  # the parent died before the death signal was set
        run.keep_only(conditions, budget)
        run.full_budget = budget
        run.ledger.peak = run.ledger.held
        message = (True, _finish(run, step_index + 1, plan, 1, 0))
    except BaseException as error:  # the parent re-raises it
        message = (False, error)
    try:
        view = memoryview(pickle.dumps(message))
        while view:
            view = view[os.write(pipe, view):]
    finally:
        os._exit(0)
