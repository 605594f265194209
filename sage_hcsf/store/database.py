r"""
The SQLite file under a result store: opened, checked, written in batches

:class:`Database` opens (or creates) the file, recognises it by SQLite's
``application_id`` and its schema version (``user_version``), refuses any
other file with a message naming it, and writes in transactions that are
whole or absent: a batch of cheap records is committed within a second, an
expensive one at once, and no transaction stays open while a sweep computes.
:class:`~sage_hcsf.store.results.ResultStore` is what is recorded in it.

EXAMPLES::

    sage: from sage_hcsf.store.database import Database, SCHEMA_VERSION
    sage: db = Database(":memory:")
    sage: db._read("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    True
    sage: db.close()
"""
import numbers
import os
import sqlite3
import time
import urllib.parse

from sage_hcsf.settings import checked_boolean, refusal

APPLICATION_ID = 0x48435346   # "HCSF"


SCHEMA_VERSION = 2


_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, command TEXT NOT NULL, version TEXT NOT NULL,
    started REAL NOT NULL, ended REAL, host TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
    family TEXT NOT NULL, n INTEGER NOT NULL, part TEXT NOT NULL, stage TEXT NOT NULL,
    items INTEGER NOT NULL, result BLOB, seconds REAL NOT NULL, run_id INTEGER NOT NULL,
    PRIMARY KEY (family, n, part, stage));
CREATE TABLE IF NOT EXISTS graphs (
    graph6 TEXT PRIMARY KEY, n INTEGER NOT NULL, family TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS invariants (
    graph6 TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (graph6, name));
CREATE TABLE IF NOT EXISTS fiber_counts (
    graph6 TEXT PRIMARY KEY, n INTEGER NOT NULL, counts TEXT NOT NULL, seconds REAL NOT NULL,
    run_id INTEGER, kernel INTEGER NOT NULL, split TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS verdicts (
    family TEXT NOT NULL, n INTEGER NOT NULL, verdict TEXT NOT NULL, run_id INTEGER NOT NULL,
    PRIMARY KEY (family, n));
CREATE TABLE IF NOT EXISTS rungs (
    family TEXT NOT NULL, n INTEGER NOT NULL, graph6 TEXT NOT NULL, groups TEXT NOT NULL,
    PRIMARY KEY (family, n, graph6));
"""


def _sql(*values):
    r"""
    Return ``values`` as SQLite takes them: Sage integers and reals become
    Python ``int`` and ``float``.

    EXAMPLES::

        sage: from sage_hcsf.store.database import _sql
        sage: [type(x).__name__ for x in _sql(5, 0.5, "a", b"b", None)]
        ['int', 'float', 'str', 'bytes', 'NoneType']
    """
    return tuple(int(v) if isinstance(v, numbers.Integral) else
                 float(v) if isinstance(v, numbers.Real) else v for v in values)


def _json_default(value):
    r"""
    Serialise Sage integers and reals for ``json.dumps``.

    EXAMPLES::

        sage: import json
        sage: from sage_hcsf.store.database import _json_default
        sage: json.dumps({"n": 5, "x": 0.5}, default=_json_default)
        '{"n": 5, "x": 0.5}'
    """
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"cannot store {value!r} of type {type(value)} as JSON")


class StoreError(ValueError):
    r"""
    Raised when a file cannot serve as a result store (not a database, a
    foreign database, a newer schema, an unwritable place).

    EXAMPLES::

        sage: from sage_hcsf.store import StoreError
        sage: issubclass(StoreError, ValueError)
        True
    """



class Database:
    r"""
    The SQLite file ``path`` of a result store (created if missing); see
    :class:`~sage_hcsf.store.results.ResultStore`.

    EXAMPLES::

        sage: from sage_hcsf.store.database import Database
        sage: Database("/nonexistent/dir/x.db")
        Traceback (most recent call last):
        ...
        StoreError: cannot create the result store /nonexistent/dir/x.db: the directory /nonexistent/dir does not exist
        sage: import tempfile; folder = tempfile.mkdtemp()
        sage: Database(folder, readonly=True)
        Traceback (most recent call last):
        ...
        StoreError: /... is a folder, not a result store
        sage: Database(5)
        Traceback (most recent call last):
        ...
        TypeError: path must be the name of a file (a string or a path), or ':memory:'; got 5
    """

    def __init__(self, path, readonly=False):
        r"""
        Open (or create) the store; see :class:`ResultStore`.

        TESTS::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:", readonly=True)
            Traceback (most recent call last):
            ...
            StoreError: a read-only store needs an existing file; got ':memory:'
        """
        if not isinstance(path, (str, os.PathLike)) or isinstance(os.fspath(path), bytes):
            raise refusal("path", "the name of a file (a string or a path), or ':memory:'", path)
        self.path = os.fspath(path)
        self._batch, self._pending, self._opened, self._work = None, [], 0.0, 0.0
        memory = self.path == ":memory:"
        checked_boolean("readonly", readonly)
        if os.path.isdir(self.path):
            raise StoreError(f"{self.path} is a folder, not a result store")
        if readonly and (memory or not os.path.exists(self.path)):
            raise StoreError(f"a read-only store needs an existing file; got {self.path!r}")
        if not memory and not readonly:
            folder = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(folder):
                raise StoreError(f"cannot create the result store {self.path}: the directory "
                                 f"{folder} does not exist")
            if not os.access(folder, os.W_OK) or (os.path.exists(self.path)
                                                  and not os.access(self.path, os.W_OK)):
                raise StoreError(f"cannot write the result store {self.path}: permission denied")
        uri = f"file:{urllib.parse.quote(os.path.abspath(self.path))}?mode=ro" if readonly \
            else self.path
        try:
            self._db = sqlite3.connect(uri, uri=readonly, timeout=60, isolation_level=None)
            self._check_and_initialise(readonly)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path} is not a sage_hcsf result store ({error})") from None

    def _check_and_initialise(self, readonly):
        r"""
        Check the application id and schema version; create the tables of a
        new store.

        TESTS::

            sage: from sage_hcsf.store import ResultStore
            sage: import os, sqlite3, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "other.db")
            sage: db = sqlite3.connect(path); _ = db.execute("CREATE TABLE t (x)"); db.commit(); db.close()
            sage: ResultStore(path)
            Traceback (most recent call last):
            ...
            StoreError: .../other.db is a database of another application (application_id 0); not a sage_hcsf result store
            sage: path = os.path.join(tempfile.mkdtemp(), "future.db")
            sage: ResultStore(path).close()
            sage: ResultStore(path, readonly=True).close()   # a store, read only
            sage: db = sqlite3.connect(path); _ = db.execute("PRAGMA user_version = 99"); db.commit(); db.close()
            sage: empty = os.path.join(tempfile.mkdtemp(), "empty?#%.db")
            sage: _ = open(empty, "w")
            sage: ResultStore(empty, readonly=True)
            Traceback (most recent call last):
            ...
            StoreError: ...empty?#%.db is not a sage_hcsf result store (it is empty)
            sage: ResultStore(path)
            Traceback (most recent call last):
            ...
            StoreError: .../future.db was written by a newer sage_hcsf (store schema 99; this version reads schema 2); upgrade sage_hcsf or use another file
        """
        db = self._db
        application = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if application != APPLICATION_ID and (tables or application):
            raise StoreError(f"{self.path} is a database of another application "
                             f"(application_id {application}); not a sage_hcsf result store")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer sage_hcsf (store schema "
                             f"{version}; this version reads schema {SCHEMA_VERSION}); upgrade "
                             "sage_hcsf or use another file")
        if readonly:
            if not tables:
                raise StoreError(f"{self.path} is not a sage_hcsf result store (it is empty)")
            return
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        if version < SCHEMA_VERSION:
            statements = [s for s in _SCHEMA.split(";") if s.strip()]
            if version == 1 and tables:
                # schema 1 kept no kernel version: its full counts may come
                # from the faulty prefix split of DP kernel 1; keep them
                # aside, never read, and compute them again
                statements.insert(0, "ALTER TABLE fiber_counts RENAME TO fiber_counts_kernel1")
            self._commit(statements + [f"PRAGMA application_id = {APPLICATION_ID}",
                                       f"PRAGMA user_version = {SCHEMA_VERSION}"])

    def _commit(self, statements):
        r"""
        Run ``statements`` (SQL text, or ``(sql, parameters)`` pairs) in one
        transaction: all of them or, on any exception (``KeyboardInterrupt``
        included), none. Return the cursor of the last one.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: class Stop:
            ....:     def __iter__(self):
            ....:         yield "INSERT INTO graphs VALUES ('A_', 2, 'x')"
            ....:         raise KeyboardInterrupt
            sage: try:
            ....:     store._commit(Stop())
            ....: except KeyboardInterrupt:
            ....:     pass
            sage: store.summary()["graphs"]
            0
        """
        db = self._db
        cursor = None
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                cursor = db.execute(*((statement,) if isinstance(statement, str) else statement))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return cursor

    def _write(self, sql, parameters, seconds=0.0):
        r"""
        Store one record: at once, or inside :meth:`batched` with the
        records of the batch.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: store._write("INSERT INTO graphs VALUES (?, ?, ?)", ("Bw", 3, "graphs"))
            sage: store.summary()["graphs"]
            1
        """
        if not self._pending:
            self._opened = time.monotonic()
        self._pending.append((sql, _sql(*parameters)))
        self._work += seconds
        if self._batch is None or max(self._work, time.monotonic() - self._opened) >= self._batch:
            self.flush()

    def _read(self, sql, parameters=()):
        r"""
        Return a cursor over a query, after storing the pending records.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:")._read("SELECT count(*) FROM runs").fetchone()
            (0,)
        """
        self.flush()
        return self._db.execute(sql, parameters)

    def flush(self):
        r"""
        Commit the records that :meth:`batched` holds back.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: with store.batched(3600):
            ....:     store.put_graph("Bw", 3, "graphs")
            ....:     len(store._pending)
            ....:     store.flush(); len(store._pending)
            1
            0
        """
        if self._pending:
            self._commit(self._pending)
            self._pending, self._work = [], 0.0

    def batched(self, seconds=1.0):
        r"""
        Return a context manager in which records are committed together:
        at the first record ``seconds`` after the oldest one held back, or
        once the records held back took ``seconds`` to compute, before any
        query, and at its end (also on an exception: every record is
        complete). A sweep that stores thousands of small results a second
        pays one disk synchronisation a batch, an expensive result is
        committed at once, and no transaction stays open while the sweep
        computes: other processes can write to the store meanwhile. A crash
        loses only results that are cheap to compute again.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: store = ResultStore(":memory:")
            sage: with store.batched():
            ....:     for k in range(1000):
            ....:         store.put_invariant(f"g{k}", "aut", k)
            sage: store.summary()["invariants"]
            1000
        """
        return _Batch(self, seconds)

    def close(self):
        r"""
        Close the database file.

        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:").close()
        """
        self.flush()
        self._db.close()

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.store import ResultStore
            sage: ResultStore(":memory:")
            sage_hcsf result store :memory:
        """
        return f"sage_hcsf result store {self.path}"

    # runs ---------------------------------------------------------------


class _Batch:
    r"""
    The context manager of :meth:`ResultStore.batched`.

    EXAMPLES::

        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: with store.batched(60):
        ....:     store.put_graph("Bw", 3, "graphs")
        ....:     store._db.in_transaction, len(store._pending)
        (False, 1)
        sage: store.summary()["graphs"]
        1
    """

    def __init__(self, store, seconds):
        self.store, self.seconds = store, seconds

    def __enter__(self):
        self.store._batch = self.seconds
        return self.store

    def __exit__(self, kind, value, traceback):
        self.store._batch = None
        self.store.flush()
        return False

