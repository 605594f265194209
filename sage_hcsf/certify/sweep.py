r"""
One certified sweep: the first pass, the ladder over the colliding graphs, the verdict

A :class:`Sweep` holds a family, its store, its executor and its options;
:meth:`Sweep.verdict` checks the graphs on `n` vertices:

#. the first pass computes the first rung for every graph -- for trees
   generated in process, in slices, as 4-byte records in bucket files
   within a disk budget (:mod:`sage_hcsf.certify.first_pass`), one bucket
   in memory at a time; otherwise by the DP over slices of ``geng`` or of
   a file -- and keeps only the graphs whose value is shared;
#. each later rung refines the groups still colliding, computed only for
   their graphs;
#. the last rung is complete: equal values mean equal invariants; a graph
   whose full counts exceed the memory budget leaves its pairs undecided.

Everything computed is committed to the store as it arrives, so a killed
sweep resumes.

EXAMPLES::

    sage: from sage_hcsf.certify.sweep import Sweep
    sage: sweep = Sweep.in_memory("trees")
    sage: [s.pairs_left for s in sweep.verdict(14).stages]
    [1, 1, 0, 0, 0, 0, 0, 0, 0]
"""

import time

from tqdm import tqdm

from sage_hcsf.certify.buckets import bucket_folder
from sage_hcsf.certify.enumeration import family, graph6_order
from sage_hcsf.certify.first_pass import TreeFirstPass
from sage_hcsf.certify.ladder import certificate_named
from sage_hcsf.certify.ladder import ladder as certificate_ladder
from sage_hcsf.certify.names import (
    BUDGET_EXCEEDED,
    LISTED_PAIRS,
    Invariant,
    Rung,
    first_stage,
    sweep_key,
)
from sage_hcsf.certify.tasks import full_counts_task, graph_keys_task, values_by_tasks
from sage_hcsf.certify.verdict import Stage, Verdict, pairs, refine, separated_pairs
from sage_hcsf.fiber_types.symmetry import automorphism_group_order
from sage_hcsf.graphs.graph_data import as_graph_data


def _follow(paths, groups):
    r"""
    Append to each graph's path the index of its group in ``groups`` (-1
    once it is in none): the store keeps these, so that the rung that
    separated any pair can be read back.

    EXAMPLES::

        sage: from sage_hcsf.certify.sweep import _follow
        sage: paths = {"a": [0], "b": [0], "c": [0]}
        sage: _follow(paths, [["a", "b"]]); paths
        {'a': [0, 0], 'b': [0, 0], 'c': [0, -1]}
    """
    index = {g: k for k, group in enumerate(groups) for g in group}
    for g, path in paths.items():
        path.append(index.get(g, -1))


def _split(before, key, rung, verdict):
    r"""
    Return the groups of ``before`` split by ``key`` (the parts of two or
    more), recording in ``verdict`` how many pairs ``rung`` separated and
    the first of them.

    EXAMPLES::

        sage: from sage_hcsf.certify.sweep import _split
        sage: from sage_hcsf.certify.verdict import Verdict
        sage: verdict = Verdict("f", 3, 3)
        sage: _split([["a", "b", "c"]], {"a": 1, "b": 1, "c": 2}.__getitem__, "L_2", verdict)
        [['a', 'b']]
        sage: verdict.separated_by, verdict.separated[0]
        ({'L_2': 2}, {'graphs': ['a', 'c'], 'invariant': 'L_2'})
    """
    refined = refine(before, key)
    count, listed = separated_pairs(before, refined, rung, LISTED_PAIRS - len(verdict.separated))
    verdict.separated_by[Rung(rung)] = count
    verdict.separated.extend({"graphs": p["graphs"], "invariant": Rung(rung)} for p in listed)
    return refined


class Sweep:
    r"""
    One certified sweep: the family, the store, the executor and the
    options; :meth:`verdict` checks one `n`.

    INPUT:

    - ``fam`` -- a :class:`~sage_hcsf.certify.enumeration.Family`
    - ``store`` -- a :class:`~sage_hcsf.store.ResultStore`
    - ``executor`` -- where the tasks run (:func:`~sage_hcsf.parallel.executors.make_executor`)
    - ``progress`` -- boolean: progress bars
    - ``budget`` -- the memory budget of a full count, bytes or ``None``
    - ``run_id`` -- the run of the store the results belong to
    - ``invariant`` -- the ladder: ``"self-csf"`` (default) or ``"csf"``
    - ``disk_budget`` -- bytes of the first pass of trees, or ``None``
      (from the free space of the store's disk)

    :meth:`in_memory` makes one for examples.

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.certify.sweep import Sweep
        sage: from sage_hcsf.store import ResultStore
        sage: from sage_hcsf.parallel.local import LocalExecutor
        sage: store = ResultStore(":memory:")
        sage: sweep = Sweep(family("trees"), store, LocalExecutor(1), False, None, store.start_run("x"))
        sage: sweep.verdict(7).graphs
        11
    """

    def __init__(self, fam, store, executor, progress, budget, run_id,
                 invariant=Invariant.SELF_CSF, disk_budget=None):
        self.key = sweep_key(fam.name, invariant)
        self.ladder = certificate_ladder(fam.kind, invariant)
        self.first = self.ladder[0].name   # the rung of the first pass
        self.family, self.store, self.executor = fam, store, executor
        self.progress, self.budget, self.run_id = progress, budget, run_id
        self.invariant = invariant
        self._buckets = None
        self._shapes = {}   # the graphs of a file, parsed once
        self.disk_budget = disk_budget   # of the first pass of trees (None: from the disk)

    @classmethod
    def in_memory(cls, name, invariant=Invariant.SELF_CSF, memory_budget=None, store=None):
        r"""
        Return a sweep over the family ``name`` in this process, without
        progress bars, its results in a store in memory (or ``store``):
        for examples and tests.

        EXAMPLES::

            sage: from sage_hcsf.certify.sweep import Sweep
            sage: sweep = Sweep.in_memory("trees", "csf")
            sage: sweep.family.name, sweep.first, sweep.store.path
            ('trees', 'Phi_0(X_T) mod 2^61-1', ':memory:')
        """
        from sage_hcsf.parallel.local import LocalExecutor
        from sage_hcsf.store import ResultStore
        store = ResultStore(":memory:") if store is None else store
        return cls(family(name), store, LocalExecutor(1), False, memory_budget, 1, invariant)

    def _stage_one(self, n):
        r"""
        Run (or read from the store) the first invariant, `\hom(G, G)`, of
        every graph on `n` vertices of a family other than the trees (those
        go through :meth:`_tree_first_pass`); return the stored ``(items,
        result)`` of each part, in the order of the parts.

        EXAMPLES::

            sage: from sage_hcsf.certify.sweep import Sweep
            sage: sweep = Sweep.in_memory("graphs")
            sage: parts = sweep._stage_one(6); len(parts)
            1
            sage: sum(items for items, _ in parts)
            156
        """
        fam, store = self.family, self.store
        stage = first_stage(fam.kind, self.first)
        parts = fam.parts(n)
        stored = {p: store.task(self.key, n, p, stage) for p in parts}
        todo = [p for p in parts if stored[p] is None]
        bar = tqdm(total=fam.size(n), desc=f"{fam.name} n={n}", unit="graph",
                   disable=not self.progress, smoothing=0.05)
        bar.update(sum(stored[p][0] for p in parts if stored[p] is not None))
        try:
            for task, (items, result, seconds) in self.executor.map_unordered(
                    graph_keys_task, (fam.task(n, p) + (self.first,) for p in todo)):
                blob = "\n".join(f"{g} {h}" for g, h in result).encode()
                store.put_task(self.key, n, task[1], stage, items, blob, seconds, self.run_id)
                bar.update(items)
        finally:
            bar.close()
        return [store.task(self.key, n, p, stage) for p in parts]

    def verdict(self, n):
        r"""
        Return the :class:`~sage_hcsf.certify.verdict.Verdict` for the
        graphs of the family on `n` vertices; store it.

        The first rung comes from the first pass (:meth:`_tree_first_pass`
        for trees, :meth:`_stage_one` otherwise); each later rung refines
        the groups still colliding, computed only for their graphs (in a
        file, a rung of the tree ladder refines the groups of trees only:
        :meth:`~sage_hcsf.certify.certificate.Certificate.pays_on`); the
        last rung is complete: equal values there are equal invariants,
        and a graph whose full counts exceed the memory budget leaves its
        pairs undecided, never separated.

        EXAMPLES::

            sage: from sage_hcsf.certify.sweep import Sweep
            sage: sweep = Sweep.in_memory("graphs")
            sage: verdict = sweep.verdict(3)
            sage: verdict.graphs, verdict.equal, [s.pairs_left for s in verdict.stages]
            (4, [['BG', 'BW']], [3, 1, 1])
        """
        start = time.perf_counter()
        fam = self.family
        ladder = self.ladder
        if fam.kind == "trees":
            count, groups, residues = TreeFirstPass(self, n, self.disk_budget).collisions()
            values = {ladder[1].name: {g: r61 for g, (_, r61) in residues.items()}}
            duplicates = {}
        else:
            count, groups, _, duplicates = self._graph_collisions(self._stage_one(n))
            values = {}
        if count != fam.size(n):
            raise RuntimeError(f"the sweep saw {count} graphs of the family {fam.name} on {n} "
                               f"vertices; there are {fam.size(n)}")
        verdict = Verdict(fam.name, n, count, [Stage.of_groups(ladder[0].name, groups)],
                          duplicates=duplicates)
        paths = {g: [index] for index, group in enumerate(groups) for g in group}
        for certificate in ladder[1:-1]:
            groups = self._refined(certificate, groups, values, verdict)
            verdict.stages.append(Stage.of_groups(certificate.name, groups))
            _follow(paths, groups)
        self._decide(ladder[-1], groups, values, verdict, paths)
        self.store.put_rungs(self.key, n, paths)
        verdict.seconds = round(time.perf_counter() - start, 3)
        self.store.put_verdict(self.key, n, verdict.as_dict(), self.run_id)
        return verdict

    def _refined(self, certificate, groups, values, verdict):
        r"""
        Return the groups after the rung ``certificate``, recording in
        ``verdict`` the pairs it separated; the groups it does not pay on
        (in a file: not all trees) pass unchanged.

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: from sage_hcsf.certify.sweep import Sweep
            sage: from sage_hcsf.certify.verdict import Verdict
            sage: sweep = Sweep.in_memory("graphs")
            sage: verdict = Verdict("graphs", 3, 4)
            sage: sweep._refined(CERTIFICATES["|Aut(G)|"], [["BG", "BW", "Bw"]], {}, verdict)
            [['BG', 'BW']]
            sage: verdict.separated_by, len(verdict.separated)
            ({'|Aut(G)|': 2}, 2)
        """
        usable = [self._pays(certificate, group) for group in groups]
        members = sorted({g for group, ok in zip(groups, usable) if ok for g in group})
        known = self._certificate_values(certificate, members, values)
        refined = _split([group for group, ok in zip(groups, usable) if ok],
                         known.__getitem__, certificate.name, verdict)
        return refined + [group for group, ok in zip(groups, usable) if not ok]

    def _pays(self, certificate, group):
        r"""
        Return whether ``certificate`` is computed for a group: always,
        but in a file, where a rung of the tree ladder pays on groups of
        trees only (the graphs are parsed once).

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: from sage_hcsf.certify.sweep import Sweep
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6"); _ = open(path, "w").write("BW\n")
            sage: sweep = Sweep(family(path), None, None, False, None, 1)
            sage: sweep._pays(CERTIFICATES["L_2"], ["BW", "Bw"]), sweep._pays(CERTIFICATES["L_2"], ["BW"])
            (False, True)
        """
        if self.family.kind != "file":
            return True
        return all(certificate.pays_on(self._shapes.setdefault(g, as_graph_data(g)))
                   for g in group)

    def _decide(self, complete, groups, values, verdict, paths):
        r"""
        Walk the last rung, ``complete``: the full counts (through the
        store, within the budget) or the complete certificate of another
        ladder; record in ``verdict`` the pairs it separated, the classes
        it did not, and the pairs left undecided (a graph beyond the
        budget is separated from nothing: it keeps its group in ``paths``).

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: from sage_hcsf.certify.sweep import Sweep
            sage: from sage_hcsf.certify.verdict import Verdict
            sage: sweep = Sweep.in_memory("graphs", memory_budget=10)
            sage: verdict, paths = Verdict("graphs", 3, 4), {"BG": [0], "BW": [0]}
            sage: sweep._decide(CERTIFICATES["fiber-type counts"], [["BG", "BW"]], {}, verdict, paths)
            sage: verdict.status, verdict.stages[-1].pairs_left, paths
            ('undecided', 1, {'BG': [0, 0], 'BW': [0, 0]})
        """
        members = sorted({g for group in groups for g in group})
        if complete.budgeted:     # the full counts: through the store, within the budget
            counts, reasons = self._full_counts(members)
            counts = {g: None if c is None else tuple(sorted(c.items()))
                      for g, c in counts.items()}
        else:
            counts, reasons = self._certificate_values(complete, members, values), {}
        decided = [[g for g in group if counts.get(g) is not None] for group in groups]
        verdict.undecided = [{"graphs": [g, h], "reason": reasons.get(g) or reasons.get(h)}
                             for group in groups for i, g in enumerate(group)
                             for h in group[i + 1:]
                             if counts.get(g) is None or counts.get(h) is None]
        equal = _split([d for d in decided if len(d) > 1], counts.__getitem__, complete.name,
                       verdict)
        verdict.equal = [sorted(c) for c in equal]
        left = {g for pair in verdict.undecided for g in pair["graphs"]} | \
            {g for c in equal for g in c}
        _follow(paths, equal + [[g] for g in left])
        for g in left:   # an undecided graph is not separated: it keeps its group
            paths[g][-1] = paths[g][-2]
        verdict.stages.append(Stage(complete.name,
                                    sum(1 for group in groups if left & set(group)),
                                    len(left), pairs(equal) + len(verdict.undecided)))

    def _bucket_folder(self, n):
        r"""
        Return the folder of the bucket files of the trees on `n` vertices:
        beside the store (``STORE.buckets/``), or a temporary folder for a
        store in memory.

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: from sage_hcsf.certify.sweep import Sweep
            sage: from sage_hcsf.store import ResultStore
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "r.db")
            sage: sweep = Sweep(family("trees"), ResultStore(path), None, False, None, 1)
            sage: sweep._bucket_folder(26) == path + ".buckets/trees-n26"
            True
        """
        if self._buckets is None:
            if self.store.path == ":memory:":
                import tempfile
                self._buckets = tempfile.mkdtemp(prefix="sage_hcsf-buckets-")
            else:
                self._buckets = self.store.path + ".buckets"
        return bucket_folder(self._buckets, self.key, n)

    def _graph_collisions(self, stored):
        r"""
        Return the number of graphs, the groups with equal `\hom(G, G)`,
        ``{graph6: hom}`` for all graphs, and ``{graph6: number of times
        given}`` for the graphs given more than once (isomorphic copies in a
        file: they are counted once).
        """
        first = self.ladder[0]
        values, given = {}, {}
        for _, blob in stored:
            for line in blob.decode().splitlines():
                g6, hom = line.split(" ")
                values[g6] = int(hom)
                given[g6] = given.get(g6, 0) + 1
        groups = {}
        for g6, hom in values.items():
            groups.setdefault(hom, []).append(g6)
        collisions = [sorted(g) for g in groups.values() if len(g) > 1]
        for group in collisions:
            for g6 in group:
                self.store.put_graph(g6, graph6_order(g6), self.family.name)
                self.store.put_invariant(g6, first.stored_as, values[g6])
        duplicates = {g6: k for g6, k in given.items() if k > 1}
        return sum(given.values()), collisions, values, duplicates

    def _certificate_values(self, certificate, graph6_list, values):
        r"""
        Return ``{graph6: value}`` of ``certificate`` for the graphs of
        ``graph6_list``: known from the first pass (``values``, by name),
        stored (`|\mathrm{Aut}(G)|`), or computed by the executor in
        chunks.

        EXAMPLES::

            sage: from sage_hcsf.certify.sweep import Sweep
            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: sweep = Sweep.in_memory("trees")
            sage: sweep._certificate_values(CERTIFICATES["L_2"], ["Bw", "Cs"], {})
            {'Bw': (), 'Cs': (((3, 1), 6),)}
        """
        if certificate.name in values:
            return {g: values[certificate.name][g] for g in graph6_list}
        if certificate.name is Rung.AUT:
            return self._automorphisms(graph6_list)
        return values_by_tasks(certificate, graph6_list, self.executor, self.progress)

    def _automorphisms(self, graph6_list):
        r"""
        Return ``{graph6: |Aut(G)|}`` (stored, or computed and stored).
        """
        key = certificate_named(Rung.AUT).stored_as
        orders = {g6: self.store.invariants(g6).get(key) for g6 in graph6_list}
        missing = [g6 for g6, order in orders.items() if order is None]
        for g6 in tqdm(missing, desc="|Aut(G)|", unit="graph",
                       disable=not self.progress or len(missing) < 1000):
            orders[g6] = int(automorphism_group_order(g6))
            self.store.put_invariant(g6, key, orders[g6])
        return orders

    def _full_counts(self, graph6_list):
        r"""
        Return ``({graph6: counts or None}, {graph6: reason})``: the self
        fiber-type counts from the store, or computed by the executor and
        stored. A graph whose counts exceeded a budget at least as large as
        this sweep's is not tried again (the store remembers the budget).
        """
        from sage_hcsf.errors import format_bytes
        from sage_hcsf.settings import memory_budget
        budget = self.budget or memory_budget()
        counts, reasons = {}, {}
        todo = []
        for g6 in graph6_list:
            counts[g6] = self.store.fiber_counts(g6)
            exceeded = self.store.invariants(g6).get(BUDGET_EXCEEDED, 0)
            if counts[g6] is None and exceeded >= budget:
                reasons[g6] = (f"the full counts need more than a memory budget of "
                               f"{format_bytes(exceeded)} (stored)")
            elif counts[g6] is None:
                todo.append((g6, budget))
        bar = tqdm(total=len(todo), desc="fiber-type counts", unit="graph",
                   disable=not self.progress or not todo)
        try:
            for _, (g6, result, seconds, note) in self.executor.map_unordered(
                    full_counts_task, todo):
                counts[g6] = result
                if result is None:
                    reasons[g6] = note
                    self.store.put_invariant(g6, BUDGET_EXCEEDED, budget, seconds)
                else:
                    self.store.put_fiber_counts(None, result, seconds, self.run_id, graph6=g6,
                                                split=note)
                bar.update()
        finally:
            bar.close()
        return counts, reasons
