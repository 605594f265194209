r"""
The result store: an embedded SQLite database for sweeps

Every sweep of :mod:`sage_hcsf` keeps what it computes in a
:class:`ResultStore`, a single SQLite file (standard library ``sqlite3``,
write-ahead log), so that a sweep killed at any moment -- Ctrl-C,
``kill -9``, a power cut -- resumes where it stopped: what was committed is
never computed again, nothing is lost and nothing is stored twice. Readers
may query the file while a sweep writes to it (``sage-hcsf db FILE``).

Tables:

- ``runs`` -- one row a sweep: command, package version, start and end
  times, host, status (``running``, ``done``, ``interrupted``);
- ``tasks`` -- the results of the units of work of a sweep, keyed by
  ``(family, n, part, stage)``;
- ``graphs`` -- graphs examined one by one: canonical graph6, order, family;
- ``invariants`` -- invariant values of those graphs (exact integers);
- ``fiber_counts`` -- full fiber-type counts `N_\lambda(G, G)`, i.e. the
  self-CSFs, by canonical graph6, with the version of the DP kernel and
  the split of the work that computed them (counts of an older kernel
  version are not reused: they are computed again);
- ``verdicts`` -- the verdict of a certified sweep, by family and `n`;
- ``rungs`` -- for each graph still colliding after the first rung of a
  sweep, its group after each rung of the certificate ladder (so the rung
  that separated any pair can be told).

A store is recognised by SQLite's ``application_id`` and carries its schema
version in ``user_version``; any other file is refused with a message naming
it.

EXAMPLES::

    sage: from sage_hcsf.store import ResultStore
    sage: import os, tempfile
    sage: path = os.path.join(tempfile.mkdtemp(), "results.db")
    sage: store = ResultStore(path)
    sage: P3 = graphs.PathGraph(3)
    sage: store.self_fiber_type_counts(P3) is None
    True
    sage: store.put_fiber_counts(P3, {(2, 1): 4, (1, 1, 1): 2})
    sage: store.self_fiber_type_counts(Graph([(5, 6), (6, 7)]))   # any labelling
    {[1, 1, 1]: 2, [2, 1]: 4}
    sage: store.close()
"""
# The public names (and the old paths sage_hcsf.store.NAME)
from sage_hcsf.graphs.graph_data import canonical_graph6  # noqa: F401
from sage_hcsf.store.database import SCHEMA_VERSION, StoreError  # noqa: F401
from sage_hcsf.store.results import STORES, ResultStore, export_store, opened_store  # noqa: F401
