r"""
The first pass over all trees of an order, in bounded disk

The first rung of a ladder -- `\hom(T, T) \bmod 2^{64}` for the self-CSF,
`\Phi_0(X_T) \bmod 2^{61} - 1` for Stanley's CSF -- is computed for every
tree on `n` vertices, and only the trees whose values collide go on. The
trees are generated in process (:mod:`sage_hcsf.kernels.tree_pass`), in
*slices* of :data:`TREES_PER_SLICE` trees planned once (the generator's
state at the start of each slice; the number of trees is checked against
Otter's formula), so that a slice runs anywhere, in any order, and is
checked to end where the next begins.

**Records.** A key `k` is mixed, `m = k \cdot \mathrm{MIXER} \bmod 2^{64}`
(an odd multiplier: a bijection), and the top bits of `m` are read as
``pass | bucket | record``: `\log_2 P` bits, `\log_2 B` bits, 32 bits. In
pass `p` (of `P`) a slice writes the 4-byte record of each of its trees of
pass `p` to the file of its bucket (:class:`~sage_hcsf.certify.buckets.BucketFiles`);
once every slice of the pass is in, each bucket is read alone, and its
records met more than once give the *candidates*: the top `\log_2 P +
\log_2 B + 32` bits of `m`.

**Soundness.** Equal keys have equal mixed keys, hence equal truncated
keys: every tree whose key is shared is a candidate. A candidate whose key
is not shared (its truncated key is) costs time, not correctness: a last
*detail* pass generates the trees again and keeps, for each candidate, the
tree's full key and code; trees with equal full keys go on to the next
rung. Nothing is trusted that was not computed by this version: the stage
names carry the kernel's version.

**Disk.** 4 bytes a tree of the pass being run: with `P` passes, `4 N / P`
bytes at the most (`N` trees), freed bucket by bucket. `P` is the least
power of 2 that fits the disk budget (:func:`layout`): trees on 29 vertices
take 21.9 GB in one pass, on 30 vertices 29.7 GB in two. Each pass
enumerates every tree again: the work is `P + 1` key computations a tree.

**Faults.** A slice is committed to the store once its records are on disk
(``fsync``); a bucket file longer than its committed records is cut back, a
shorter or missing one is computed again, never trusted; a full disk stops
the pass with :class:`~sage_hcsf.errors.DiskFull`, everything committed kept.

EXAMPLES::

    sage: from sage_hcsf.certify.first_pass import TreeFirstPass
    sage: from sage_hcsf.certify.sweep import Sweep
    sage: sweep = Sweep.in_memory("trees")
    sage: count, groups, values = TreeFirstPass(sweep, 14).collisions()
    sage: count, len(groups), [len(g) for g in groups]      # one pair shares hom(T, T)
    (3159, 1, [2])
"""
import errno
import os
import shutil
import time

import numpy
from tqdm import tqdm

from sage_hcsf.certify.buckets import BucketFiles, bucket_folder
from sage_hcsf.certify.enumeration import number_of_trees
from sage_hcsf.certify.names import Rung
from sage_hcsf.certify.tasks import detail_task, functional_weights, records_task
from sage_hcsf.errors import DiskBudgetTooSmall, DiskFull
from sage_hcsf.graphs.graph_data import canonical_graph6
from sage_hcsf.graphs.trees import tree_from_parents

#: The trees of a task of the first pass.
TREES_PER_SLICE = 1 << 20
#: The bytes of a record of the first pass.
RECORD_BYTES = 4
#: The most records a bucket should hold (64 MB in the driver's memory).
BUCKET_RECORDS = 1 << 24
#: The most passes a disk budget may ask for.
MAX_PASSES = 64
#: The version of the pass (with the kernel's), in the names of its stages.
VERSION = "tree_pass 1"
#: The first pass commits its slices at most this often (seconds).
COMMIT_SECONDS = 1.0
#: The stage under which a store keeps the layout of a first pass (passes, buckets).
LAYOUT_STAGE = f"layout of the first pass ({VERSION})"
#: The candidates travel with a detail task up to this size; beyond, by a file.
INLINE_CANDIDATES = 1 << 23

_KEY_NAMES = {Rung.HOM_MOD_2_64: "hom mod 2^64", Rung.PHI0: "Phi_0(X_T) mod 2^61-1"}


def layout(trees, disk_budget):
    r"""
    Return ``(passes, buckets)`` of a first pass over ``trees`` trees
    within ``disk_budget`` bytes: the least power of 2 of passes whose
    records fit, and the least power of 2 of buckets that keeps a bucket
    near :data:`BUCKET_RECORDS` records; raise
    :class:`~sage_hcsf.errors.DiskBudgetTooSmall` if the budget is too
    small for :data:`MAX_PASSES` passes.

    EXAMPLES::

        sage: from sage_hcsf.certify.first_pass import layout
        sage: from sage_hcsf.certify.enumeration import number_of_trees
        sage: layout(number_of_trees(29), 40 * 10^9), layout(number_of_trees(30), 40 * 10^9)
        ((1, 512), (2, 512))
        sage: layout(number_of_trees(30), 10^6)
        Traceback (most recent call last):
        ...
        DiskBudgetTooSmall: the first pass over 14,830,871,802 trees needs at least 926.9 MB of disk (in 64 passes); the disk budget is 1.0 MB
    """
    from sage_hcsf.errors import format_bytes
    passes = 1
    while RECORD_BYTES * -(-trees // passes) > disk_budget:
        passes *= 2
        if passes > MAX_PASSES:
            need = RECORD_BYTES * -(-trees // MAX_PASSES)
            raise DiskBudgetTooSmall(f"the first pass over {trees:,} trees needs at least "
                                     f"{format_bytes(need)} of disk (in {MAX_PASSES} passes); "
                                     f"the disk budget is {format_bytes(disk_budget)}")
    buckets = 1
    while -(-trees // (passes * buckets)) > BUCKET_RECORDS:
        buckets *= 2
    return passes, buckets


def default_disk_budget(folder):
    r"""
    Return the default disk budget of a first pass whose bucket files go in
    ``folder``: nine tenths of the free space of its disk, plus what the
    folder holds already (bucket files of a pass being resumed).

    EXAMPLES::

        sage: from sage_hcsf.certify.first_pass import default_disk_budget
        sage: import tempfile
        sage: default_disk_budget(tempfile.mkdtemp()) > 0
        True
    """
    existing = folder
    while not os.path.isdir(existing):
        existing = os.path.dirname(existing) or "."
    held = sum(os.path.getsize(os.path.join(root, f))
               for root, _, files in os.walk(folder) for f in files) if os.path.isdir(folder) \
        else 0
    return int(0.9 * shutil.disk_usage(existing).free) + held


def shared_records(records):
    r"""
    Return the records met more than once in ``records`` (an array), sorted.

    EXAMPLES::

        sage: from sage_hcsf.certify.first_pass import shared_records
        sage: import numpy
        sage: shared_records(numpy.array([5, 7, 5, 9, 7, 7], "<u4")).tolist()
        [5, 7]
    """
    values, times = numpy.unique(records, return_counts=True)
    return values[times > 1]


def stage_name(first, what, passes=1, buckets=1, pass_index=0):
    r"""
    Return the name in the store of a stage of the first pass of trees
    whose ladder starts with the rung ``first``: ``"plan"``, the
    ``"records"`` or ``"candidates"`` of pass ``pass_index`` (of
    ``passes``, with ``buckets`` buckets), or the ``"details"``; it names
    the first rung, the layout and the version, so that a store written by
    another version or layout is not reused.

    EXAMPLES::

        sage: from sage_hcsf.certify.first_pass import stage_name
        sage: stage_name("hom(G,G) mod 2^64", "records", 2, 512, 1)
        'hom mod 2^64 records, pass 2 of 2 (tree_pass 1, 512 buckets, 1048576 a slice)'
        sage: stage_name("hom(G,G) mod 2^64", "plan")
        'plan of the trees (tree_pass 1, 1048576 a slice)'
    """
    if what == "plan":
        return f"plan of the trees ({VERSION}, {TREES_PER_SLICE} a slice)"
    layout = f"{VERSION}, " + (f"{passes} pass{'es' if passes > 1 else ''}, "
                               if what == "details" else "")
    layout += f"{buckets} bucket{'s' if buckets > 1 else ''}, {TREES_PER_SLICE} a slice"
    name = _KEY_NAMES[Rung(first)]
    if what == "details":
        return f"{name} details ({layout})"
    records = f"{name} records, pass {pass_index + 1} of {passes} ({layout})"
    if what == "records":
        return records
    if what == "candidates":
        return f"candidates of {records}"
    raise ValueError(f"no stage {what!r} of a first pass")


class TreeFirstPass:
    r"""
    The first pass of a :class:`~sage_hcsf.certify.sweep.Sweep` over the
    trees on `n` vertices: the plan of the slices, the passes of records
    into bucket files, the candidates of each bucket, the detail pass, and
    the groups of trees whose first keys collide.

    INPUT:

    - ``sweep`` -- the sweep (its store, executor, ladder, options)
    - ``n`` -- the order
    - ``disk_budget`` -- bytes or ``None`` (default: :func:`default_disk_budget`)

    EXAMPLES::

        sage: from sage_hcsf.certify.first_pass import TreeFirstPass
        sage: from sage_hcsf.certify.sweep import Sweep
        sage: sweep = Sweep.in_memory("trees")
        sage: first = TreeFirstPass(sweep, 12); first.total, first.passes, first.buckets
        (551, 1, 1)
        sage: first.stage("records", 0)
        'hom mod 2^64 records, pass 1 of 1 (tree_pass 1, 1 bucket, 1048576 a slice)'
    """

    def __init__(self, sweep, n, disk_budget=None):
        self.sweep, self.n = sweep, n
        self.store, self.key, self.first = sweep.store, sweep.key, sweep.first
        self.folder = sweep._bucket_folder(n)
        self.slices, self.total = self._plan()
        budget = default_disk_budget(self.folder) if disk_budget is None else disk_budget
        self.passes, self.buckets = self._layout(budget)
        self.bits = (self.passes.bit_length() - 1) + (self.buckets.bit_length() - 1) + 32

    def stage(self, what, pass_index=0):
        r"""
        Return the name in the store of a stage of this first pass
        (:func:`stage_name`).

        EXAMPLES::

            sage: from sage_hcsf.certify.first_pass import TreeFirstPass
            sage: from sage_hcsf.certify.sweep import Sweep
            sage: sweep = Sweep.in_memory("trees", "csf")
            sage: TreeFirstPass(sweep, 9).stage("details")
            'Phi_0(X_T) mod 2^61-1 details (tree_pass 1, 1 pass, 1 bucket, 1048576 a slice)'
        """
        return stage_name(self.first, what, self.passes, self.buckets, pass_index)

    def _plan(self):
        r"""
        Return the slices ``[(start state, count)]`` and the number of trees,
        from the store or planned (and stored); the number is checked
        against Otter's formula.
        """
        from sage_hcsf.kernels.tree_pass import plan
        stage = stage_name(self.first, "plan")
        stored = self.store.task(self.key, self.n, "plan", stage)
        if stored is None:
            start = time.perf_counter()
            starts, total = plan(self.n, TREES_PER_SLICE)
            self.store.put_task(self.key, self.n, "plan", stage, total, starts,
                                time.perf_counter() - start, self.sweep.run_id)
            self.store.flush()
        else:
            total, starts = stored
        if total != number_of_trees(self.n):
            raise RuntimeError(f"the generator made {total} trees on {self.n} vertices; "
                               f"Otter's formula counts {number_of_trees(self.n)}")
        counts = [min(TREES_PER_SLICE, total - i * TREES_PER_SLICE)
                  for i in range(len(starts) // 16)]
        return [(bytes(starts[16 * i:16 * i + 16]), c) for i, c in enumerate(counts)], total

    def _layout(self, budget):
        r"""
        Return the passes and buckets of this first pass: as stored when a
        run began it (a resumed run keeps them), else from ``budget``
        (:func:`layout`), stored.
        """
        from sage_hcsf.errors import format_bytes
        stored = self.store.task(self.key, self.n, "layout", LAYOUT_STAGE)
        if stored is not None:
            passes, buckets = stored[0], int(stored[1].decode())
            need = RECORD_BYTES * -(-self.total // passes)
            if need > budget:
                raise DiskBudgetTooSmall(
                    f"the first pass of the trees on {self.n} vertices was begun in {passes} "
                    f"pass{'es' if passes > 1 else ''}, which need {format_bytes(need)} of disk "
                    f"each; the disk budget is {format_bytes(budget)}")
            return passes, buckets
        passes, buckets = layout(self.total, budget)
        self.store.put_task(self.key, self.n, "layout", LAYOUT_STAGE, passes,
                            str(buckets).encode(), 0.0, self.sweep.run_id)
        self.store.flush()
        return passes, buckets

    def _following(self, index):
        r"""
        Return the state a slice must end at: the start of the next, or
        ``b""`` after the last.
        """
        return self.slices[index + 1][0] if index + 1 < len(self.slices) else b""

    def collisions(self):
        r"""
        Return the number of trees, the groups of trees (canonical graph6)
        with equal first keys, and ``{graph6: (first key, second key)}`` for
        them (the second rung's value: `\hom(T, T) \bmod 2^{61} - 1` or
        `\Phi_1`): every pass, the details, and the trees decoded; stored
        as they are computed.
        """
        candidates = [self._run_pass(p) for p in range(self.passes)]
        candidates = numpy.unique(numpy.concatenate(candidates)) if candidates \
            else numpy.zeros(0, "<u8")
        rows = self._details(candidates)
        self._clean_up()
        return self.total, *self._groups(rows)

    def _clean_up(self):
        r"""
        Remove what the first pass left on disk: the file of candidates, the
        folder of the order, and the folder of bucket files once empty.
        """
        path = os.path.join(self.folder, "candidates.bin")
        if os.path.exists(path):
            os.remove(path)
        for folder in (self.folder, os.path.dirname(self.folder)):
            if os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)

    def _run_pass(self, p):
        r"""
        Run pass ``p`` (or read it from the store); return its candidates
        (sorted ``uint64`` truncated keys).
        """
        store, n = self.store, self.n
        records_stage, candidates_stage = self.stage("records", p), self.stage("candidates", p)
        bucket_parts = [f"{j}/{self.buckets}" for j in range(self.buckets)]
        decided = {j: store.task(self.key, n, part, candidates_stage)
                   for j, part in enumerate(bucket_parts)}
        decided = {j: row for j, row in decided.items() if row is not None}
        if len(decided) < self.buckets:
            files = BucketFiles(os.path.join(self.folder, f"pass-{p + 1}-of-{self.passes}"),
                                self.buckets, RECORD_BYTES)
            committed = {}
            for i in range(len(self.slices)):
                row = store.task(self.key, n, str(i), records_stage)
                if row is not None:
                    committed[i] = row
            lengths = numpy.zeros(self.buckets, dtype=numpy.int64)
            for _, counts in committed.values():
                lengths += numpy.frombuffer(counts, "<u4")
            damaged = files.check([int(k) * RECORD_BYTES for k in lengths], set(decided))
            for j in damaged:
                files.reset(j)
            self._records(p, files, committed, damaged, set(decided))
            expected = numpy.zeros(self.buckets, dtype=numpy.int64)
            for i in range(len(self.slices)):
                expected += numpy.frombuffer(store.task(self.key, n, str(i), records_stage)[1],
                                             "<u4")
            for j in range(self.buckets):
                if j in decided:
                    files.remove(j)
                    continue
                records = files.read(j, "<u4")
                if len(records) != expected[j]:
                    raise RuntimeError(f"bucket {j} of pass {p + 1} of the trees on {n} "
                                       f"vertices holds {len(records)} records; the store "
                                       f"committed {expected[j]}")
                shared = shared_records(records).astype("<u8")
                # the top bits of the mixed keys: pass | bucket | record
                prefix = (p * self.buckets + j) << 32
                truncated = numpy.uint64(prefix) | shared
                store.put_task(self.key, n, bucket_parts[j], candidates_stage, len(records),
                               truncated.astype("<u8").tobytes(), 0.0, self.sweep.run_id)
                store.flush()
                files.remove(j)
                decided[j] = (len(records), truncated.astype("<u8").tobytes())
        seen = sum(items for items, _ in decided.values())
        if self.passes == 1 and seen != self.total:
            raise RuntimeError(f"the first pass saw {seen} trees on {n} vertices; there are "
                               f"{self.total}")
        return numpy.concatenate([numpy.frombuffer(blob, "<u8") for _, blob in decided.values()])

    def _records(self, p, files, committed, damaged, decided):
        r"""
        Run the slices of pass ``p`` that are not committed (their records
        into every bucket) and, when buckets are damaged, the committed ones
        again (their records into those buckets only); commit each slice
        once its records are on disk, at most every second.
        """
        sweep, store, n = self.sweep, self.store, self.n
        stage = self.stage("records", p)
        todo = [i for i in range(len(self.slices)) if i not in committed or damaged]
        tasks = ((n, i, *self.slices[i], self.passes, p, self.buckets, self.first)
                 for i in todo)
        bar = tqdm(total=self.total, unit="tree", unit_scale=True, smoothing=0.05,
                   desc=f"{sweep.family.name} n={n}" + (f" pass {p + 1}/{self.passes}"
                                                         if self.passes > 1 else ""),
                   disable=not sweep.progress)
        bar.update(sum(self.slices[i][1] for i in committed if not damaged))
        finished, last = [], time.monotonic()

        def commit():
            files.sync()
            for index, count, counts, seconds in finished:
                store.put_task(self.key, n, str(index), stage, count, counts, seconds,
                               sweep.run_id)
            store.flush()
            finished.clear()

        try:
            for task, (count, records, counts, following, seconds) in \
                    sweep.executor.map_unordered(records_task, tasks):
                index = task[1]
                if following != self._following(index):
                    raise RuntimeError(f"slice {index} of the trees on {n} vertices does not "
                                       "end where the next begins: the plan is not this "
                                       "kernel's; use a new store")
                sizes = numpy.frombuffer(counts, "<u4")
                ends = numpy.cumsum(sizes) * RECORD_BYTES
                for j in range(self.buckets):
                    if j in decided or (index in committed and j not in damaged) or not sizes[j]:
                        continue
                    try:
                        files.append(j, records[ends[j] - RECORD_BYTES * sizes[j]:ends[j]])
                    except OSError as error:
                        if error.errno != errno.ENOSPC:
                            raise
                        self._cut_back(p, files, decided)   # room for the store to end the run
                        raise DiskFull(f"the disk of {self.folder} is full (pass {p + 1} of "
                                       f"the trees on {n} vertices); everything committed is "
                                       "kept: free some space and run the same command "
                                       "again") from None
                if index not in committed:
                    finished.append((index, count, counts, seconds))
                bar.update(count)
                if time.monotonic() - last >= COMMIT_SECONDS:
                    commit()
                    last = time.monotonic()
            commit()
        finally:
            bar.close()
            files.close()

    def _cut_back(self, p, files, decided):
        r"""
        Cut the bucket files of pass ``p`` back to what the store committed
        (a disk is full: the records of uncommitted slices are dropped, to be
        written again).
        """
        files.close_quietly()
        lengths = numpy.zeros(self.buckets, dtype=numpy.int64)
        for i in range(len(self.slices)):
            row = self.store.task(self.key, self.n, str(i), self.stage("records", p))
            if row is not None:
                lengths += numpy.frombuffer(row[1], "<u4")
        files.check([int(k) * RECORD_BYTES for k in lengths], decided)

    def _details(self, candidates):
        r"""
        Return the rows ``(index, full key, code)`` of the trees whose
        truncated key is a candidate (a ``(k, 3)`` array of ``uint64``), by
        a pass over every slice (or from the store).
        """
        sweep, store, n = self.sweep, self.store, self.n
        stage = self.stage("details")
        stored = {}
        for i in range(len(self.slices)):
            row = store.task(self.key, n, str(i), stage)
            if row is not None:
                stored[i] = row
        todo = [i for i in range(len(self.slices)) if i not in stored]
        if todo and candidates.size:
            blob = candidates.astype("<u8").tobytes()
            if len(blob) > INLINE_CANDIDATES:
                os.makedirs(self.folder, exist_ok=True)
                path = os.path.join(self.folder, "candidates.bin")
                with open(path, "wb") as stream:
                    stream.write(blob)
                blob = path
            tasks = ((n, i, *self.slices[i], self.bits, self.first, blob) for i in todo)
            bar = tqdm(total=self.total, unit="tree", unit_scale=True, smoothing=0.05,
                       desc=f"{sweep.family.name} n={n} details", disable=not sweep.progress)
            bar.update(sum(self.slices[i][1] for i in stored))
            try:
                for task, (count, rows, following, seconds) in \
                        sweep.executor.map_unordered(detail_task, tasks):
                    index = task[1]
                    if following != self._following(index):
                        raise RuntimeError(f"slice {index} of the trees on {n} vertices does "
                                           "not end where the next begins")
                    rows = numpy.ascontiguousarray(rows, dtype="<u8")
                    store.put_task(self.key, n, str(index), stage, count, rows.tobytes(),
                                   seconds, sweep.run_id)
                    stored[index] = (count, rows.tobytes())
                    bar.update(count)
            finally:
                bar.close()
            store.flush()
        elif todo:   # no candidate: nothing to find again
            for i in todo:
                store.put_task(self.key, n, str(i), stage, self.slices[i][1], b"", 0.0,
                               sweep.run_id)
                stored[i] = (self.slices[i][1], b"")
            store.flush()
        if sum(count for count, _ in stored.values()) != self.total:
            raise RuntimeError(f"the detail pass saw {sum(c for c, _ in stored.values())} "
                               f"trees on {n} vertices; there are {self.total}")
        rows = [numpy.frombuffer(blob, "<u8").reshape(-1, 3) for _, blob in stored.values()]
        return numpy.concatenate(rows) if rows else numpy.zeros((0, 3), "<u8")

    def _groups(self, rows):
        r"""
        Return the groups of trees (canonical graph6) with equal full first
        keys among the detail rows, and ``{graph6: (first key, second key)}``;
        store the trees and both keys.
        """
        from sage_hcsf.kernels.tree_pass import code_residues, tree_line
        keys, codes = rows[:, 1], rows[:, 2]
        values, times = numpy.unique(keys, return_counts=True)
        shared = set(values[times > 1].tolist())
        chosen = [(int(k), int(c)) for k, c in zip(keys.tolist(), codes.tolist()) if k in shared]
        if len({c for _, c in chosen}) != len(chosen):
            raise RuntimeError(f"a tree on {self.n} vertices was found twice by the detail pass")
        n, first = self.n, Rung(self.first)
        packed = numpy.array([c for _, c in chosen], dtype="<u8").tobytes()
        functionals = ([functional_weights(n, 0), functional_weights(n, 1)]
                       if first is Rung.PHI0 else [])
        width = 2 + len(functionals)
        residues = numpy.frombuffer(code_residues(n, packed, functionals), "<u8").reshape(
            -1, width).tolist() if chosen else []
        names = [c.stored_as for c in self.sweep.ladder[:2]]
        groups, found = {}, {}
        for (key, code), values_of in zip(chosen, residues):
            g6 = canonical_graph6(tree_from_parents(tree_line(n, code)))
            computed, second = (values_of[2], values_of[3]) if first is Rung.PHI0 else \
                (values_of[0], values_of[1])
            if computed != key:    # the key again, by the kernel over the whole tree
                raise RuntimeError(f"the tree {g6} has {first} = {computed} from its code and "
                                   f"{key} by the first pass")
            found[g6] = (key, second)
            groups.setdefault(key, []).append(g6)
            self.store.put_graph(g6, n, self.sweep.family.name)
            self.store.put_invariant(g6, names[0], key)
            self.store.put_invariant(g6, names[1], second)
        return sorted(sorted(g) for g in groups.values() if len(g) > 1), found


def progress(store, key, n, first):
    r"""
    Return what ``store`` holds of the first pass of the trees on `n`
    vertices (sweeps called ``key``, first rung ``first``): ``None`` if
    nothing, else a dictionary: ``"slices"`` (a pass), ``"passes"``,
    ``"done"`` (per stage -- ``"pass 1"``, ..., ``"details"`` -- the slices
    committed), ``"seconds"`` (the CPU seconds they took) and ``"trees"``.

    EXAMPLES::

        sage: from sage_hcsf.certify.first_pass import progress
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: progress(store, "trees", 12, "hom(G,G) mod 2^64") is None
        True
        sage: _ = certify_self_csf("trees", 12, min_n=12, store=store, processes=1, progress=False)
        sage: progress(store, "trees", 12, "hom(G,G) mod 2^64")["done"]
        {'details': 1, 'pass 1': 1}
    """
    plan = store.task(key, n, "plan", stage_name(first, "plan"))
    stored = store.task(key, n, "layout", LAYOUT_STAGE)
    if plan is None or stored is None:
        return None
    total, starts = plan
    passes, buckets = stored[0], int(stored[1].decode())
    stages = {f"pass {p + 1}": stage_name(first, "records", passes, buckets, p)
              for p in range(passes)}
    stages["details"] = stage_name(first, "details", passes, buckets)
    counts = {row["stage"]: row for row in store.summary()["tasks"].get(key, [])
              if row["n"] == n}
    done = {label: counts[stage]["tasks"] for label, stage in sorted(stages.items())
            if stage in counts}
    seconds = sum(counts[stage].get("seconds", 0.0) for stage in stages.values()
                  if stage in counts)
    return {"slices": len(starts) // 16, "passes": passes, "done": done, "seconds": seconds,
            "trees": total}


def progress_line(store, key, n, first, processes=None):
    r"""
    Return a line on the first pass of the trees on `n` vertices that
    ``store`` holds (``None`` if it holds nothing of it): the stage it is
    at, the slices done, the disk its bucket files take, and the time left
    at the pace the committed slices took (on ``processes`` processes,
    default: the cores of this machine).

    EXAMPLES::

        sage: from sage_hcsf.certify.first_pass import progress_line
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: _ = certify_self_csf("trees", 11, min_n=11, store=store, processes=1, progress=False)
        sage: progress_line(store, "trees", 11, "hom(G,G) mod 2^64")
        'n=11: first pass done (235 trees, 1 pass)'
    """
    from sage_hcsf.errors import format_bytes, format_seconds
    found = progress(store, key, n, first)
    if found is None:
        return None
    slices, passes, done = found["slices"], found["passes"], found["done"]
    stages = [f"pass {p + 1}" for p in range(passes)] + ["details"]
    if all(done.get(stage, 0) >= slices for stage in stages):
        return (f"n={n}: first pass done ({found['trees']:,} trees, {passes} "
                f"pass{'es' if passes > 1 else ''})")
    current = next(stage for stage in stages if done.get(stage, 0) < slices)
    disk = 0
    if store.path != ":memory:":
        folder = bucket_folder(store.path + ".buckets", key, n)
        disk = sum(os.path.getsize(os.path.join(root, f))
                   for root, _, files in os.walk(folder) for f in files)
    processes = processes or os.cpu_count() or 1
    finished = sum(done.values())
    left = found["seconds"] / max(finished, 1) * (slices * len(stages) - finished) / processes
    pace = ("the time left is known once a slice is done" if not finished else
            f"about {format_seconds(left)} left on {processes} processes")
    stage = current + (f" of {passes}" if current != "details" else " pass")
    return (f"n={n}: {stage}, {done.get(current, 0):,} of {slices:,} slices; "
            f"{format_bytes(disk)} of bucket files; {pace}")


def unfinished_first_passes(store, processes=None):
    r"""
    Return ``{sweep key: [line, ...]}``: for each order of trees whose
    first pass ``store`` holds but whose verdict it does not, the line of
    :func:`progress_line`.

    EXAMPLES::

        sage: from sage_hcsf.certify.first_pass import TreeFirstPass, unfinished_first_passes
        sage: from sage_hcsf.certify.sweep import Sweep
        sage: sweep = Sweep.in_memory("trees", "csf")
        sage: _ = TreeFirstPass(sweep, 9)      # planned, not run
        sage: unfinished_first_passes(sweep.store)
        {'trees:csf': ['n=9: pass 1 of 1, 0 of 1 slices; 0 bytes of bucket files; the time left is known once a slice is done']}
        sage: _ = sweep.verdict(9)
        sage: unfinished_first_passes(sweep.store)
        {}
    """
    from sage_hcsf.certify.ladder import ladder
    from sage_hcsf.certify.names import Invariant
    summary = store.summary()
    decided = set(store.verdicts())
    lines = {}
    for key, rows in summary["tasks"].items():
        invariant = Invariant(key.partition(":")[2] or Invariant.SELF_CSF)
        first = ladder("trees", invariant)[0].name
        orders = sorted({row["n"] for row in rows if row["stage"] == stage_name(first, "plan")})
        for n in orders:
            if (key, n) not in decided:
                lines.setdefault(key, []).append(progress_line(store, key, n, first, processes))
    return lines
