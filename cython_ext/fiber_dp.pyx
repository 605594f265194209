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
them, fiber count) (``canonical_forms.pxd``). Candidate images that are
interchangeable in a state (unreferenced twins with equal counts) are tried
once, with multiplicity.

Forgetting (``forget_dead``): a vertex of `H` that no vertex still to come
can reach (by distances from the images of the frontier, see
:func:`~sage_hcsf.kernels.dp_plan._reach_profiles`) never receives another
vertex; its fiber size moves into a histogram of finished fibers kept after
the fiber vector, so that states differing only in which vertices finished
with which sizes merge.

Symmetries beyond twins (``symmetries``): given coset representatives of a
group of automorphisms of `H` over the twin permutations, each state is
kept as the first (least images, then greatest counts) of its twin-canonical
forms moved by them: its canonical form under the whole group.

Exact arithmetic: each count is kept modulo `2^{64}` and modulo primes
below `2^{55}`, and reconstructed by the Chinese remainder theorem
(:mod:`sage_hcsf.kernels.residues`); it is exact whenever the product of the
moduli exceeds an upper bound of the counts, which the caller supplies (the
number of homomorphisms, or `|V(H)|^{|V(G)|}`).

Memory: the states of a step live in a dense table of packed keys (each
image in the bits of `|V(H)| - 1`, each count in those of the largest
fiber, each entry of the histogram in those of the most fibers of its
size) with an index to find them, dropped once the step is done; the memos
of a step in open-addressing tables (both in ``kernel_structures.pxd``),
all charged to one ledger. A table that would take the total beyond the
memory budget (in bytes) is not allocated and :class:`MemoryBudgetExceeded`
is raised instead (a memo that would is not grown: it remembers no more).

The interface: a :class:`~sage_hcsf.kernels.dp_plan.DPPlan` (the inputs,
checked, and the steps) makes a :class:`FiberVectorDP`, which does one step
at a time (:meth:`~FiberVectorDP.advance`) and can restrict itself to a
slice of its table (:meth:`~FiberVectorDP.keep_only`): where the slices
run -- forked processes, or one after the other here -- is decided by
:mod:`sage_hcsf.parallel.shards`, which :func:`fiber_vector_dp` calls back
(its argument ``finish``). The kernel forks nothing.

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

cimport cython
from cysignals.signals cimport sig_check
from libc.stdint cimport uint64_t, uint8_t
from libc.string cimport memcmp, memcpy, memset
from memory_allocator cimport MemoryAllocator

from sage_hcsf.errors import MemoryBudgetExceeded, format_bytes

from sage_hcsf.kernels.dp_plan import DPPlan
from sage_hcsf.kernels.residues import _crt, _crt_plan

from canonical_forms cimport (CosetForms, TreeForms, canonicalise_by_cosets,
                              canonicalise_class, canonicalise_tree, raise_member)
from kernel_structures cimport (MEMO_SLOTS, MemoryLedger, OpenTable, StateTable,
                                fill_target_bitsets, has_bit, intersect_rows, pack_fields,
                                packed_image, states_entry, states_free, states_init,
                                states_key, states_prefetch, states_prefetch_entry,
                                states_reserve, states_seal, states_values, table_clear,
                                table_entry, table_free, table_hash, table_init, table_key,
                                table_occupied, table_reserve, table_values, unpack_fields)
from reach cimport Reach, reach_live, reach_prepare
from residues cimport add_scaled


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
#   exceeds it, :func:`~sage_hcsf.kernels.residues.moduli_for_bound`).
# - Memory: the two tables of a step (and, while one doubles, its old
#   entries) and the memos of the step are charged to one ledger against
#   ``memory_budget`` bytes.


@cython.final
cdef class FiberVectorDP:
    r"""
    One run of the dynamic programme of a :class:`~sage_hcsf.kernels.dp_plan.DPPlan`,
    as named steps: :meth:`start`, then :meth:`advance` once per vertex of
    `G` (which calls :meth:`extend_state` on every state, :meth:`write_key`
    and :meth:`queue` on every new one), then :meth:`result`; :meth:`finish`
    does the steps left and returns the result.

    Shards of a run (:mod:`sage_hcsf.parallel.shards`) go on from the table
    after some step with a slice of it (:meth:`keep_only`, divided by
    :meth:`image_histogram`), in a forked copy of the run or, one after the
    other, in the run itself, reading a kept table (:meth:`snapshot`).

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.kernels.fiber_dp import FiberVectorDP
        sage: K2 = [[1], [0]]
        sage: plan = DPPlan(g_adj=K2, g_loops=[False] * 2, h_adj=K2, class_start=[0, 0],
        ....:               class_end=[2, 2], order=[0, 1], track_fibers=True,
        ....:               memory_budget=10**6, bound=4)
        sage: run = FiberVectorDP(plan); run.start()
        sage: run.advance(0); run.states, run.image_histogram(0, [])  # 0 and 1 are twins
        (1, [1, 0])
        sage: run.finish()
        ({(1, 1): 2}, 1, ...)
        sage: run.start([[1]]); run.finish()[0]   # the first vertex mapped to 1
        {(1, 1): 1}
    """
    cdef MemoryAllocator mem
    cdef readonly object plan
    cdef Py_ssize_t n, N, words, nmod, cnt_len, hist_len, full_budget
    # the bytes the run may hold now (a shard's share), the most states of a table
    cdef readonly Py_ssize_t memory_budget, peak_states
    cdef bint track_fibers, forget_dead, step_forgets
    # forgetting dead vertices (reach.pxd): the balls of H, the reach profiles
    # of the step being done, its memo of live sets; the histogram of the
    # state being extended, the classes to sort again
    cdef Reach reach
    cdef OpenTable live_memo
    cdef uint8_t* old_hist
    cdef uint8_t* touched
    cdef Py_ssize_t* touched_list
    cdef Py_ssize_t n_touched
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
    cdef StateTable current
    cdef bint borrowed  # current belongs to a _Snapshot: not freed here
    cdef StateTable following
    cdef OpenTable partitions
    # keys packed (kernel_structures.pxd): images of image_bits bits, then the
    # n_tail fields after them (counts, histogram) of tail_widths bits each
    cdef Py_ssize_t image_bits, n_tail, tail_bits
    cdef uint8_t* tail_widths
    # the step being done (after steps 0..steps_done)
    cdef readonly Py_ssize_t steps_done
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
    cdef Py_ssize_t n_multi
    cdef Py_ssize_t* multi  # the first member of each twin class of two or more
    # symmetries beyond twins: coset representatives of Aut(H) over the
    # twin permutations, as label maps (the first is the identity), their
    # memo of least images (canonical_forms.pxd)
    cdef Py_ssize_t n_cosets
    cdef bint group_now
    cdef CosetForms forms
    cdef OpenTable least_memo
    # a tree target: its canonical forms by exchanges of blocks (canonical_forms.pxd)
    cdef bint tree_now
    cdef TreeForms tree
    # insertions waiting in a batch: their hashes are computed and their slots
    # prefetched first, so that the cache misses of a batch overlap
    cdef Py_ssize_t pending
    cdef uint64_t* pending_keys
    cdef uint64_t* pending_hash
    cdef uint64_t* pending_factor
    cdef uint64_t** pending_source

    def __cinit__(self, plan):
        cdef list h_adj = plan.h_adj, class_start = plan.class_start
        cdef list class_end = plan.class_end, moduli_list = plan.moduli
        cdef list balls = plan.balls, cosets = plan.cosets
        cdef Py_ssize_t n = plan.n, N = plan.N, max_slots = plan.widest, w, j
        cdef Py_ssize_t max_profiles = plan.max_profiles
        cdef bint track_fibers = plan.track_fibers
        cdef MemoryAllocator mem = MemoryAllocator()
        if n == 0 or N == 0:
            raise ValueError("a run needs vertices in G and in H (run_plan answers at once "
                             "without them)")
        self.current.entries = self.following.entries = self.partitions.entries = NULL
        self.current.index = self.following.index = NULL
        self.current.room = self.following.room = self.current.index_capacity = 0
        self.following.index_capacity = self.current.size = self.following.size = 0
        self.least_memo.entries = self.live_memo.entries = NULL
        self.plan = plan
        self.mem = mem
        self.n, self.N = n, N
        self.words = (N + 63) // 64
        self.track_fibers = track_fibers
        self.cnt_len = N if track_fibers else 0
        self.forget_dead = plan.forget_dead
        self.hist_len = min(n, plan.max_fiber) if self.forget_dead else 0
        self.memory_budget = self.full_budget = min(plan.memory_budget, 2**62)
        self.ledger.held = self.ledger.peak = 0
        self.ledger.budget = <size_t> self.memory_budget
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
        # the counts of the state being extended, then its histogram (old_hist)
        self.old_cnt = <uint8_t*> mem.calloc(N + self.hist_len + 1, sizeof(uint8_t))
        self.old_hist = self.old_cnt + N
        self.referenced = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.cand = <uint64_t*> mem.calloc(self.words, sizeof(uint64_t))
        self.buf_words = (max_slots + N + self.hist_len + 8) // 8 + 1
        self.touched = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.touched_list = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
        self.n_touched = 0
        if self.forget_dead:
            self.init_reach(balls, max_profiles, max_slots)
        self.key = <uint64_t*> mem.calloc(self.buf_words, sizeof(uint64_t))
        self.buf = <uint8_t*> self.key
        self.sig = <uint64_t*> mem.calloc(N, sizeof(uint64_t))
        self.members = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
        self.pos_buf = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.scratch = <uint8_t*> mem.calloc(N, sizeof(uint8_t))
        self.multi = <Py_ssize_t*> mem.calloc(N, sizeof(Py_ssize_t))
        self.n_multi = 0
        for w in range(N):
            if class_start[w] == w and class_end[w] - w > 1:
                self.multi[self.n_multi] = w
                self.n_multi += 1
        self.n_cosets = len(cosets) if cosets else 0
        self.init_forms(cosets, max_slots)
        self.init_tree(plan.tree_groups)
        self.n_filter = 0
        self.filter_slots = <Py_ssize_t*> mem.calloc(max_slots + 1, sizeof(Py_ssize_t))
        self.filter_images = <uint8_t*> mem.calloc((max_slots + 1) * N, sizeof(uint8_t))
        self.group_now = False
        self.pending = 0
        self.pending_keys = <uint64_t*> mem.calloc(BATCH * self.buf_words, sizeof(uint64_t))
        self.pending_hash = <uint64_t*> mem.calloc(BATCH, sizeof(uint64_t))
        self.pending_factor = <uint64_t*> mem.calloc(BATCH, sizeof(uint64_t))
        self.pending_source = <uint64_t**> mem.calloc(BATCH, sizeof(uint64_t*))
        self.current.ledger = self.following.ledger = self.partitions.ledger = &self.ledger
        self.init_widths(plan.max_fiber)
        self.least_memo.ledger = self.live_memo.ledger = &self.ledger

    cdef int init_widths(self, Py_ssize_t max_fiber) except -1:
        r"""
        Set the widths of the packed fields: an image takes the bits of
        `N - 1`, a count those of the largest fiber, the number of forgotten
        fibers of size `k` those of `\lfloor n / k \rfloor`.
        """
        cdef Py_ssize_t x, k
        self.image_bits = (self.N - 1).bit_length()
        self.n_tail = self.cnt_len + self.hist_len
        self.tail_widths = <uint8_t*> self.mem.calloc(self.n_tail + 1, sizeof(uint8_t))
        for x in range(self.cnt_len):
            self.tail_widths[x] = min(self.n, max_fiber).bit_length()
        for k in range(self.hist_len):
            self.tail_widths[self.cnt_len + k] = (self.n // (k + 1)).bit_length()
        self.tail_bits = sum(self.tail_widths[x] for x in range(self.n_tail))
        return 0

    cdef inline Py_ssize_t key_words_for(self, Py_ssize_t f) noexcept:
        """
        Return the words of a packed key with ``f`` frontier slots.
        """
        return max(1, (f * self.image_bits + self.tail_bits + 63) // 64)

    cdef int init_reach(self, list balls, Py_ssize_t max_profiles,
                        Py_ssize_t max_slots) except -1:
        """
        Set up the forgetting of dead vertices (``reach``).
        """
        cdef Py_ssize_t j, w, words = self.words
        cdef uint64_t* bits = <uint64_t*> self.mem.calloc(len(balls) * words, sizeof(uint64_t))
        for j in range(len(balls)):
            for w in balls[j]:
                bits[j * words + w // 64] |= (<uint64_t> 1) << (w % 64)
        self.reach.N, self.reach.words, self.reach.levels = self.N, words, len(balls) // self.N
        self.reach.balls, self.reach.everything = bits, self.everything
        self.reach.profiles = <Py_ssize_t*> self.mem.calloc(
            max(max_profiles, 1) * (max_slots + 1), sizeof(Py_ssize_t))
        self.reach.partial = <uint64_t*> self.mem.calloc(max(max_profiles, 1) * words,
                                                         sizeof(uint64_t))
        self.reach.nonzero = <uint64_t*> self.mem.calloc(words, sizeof(uint64_t))
        self.reach.live = <uint64_t*> self.mem.calloc(words, sizeof(uint64_t))
        self.reach.memo = &self.live_memo
        return 0

    cdef int init_forms(self, list cosets, Py_ssize_t max_slots) except -1:
        """
        Set up the canonical forms under the cosets (``forms``).
        """
        cdef Py_ssize_t N = self.N, j, w, n_cosets = max(self.n_cosets, 1)
        cdef uint8_t* maps = <uint8_t*> self.mem.calloc(n_cosets * N, sizeof(uint8_t))
        cdef uint8_t* inverses = <uint8_t*> self.mem.calloc(n_cosets * N, sizeof(uint8_t))
        for j in range(self.n_cosets):
            for w in range(N):
                maps[j * N + w] = cosets[j][w]
                inverses[j * N + cosets[j][w]] = w
        self.forms.N, self.forms.n_cosets = N, self.n_cosets
        self.forms.tied_words = (self.n_cosets + 63) // 64
        self.forms.cstart, self.forms.cend = self.cstart, self.cend
        self.forms.cosets, self.forms.inverses = maps, inverses
        self.forms.best_img = <uint8_t*> self.mem.calloc(max_slots + 1, sizeof(uint8_t))
        self.forms.trial_img = <uint8_t*> self.mem.calloc(max_slots + 1, sizeof(uint8_t))
        self.forms.best_cnt = <uint8_t*> self.mem.calloc(N, sizeof(uint8_t))
        self.forms.trial_cnt = <uint8_t*> self.mem.calloc(N, sizeof(uint8_t))
        self.forms.tied = <Py_ssize_t*> self.mem.calloc(n_cosets, sizeof(Py_ssize_t))
        self.forms.sig, self.forms.members = self.sig, self.members  # shared scratch
        self.forms.position, self.forms.scratch = self.pos_buf, self.scratch
        self.forms.memo = &self.least_memo
        return 0

    cdef int init_tree(self, list groups) except -1:
        """
        Set up the canonical forms of a tree target (``tree``).
        """
        cdef Py_ssize_t N = self.N, j, k
        cdef Py_ssize_t* triples
        groups = groups or []
        self.tree.N, self.tree.n_groups = N, len(groups)
        triples = <Py_ssize_t*> self.mem.calloc(3 * len(groups) + 1, sizeof(Py_ssize_t))
        for j in range(len(groups)):
            for k in range(3):
                triples[3 * j + k] = groups[j][k]
        self.tree.groups = triples
        self.tree.seq = <uint64_t*> self.mem.calloc(N, sizeof(uint64_t))
        self.tree.where = <uint8_t*> self.mem.calloc(N, sizeof(uint8_t))
        self.tree.position = <uint8_t*> self.mem.calloc(N, sizeof(uint8_t))
        self.tree.block_seq = <uint64_t*> self.mem.calloc(N, sizeof(uint64_t))
        self.tree.block_where = <uint8_t*> self.mem.calloc(N, sizeof(uint8_t))
        return 0

    def __dealloc__(self):
        self.free_memos()
        if not self.borrowed:
            states_free(&self.current)
        states_free(&self.following)
        table_free(&self.partitions)

    cdef void free_memos(self) noexcept:
        """
        Free the memos of the steps (credited to the ledger).
        """
        table_free(&self.least_memo)
        table_free(&self.live_memo)

    cdef int over_budget(self) except -1:
        """
        Raise :class:`MemoryBudgetExceeded` for a refused allocation; the
        table the step was filling is dropped (what the run holds is then
        the table before the step, see :meth:`abandon_step`).
        """
        error = MemoryBudgetExceeded(
            f"the dynamic programme needs more than its memory budget of "
            f"{format_bytes(self.memory_budget)} for its state tables (step "
            f"{self.step_index + 1} of {self.n}, "
            f"{max(self.current.size, self.following.size)} states); raise it with "
            "sage_hcsf.memory_budget(bytes) or the argument memory_budget=")
        states_free(&self.following)
        self.pending = 0
        raise error

    cdef inline bint selected(self, Py_ssize_t i) noexcept:
        """
        Return whether the state ``i`` of the current table meets the
        conditions of the shard (see :meth:`keep_only`).
        """
        cdef const uint64_t* key = states_key(&self.current, i)
        cdef Py_ssize_t c
        for c in range(self.n_filter):
            if not self.filter_images[c * self.N + packed_image(key, self.filter_slots[c],
                                                                 self.image_bits)]:
                return False
        return True

    def keep_only(self, list conditions, Py_ssize_t memory_budget):
        """
        At the next step, extend only the states that map, for each pair
        ``(k, images)`` of ``conditions``, frontier slot ``k`` into
        ``images`` (a slice of the current table); from now on hold at most
        ``memory_budget`` bytes.

        TESTS::

            sage: from sage_hcsf.kernels.dp_plan import DPPlan
            sage: from sage_hcsf.kernels.fiber_dp import FiberVectorDP
            sage: P3 = [[1], [0, 2], [1]]
            sage: run = FiberVectorDP(DPPlan(g_adj=P3, g_loops=[False] * 3, h_adj=P3,
            ....:                            class_start=[0, 1, 2], class_end=[1, 2, 3],
            ....:                            order=[0, 1, 2], track_fibers=False,
            ....:                            memory_budget=10**6, bound=27))
            sage: run.start(); run.advance(0); run.image_histogram(0, [])
            [1, 1, 1]
            sage: run.keep_only([(0, [1])], 10**5); run.memory_budget
            100000
            sage: run.finish()[0]   # the homomorphisms mapping vertex 0 to 1
            2
            sage: run.keep_only([(3, [0])], 10**5)
            Traceback (most recent call last):
            ...
            ValueError: the conditions must map frontier slots 0..-1 to vertices 0..2 of H; got [(3, [0])]
        """
        cdef Py_ssize_t i, w
        for k, images in conditions:
            if not (0 <= k < self.f_old and all(0 <= w < self.N for w in images)):
                raise ValueError(f"the conditions must map frontier slots 0..{self.f_old - 1} "
                                 f"to vertices 0..{self.N - 1} of H; got {conditions!r}")
        self.n_filter = len(conditions)
        memset(self.filter_images, 0, self.n_filter * self.N)
        for i, (k, images) in enumerate(conditions):
            self.filter_slots[i] = k
            for w in images:
                self.filter_images[i * self.N + w] = 1
        self.memory_budget = memory_budget
        self.ledger.budget = <size_t> memory_budget

    def image_histogram(self, Py_ssize_t k, list conditions):
        """
        Return how many current states meeting ``conditions`` (as in
        :meth:`keep_only`) map frontier slot ``k`` to each vertex of `H`
        (the sizes of the slices a shard may take).
        """
        cdef Py_ssize_t i
        cdef list counts = [0] * self.N
        if not 0 <= k < self.f_old:
            raise ValueError(f"k must be a frontier slot 0..{self.f_old - 1}; got {k}")
        self.keep_only(conditions, self.memory_budget)
        for i in range(self.current.size):
            if self.selected(i):
                counts[packed_image(states_key(&self.current, i), k, self.image_bits)] += 1
        self.n_filter = 0
        return counts

    def abandon_step(self):
        """
        Drop what the step being done has built (after it exceeded the
        budget): the current table is the one before the step.
        """
        states_free(&self.following)
        self.pending = 0
        self.n_filter = 0

    cdef int restrict(self, list prefix) except -1:
        """
        Allow only the images in ``prefix[i]`` (a list) for the vertex
        introduced at step ``i``, for the steps of ``prefix``.
        """
        cdef Py_ssize_t i, w
        if len(prefix) > self.n or any(not 0 <= w < self.N for images in prefix for w in images):
            raise ValueError(f"a prefix must give images among the vertices 0..{self.N - 1} of "
                             f"H to at most the {self.n} vertices of G; got {prefix!r}")
        self.n_prefix = len(prefix)
        memset(self.prefix, 0, self.n_prefix * self.words * sizeof(uint64_t))
        for i in range(self.n_prefix):
            for w in prefix[i]:
                self.prefix[i * self.words + w // 64] |= (<uint64_t> 1) << (w % 64)
        return 0

    cdef void release_current(self) noexcept:
        """
        Let go of the current table: free it, unless a :class:`Snapshot`
        owns it.
        """
        if self.borrowed:
            self.current.entries = self.current.index = NULL
            self.current.room = self.current.size = self.current.index_capacity = 0
            self.borrowed = False
        else:
            states_free(&self.current)

    def start(self, prefix=()):
        """
        Hold the single empty state, of value 1 (before any vertex), in
        fresh tables; allow only the images in ``prefix[i]`` (a list of
        vertices of `H`) for the vertex introduced at step ``i``, for the
        steps of ``prefix``.
        """
        cdef Py_ssize_t j
        cdef uint64_t* values
        self.restrict([list(images) for images in prefix])
        self.release_current()
        states_free(&self.following)
        table_free(&self.partitions)
        self.free_memos()
        self.ledger.held = self.ledger.peak = 0
        self.memory_budget = self.full_budget  # a split of the task before shared it out
        self.ledger.budget = <size_t> self.full_budget
        self.step_index = -1
        if states_init(&self.current, self.key_words_for(0), self.nmod, 1, &self.ledger):
            self.over_budget()
        memset(self.key, 0, self.buf_words * 8)   # no slot, every count 0: the key 0
        values = states_entry(&self.current, self.key, table_hash(self.key,
                                                                   self.current.key_words))
        for j in range(self.nmod):
            values[j] = 1
        states_seal(&self.current)
        self.peak_states = 1
        self.f_old = 0
        self.steps_done = -1

    def advance(self, Py_ssize_t step_index):
        """
        Do step ``step_index`` of the plan (the step after the last one
        done): introduce the next vertex of `G`, extend every state by every
        image of the vertex, forget the slots that leave the frontier (and,
        with ``forget_dead``, the vertices of `H` no later vertex can
        reach). Raise :class:`MemoryBudgetExceeded` if the new table does
        not fit in the budget (then :meth:`abandon_step` goes back to the
        table before the step).
        """
        cdef Py_ssize_t k, i, key_words, r, j, room
        if step_index != self.steps_done + 1 or step_index >= self.n:
            raise ValueError(f"the next step is {self.steps_done + 1} (of 0..{self.n - 1}); "
                             f"got {step_index}")
        nbr_slots, keep, forget, loop_here = self.plan.schedule[step_index]
        profiles = self.plan.profiles[step_index] if self.plan.profiles else None
        self.step_forgets = self.forget_dead and profiles is not None
        # the images of the first n_prefix vertices are prescribed in absolute labels
        self.group_now = self.n_cosets > 1 and step_index >= self.n_prefix - 1
        self.tree_now = self.tree.n_groups > 0 and step_index >= self.n_prefix - 1
        table_clear(&self.least_memo)
        table_clear(&self.live_memo)
        if self.step_forgets:
            self.reach.by_images = self.words == 1 and len(keep) <= MEMO_SLOTS
            self.reach.n_profiles, self.reach.f = len(profiles), len(keep)
            for r in range(len(profiles)):
                for j in range(len(keep)):
                    self.reach.profiles[r * len(keep) + j] = profiles[r][j]
        self.step_index = step_index
        self.loop_here = loop_here
        self.n_nbr, self.n_keep, self.n_forget = len(nbr_slots), len(keep), len(forget)
        for k in range(self.n_nbr):
            self.nbr_arr[k] = nbr_slots[k]
        self.reach.new_slot = -1
        for k in range(self.n_keep):
            self.keep_arr[k] = keep[k]
            if keep[k] == self.f_old:
                self.reach.new_slot = k
        for k in range(self.n_forget):
            self.forget_arr[k] = forget[k]
        self.f_new = self.n_keep
        key_words = self.key_words_for(self.f_new)
        # room for half the states of the step before (the entries grow by an
        # eighth when full), or less if the budget says so
        room = self.current.size // 2
        if (states_init(&self.following, key_words, self.nmod, room, &self.ledger)
                and states_init(&self.following, key_words, self.nmod, 4, &self.ledger)):
            self.over_budget()
        memset(self.key, 0, self.buf_words * 8)
        self.cnt = self.buf + self.f_new
        # without fiber tracking every count stays 0: canonicalise against old_cnt
        self.counts = self.cnt if self.track_fibers else self.old_cnt
        for i in range(self.current.size):
            if i % 64 == 0:
                sig_check()
            if self.n_filter == 0 or self.selected(i):
                self.extend_state(i)
        self.flush()
        states_seal(&self.following)
        self.n_filter = 0
        self.peak_states = max(self.peak_states, self.following.size)
        self.release_current()
        self.current = self.following
        self.following.entries = self.following.index = NULL
        self.following.size = self.following.room = self.following.index_capacity = 0
        self.f_old = self.f_new
        self.steps_done = step_index

    cdef inline int extend_state(self, Py_ssize_t i) except -1:
        """
        Queue every extension of the state ``i`` of the current table: one
        per run of interchangeable candidate images.
        """
        cdef uint64_t* source = states_values(&self.current, i)
        cdef Py_ssize_t k, word, w, run_end
        cdef uint64_t bits
        cdef bint unref
        cdef uint8_t* old_cnt = self.old_cnt
        cdef uint8_t* referenced = self.referenced
        cdef uint64_t* cand = self.cand
        unpack_fields(states_key(&self.current, i), self.f_old, self.image_bits, self.old_img,
                      self.tail_widths, self.n_tail, old_cnt)
        for k in range(self.f_old):
            referenced[self.old_img[k]] = 1
        if self.step_forgets:
            reach_prepare(&self.reach, self.old_img, self.keep_arr, self.f_old, old_cnt)
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
            canonicalise_class(c, self.cend[c], self.buf, self.f_new, self.counts,
                                self.sig, self.members, self.pos_buf, self.scratch)
            sort_w_class |= c == self.cstart[w]
        self.n_touched = 0
        if self.cend[w] - self.cstart[w] > 1 and not sort_w_class:
            raise_member(self.cstart[w], w, self.buf, self.f_new, self.counts)
        if self.group_now:
            canonicalise_by_cosets(&self.forms, self.buf, self.cnt, self.f_new)
        elif self.tree_now:
            canonicalise_tree(&self.tree, self.buf, self.cnt, self.f_new)
        return 0

    cdef inline int forget_unreachable(self, Py_ssize_t w) except -1:
        """
        Move the fiber sizes of the vertices of `H` that no vertex still to
        come can reach into the histogram after the counts, and mark their
        classes as ``touched`` (the new vertex is mapped to ``w``).

        The live vertices are those of ``reach.pxd``.
        """
        cdef Py_ssize_t word, x, words = self.words
        cdef uint64_t bits
        cdef uint64_t* live = self.reach.live
        cdef uint8_t* cnt = self.cnt
        reach_live(&self.reach, self.buf, w)
        for word in range(words):
            bits = self.reach.nonzero[word]
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
        return 0

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
        cdef uint64_t* packed = self.pending_keys + self.pending * key_words
        cdef uint64_t h
        pack_fields(self.buf, self.f_new, self.image_bits, self.buf + self.f_new,
                    self.tail_widths, self.n_tail, packed, key_words)
        h = table_hash(packed, key_words)
        self.pending_hash[self.pending] = h
        states_prefetch(&self.following, h)
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
        if states_reserve(&self.following, self.pending):
            self.over_budget()
        for i in range(self.pending):   # the entries of the keys found in the index
            states_prefetch_entry(&self.following, self.pending_hash[i])
        for i in range(self.pending):
            add_scaled(states_entry(&self.following, self.pending_keys + i * key_words,
                                    self.pending_hash[i]),
                       self.pending_source[i], self.pending_factor[i], self.moduli, self.nmod)
        self.pending = 0
        return 0

    cdef number_of_homomorphisms(self):
        """
        Return the number of homomorphisms: the value of the single state
        left after the last step (``0`` if none is left).
        """
        cdef Py_ssize_t j
        cdef uint64_t* values
        if self.current.size:
            values = states_values(&self.current, 0)
            return _crt([values[j] for j in range(self.nmod)], _crt_plan(self.moduli_list))
        return 0

    cdef fiber_types(self):
        """
        Return ``{partition: count}``: fold the final fiber vectors into
        partitions (histograms of fiber sizes).
        """
        cdef Py_ssize_t n = self.n, slot, i, w, k, j
        cdef Py_ssize_t hist_words = (n + 1 + 7) // 8
        cdef uint64_t* hist_key = <uint64_t*> self.mem.calloc(hist_words, sizeof(uint64_t))
        cdef uint8_t* hist = <uint8_t*> hist_key
        cdef uint8_t* raw = self.old_cnt   # the counts, then the histogram
        cdef uint64_t* values
        table_free(&self.partitions)
        if table_init(&self.partitions, hist_words, self.nmod, 16, &self.ledger):
            self.over_budget()
        for i in range(self.current.size):
            if i % 64 == 0:
                sig_check()
            unpack_fields(states_key(&self.current, i), self.f_old, self.image_bits, self.old_img,
                          self.tail_widths, self.n_tail, raw)
            memset(hist, 0, hist_words * 8)
            for w in range(self.N):
                hist[raw[w]] += 1
            for k in range(self.hist_len):
                hist[k + 1] += raw[self.N + k]
            hist[0] = 0
            if table_reserve(&self.partitions, self.partitions.size + 1):
                self.over_budget()
            add_scaled(table_entry(&self.partitions, hist_key, table_hash(hist_key, hist_words)),
                       states_values(&self.current, i), 1, self.moduli, self.nmod)
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

    def result(self):
        """
        Return the result of the run once every step is done: the
        fiber-type counts ``{partition tuple: count}`` if fibers are
        tracked, else the number of homomorphisms.
        """
        if self.steps_done != self.n - 1:
            raise ValueError(f"the run has done steps 0..{self.steps_done} of 0..{self.n - 1}: "
                             "no result yet")
        return self.fiber_types() if self.track_fibers else self.number_of_homomorphisms()

    def finish(self):
        """
        Do the steps left, one after the other, and return ``(result, the
        most states of a table, the most bytes the tables held at once)``;
        a step over the budget raises :class:`MemoryBudgetExceeded` (the
        shards of :mod:`sage_hcsf.parallel.shards` go on from there instead).
        """
        cdef Py_ssize_t step_index
        for step_index in range(self.steps_done + 1, self.n):
            self.advance(step_index)
            if not self.current.size:
                return ({} if self.track_fibers else 0), self.peak_states, self.ledger.peak
        return self.result(), self.peak_states, self.ledger.peak

    def snapshot(self):
        """
        Return a :class:`Snapshot` of the current table: the run's shards
        take their turns on it, each reading it without a copy.
        """
        return Snapshot(self)

    def restart_peak(self):
        """
        Count the most bytes held from what is held now (a forked shard
        reports its own peak).
        """
        self.ledger.peak = self.ledger.held

    @property
    def states(self):
        """
        The number of states in the current table.
        """
        return self.current.size

    @property
    def held_bytes(self):
        """
        The bytes the tables (and memos) of the run hold now.
        """
        return self.ledger.held

    @property
    def peak_bytes(self):
        """
        The most bytes the tables (and memos) held at once.
        """
        return self.ledger.peak
@cython.final
cdef class Snapshot:
    r"""
    The table of a run after some step, kept while shards of the rest of
    the run take their turns on it (:func:`sage_hcsf.parallel.shards._serial_shards`):
    each shard reads it as its starting table without copying it
    (:meth:`lend`), and it goes back to the run at the end
    (:meth:`give_back`). The kept table stays charged to the run's ledger.

    TESTS::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.kernels.fiber_dp import FiberVectorDP
        sage: P4 = [[1], [0, 2], [1, 3], [2]]
        sage: run = FiberVectorDP(DPPlan(g_adj=P4, g_loops=[False] * 4, h_adj=P4,
        ....:                            class_start=[0, 1, 2, 3], class_end=[1, 2, 3, 4],
        ....:                            order=[0, 1, 2, 3], track_fibers=True,
        ....:                            memory_budget=10**6, bound=4**4))
        sage: run.start(); run.advance(0); run.advance(1)
        sage: kept = run.snapshot(); run.states
        0
        sage: parts = []
        sage: for images in ([0, 1], [2, 3]):
        ....:     kept.lend(); run.keep_only([(0, images)], 10**6)
        ....:     parts.append(run.finish()[0])
        sage: kept.give_back(); run.states, run.steps_done
        (6, 1)
        sage: whole = run.finish()[0]
        sage: all(whole[p] == sum(part.get(p, 0) for part in parts) for p in whole)
        True
        sage: kept.lend()
        Traceback (most recent call last):
        ...
        RuntimeError: the kept table was given back to the run

    A snapshot dropped while it lends its table leaves the table to the run::

        sage: kept = run.snapshot(); kept.lend(); del kept
        sage: run.steps_done, run.result() == whole
        (3, True)
    """
    cdef FiberVectorDP run
    cdef StateTable table
    cdef Py_ssize_t f_old, steps_done

    def __cinit__(self, FiberVectorDP run):
        if run.borrowed:
            raise RuntimeError("a borrowed table cannot be kept again")
        self.run = run
        self.table = run.current
        self.f_old = run.f_old
        self.steps_done = run.steps_done
        run.current.entries = run.current.index = NULL
        run.current.room = run.current.size = run.current.index_capacity = 0

    def lend(self):
        """
        Drop what the run holds and give it the kept table to start from.
        """
        cdef FiberVectorDP run = self.run
        if self.table.entries is NULL:
            raise RuntimeError("the kept table was given back to the run")
        run.abandon_step()
        run.release_current()
        run.current = self.table
        run.borrowed = True
        run.f_old = self.f_old
        run.steps_done = self.steps_done

    def give_back(self):
        """
        Drop what the run holds and make the kept table its own again.
        """
        self.lend()
        self.run.borrowed = False
        self.table.entries = NULL

    def __dealloc__(self):
        if self.table.entries is NULL or self.run is None:
            return
        if self.run.borrowed and self.run.current.entries == self.table.entries:
            self.run.borrowed = False  # lent: the run keeps it as its own
        else:
            states_free(&self.table)


def fiber_vector_dp(g_adj, g_loops, h_adj, class_start, class_end, order, track_fibers,
                    memory_budget, bound, *, forget_dead=False, tasks=None, symmetries=None,
                    max_fiber=None, finish=None, tree_groups=None):
    r"""
    Return the fiber-type counts (or the number) of homomorphisms `G \to H`.

    INPUT:

    - ``g_adj``, ``g_loops``, ``h_adj``, ``class_start``, ``class_end``,
      ``order``, ``track_fibers``, ``memory_budget``, ``bound`` and, by
      keyword only, ``forget_dead``, ``symmetries``, ``max_fiber``,
      ``tree_groups`` -- the
      inputs of the plan, see :class:`~sage_hcsf.kernels.dp_plan.DPPlan`

    and, by keyword only:

    - ``tasks`` -- ``None`` (default) or a list of pairs
      ``(prefix, weight)``: the result is the sum over the pairs of
      ``weight`` times the count of the homomorphisms mapping ``order[i]``
      into ``prefix[i]`` (a list of vertices of `H`) for ``i <
      len(prefix)``; the tasks run one after the other, each with the
      whole budget
    - ``finish`` -- ``None`` (default) or a callable that does the steps of
      a started :class:`FiberVectorDP` and returns what
      :meth:`FiberVectorDP.finish` does, such as
      :class:`sage_hcsf.parallel.shards.Shards`, which shares a big run out
      between processes and goes on in shards where a step would exceed
      the budget; by default the steps run one after the other here, and a
      step over the budget raises :class:`MemoryBudgetExceeded`

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

    Every argument may be given by keyword, the options only so::

        sage: fiber_vector_dp(g_adj=K3, g_loops=[False] * 3, h_adj=K3, class_start=[0] * 3,
        ....:                 class_end=[3] * 3, order=[0, 1, 2], track_fibers=True,
        ....:                 memory_budget=10**6, bound=27, tasks=[([[0]], 3)])[0]
        {(1, 1, 1): 6}
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], True, 10**6, 27,
        ....:                 True)
        Traceback (most recent call last):
        ...
        TypeError: fiber_vector_dp() takes exactly 9 positional arguments (10 given)

    The budget bounds the bytes of all tables held at once::

        sage: C6 = [[(i - 1) % 6, (i + 1) % 6] for i in range(6)]
        sage: result, states, nbytes = fiber_vector_dp(C6, [False] * 6, C6, list(range(6)),
        ....:                                          list(range(1, 7)), list(range(6)),
        ....:                                          True, 10**6, 6**6)
        sage: states, nbytes
        (90, 4544)
        sage: fiber_vector_dp(C6, [False] * 6, C6, list(range(6)), list(range(1, 7)),
        ....:                 list(range(6)), True, 2500, 6**6)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget of 2.5 kB for its state tables (step 5 of 6, 48 states); raise it with sage_hcsf.memory_budget(bytes) or the argument memory_budget=

    Shards (:mod:`sage_hcsf.parallel.shards`) go on where a step would
    exceed the budget::

        sage: from sage_hcsf.parallel.shards import Shards
        sage: run = fiber_vector_dp(C6, [False] * 6, C6, list(range(6)), list(range(1, 7)),
        ....:                       list(range(6)), True, 3000, 6**6, finish=Shards())
        sage: run[0] == result, run[2] <= 3000
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
        sage: fiber_vector_dp([[1], [0, 2], [1]], [False] * 3, [[0]], [0], [1], [0, 1, 2], True,
        ....:                 10**6, 1)[0]   # one looped vertex: images of no bits
        {(3,): 1}
        sage: fiber_vector_dp(K3, [False] * 3, K3, [0] * 3, [3] * 3, [0, 1, 2], True, 0, 27)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a positive integer; got 0
    """
    plan = DPPlan(g_adj=g_adj, g_loops=g_loops, h_adj=h_adj, class_start=class_start,
                  class_end=class_end, order=order, track_fibers=track_fibers,
                  memory_budget=memory_budget, bound=bound, forget_dead=forget_dead,
                  symmetries=symmetries, max_fiber=max_fiber, tree_groups=tree_groups)
    return run_plan(plan, tasks=tasks, finish=finish)


def run_plan(plan, *, tasks=None, finish=None):
    r"""
    Return what :func:`fiber_vector_dp` does for the
    :class:`~sage_hcsf.kernels.dp_plan.DPPlan` ``plan`` and the options
    ``tasks`` and ``finish`` (see there).

    EXAMPLES::

        sage: from sage_hcsf.kernels.dp_plan import DPPlan
        sage: from sage_hcsf.kernels.fiber_dp import run_plan
        sage: K3 = [[1, 2], [0, 2], [0, 1]]
        sage: plan = DPPlan(g_adj=K3, g_loops=[False] * 3, h_adj=K3, class_start=[0] * 3,
        ....:               class_end=[3] * 3, order=[0, 1, 2], track_fibers=False,
        ....:               memory_budget=10**6, bound=27)
        sage: run_plan(plan), run_plan(plan, tasks=[([[0], [1]], 6)])
        ((6, 1, ...), (6, 1, ...))
        sage: run_plan(plan, tasks=[([[0], [0]], 6)])[0]
        0
    """
    if plan.n == 0:
        return ({(): 1} if plan.track_fibers else 1), 1, 0
    if plan.N == 0:
        return ({} if plan.track_fibers else 0), 0, 0
    if tasks is None:
        tasks = [([], 1)]
    cdef FiberVectorDP run = FiberVectorDP(plan)
    total = {} if plan.track_fibers else 0
    peak_states = peak_bytes = 0
    for prefix, weight in tasks:
        run.start(prefix)
        value, states, nbytes = finish(run) if finish is not None else run.finish()
        peak_states, peak_bytes = max(peak_states, states), max(peak_bytes, nbytes)
        if plan.track_fibers:
            for parts, count in value.items():
                total[parts] = total.get(parts, 0) + weight * count
        else:
            total += weight * value
    return total, peak_states, peak_bytes
