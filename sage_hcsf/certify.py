r"""
Certified sweeps: does the self-CSF distinguish every graph of a family?

A function of the self-CSF `X_G^G` separates graphs: if it differs between
two graphs, so do their self-CSFs. This module checks a family of graphs
(all trees on `n` vertices, all graphs, a list of your own) with such
*certificates*, cheapest first, refining only the buckets of graphs that
still collide:

1. `\hom(G, G) = \sum_\lambda N_\lambda(G, G)` -- for trees modulo `2^{64}`
   by a C kernel over nauty's tree generator (``gentreeg``), in bounded
   memory (:mod:`sage_hcsf.buckets`), then modulo `2^{61} - 1` for the
   colliding trees; for other families exactly, by the DP engine.
   Different residues prove different counts; equal residues prove
   nothing.
2. `|\mathrm{Aut}(G)| = N_{1^n}(G, G)` (a bijective endomorphism of a
   finite graph is an automorphism).
3. For trees, the layers of the self-CSF (:mod:`sage_hcsf.tree_layers`):
   the endomorphisms onto 2, 3, 4 vertices, then those with 1 and 2
   collisions.
4. The full fiber-type counts `N_\lambda(G, G)`: the coordinates of
   `X_G^G` in the augmented monomial basis. Graphs with equal counts have
   equal self-CSFs: for trees, a counterexample to the conjecture that the
   self-CSF distinguishes all trees. Graphs whose counts exceed the state
   budget are *undecided*, never counted as separated.

The ladder is the registry :data:`~sage_hcsf.certificates.CERTIFICATES`;
a rung is computed only for the graphs still colliding after the rungs
before it.

The work is split into tasks ``(family, n, res/mod)`` -- nothing large
crosses the wire -- run by a :class:`~sage_hcsf.sweep.LocalExecutor` or a
:class:`~sage_hcsf.sweep.DaskExecutor`, and every result is committed to a
:class:`~sage_hcsf.store.ResultStore` as it arrives, so that a killed sweep
resumes where it stopped.

EXAMPLES::

    sage: from sage_hcsf.certify import certify_self_csf
    sage: report = certify_self_csf("trees", 10, processes=1, progress=False)
    sage: report.status, report.exit_status
    ('separated', 0)
    sage: report.verdicts[10]["graphs"], report.verdicts[10]["stages"][0]
    (106, {'colliding buckets': 0, 'graphs in colliding buckets': 0,
           'invariant': 'hom(G,G) mod 2^64', 'pairs left': 0})

Among all graphs on at most 4 vertices, only `P_3` and `K_2 + K_1` share
their self-CSF::

    sage: report = certify_self_csf("graphs", 4, processes=1, progress=False)
    sage: report.status, report.equal_classes()
    ('equal self-CSFs', [['BG', 'BW']])
"""
import hashlib
import os
import random
import subprocess
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from tqdm import tqdm

# CERTIFICATES is also sage_hcsf.certify.CERTIFICATES, the ladder the sweeps walk
from sage_hcsf.certificates import (CERTIFICATES, M64, P61,  # noqa: F401
                                    ladder as certificate_ladder)
from sage_hcsf.fiber_types import automorphism_group_order  # noqa: F401  (public here too)
from sage_hcsf.buckets import (BucketFiles, RECORD, _nauty, colliding_records,
                               number_of_buckets, tree_details_task, tree_keys_task,
                               tree_parent_arrays)
from sage_hcsf.graph_data import as_graph_data
from sage_hcsf.store import ResultStore, canonical_graph6
from sage_hcsf.sweep import make_executor

TREES_PER_TASK = 200000
GRAPHS_PER_TASK = 4000
# the name of the first pass of each kind in the store, with the version of
# what computed it: a store written by another version is not reused
STAGE1 = {"trees": "hom mod 2^64 (tree_homs 2, buckets)", "graphs": "hom (fiber_types 1)",
          "connected": "hom (fiber_types 1)", "forests": "hom (fiber_types 1)",
          "file": "hom (fiber_types 1)"}
BUDGET_EXCEEDED = "full counts exceed a memory budget of"


def first_stage(kind, invariant="self-csf"):
    r"""
    Return the name in the store of the first pass of a family of kind
    ``kind`` for the ladder of ``invariant``: it names the kernel and its
    version, so that a store written by another version is not reused.

    EXAMPLES::

        sage: from sage_hcsf.certify import first_stage, STAGE1
        sage: first_stage("trees") == STAGE1["trees"], first_stage("trees", "csf")
        (True, 'Phi_0(X_T) mod 2^61-1 (tree_cuts 1, buckets)')
        sage: first_stage("file"), first_stage("file", "csf")
        ('hom (fiber_types 1)', 'Phi_0(X_T) mod 2^61-1 (tree_cuts 1)')
    """
    if invariant == "self-csf":
        return STAGE1[kind]
    return "Phi_0(X_T) mod 2^61-1 (tree_cuts 1" + (", buckets)" if kind == "trees" else ")")


def _bucket_stage(invariant):
    r"""
    Return the name in the store of the decided buckets of the first pass
    of trees for the ladder of ``invariant``: it names the first pass, with
    the version of the kernel that computed it, so that a store written by
    another version has its buckets computed again, never reused.

    EXAMPLES::

        sage: from sage_hcsf.certify import _bucket_stage
        sage: _bucket_stage("self-csf")
        'colliding records (buckets 1) of hom mod 2^64 (tree_homs 2, buckets)'
    """
    return f"colliding records (buckets 1) of {first_stage('trees', invariant)}"
COMMIT_SECONDS = 1.0   # the first pass of trees commits its slices at most this often
LISTED_PAIRS = 100000   # the separated pairs a verdict lists by name, for each order


# Families ------------------------------------------------------------------

def number_of_trees(n):
    r"""
    Return the number of unlabelled trees on `n` vertices (OEIS A000055),
    by Otter's formula from the rooted trees (A000081).

    Certified sweeps check that they saw exactly this many trees.

    EXAMPLES::

        sage: from sage_hcsf.certify import number_of_trees
        sage: [number_of_trees(n) for n in range(1, 11)]
        [1, 1, 1, 2, 3, 6, 11, 23, 47, 106]
        sage: all(number_of_trees(n) == len(list(graphs.trees(n))) for n in range(1, 13))
        True
        sage: number_of_trees(22), number_of_trees(24)
        (5623756, 39299897)
    """
    if n <= 0:
        return 1 if n == 0 else 0
    rooted = [0, 1]   # rooted[k]: rooted trees on k vertices
    for k in range(2, n + 1):
        total = 0
        for j in range(1, k):
            total += sum(d * rooted[d] for d in range(1, j + 1) if j % d == 0) * rooted[k - j]
        rooted.append(total // (k - 1))
    # Otter: t(n) = r(n) - (sum_{i+j=n} r(i) r(j) - r(n/2)) / 2, r(n/2) for even n only
    half = rooted[n // 2] if n % 2 == 0 else 0
    return rooted[n] - (sum(rooted[i] * rooted[n - i] for i in range(1, n)) - half) // 2


# OEIS A000088 and A001349: graphs and connected graphs on n = 1..10 vertices
NUMBER_OF_GRAPHS = (1, 2, 4, 11, 34, 156, 1044, 12346, 274668, 12005168)
NUMBER_OF_CONNECTED_GRAPHS = (1, 1, 2, 6, 21, 112, 853, 11117, 261080, 11716571)


def euler_transform(sequence):
    r"""
    Return the Euler transform `b` of `a = ` ``sequence`` (`a_1, a_2,
    \dots`): `b_n` counts the multisets of objects of total size `n` when
    there are `a_k` kinds of object of size `k` (forests from trees,
    graphs from connected graphs).

    EXAMPLES::

        sage: from sage_hcsf.certify import (euler_transform, number_of_trees,
        ....:     NUMBER_OF_GRAPHS, NUMBER_OF_CONNECTED_GRAPHS)
        sage: euler_transform([number_of_trees(n) for n in range(1, 11)])   # forests, A005195
        [1, 2, 3, 6, 10, 20, 37, 76, 153, 329]
        sage: euler_transform(NUMBER_OF_CONNECTED_GRAPHS) == list(NUMBER_OF_GRAPHS)
        True
    """
    a = list(sequence)
    c = [sum(d * a[d - 1] for d in range(1, k + 1) if k % d == 0) for k in range(1, len(a) + 1)]
    b = [1]
    for n in range(1, len(a) + 1):
        b.append(sum(c[k - 1] * b[n - k] for k in range(1, n + 1)) // n)
    return b[1:]


def family_size(kind, n):
    r"""
    Return how many graphs on `n` vertices a family of that kind has
    (``"trees"``, ``"graphs"``, ``"connected"``, ``"forests"``), as a sweep
    must find them.

    EXAMPLES::

        sage: from sage_hcsf.certify import family_size
        sage: [family_size(kind, 9) for kind in ("trees", "graphs", "connected", "forests")]
        [47, 274668, 261080, 153]
    """
    if kind == "trees":
        return number_of_trees(n)
    if kind == "forests":
        return euler_transform([number_of_trees(k) for k in range(1, n + 1)])[-1]
    return (NUMBER_OF_GRAPHS if kind == "graphs" else NUMBER_OF_CONNECTED_GRAPHS)[n - 1]


def graph6_order(text):
    r"""
    Return the number of vertices of a graph6 or sparse6 string, read from
    its header.

    EXAMPLES::

        sage: from sage_hcsf.certify import graph6_order
        sage: graph6_order("Bw"), graph6_order(graphs.PathGraph(100).graph6_string())
        (3, 100)
        sage: graph6_order(Graph([(0, 0)], loops=True).sparse6_string())
        1
    """
    data = text[1:] if text.startswith(":") else text
    if ord(data[0]) < 126:
        return ord(data[0]) - 63
    digits = data[2:8] if ord(data[1]) == 126 else data[1:4]
    value = 0
    for char in digits:
        value = 64 * value + ord(char) - 63
    return value


class Family:
    r"""
    A family of graphs that a certified sweep can walk through.

    - ``name`` -- how the store and the report call it
    - ``kind`` -- ``"trees"`` (the C path over ``gentreeg``), ``"graphs"``,
      ``"connected"``, ``"forests"`` (nauty's ``geng``) or ``"file"``
      (the graph6 lines of a file)
    - ``max_order`` -- the largest order a sweep may take
    - ``path`` -- the file of a ``"file"`` family

    A file family reads and checks its file once, when it is made.

    EXAMPLES::

        sage: from sage_hcsf.certify import family
        sage: family("connected")
        the family connected (graphs on at most 10 vertices)
        sage: family("trees").parts(20)[:2], len(family("trees").parts(20))
        (['0/5', '1/5'], 5)
    """

    def __init__(self, name, kind, max_order, path=None):
        r"""
        See :class:`Family`.

        TESTS::

            sage: from sage_hcsf.certify import Family
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
            sage: _ = open(path, "w").write("Bw\nnot a graph\n")
            sage: Family("mine", "file", 255, path)
            Traceback (most recent call last):
            ...
            ValueError: .../mine.g6, line 2: not a graph6 or sparse6 string ('not a graph'): ...
            sage: _ = open(path, "w").write(">>graph6<<\nBw\n>>graph6<<BW\n>>sparse6<<:An\n")
            sage: Family("mine", "file", 255, path).lines(3)
            ['Bw', 'BW']
        """
        self.name, self.kind, self.max_order, self.path = name, kind, max_order, path
        self._lines, self._written = {}, {}   # by order: graph6 strings; (line number, text)
        if kind == "file":
            from sage_hcsf.graph_data import as_graph_data, strip_header
            with open(path) as stream:
                for number, written in enumerate(stream, 1):
                    line = strip_header(written)   # ">>graph6<<" alone or before the graph
                    if not line:
                        continue
                    try:
                        order = as_graph_data(line).order()
                    except (ValueError, TypeError) as error:
                        raise ValueError(f"{path}, line {number}: not a graph6 or sparse6 "
                                         f"string ({line!r}): {error}") from None
                    self._lines.setdefault(order, []).append(line)
                    self._written.setdefault(order, []).append((number, written.strip()))

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.certify import family
            sage: family("trees")
            the family trees (graphs on at most 64 vertices)
        """
        return f"the family {self.name} (graphs on at most {self.max_order} vertices)"

    def size(self, n):
        r"""
        Return how many graphs of the family have `n` vertices.

        EXAMPLES::

            sage: from sage_hcsf.certify import family
            sage: family("forests").size(10)
            329
        """
        return len(self.lines(n)) if self.kind == "file" else family_size(self.kind, n)

    def parts(self, n):
        r"""
        Return the slices ``"res/mod"`` of the family on `n` vertices: one
        task each. They depend on `n` only, so that a resumed sweep finds
        the same tasks.

        EXAMPLES::

            sage: from sage_hcsf.certify import family
            sage: family("graphs").parts(9)[-1], family("trees").parts(5)
            ('68/69', ['0/1'])
        """
        per_task = TREES_PER_TASK if self.kind == "trees" else GRAPHS_PER_TASK
        mod = max(1, -(-self.size(n) // per_task))
        return [f"{res}/{mod}" for res in range(mod)]

    def lines(self, n):
        r"""
        Return the graph6 strings of a file family with `n` vertices.

        EXAMPLES::

            sage: from sage_hcsf.certify import family
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
            sage: _ = open(path, "w").write("Bw\nBg\n\nCF\n")
            sage: family(path).lines(3), family(path).orders()
            (['Bw', 'Bg'], [3, 4])
        """
        return list(self._lines.get(n, []))

    def written(self, graph6_list):
        r"""
        Return, for a file family, ``{canonical graph6: [(line number, the
        line as written), ...]}`` for the graphs of ``graph6_list``
        (canonical graph6, as a sweep reports them); ``{}`` for the other
        kinds.

        EXAMPLES::

            sage: from sage_hcsf.certify import family
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
            sage: _ = open(path, "w").write(">>graph6<<Bw\nBG\n\n  BW\nBg\n")
            sage: family(path).written(["BG", "BW"])
            {'BG': [(2, 'BG')], 'BW': [(4, 'BW'), (5, 'Bg')]}
            sage: family("trees").written(["BG"])
            {}
        """
        wanted = set(graph6_list)
        found = {}
        for n in sorted({graph6_order(g6) for g6 in wanted}):
            for line, written in zip(self._lines.get(n, []), self._written.get(n, [])):
                g6 = canonical_graph6(line)
                if g6 in wanted:
                    found.setdefault(g6, []).append(written)
        return {g6: found[g6] for g6 in sorted(found)}

    def check_domain(self, certificate, orders, invariant):
        r"""
        Raise ``ValueError`` naming the first line of a file family, among
        the graphs on ``orders`` vertices, to which ``certificate`` (the
        first rung of the ladder of ``invariant``) does not apply; the
        families of nauty are what their ladders take.

        EXAMPLES::

            sage: from sage_hcsf.certify import family
            sage: from sage_hcsf.certificates import CSF_CERTIFICATES
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
            sage: _ = open(path, "w").write("BW\nBw\n")
            sage: family(path).check_domain(CSF_CERTIFICATES["Phi_0(X_T) mod 2^61-1"], [3], "csf")
            Traceback (most recent call last):
            ...
            ValueError: .../mine.g6, line 2: 'Bw' is not a forest; the ladder of 'csf' takes forests only
        """
        if self.kind != "file":
            return
        for n in orders:
            for line, (number, written) in zip(self._lines.get(n, []), self._written.get(n, [])):
                if not certificate.applies_to(line):
                    raise ValueError(f"{self.path}, line {number}: {written!r} is not a "
                                     f"{certificate.domain}; the ladder of {invariant!r} takes "
                                     f"{certificate.domain}s only")

    def orders(self):
        r"""
        Return the orders present in a file family (sorted); all orders up
        to ``max_order`` for the other kinds.

        EXAMPLES::

            sage: from sage_hcsf.certify import family
            sage: family("connected").orders()
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        """
        if self.kind == "file":
            return sorted(self._lines)
        return list(range(1, self.max_order + 1))

    def task(self, n, part):
        r"""
        Return the task of slice ``part`` of the graphs on `n` vertices:
        ``(n, part, index of the slice, buckets)`` for trees (see
        :func:`~sage_hcsf.buckets.tree_keys_task`); ``(n, part, kind,
        lines)`` otherwise, with the graph6 lines of the slice for a file
        family (so that workers need no shared file system) and ``None``
        for ``geng``.

        EXAMPLES::

            sage: from sage_hcsf.certify import family
            sage: family("trees").task(24, "3/197"), family("forests").task(4, "0/1")
            ((24, '3/197', 3, 8), (4, '0/1', 'forests', None))
        """
        res, mod = (int(x) for x in part.split("/"))
        if self.kind == "trees":
            return (n, part, res, number_of_buckets(self.size(n)))
        return (n, part, self.kind, self.lines(n)[res::mod] if self.kind == "file" else None)


FAMILIES = {"trees": 64, "graphs": 10, "connected": 10, "forests": 14}


def family(name):
    r"""
    Return the :class:`Family` called ``name``: ``"trees"`` (up to 64
    vertices), ``"graphs"``, ``"connected"`` (up to 10), ``"forests"`` (up
    to 14), or the path of a file of graph6 strings (one graph a line).

    EXAMPLES::

        sage: from sage_hcsf.certify import family
        sage: family("trees").kind
        'trees'
        sage: family("cubic")
        Traceback (most recent call last):
        ...
        ValueError: unknown family 'cubic': use trees, graphs, connected, forests, or the path of a file of graph6 strings
        sage: family("/tmp/nosuch/mine.g6")
        Traceback (most recent call last):
        ...
        ValueError: no such file: /tmp/nosuch/mine.g6
    """
    if name in FAMILIES:
        return Family(name, name, FAMILIES[name])
    if os.path.exists(name) and not os.path.isfile(name):
        raise ValueError(f"{name} is not a file of graph6 strings (a folder?)")
    if (os.sep in name or name.endswith((".g6", ".s6", ".txt"))) and not os.path.exists(name):
        raise ValueError(f"no such file: {name}")
    if os.path.isfile(name):
        with open(name, "rb") as stream:
            digest = hashlib.sha256(stream.read()).hexdigest()[:16]
        return Family(f"file:{os.path.basename(name)}:{digest}", "file", 255,
                      os.path.abspath(name))
    raise ValueError(f"unknown family {name!r}: use {', '.join(FAMILIES)}, or the path of a "
                     "file of graph6 strings")


# Tasks (run by the executor) -------------------------------------------------

def tree_from_parents(line):
    r"""
    Return the Sage graph of a ``gentreeg -p`` parent-array line.

    EXAMPLES::

        sage: from sage_hcsf.certify import tree_from_parents
        sage: tree_from_parents("0 1 1 1").is_isomorphic(graphs.StarGraph(3))
        True
    """
    from sage.graphs.graph import Graph
    parents = [int(x) for x in line.split()]
    return Graph([list(range(len(parents))),
                  [(i, p - 1) for i, p in enumerate(parents) if p]], format="vertices_and_edges")


GENG_OPTIONS = {"graphs": (), "connected": ("-c",), "forests": ("-tf",)}


def graph_keys_task(task):
    r"""
    Return ``(number of graphs, [(graph6, str(key))...], seconds)`` for a
    task ``(n, part, kind, lines[, invariant])`` of a ``geng`` or file
    family (see :meth:`Family.task`): the key is `\hom(G, G)`, or
    `\Phi_0(X_G)` for the invariant ``"csf"`` (the first rung of its
    ladder); graph6 strings are canonical.

    EXAMPLES::

        sage: from sage_hcsf.certify import graph_keys_task, family
        sage: count, keys, _ = graph_keys_task(family("graphs").task(3, "0/1"))
        sage: count, sorted(keys)
        (4, [('B?', '27'), ('BG', '6'), ('BW', '6'), ('Bw', '6')])
        sage: graph_keys_task(family("forests").task(4, "0/1"))[0]
        6
        sage: from sage_hcsf import csf_functional
        sage: graph_keys_task((3, "0/1", "file", ["BW"], "csf"))[1] == \
        ....:     [("BW", str(csf_functional(graphs.PathGraph(3), 0)))]
        True
    """
    from sage.graphs.graph import Graph
    from sage_hcsf.fiber_types import count_homomorphisms
    from sage_hcsf.tree_csf import csf_functional
    start = time.perf_counter()
    n, part, kind, strings, *invariant = task
    if invariant and invariant[0] == "csf":
        def key(G):
            return csf_functional(G, 0)
    else:
        def key(G):
            return count_homomorphisms(G, G)
    if strings is None:
        edges = [f"0:{n - 1}"] if kind == "forests" else []
        strings = subprocess.run([_nauty("geng"), "-q", *GENG_OPTIONS[kind], str(n), *edges,
                                  part], check=True, capture_output=True).stdout.decode().split()
    keys = []
    for g6 in strings:
        G = Graph(g6)
        if kind == "forests" and not G.is_forest():
            continue
        keys.append((canonical_graph6(G), str(key(G))))
    return len(keys), keys, time.perf_counter() - start


def full_counts_task(task):
    r"""
    Return ``(graph6, counts or None, seconds, reason or split)`` for a
    task ``(graph6, memory budget in bytes or None)``: the self fiber-type
    counts, checked (:func:`~sage_hcsf.fiber_types.checked_self_counts`),
    with how the run divided the work; or ``None`` with the reason when
    they exceed the budget.

    EXAMPLES::

        sage: from sage_hcsf.certify import full_counts_task
        sage: full_counts_task(("Bw", None))[1:4:2]
        ({(1, 1, 1): 6}, 'engine I, no prefix split')
        sage: full_counts_task(("Bw", 100))[1:4:2]
        (None, 'the dynamic programme needs more than its memory budget of 100 bytes for its state tables (step 0 of 3, 0 states)')
    """
    from sage_hcsf.fiber_types import checked_self_counts
    graph6, budget = task
    start = time.perf_counter()
    try:
        run = checked_self_counts(graph6, budget)
    except MemoryError as error:
        return graph6, None, time.perf_counter() - start, str(error).split(";")[0]
    return graph6, run.result, time.perf_counter() - start, run.split


def certificate_values_task(task):
    r"""
    Return ``[(graph6, value)]`` of the certificate named in a task
    ``(name, graph6 strings)`` (see :data:`~sage_hcsf.certificates.CERTIFICATES`).

    EXAMPLES::

        sage: from sage_hcsf.certify import certificate_values_task
        sage: certificate_values_task(("E_1", ("Bw", "Cs")))
        Traceback (most recent call last):
        ...
        ValueError: not a tree: 3 vertices, 3 edges, loops: False
        sage: certificate_values_task(("E_1", ("Cs",)))
        [('Cs', (((2, 1, 1), 18),))]
        sage: certificate_values_task(("X_T (cut counts)", ("Bw",)))   # a rung of the csf ladder
        Traceback (most recent call last):
        ...
        ValueError: G must be a forest ...
        sage: certificate_values_task(("X_T (cut counts)", ("BW",)))
        [('BW', (((1, 1, 1), 1), ((2, 1), 2), ((3,), 1)))]
    """
    from sage_hcsf.certificates import certificate_named
    name, graph6_list = task
    certificate = certificate_named(name)
    return [(g6, certificate.value(g6)) for g6 in graph6_list]


# The report ----------------------------------------------------------------

@dataclass
class CertificationReport:
    r"""
    The verdict of a certified sweep.

    - ``family`` -- the family's name; ``orders`` -- the orders checked
    - ``verdicts`` -- ``{n: verdict}``, each a dictionary: ``graphs``, the
      number of graphs; ``stages``, per invariant the buckets still
      colliding after it; ``separated by``, how many pairs each invariant
      after the first separated, and ``separated``, the first 1000 of these
      pairs with the invariant that did it; ``equal``, classes
      of graphs with equal self-CSF (graph6); ``undecided``, pairs whose
      full counts exceeded the budget; ``seconds``
    - ``recheck`` -- the independent rechecks (see :func:`certify_self_csf`)
    - ``notes`` -- what the sweep did not check (graphs of a file outside
      the orders asked for); a verdict with ``"isomorphic duplicates"``
      lists graphs a file gives more than once (checked once)

    EXAMPLES::

        sage: from sage_hcsf.certify import certify_self_csf
        sage: r = certify_self_csf("forests", 3, processes=1, progress=False)
        sage: r
        forests on 1..3 vertices: 1 class of graphs with equal self-CSF
        sage: r.as_dict()["status"]
        'equal self-CSFs'
    """
    family: str
    orders: list
    verdicts: dict = field(default_factory=dict)
    recheck: list = field(default_factory=list)
    seconds: float = 0.0
    notes: list = field(default_factory=list)
    invariant: str = "self-csf"

    def equal_classes(self):
        r"""
        Return every class of graphs with equal self-CSF (graph6 strings).

        EXAMPLES::

            sage: from sage_hcsf.certify import certify_self_csf
            sage: certify_self_csf("trees", 6, processes=1, progress=False).equal_classes()
            []
        """
        return [c for n in sorted(self.verdicts) for c in self.verdicts[n]["equal"]]

    def undecided_pairs(self):
        r"""
        Return every pair left undecided (budget exceeded), with the reason.

        EXAMPLES::

            sage: from sage_hcsf.certify import certify_self_csf
            sage: certify_self_csf("trees", 6, processes=1, progress=False).undecided_pairs()
            []
        """
        return [p for n in sorted(self.verdicts) for p in self.verdicts[n]["undecided"]]

    @property
    def status(self):
        r"""
        Return ``"separated"``, ``"equal self-CSFs"`` or ``"undecided"``.

        EXAMPLES::

            sage: from sage_hcsf.certify import certify_self_csf
            sage: certify_self_csf("trees", 5, processes=1, progress=False).status
            'separated'
        """
        if self.equal_classes():
            return "equal self-CSFs"
        if self.undecided_pairs() or any(r["agree"] is False for r in self.recheck):
            return "undecided"
        return "separated"

    @property
    def exit_status(self):
        r"""
        Return the command line's exit status: 0 when every pair is
        separated, 1 when some graphs have equal self-CSFs, 3 when pairs
        remain undecided.

        EXAMPLES::

            sage: from sage_hcsf.certify import certify_self_csf
            sage: certify_self_csf("graphs", 3, processes=1, progress=False).exit_status
            1
        """
        return {"separated": 0, "equal self-CSFs": 1, "undecided": 3}[self.status]

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.certify import certify_self_csf
            sage: certify_self_csf("trees", 8, processes=1, progress=False)
            trees on 1..8 vertices: every pair separated
        """
        span = f"{min(self.orders)}..{max(self.orders)}" if self.orders else "no"
        text = f"{self.family} on {span} vertices: "
        what = "self-CSF" if self.invariant == "self-csf" else "chromatic symmetric function"
        by = "" if self.invariant == "self-csf" else " by Stanley's chromatic symmetric function"
        equal, undecided = self.equal_classes(), self.undecided_pairs()
        parts = []
        if equal:
            parts.append(f"{len(equal)} class{'es' if len(equal) > 1 else ''} of graphs "
                         f"with equal {what}")
        if undecided:
            parts.append(f"{len(undecided)} pair{'s' if len(undecided) > 1 else ''} undecided")
        return text + ("; ".join(parts) if parts else "every pair separated" + by)

    def as_dict(self):
        r"""
        Return the report as a JSON-friendly dictionary.

        EXAMPLES::

            sage: from sage_hcsf.certify import certify_self_csf
            sage: sorted(certify_self_csf("trees", 4, processes=1, progress=False).as_dict())
            ['family', 'notes', 'orders', 'recheck', 'seconds', 'status', 'verdicts']
        """
        return {"family": self.family, "orders": list(self.orders), "status": self.status,
                "verdicts": {str(n): v for n, v in sorted(self.verdicts.items())},
                "recheck": self.recheck, "notes": self.notes, "seconds": round(self.seconds, 3)}

    def table(self):
        r"""
        Return the verdicts as a text table, one row per `n`.

        EXAMPLES::

            sage: from sage_hcsf.certify import certify_self_csf
            sage: print(certify_self_csf("trees", 8, processes=1, progress=False).table())
            n | graphs | graphs colliding after hom(G,G) mod 2^64 | ... | verdict | seconds
            1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | separated | ...
            ...
            8 | 23 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | separated | ...
        """
        verdicts = [v for _, v in sorted(self.verdicts.items())]
        return "\n".join([verdict_header(verdicts[0])] + [verdict_row(v) for v in verdicts]) \
            if verdicts else ""


def verdict_header(verdict):
    r"""
    Return the header of the table of verdicts like ``verdict``.

    EXAMPLES::

        sage: from sage_hcsf.certify import certify_self_csf, verdict_header
        sage: verdict_header(certify_self_csf("graphs", 2, processes=1, progress=False).verdicts[2])
        'n | graphs | graphs colliding after hom(G,G) | after |Aut(G)| | after fiber-type counts | verdict | seconds'
    """
    names = [s["invariant"] for s in verdict["stages"]]
    return " | ".join(["n", "graphs", f"graphs colliding after {names[0]}"] +
                      [f"after {name}" for name in names[1:]] + ["verdict", "seconds"])


def verdict_row(verdict):
    r"""
    Return the row of one verdict: the number of graphs, how many graphs are
    left in colliding buckets after each invariant, the verdict, the time.

    EXAMPLES::

        sage: from sage_hcsf.certify import certify_self_csf, verdict_row
        sage: verdict_row(certify_self_csf("graphs", 3, processes=1, progress=False).verdicts[3])
        '3 | 4 | 3 | 2 | 2 | 1 equal class | ...'
    """
    return " | ".join([str(verdict["n"]), str(verdict["graphs"])] +
                      [str(s["graphs in colliding buckets"]) for s in verdict["stages"]] +
                      [verdict_status(verdict), f"{verdict['seconds']:.1f}"])


def verdict_status(verdict):
    r"""
    Return the verdict of one order in a few words.

    EXAMPLES::

        sage: from sage_hcsf.certify import verdict_status
        sage: verdict_status({"equal": [["BG", "BW"]], "undecided": []})
        '1 equal class'
        sage: verdict_status({"equal": [], "undecided": []})
        'separated'
    """
    equal, undecided = verdict["equal"], verdict["undecided"]
    return (f"{len(equal)} equal class{'es' if len(equal) > 1 else ''}" if equal else
            f"{len(undecided)} undecided" if undecided else "separated")


# The sweep -----------------------------------------------------------------

def _pairs(groups):
    r"""
    Return the number of unordered pairs inside the groups.

    EXAMPLES::

        sage: from sage_hcsf.certify import _pairs
        sage: _pairs([[1, 2, 3], [4, 5], [6]])
        4
    """
    return sum(len(g) * (len(g) - 1) // 2 for g in groups)


def _refine(groups, key):
    r"""
    Split each group by ``key``; return the parts with at least two members.

    EXAMPLES::

        sage: from sage_hcsf.certify import _refine
        sage: _refine([[1, 2, 3, 4], [5, 6]], lambda x: x % 2)
        [[1, 3], [2, 4]]
    """
    refined = []
    for group in groups:
        parts = {}
        for member in group:
            parts.setdefault(key(member), []).append(member)
        refined.extend(part for part in parts.values() if len(part) > 1)
    return refined


def _separated_pairs(before, after, invariant, limit=LISTED_PAIRS):
    r"""
    Return how many pairs of ``before`` the refinement ``after`` no longer
    holds together, and the first ``limit`` of them, each as ``{"graphs":
    [g, h], "invariant": invariant}``.

    Listing costs ``O(limit)``: the pairs are taken between the parts into
    which ``after`` splits each group of ``before``.

    EXAMPLES::

        sage: from sage_hcsf.certify import _separated_pairs
        sage: _separated_pairs([["a", "b", "c"]], [["a", "b"]], "aut")
        (2, [{'graphs': ['a', 'c'], 'invariant': 'aut'}, {'graphs': ['b', 'c'], 'invariant': 'aut'}])
        sage: _separated_pairs([list(range(1000))], [], "hom", limit=2)
        (499500, [{'graphs': [0, 1], 'invariant': 'hom'}, {'graphs': [0, 2], 'invariant': 'hom'}])
    """
    count = _pairs(before) - _pairs(after)
    part_of = {g: k for k, group in enumerate(after) for g in group}
    listed = []
    for group in before:
        parts = {}
        for g in group:
            parts.setdefault(part_of.get(g, ("alone", g)), []).append(g)
        parts = list(parts.values())
        for i, first in enumerate(parts):
            for second in parts[i + 1:]:
                for g in first:
                    for h in second:
                        if len(listed) == limit:
                            return count, listed
                        listed.append({"graphs": sorted([g, h]), "invariant": invariant})
    return count, listed


class _Sweep:
    r"""
    One certified sweep: the family, the store, the executor and the
    options; :meth:`order` checks one `n`.

    EXAMPLES::

        sage: from sage_hcsf.certify import _Sweep, family
        sage: from sage_hcsf.store import ResultStore
        sage: from sage_hcsf.sweep import LocalExecutor
        sage: store = ResultStore(":memory:")
        sage: sweep = _Sweep(family("trees"), store, LocalExecutor(1), False, None, store.start_run("x"))
        sage: sweep.order(7)["graphs"]
        11
    """

    def __init__(self, fam, store, executor, progress, budget, run_id, invariant="self-csf"):
        # a sweep of another invariant keeps its results apart in the store
        self.key = fam.name if invariant == "self-csf" else f"{fam.name}:{invariant}"
        self.family, self.store, self.executor = fam, store, executor
        self.progress, self.budget, self.run_id = progress, budget, run_id
        self.invariant = invariant
        self._buckets = None

    def _stage_one(self, n):
        r"""
        Run (or read from the store) the first invariant, `\hom(G, G)`, of
        every graph on `n` vertices of a family other than the trees (those
        go through :meth:`_tree_first_pass`); return the stored ``(items,
        result)`` of each part, in the order of the parts.

        EXAMPLES::

            sage: from sage_hcsf.certify import _Sweep, family
            sage: from sage_hcsf.store import ResultStore
            sage: from sage_hcsf.sweep import LocalExecutor
            sage: sweep = _Sweep(family("graphs"), ResultStore(":memory:"), LocalExecutor(1), False, None, 1)
            sage: parts = sweep._stage_one(6); len(parts)
            1
            sage: sum(items for items, _ in parts)
            156
        """
        fam, store = self.family, self.store
        stage = first_stage(fam.kind, self.invariant)
        parts = fam.parts(n)
        stored = {p: store.task(self.key, n, p, stage) for p in parts}
        todo = [p for p in parts if stored[p] is None]
        bar = tqdm(total=fam.size(n), desc=f"{fam.name} n={n}", unit="graph",
                   disable=not self.progress, smoothing=0.05)
        bar.update(sum(stored[p][0] for p in parts if stored[p] is not None))
        try:
            for task, (items, result, seconds) in self.executor.map_unordered(
                    graph_keys_task, (fam.task(n, p) + (self.invariant,) for p in todo)):
                blob = "\n".join(f"{g} {h}" for g, h in result).encode()
                store.put_task(self.key, n, task[1], stage, items, blob, seconds, self.run_id)
                bar.update(items)
        finally:
            bar.close()
        return [store.task(self.key, n, p, stage) for p in parts]

    def order(self, n):
        r"""
        Return the verdict for the graphs of the family on `n` vertices (see
        :class:`CertificationReport`); store it.

        EXAMPLES::

            sage: from sage_hcsf.certify import _Sweep, family
            sage: from sage_hcsf.store import ResultStore
            sage: from sage_hcsf.sweep import LocalExecutor
            sage: sweep = _Sweep(family("graphs"), ResultStore(":memory:"), LocalExecutor(1), False, None, 1)
            sage: verdict = sweep.order(3)
            sage: verdict["graphs"], verdict["equal"], [s["pairs left"] for s in verdict["stages"]]
            (4, [['BG', 'BW']], [3, 1, 1])
        """
        start = time.perf_counter()
        fam = self.family
        duplicates = {}
        ladder = certificate_ladder(fam.kind, self.invariant)
        if fam.kind == "trees":
            count, groups, residues = self._tree_collisions(n, self._tree_first_pass(n))
            values = {ladder[1].name: {g: r61 for g, (_, r61) in residues.items()}}
        else:
            count, groups, _, duplicates = self._graph_collisions(self._stage_one(n))
            values = {}
        first = ladder[0].name
        if count != fam.size(n):
            raise RuntimeError(f"the sweep saw {count} graphs of the family {fam.name} on {n} "
                               f"vertices; there are {fam.size(n)}")
        stages = [self._stage(first, groups)]
        separated, separated_by = [], {}
        paths = {g: [index] for index, group in enumerate(groups) for g in group}

        def follow(groups):
            index = {g: k for k, group in enumerate(groups) for g in group}
            for g, path in paths.items():
                path.append(index.get(g, -1))

        def split(before, key, invariant):
            refined = _refine(before, key)
            count, listed = _separated_pairs(before, refined, invariant,
                                             LISTED_PAIRS - len(separated))
            separated_by[invariant] = count
            separated.extend(listed)
            return refined

        shapes = {}   # the graphs of a file, parsed once

        def pays(certificate, group):
            if fam.kind != "file":
                return True
            return all(certificate.pays_on(shapes.setdefault(g, as_graph_data(g)))
                       for g in group)

        for certificate in ladder[1:-1]:
            # in a file, a rung of the tree ladder refines the groups of trees only
            usable = [pays(certificate, group) for group in groups]
            members = sorted({g for group, ok in zip(groups, usable) if ok for g in group})
            known = self._certificate_values(certificate, members, values)
            groups = split([group for group, ok in zip(groups, usable) if ok],
                           known.__getitem__, certificate.name) + \
                [group for group, ok in zip(groups, usable) if not ok]
            stages.append(self._stage(certificate.name, groups))
            follow(groups)
        members = sorted({g for group in groups for g in group})
        if ladder[-1].name == "fiber-type counts":   # through the store, within the budget
            counts, reasons = self._full_counts(members)
            counts = {g: None if c is None else tuple(sorted(c.items()))
                      for g, c in counts.items()}
        else:                                       # the complete rung of another ladder
            counts, reasons = self._certificate_values(ladder[-1], members, values), {}
        decided = [[g for g in group if counts.get(g) is not None] for group in groups]
        undecided = [{"graphs": [g, h], "reason": reasons.get(g) or reasons.get(h)}
                     for group in groups for i, g in enumerate(group) for h in group[i + 1:]
                     if counts.get(g) is None or counts.get(h) is None]
        equal = split([d for d in decided if len(d) > 1], counts.get, ladder[-1].name)
        left = {g for pair in undecided for g in pair["graphs"]} | {g for c in equal for g in c}
        follow(equal + [[g] for g in left])
        for g in left:   # an undecided graph is not separated: it keeps its group
            paths[g][-1] = paths[g][-2]
        self.store.put_rungs(self.key, n, paths)
        stages.append({"invariant": ladder[-1].name,
                       "colliding buckets": sum(1 for group in groups if left & set(group)),
                       "graphs in colliding buckets": len(left),
                       "pairs left": _pairs(equal) + len(undecided)})
        verdict = {"family": fam.name, "n": n, "graphs": count, "stages": stages,
                   "separated by": separated_by, "separated": separated,
                   "equal": [sorted(c) for c in equal],
                   "undecided": undecided, "seconds": round(time.perf_counter() - start, 3)}
        if duplicates:
            verdict["isomorphic duplicates"] = duplicates
        self.store.put_verdict(self.key, n, verdict, self.run_id)
        return verdict

    @staticmethod
    def _stage(invariant, groups):
        r"""
        Return the summary of the buckets still colliding after ``invariant``.

        EXAMPLES::

            sage: from sage_hcsf.certify import _Sweep
            sage: _Sweep._stage("hom", [[1, 2], [3, 4, 5]])
            {'colliding buckets': 2, 'graphs in colliding buckets': 5, 'invariant': 'hom', 'pairs left': 4}
        """
        return {"invariant": invariant, "colliding buckets": len(groups),
                "graphs in colliding buckets": sum(len(g) for g in groups),
                "pairs left": _pairs(groups)}

    def _bucket_folder(self, n):
        r"""
        Return the folder of the bucket files of the trees on `n` vertices:
        beside the store (``STORE.buckets/``), or a temporary folder for a
        store in memory.

        EXAMPLES::

            sage: from sage_hcsf.certify import _Sweep, family
            sage: from sage_hcsf.store import ResultStore
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "r.db")
            sage: sweep = _Sweep(family("trees"), ResultStore(path), None, False, None, 1)
            sage: sweep._bucket_folder(26) == path + ".buckets/trees-n26"
            True
        """
        if self._buckets is None:
            if self.store.path == ":memory:":
                import tempfile
                self._buckets = tempfile.mkdtemp(prefix="sage_hcsf-buckets-")
            else:
                self._buckets = self.store.path + ".buckets"
        return os.path.join(self._buckets, f"{self.key}-n{n}".replace(":", "-"))

    def _tree_first_pass(self, n):
        r"""
        Return the records (:data:`~sage_hcsf.buckets.RECORD`) of the trees
        on `n` vertices whose `\hom(T, T) \bmod 2^{64}` is shared, and the
        number of trees: the first pass into bucket files, then one bucket
        at a time (see :mod:`sage_hcsf.buckets`); everything committed is
        kept by the store, so that a killed pass resumes.

        EXAMPLES::

            sage: from sage_hcsf.certify import _Sweep, family, number_of_trees
            sage: from sage_hcsf.store import ResultStore
            sage: from sage_hcsf.sweep import LocalExecutor
            sage: sweep = _Sweep(family("trees"), ResultStore(":memory:"), LocalExecutor(1), False, None, 1)
            sage: records, count = sweep._tree_first_pass(14)
            sage: count == number_of_trees(14), records.tolist()    # a pair shares hom(T,T)
            (True, [(..., 0, ...), (..., 0, ...)])
        """
        import numpy
        fam, store, stage = self.family, self.store, first_stage("trees", self.invariant)
        parts = fam.parts(n)
        buckets = number_of_buckets(fam.size(n))
        bucket_parts = [f"{j}/{buckets}" for j in range(buckets)]
        buckets_stage = _bucket_stage(self.invariant)
        decided = {j: store.task(self.key, n, p, buckets_stage)
                   for j, p in enumerate(bucket_parts)}
        decided = {j: row for j, row in decided.items() if row is not None}
        committed = {p: store.task(self.key, n, p, stage) for p in parts}
        committed = {p: row for p, row in committed.items() if row is not None}
        if len(decided) < buckets:
            files = BucketFiles(self._bucket_folder(n), buckets)
            lengths = [0] * buckets
            for _, counts in committed.values():
                for j, k in enumerate(numpy.frombuffer(counts, "<u4")):
                    lengths[j] += int(k) * RECORD.itemsize
            damaged = files.check(lengths, set(decided))
            for j in damaged:
                files.reset(j)
            self._first_pass_tasks(n, parts, buckets, files, committed, damaged, set(decided))
            expected = numpy.zeros(buckets, dtype=numpy.int64)
            for part in parts:
                expected += numpy.frombuffer(store.task(self.key, n, part, stage)[1], "<u4")
            for j in range(buckets):
                if j in decided:
                    files.remove(j)
                    continue
                records = files.read(j)
                if len(records) != expected[j]:
                    raise RuntimeError(f"bucket {j} of the trees on {n} vertices holds "
                                       f"{len(records)} records; the store committed "
                                       f"{expected[j]}")
                found = colliding_records(records)
                store.put_task(self.key, n, bucket_parts[j], buckets_stage, len(records),
                               found.tobytes(), 0.0, self.run_id)
                store.flush()
                files.remove(j)
                decided[j] = (len(records), found.tobytes())
        count = sum(items for items, _ in decided.values())
        records = numpy.concatenate([numpy.frombuffer(blob, RECORD) for _, blob in
                                     decided.values()]) if decided else numpy.zeros(0, RECORD)
        return records, count

    def _first_pass_tasks(self, n, parts, buckets, files, committed, damaged, decided):
        r"""
        Run the first-pass tasks of the trees on `n` vertices that are not
        committed (their records into every bucket) and, when buckets are
        damaged, the committed ones again (their records into those
        buckets only); commit each slice once its records are on disk,
        at most every second. A progress bar counts the trees, with an ETA.

        EXAMPLES::

            sage: from sage_hcsf.certify import _Sweep, family, STAGE1
            sage: from sage_hcsf.buckets import BucketFiles
            sage: from sage_hcsf.store import ResultStore
            sage: from sage_hcsf.sweep import LocalExecutor
            sage: import tempfile
            sage: store = ResultStore(":memory:")
            sage: sweep = _Sweep(family("trees"), store, LocalExecutor(1), False, None, 1)
            sage: files = BucketFiles(tempfile.mkdtemp(), 1)
            sage: sweep._first_pass_tasks(12, ["0/1"], 1, files, {}, set(), set())
            sage: store.task("trees", 12, "0/1", STAGE1["trees"])[0], files.read(0).size
            (551, 551)
        """
        import numpy
        fam, store, stage = self.family, self.store, first_stage("trees", self.invariant)
        todo = [p for p in parts if p not in committed or damaged]
        done_trees = sum(items for p, (items, _) in committed.items() if not damaged)
        bar = tqdm(total=fam.size(n), desc=f"{fam.name} n={n}", unit="tree", unit_scale=True,
                   disable=not self.progress, smoothing=0.05)
        bar.update(done_trees)
        finished, last = [], time.monotonic()

        def commit():
            files.sync()
            for part, items, counts, seconds in finished:
                store.put_task(self.key, n, part, stage, items, counts, seconds, self.run_id)
            store.flush()
            finished.clear()

        try:
            for task, (items, counts, blob, seconds) in self.executor.map_unordered(
                    tree_keys_task, (fam.task(n, p) + (self.invariant,) for p in todo)):
                part = task[1]
                records = numpy.frombuffer(blob, RECORD)
                ends = numpy.cumsum(counts)
                for j in range(buckets):
                    if j in decided or (part in committed and j not in damaged):
                        continue
                    chunk = records[ends[j] - counts[j]:ends[j]]
                    if chunk.size:
                        files.append(j, chunk.tobytes())
                if part not in committed:
                    finished.append((part, items, counts.tobytes(), seconds))
                bar.update(items)
                if time.monotonic() - last >= COMMIT_SECONDS:
                    commit()
                    last = time.monotonic()
            commit()
        finally:
            bar.close()
            files.close()

    def _tree_collisions(self, n, records):
        r"""
        Return the number of trees, the groups of trees (canonical graph6)
        with equal `\hom(T, T) \bmod 2^{64}`, and ``{graph6: (residue mod
        2^64, residue mod 2^61 - 1)}`` for them, from the colliding records
        of the first pass (the trees are generated again, by slice).

        EXAMPLES::

            sage: from sage_hcsf.certify import _Sweep, family
            sage: from sage_hcsf.store import ResultStore
            sage: from sage_hcsf.sweep import LocalExecutor
            sage: sweep = _Sweep(family("trees"), ResultStore(":memory:"), LocalExecutor(1), False, None, 1)
            sage: count, groups, values = sweep._tree_collisions(14, sweep._tree_first_pass(14))
            sage: count, len(groups), len({values[g][0] for g in groups[0]})
            (3159, 1, 1)
        """
        import numpy
        records, count = records
        parts = self.family.parts(n)
        wanted = {}
        for key, part, index in records.tolist():
            wanted.setdefault(part, {})[index] = key
        tasks = [(n, parts[part], tuple(sorted(indices)), self.invariant)
                 for part, indices in wanted.items()]
        values, groups = {}, {}
        first, second = (c.stored_as for c in certificate_ladder("trees", self.invariant)[:2])
        for (_, part, _, _), found in self.executor.map_unordered(tree_details_task, tasks):
            for index, line, r64, r61 in found:
                if wanted[parts.index(part)][index] != r64:
                    raise RuntimeError(
                        f"tree {index} of slice {part} on {n} vertices has {first} = {r64} "
                        f"when generated again, {wanted[parts.index(part)][index]} in the "
                        "stored first pass: the store was written by another version of the "
                        "kernel or of nauty; use a new store")
                g6 = canonical_graph6(tree_from_parents(line))
                values[g6] = (r64, r61)
                groups.setdefault(r64, []).append(g6)
                self.store.put_graph(g6, n, self.family.name)
                self.store.put_invariant(g6, first, r64)
                self.store.put_invariant(g6, second, r61)
        expected = dict(zip(*numpy.unique(records["key"], return_counts=True))) \
            if records.size else {}
        found = {key: len(set(group)) for key, group in groups.items()}
        if found != {int(k): int(m) for k, m in expected.items()}:
            raise RuntimeError(f"the colliding trees on {n} vertices are isomorphic copies or "
                               "were not all found again: use a new store")
        return count, sorted(sorted(g) for g in groups.values() if len(g) > 1), values

    def _graph_collisions(self, stored):
        r"""
        Return the number of graphs, the groups with equal `\hom(G, G)`,
        ``{graph6: hom}`` for all graphs, and ``{graph6: number of times
        given}`` for the graphs given more than once (isomorphic copies in a
        file: they are counted once).
        """
        first = certificate_ladder(self.family.kind, self.invariant)[0]
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

            sage: from sage_hcsf.certify import _Sweep, family
            sage: from sage_hcsf.certificates import CERTIFICATES
            sage: from sage_hcsf.store import ResultStore
            sage: from sage_hcsf.sweep import LocalExecutor
            sage: sweep = _Sweep(family("trees"), ResultStore(":memory:"), LocalExecutor(1), False, None, 1)
            sage: sweep._certificate_values(CERTIFICATES["L_2"], ["Bw", "Cs"], {})
            {'Bw': (), 'Cs': (((3, 1), 6),)}
        """
        if certificate.name in values:
            return {g: values[certificate.name][g] for g in graph6_list}
        if certificate is CERTIFICATES["|Aut(G)|"]:
            return self._automorphisms(graph6_list)
        return _values_by_tasks(certificate, graph6_list, self.executor, self.progress)

    def _automorphisms(self, graph6_list):
        r"""
        Return ``{graph6: |Aut(G)|}`` (stored, or computed and stored).
        """
        key = CERTIFICATES["|Aut(G)|"].stored_as
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
        from sage_hcsf.fiber_dp import format_bytes
        from sage_hcsf.fiber_types import memory_budget
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


def check_orders(family_name, max_n=None, min_n=1):
    r"""
    Return the :class:`Family` called ``family_name`` (or given as one) and
    the orders `n`, `min_n \le n \le max_n`, a sweep of it takes; raise
    ``ValueError`` saying what is accepted otherwise.

    ``max_n`` may be ``None`` for a file family: all its orders from
    ``min_n`` on.

    EXAMPLES::

        sage: from sage_hcsf.certify import check_orders
        sage: fam, orders = check_orders("trees", 5); fam.name, orders
        ('trees', [1, 2, 3, 4, 5])
        sage: check_orders("trees", 70)
        Traceback (most recent call last):
        ...
        ValueError: max_n must be an integer from 1 to 64 for trees; got 70
        sage: check_orders("graphs", 11)
        Traceback (most recent call last):
        ...
        ValueError: max_n must be an integer from 1 to 10 for graphs; got 11
        sage: check_orders("graphs", 5, 6)
        Traceback (most recent call last):
        ...
        ValueError: min_n must be an integer from 1 to max_n = 5; got 6
        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
        sage: _ = open(path, "w").write(graphs.PetersenGraph().graph6_string() + "\n")
        sage: check_orders(path)[1]
        [10]
        sage: check_orders(path, 9)
        Traceback (most recent call last):
        ...
        ValueError: .../mine.g6 has no graph on 1 to 9 vertices (its graphs have 10)
    """
    fam = family_name if isinstance(family_name, Family) else family(family_name)
    if max_n is None and fam.kind == "file":
        max_n = max(fam.orders(), default=min_n)
    if max_n is None or int(max_n) != max_n or not 1 <= max_n <= fam.max_order:
        raise ValueError(f"max_n must be an integer from 1 to {fam.max_order} for {fam.name}; "
                         f"got {max_n}")
    if int(min_n) != min_n or not 1 <= min_n <= max_n:
        raise ValueError(f"min_n must be an integer from 1 to max_n = {max_n}; got {min_n}")
    orders = [n for n in range(int(min_n), int(max_n) + 1)
              if fam.kind != "file" or n in fam.orders()]
    if not fam.orders():
        raise ValueError(f"{fam.path} holds no graph")
    if not orders:
        raise ValueError(f"{fam.path} has no graph on {min_n} to {max_n} vertices (its graphs "
                         f"have {', '.join(map(str, fam.orders()))})")
    return fam, orders


def certify_self_csf(family_name, max_n=None, min_n=1, store=None, executor=None, processes=None,
                     progress=True, memory_budget=None, recheck=0, seed=0, command=None,
                     on_order=None, invariant="self-csf"):
    r"""
    Check that the self-CSF distinguishes the graphs of a family, with
    certificates; return a :class:`CertificationReport`.

    INPUT:

    - ``family_name`` -- ``"trees"``, ``"graphs"``, ``"connected"``,
      ``"forests"``, or the path of a file of graph6 strings
    - ``max_n``, ``min_n`` -- the orders to check (default ``min_n``: 1)
    - ``store`` -- a :class:`~sage_hcsf.store.ResultStore`, the path of
      one, or ``None`` (an in-memory store); what it holds is not computed
      again
    - ``executor`` -- an executor of :mod:`sage_hcsf.sweep`, ``"local"``,
      ``"dask://HOST:PORT"``, or ``None`` (the local process pool with
      ``processes`` workers)
    - ``progress`` -- show progress bars (default: ``True``)
    - ``memory_budget`` -- bytes, the budget of each full fiber-type count
      (default: :func:`~sage_hcsf.fiber_types.memory_budget`); graphs
      beyond it leave their pairs undecided
    - ``recheck`` -- recompute this many random separated pairs
      independently (full fiber-type counts, and enumeration when there
      are at most `10^6` homomorphisms) and report any disagreement
    - ``seed`` -- the seed of the random choice of rechecked pairs
    - ``command`` -- how the run is recorded in the store
    - ``on_order`` -- a function called with each verdict as its order is
      finished (to print it)
    - ``invariant`` -- the ladder of certificates walked, a key of
      :data:`~sage_hcsf.certificates.LADDERS` (default: ``"self-csf"``)

    OUTPUT: a :class:`CertificationReport`

    On Ctrl-C the store keeps every result committed so far and the run is
    marked ``interrupted``; the same call with the same store resumes.

    EXAMPLES::

        sage: from sage_hcsf.certify import certify_self_csf
        sage: r = certify_self_csf("trees", 14, min_n=14, processes=2, progress=False)
        sage: r.verdicts[14]["graphs"], [s["pairs left"] for s in r.verdicts[14]["stages"]]
        (3159, [1, 1, 0, 0, 0, 0, 0, 0, 0])
        sage: r.verdicts[14]["separated"][0]["invariant"]
        '|Aut(G)|'

    A resumed sweep computes nothing twice::

        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "trees.db")
        sage: _ = certify_self_csf("trees", 12, store=path, processes=1, progress=False)
        sage: again = certify_self_csf("trees", 12, store=path, processes=1, progress=False)
        sage: from sage_hcsf.store import ResultStore
        sage: ResultStore(path).task_runs("trees")   # a slice and a bucket each order
        {1: 24}

    TESTS::

        sage: certify_self_csf("trees", 0)
        Traceback (most recent call last):
        ...
        ValueError: max_n must be an integer from 1 to 64 for trees; got 0
    """
    fam, orders = check_orders(family_name, max_n, min_n)
    fam.check_domain(certificate_ladder(fam.kind, invariant)[0], orders, invariant)
    own_store = not isinstance(store, ResultStore)
    store = ResultStore(":memory:" if store is None else store) if own_store else store
    own_executor = not hasattr(executor, "map_unordered")
    executor = make_executor(executor, processes) if own_executor else executor
    report = CertificationReport(fam.name, orders, invariant=invariant)
    skipped = sum(len(fam.lines(n)) for n in fam.orders() if n not in orders)
    if skipped:
        report.notes.append(f"{skipped} graph{'s' if skipped > 1 else ''} of the file with "
                            f"fewer than {orders[0]} or more than {orders[-1]} vertices: "
                            "not checked")
    run_id = store.start_run(command or f"certify_self_csf({family_name!r}, {max_n})")
    start = time.perf_counter()
    status = "failed"
    try:
        sweep = _Sweep(fam, store, executor, progress, memory_budget, run_id, invariant)
        with store.batched():
            for n in orders:
                report.verdicts[n] = sweep.order(n)
                if on_order is not None:
                    on_order(report.verdicts[n])
        if recheck:
            report.recheck = _recheck(sweep, report, recheck, seed)
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        if own_executor:   # the workers ignore Ctrl-C: stop their tasks now
            executor.close(kill=True)
        raise
    finally:
        report.seconds = time.perf_counter() - start
        store.end_run(run_id, status)
        if own_executor:
            executor.close()
        if own_store:
            store.close()
    return report


class LadderClasses(NamedTuple):
    r"""
    What :func:`ladder_classes` finds: ``classes``, the classes of graphs
    no certificate told apart (their full counts are equal); ``separated``,
    ``{rung: pairs it separated}``; ``undecided``, the pairs that could not
    be decided (``{"graphs": [g, h], "reason": ...}``: the full counts of a
    graph exceeded the memory budget), never counted as separated.

    EXAMPLES::

        sage: from sage_hcsf.certify import LadderClasses
        sage: LadderClasses([], {}, []).undecided
        []
    """
    classes: list
    separated: dict
    undecided: list


def ladder_classes(groups, relevant, kind="trees", processes=None, executor=None,
                   progress=False, description="graphs", memory_budget=None):
    r"""
    Return the classes of graphs that no certificate of the ladder tells
    apart, among those a claim needs told apart, the pairs each rung
    separated, and the pairs left undecided.

    Each group of ``groups`` (graph6 strings of graphs with something in
    common, e.g. their order) is refined rung by rung; a part is kept only
    while ``relevant(part)`` says it still holds a pair that matters (two
    spiders with different numbers of legs, ...), so each rung is computed
    for the graphs of such parts only. The last rung is the full counts; a
    graph whose full counts exceed the memory budget is separated from
    nothing: each relevant pair it is in is undecided.

    INPUT:

    - ``groups`` -- lists of graph6 strings
    - ``relevant`` -- a function of a list of graph6 strings
    - ``kind`` -- the family kind whose ladder is used
      (:func:`~sage_hcsf.certificates.ladder`)
    - ``processes``, ``executor`` -- where the work runs (see
      :func:`certify_self_csf`)
    - ``memory_budget`` -- bytes, the budget of each full count (default:
      :func:`~sage_hcsf.fiber_types.memory_budget`)

    OUTPUT: a :class:`LadderClasses`

    EXAMPLES:

    Spiders on at most 12 vertices, pairs with different numbers of legs::

        sage: from sage_hcsf.certify import ladder_classes
        sage: from sage_hcsf.families import spiders
        sage: groups = [[S.graph6_string() for S in spiders(n)] for n in range(4, 13)]
        sage: legs = lambda g6: max(Graph(g6).degree())
        sage: found = ladder_classes(groups, lambda c: len(set(map(legs, c))) > 1, processes=1)
        sage: found.classes, found.separated["hom(G,G) mod 2^64"] > 0, found.undecided
        ([], True, [])

    Two labellings of one graph, beyond a tiny budget, stay undecided::

        sage: found = ladder_classes([["Bg", "BW"]], lambda c: True, memory_budget=10)
        sage: found.classes, found.separated["fiber-type counts"], len(found.undecided)
        ([], 0, 1)
    """
    ladder = certificate_ladder(kind)
    own = not hasattr(executor, "map_unordered")
    executor = make_executor(executor, processes) if own else executor
    groups = [list(g) for g in groups if len(g) > 1 and relevant(list(g))]
    separated, undecided = {}, []
    try:
        for certificate in ladder:
            members = sorted({g for group in groups for g in group})
            beyond = 0   # the pairs that matter with a graph beyond the budget: undecided
            if certificate is ladder[-1]:
                values, reasons = {}, {}
                for _, (g6, counts, _, reason) in executor.map_unordered(
                        full_counts_task, [(g, memory_budget) for g in members]):
                    if counts is None:
                        reasons[g6] = reason
                    else:
                        values[g6] = tuple(sorted(counts.items()))
                pairs = [(g, h) for group in groups for i, g in enumerate(group)
                         for h in group[i + 1:] if g in reasons or h in reasons]
                undecided = [{"graphs": [g, h], "reason": reasons.get(g) or reasons.get(h)}
                             for g, h in pairs if relevant([g, h])]
                beyond = len(undecided)
            else:
                values = _values_by_tasks(certificate, members, executor, progress,
                                          f"{description}: {certificate.name}", bar_from=1)
            before = _pairs(groups)
            groups = [[g for g in group if g in values] for group in groups]
            refined = [part for part in _refine(groups, values.__getitem__) if relevant(part)]
            separated[certificate.name] = before - _pairs(refined) - beyond
            groups = refined
    finally:
        if own:
            executor.close()
    return LadderClasses([sorted(g) for g in groups], separated, undecided)


def _values_by_tasks(certificate, graph6_list, executor, progress=False, description=None,
                     bar_from=1000):
    r"""
    Return ``{graph6: value}`` of ``certificate`` for the graphs of
    ``graph6_list``, computed by the executor in chunks
    (:func:`certificate_values_task`); a progress bar (labelled
    ``description``) shows from ``bar_from`` graphs on.

    EXAMPLES::

        sage: from sage_hcsf.certify import _values_by_tasks
        sage: from sage_hcsf.certificates import CERTIFICATES
        sage: from sage_hcsf.sweep import LocalExecutor
        sage: _values_by_tasks(CERTIFICATES["L_2"], ["Bw", "Cs"], LocalExecutor(1))
        {'Bw': (), 'Cs': (((3, 1), 6),)}
    """
    chunk = max(1, min(200, -(-len(graph6_list) // (4 * getattr(executor, "workers", 1)))))
    tasks = [(certificate.name, tuple(graph6_list[i:i + chunk]))
             for i in range(0, len(graph6_list), chunk)]
    found = {}
    bar = tqdm(total=len(graph6_list), desc=description or certificate.name, unit="graph",
               disable=not progress or not graph6_list or len(graph6_list) < bar_from)
    try:
        for _, result in executor.map_unordered(certificate_values_task, tasks):
            found.update(result)
            bar.update(len(result))
    finally:
        bar.close()
    return found


def _recheck(sweep, report, number, seed):
    r"""
    Recompute ``number`` random separated pairs independently; return one
    record a pair.

    A pair is drawn among the pairs listed as separated by a later
    invariant, or else as two random graphs of one order. Each graph gets
    the invariant its ladder certifies, computed again: the full fiber-type
    counts from the DP (and from the enumeration engine when there are at
    most `10^6` endomorphisms) for the self-CSF; Stanley's `X_G` (Sage's own
    for at most 12 vertices, else the cut-counting DP) for ``"csf"``. The
    pair agrees when these differ between its graphs and every value the
    store holds for either graph equals the one they imply, looked up by
    the certificate that stores it (:attr:`~sage_hcsf.certificates.Certificate.stored_as`);
    a stored value no certificate reads is a disagreement. For trees, the
    tree kernel's residues are computed again too, and `|\mathrm{Aut}(G)|`
    from Sage's search.

    EXAMPLES::

        sage: from sage_hcsf.certify import certify_self_csf
        sage: r = certify_self_csf("trees", 9, processes=1, progress=False, recheck=3)
        sage: [(x["agree"], x["enumerated"]) for x in r.recheck]
        [(True, True), (True, True), (True, True)]
        sage: r = certify_self_csf("trees", 9, processes=1, progress=False, recheck=2,
        ....:                      invariant="csf")
        sage: [x["agree"] for x in r.recheck]
        [True, True]
    """
    rng = random.Random(int(seed))
    listed = [p["graphs"] for v in report.verdicts.values() for p in v["separated"]]
    orders = [n for n, v in report.verdicts.items() if v["graphs"] > 1]
    records = []
    for _ in range(number):
        if listed and rng.random() < 0.5 or not orders:
            if not listed:
                break
            pair = rng.choice(listed)
        else:
            pair = _random_pair(sweep, rng.choice(orders), rng)
        found = [_rechecked(sweep, g6) for g6 in pair]
        invariants = [invariant for invariant, _, _ in found]
        checks = [check for _, check, _ in found]
        enumerated = None if None in checks else all(checks)
        if False in checks:
            enumerated = False
        agree = all(ok for _, _, ok in found) and enumerated is not False and \
            invariants[0] != invariants[1]
        records.append({"graphs": list(pair), "agree": bool(agree), "enumerated": enumerated})
    return records


def _rechecked(sweep, g6):
    r"""
    Return ``(invariant, enumerated, agree)`` for one graph of a recheck
    (:func:`_recheck`): the invariant the sweep certifies, computed again;
    whether the enumeration agreed with the DP (``None`` where it was not
    run); whether every value stored for the graph is the one the
    invariant implies.

    EXAMPLES::

        sage: from sage_hcsf.certify import _rechecked, _Sweep, family
        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: sweep = _Sweep(family("graphs"), store, None, False, None, 1)
        sage: store.put_invariant("Bw", "hom", 6); store.put_invariant("Bw", "aut", 6)
        sage: _rechecked(sweep, "Bw")
        ((((1, 1, 1), 6),), True, True)
        sage: store.put_invariant("Bw", "aut", 5); _rechecked(sweep, "Bw")[2]
        False
        sage: store.put_invariant("Bw", "aut", 6); store.put_invariant("Bw", "no such rung", 1)
        sage: _rechecked(sweep, "Bw")[2]
        False
    """
    from sage_hcsf.certificates import LADDERS, normalised_counts, tree_hom_residues
    from sage_hcsf.fiber_types import fiber_type_counts
    dp = fiber_type_counts(g6, g6, algorithm="dp")
    enumerated = None
    if sum(dp.values()) <= 10**6:
        enumerated = fiber_type_counts(g6, g6, algorithm="enumerate") == dp
    counts = {tuple(int(x) for x in la): int(c) for la, c in dp.items()}
    X = _stanley_csf(g6) if sweep.invariant == "csf" else None
    by_key = {c.stored_as: c for rungs in LADDERS.values() for c in rungs.values()}
    agree = automorphism_group_order(g6) == counts[(1,) * sum(next(iter(counts)))]
    if sweep.family.kind == "trees":
        hom = sum(counts.values())
        r64, r61 = tree_hom_residues(g6)
        agree &= (r64, r61) == (hom % M64, hom % P61)
    for key, value in sweep.store.invariants(g6).items():
        if key == BUDGET_EXCEEDED:
            continue
        certificate = by_key.get(key)
        if certificate is None:
            agree = False          # a stored value nothing can check is not trusted
        elif certificate.reads == "counts":
            agree &= certificate.from_counts(counts) == value
        else:
            agree &= certificate.from_csf(_stanley_csf(g6) if X is None else X) == value
    stored = sweep.store.fiber_counts(g6)
    if stored is not None:
        agree &= normalised_counts(stored) == normalised_counts(counts)
    invariant = normalised_counts(counts) if X is None else X
    return invariant, enumerated, bool(agree)


def _stanley_csf(G):
    r"""
    Return Stanley's chromatic symmetric function of ``G`` for a recheck,
    in the monomial basis: Sage's own for at most 12 vertices, else the
    package's (the cut-counting DP for forests).

    EXAMPLES::

        sage: from sage_hcsf.certify import _stanley_csf
        sage: _stanley_csf("BW")
        6*m[1, 1, 1] + m[2, 1]
    """
    from sage.combinat.sf.sf import SymmetricFunctions
    from sage.graphs.graph import Graph
    from sage.rings.integer_ring import ZZ
    from sage_hcsf.symmetric_functions import chromatic_symmetric_function
    graph = Graph(G)
    m = SymmetricFunctions(ZZ).m()
    if graph.order() <= 12:
        return m(graph.chromatic_symmetric_function())
    return m(chromatic_symmetric_function(graph))


def parent_array_line(T):
    r"""
    Return a tree as a ``gentreeg -p`` line: the parents of vertices
    `2, \dots, n` in a breadth-first order from the first vertex, `0` for
    the root (the input of :mod:`sage_hcsf.tree_homs`).

    INPUT:

    - ``T`` -- a tree in any form :mod:`sage_hcsf` accepts

    EXAMPLES::

        sage: from sage_hcsf.certify import parent_array_line, tree_from_parents
        sage: parent_array_line(graphs.StarGraph(3))
        '0 1 1 1'
        sage: T = graphs.RandomTree(15)
        sage: tree_from_parents(parent_array_line(T)).is_isomorphic(T)
        True
    """
    from sage_hcsf.graph_data import as_graph_data
    adjacency = as_graph_data(T).adjacency
    order, index = [0], {0: 1}
    parents = [0]
    for v in order:
        for u in adjacency[v]:
            if u not in index:
                index[u] = len(order) + 1
                order.append(u)
                parents.append(index[v])
    return " ".join(map(str, parents))


def _random_pair(sweep, n, rng):
    r"""
    Return two distinct random graphs (canonical graph6) of the family on
    `n` vertices, regenerating their slices.

    EXAMPLES::

        sage: from sage_hcsf.certify import _random_pair, _Sweep, family
        sage: from sage_hcsf.store import ResultStore
        sage: from sage_hcsf.sweep import LocalExecutor
        sage: import random
        sage: store = ResultStore(":memory:")
        sage: sweep = _Sweep(family("trees"), store, LocalExecutor(1), False, None, 1)
        sage: _ = sweep.order(6)
        sage: a, b = _random_pair(sweep, 6, random.Random(int(1))); a != b
        True
    """
    fam = sweep.family
    parts = fam.parts(n)
    chosen = set()
    while len(chosen) < 2:
        part = rng.choice(parts)
        if fam.kind == "trees":
            lines = tree_parent_arrays(n, part).decode().splitlines()
            chosen.add(canonical_graph6(tree_from_parents(rng.choice(lines))))
        else:
            items, blob = sweep.store.task(sweep.key, n, part, first_stage(fam.kind, sweep.invariant))
            if items:
                chosen.add(rng.choice(blob.decode().splitlines()).split(" ")[0])
    return sorted(chosen)
