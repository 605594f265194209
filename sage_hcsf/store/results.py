r"""
What a result store records: runs, tasks, graphs, invariants, counts, verdicts, rungs

:class:`ResultStore` keeps everything a sweep computes, in the SQLite file of
its :class:`~sage_hcsf.store.database.Database`; :func:`export_store` gives
it back as JSON.

EXAMPLES::

    sage: from sage_hcsf.store.results import ResultStore
    sage: store = ResultStore(":memory:")
    sage: store.put_invariant("Bw", "aut", 6); store.invariants("Bw")
    {'aut': 6}
"""
import json
import os
import socket
import sqlite3
import time

from sage_hcsf.graphs.graph_data import canonical_graph6
from sage_hcsf.settings import refusal
from sage_hcsf.store.database import Database, _json_default, _sql


def _encode_counts(counts):
    r"""
    Return fiber-type counts as JSON text (exact integers as strings).

    EXAMPLES::

        sage: from sage_hcsf.store.results import _encode_counts, _decode_counts
        sage: text = _encode_counts({(2, 1): 4, Partition([1, 1, 1]): 2}); text
        '[[[2, 1], "4"], [[1, 1, 1], "2"]]'
        sage: _decode_counts(text) == {(2, 1): 4, (1, 1, 1): 2}
        True
    """
    return json.dumps([[[int(x) for x in la], str(int(c))] for la, c in counts.items()])


def _decode_counts(text):
    r"""
    Invert :func:`_encode_counts`: ``{partition tuple: int}``.

    EXAMPLES::

        sage: from sage_hcsf.store.results import _decode_counts
        sage: _decode_counts('[[[3], "1"]]')
        {(3,): 1}
    """
    return {tuple(la): int(c) for la, c in json.loads(text)}


class ResultStore(Database):
    r"""
    A result store in the SQLite file ``path`` (created if missing).

    INPUT:

    - ``path`` -- a file name (a string or a path), or ``":memory:"`` for a
      store that lives as long as the object (a folder, or anything else,
      is refused with an error naming it)
    - ``readonly`` -- boolean (default: ``False``); open for reading only
      (the file must exist)

    Opening checks the file: a file that is not an SQLite database, or a
    database of another application, raises :class:`StoreError` naming the
    file; a store written by a newer version of the package is refused.

    EXAMPLES::

        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: run = store.start_run("example")
        sage: store.put_task("trees", 5, "0/1", "hom", 3, b"...", 0.1, run)
        sage: store.task("trees", 5, "0/1", "hom")
        (3, b'...')
        sage: store.end_run(run, "done"); store.summary()["runs"][0]["status"]
        'done'

    TESTS::

        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "notes.txt")
        sage: _ = open(path, "w").write("not a database" * 100)
        sage: ResultStore(path)
        Traceback (most recent call last):
        ...
        StoreError: .../notes.txt is not a sage_hcsf result store (file is not a database)
        sage: ResultStore("/nonexistent/dir/x.db")
        Traceback (most recent call last):
        ...
        StoreError: cannot create the result store /nonexistent/dir/x.db: the directory /nonexistent/dir does not exist
    """

    def start_run(self, command):
        r"""
        Record the start of a sweep; return its run id.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.start_run("verify trees"), store.start_run("again")
            (1, 2)
        """
        from importlib.metadata import PackageNotFoundError, version
        try:
            __version__ = version("sage_hcsf")
        except PackageNotFoundError:   # run from a source tree that was not installed
            __version__ = "unknown"
        self.flush()
        return self._commit([("INSERT INTO runs (command, version, started, host, status) "
                              "VALUES (?, ?, ?, ?, 'running')",
                              (command, __version__, time.time(), socket.gethostname()))]).lastrowid

    def end_run(self, run_id, status):
        r"""
        Record the end of a sweep with ``status`` (``"done"``,
        ``"interrupted"``, ``"failed"``).

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.end_run(store.start_run("x"), "interrupted")
            sage: store.summary()["runs"][0]["status"]
            'interrupted'
        """
        self._write("UPDATE runs SET ended = ?, status = ? WHERE id = ?",
                    _sql(time.time(), status, run_id))

    # tasks --------------------------------------------------------------
    def task(self, family, n, part, stage):
        r"""
        Return ``(items, result)`` of a stored task, or ``None``.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:").task("trees", 5, "0/1", "hom") is None
            True
        """
        return self._read(
            "SELECT items, result FROM tasks WHERE family = ? AND n = ? AND part = ? "
            "AND stage = ?", _sql(family, n, part, stage)).fetchone()

    def put_task(self, family, n, part, stage, items, result, seconds, run_id):
        r"""
        Store the result of a task (a second store of the same task changes
        nothing: the first result stays).

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.put_task("trees", 4, "0/1", "hom", 2, b"a", 0.0, 1)
            sage: store.put_task("trees", 4, "0/1", "hom", 2, b"b", 0.0, 2)
            sage: store.task("trees", 4, "0/1", "hom")
            (2, b'a')
        """
        self._write("INSERT OR IGNORE INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    _sql(family, n, part, stage, items, result, seconds, run_id), seconds)

    def task_runs(self, family=None):
        r"""
        Return ``{run id: number of tasks it stored}`` (for ``family`` only,
        if given).

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.put_task("trees", 4, "0/1", "hom", 2, b"", 0.0, 7)
            sage: store.task_runs("trees"), store.task_runs("graphs")
            ({7: 1}, {})
        """
        query = "SELECT run_id, count(*) FROM tasks"
        rows = self._read(query + " WHERE family = ? GROUP BY run_id", (family,)) \
            if family else self._read(query + " GROUP BY run_id")
        return dict(rows.fetchall())

    # graphs, invariants, fiber counts -------------------------------------
    def put_graph(self, graph6, n, family):
        r"""
        Record a graph examined one by one (canonical ``graph6``).

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.put_graph("Bw", 3, "graphs"); store.summary()["graphs"]
            1
        """
        self._write("INSERT OR IGNORE INTO graphs VALUES (?, ?, ?)", _sql(graph6, n, family))

    def put_invariant(self, graph6, name, value, seconds=0.0):
        r"""
        Store an exact integer invariant of a graph (``seconds``: what it
        cost, so that a costly value is committed at once in a batch).

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.put_invariant("Bw", "aut", 2); store.invariants("Bw")
            {'aut': 2}
        """
        self._write("INSERT OR REPLACE INTO invariants VALUES (?, ?, ?)",
                    (graph6, name, str(int(value))), seconds)

    def invariants(self, graph6):
        r"""
        Return the stored invariants of a graph, ``{name: int}``.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:").invariants("Bw")
            {}
        """
        rows = self._read("SELECT name, value FROM invariants WHERE graph6 = ?",
                                (graph6,))
        return {name: int(value) for name, value in rows}

    def put_fiber_counts(self, G, counts, seconds=0.0, run_id=None, graph6=None,
                         split="unrecorded"):
        r"""
        Store the self fiber-type counts `N_\lambda(G, G)` of ``G``, made by
        the DP kernel of this version (:data:`~sage_hcsf.kernels.fiber_dp.KERNEL_VERSION`).

        INPUT:

        - ``G`` -- a graph (ignored when ``graph6`` is given)
        - ``counts`` -- a dictionary ``{partition: count}``
        - ``seconds``, ``run_id`` -- bookkeeping
        - ``graph6`` -- the canonical graph6 of ``G``, if known
        - ``split`` -- how the run divided its work (the ``split`` of a
          :class:`~sage_hcsf.fiber_types.dp.DPRun`), for the record

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.put_fiber_counts(graphs.CompleteGraph(2), {(1, 1): 2})
            sage: store.summary()["fiber counts"]
            1
        """
        from sage_hcsf.kernels.fiber_dp import KERNEL_VERSION
        graph6 = graph6 or canonical_graph6(G)
        n = sum(next(iter(counts))) if counts else 0
        self._write("INSERT OR REPLACE INTO fiber_counts VALUES (?, ?, ?, ?, ?, ?, ?)",
                    _sql(graph6, n, _encode_counts(counts), seconds, run_id, KERNEL_VERSION,
                         split), seconds)

    def fiber_counts(self, graph6):
        r"""
        Return the stored counts of the graph with canonical ``graph6`` as
        ``{partition tuple: int}``, or ``None`` (also when they were made by
        an older version of the DP kernel).

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:").fiber_counts("Bw") is None
            True
        """
        from sage_hcsf.kernels.fiber_dp import KERNEL_VERSION
        row = self._read("SELECT counts FROM fiber_counts WHERE graph6 = ? AND kernel = ?",
                         (graph6, KERNEL_VERSION)).fetchone()
        return None if row is None else _decode_counts(row[0])

    def self_fiber_type_counts(self, G):
        r"""
        Return the stored `N_\lambda(G, G)` of a graph, as
        :func:`~sage_hcsf.fiber_types.counts.fiber_type_counts` would, or ``None``
        if the store does not have them.

        The graph is looked up by its canonical form: any labelling, and
        any input form, finds it.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.put_fiber_counts("Bw", {(1, 1, 1): 6})
            sage: store.self_fiber_type_counts(graphs.CompleteGraph(3))
            {[1, 1, 1]: 6}
        """
        from sage.combinat.partition import Partition
        from sage.rings.integer import Integer
        counts = self.fiber_counts(canonical_graph6(G))
        if counts is None:
            return None
        return {Partition(list(la)): Integer(c)
                for la, c in sorted(counts.items(), reverse=True)}

    # verdicts -----------------------------------------------------------
    def put_verdict(self, family, n, verdict, run_id):
        r"""
        Store the verdict (a JSON-friendly dictionary) of a certified sweep
        of ``family`` on ``n`` vertices, replacing an older one.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.put_verdict("trees", 5, {"graphs": 3}, 1)
            sage: store.verdicts()
            {('trees', 5): {'graphs': 3}}
        """
        self._write("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?)",
                    _sql(family, n, json.dumps(verdict, default=_json_default), run_id))

    def verdicts(self, family=None):
        r"""
        Return the stored verdicts, ``{(family, n): verdict}``.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:").verdicts()
            {}
        """
        rows = self._read("SELECT family, n, verdict FROM verdicts ORDER BY family, n")
        return {(f, n): json.loads(v) for f, n, v in rows if family in (None, f)}

    def put_rungs(self, family, n, groups_by_graph):
        r"""
        Store, for each graph of a first-rung collision of a sweep, its
        group after each rung of the ladder (``-1`` once it is alone):
        two graphs were separated by the first rung where their groups
        differ (:meth:`separating_rung`). Linear in the graphs, whatever
        the number of pairs.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store.put_rungs("trees", 4, {"a": [0, 0, -1], "b": [0, 0, -1]})
            sage: store.rungs("trees", 4)
            {'a': [0, 0, -1], 'b': [0, 0, -1]}
        """
        for graph6, groups in groups_by_graph.items():
            self._write("INSERT OR REPLACE INTO rungs VALUES (?, ?, ?, ?)",
                        _sql(family, n, graph6, json.dumps([int(x) for x in groups])))

    def rungs(self, family, n):
        r"""
        Return ``{graph6: groups after each rung}`` of an order of a sweep.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:").rungs("trees", 4)
            {}
        """
        try:
            rows = self._read("SELECT graph6, groups FROM rungs WHERE family = ? AND n = ?",
                              _sql(family, n)).fetchall()
        except sqlite3.OperationalError:   # a store of schema 1 opened read-only
            return {}
        return {graph6: json.loads(groups) for graph6, groups in rows}

    def separating_rung(self, family, n, first, second):
        r"""
        Return the name of the rung of the certificate ladder that
        separated two graphs of a sweep (canonical graph6), the first
        rung if they never collided, or ``None`` if no rung did (equal
        invariants, or undecided).

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: r = certify_self_csf("trees", 14, min_n=14, store=store, processes=1, progress=False)
            sage: store.separating_rung("trees", 14, *r.verdicts[14]["separated"][0]["graphs"])
            '|Aut(G)|'
        """
        verdict = self.verdicts(family).get((family, n))
        if verdict is None:
            raise ValueError(f"no verdict of {family} on {n} vertices in {self.path}")
        names = [stage["invariant"] for stage in verdict["stages"]]
        paths = self.rungs(family, n)
        a, b = paths.get(first), paths.get(second)
        if a is None or b is None:
            return names[0]
        for name, x, y in zip(names, a, b):
            if x != y or x == -1:
                return name
        return None

    def summary(self):
        r"""
        Return a summary of the store: runs, numbers of tasks, graphs and
        fiber counts, and the verdicts.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: sorted(ResultStore(":memory:").summary())
            ['fiber counts', 'graphs', 'invariants', 'path', 'runs', 'tasks', 'verdicts']
        """
        self.flush()
        db = self._db
        runs = [dict(zip(("id", "command", "version", "started", "ended", "host", "status"), row))
                for row in db.execute("SELECT * FROM runs ORDER BY id")]
        tasks = {}
        for family, n, stage, count, items, seconds in db.execute(
                "SELECT family, n, stage, count(*), sum(items), sum(seconds) FROM tasks "
                "GROUP BY family, n, stage ORDER BY family, n, stage"):
            tasks.setdefault(family, []).append({"n": n, "stage": stage, "tasks": count,
                                                 "items": items, "seconds": seconds})
        count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
        return {"path": self.path, "runs": runs, "tasks": tasks, "graphs": count("graphs"),
                "invariants": count("invariants"), "fiber counts": count("fiber_counts"),
                "verdicts": {f"{f} n={n}": v for (f, n), v in self.verdicts().items()}}


#: What a ``store=`` argument accepts, in the words of its refusals.
STORES = "a ResultStore, the name of its file (a string or a path), or None"


def opened_store(store, name="store"):
    r"""
    Return the :class:`ResultStore` of a ``store`` argument and whether it
    was opened here (the caller closes it then): a store as it is, a file
    name (a string or a path) opened, anything else refused with an error
    naming ``name`` (the callers say what ``None`` means).

    EXAMPLES::

        sage: from sage_hcsf.store.results import ResultStore, opened_store
        sage: store = ResultStore(":memory:")
        sage: opened_store(store) == (store, False), opened_store(":memory:")[1]
        (True, True)
        sage: opened_store(5)
        Traceback (most recent call last):
        ...
        TypeError: store must be a ResultStore, the name of its file (a string or a path), or None; got 5
    """
    if isinstance(store, ResultStore):
        return store, False
    if isinstance(store, (str, os.PathLike)):
        return ResultStore(store), True
    raise refusal(name, STORES, store)


def export_store(store):
    r"""
    Return everything a store knows about graphs and families, as a
    JSON-friendly dictionary (``sage-hcsf db FILE --export``): the verdicts
    (``"family n=N"``: the full verdict) and, for every graph examined one
    by one or counted, its order, family, invariants and self fiber-type
    counts (``[[partition], count]`` pairs, or ``None``).

    EXAMPLES::

        sage: from sage_hcsf.store import ResultStore, export_store
        sage: store = ResultStore(":memory:")
        sage: store.put_graph("Bw", 3, "graphs"); store.put_invariant("Bw", "aut", 6)
        sage: store.put_fiber_counts("Bw", {(1, 1, 1): 6})
        sage: store.put_verdict("graphs", 3, {"graphs": 4}, 1)
        sage: export_store(store)
        {'graphs': {'Bw': {'family': 'graphs', 'fiber-type counts': [[[1, 1, 1], 6]],
                           'invariants': {'aut': 6}, 'n': 3}},
         'verdicts': {'graphs n=3': {'graphs': 4}}}
    """
    if not isinstance(store, ResultStore):
        raise refusal("store", "a ResultStore", store)
    store.flush()
    rows = store._read("SELECT graph6, n, NULL FROM fiber_counts UNION "
                       "SELECT graph6, n, family FROM graphs ORDER BY 1")
    graphs = {}
    for graph6, n, family in rows.fetchall():
        entry = graphs.setdefault(graph6, {"n": n, "family": None})
        entry["family"] = entry["family"] or family
    for graph6, entry in graphs.items():
        counts = store.fiber_counts(graph6)
        entry["invariants"] = store.invariants(graph6)
        entry["fiber-type counts"] = None if counts is None else \
            [[list(la), c] for la, c in sorted(counts.items(), reverse=True)]
    return {"verdicts": {f"{f} n={n}": v for (f, n), v in store.verdicts().items()},
            "graphs": graphs}
