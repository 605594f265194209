r"""
The self fiber-type counts of many graphs, resumable through a store

:func:`self_fiber_counts` computes `N_\lambda(G, G)` for a list of graphs on
an executor of :mod:`sage_hcsf.parallel`, checked
(:func:`~sage_hcsf.fiber_types.dp.checked_self_counts`), keeping each count in a
:class:`~sage_hcsf.store.ResultStore` as it arrives, so that an interrupted
batch resumes. Claims 1 and 2 group all graphs by self-CSF this way.

EXAMPLES::

    sage: from sage_hcsf.certify.batch import self_fiber_counts
    sage: counts = self_fiber_counts(["Bg", "B_"], processes=1, progress=False)  # P3, K2 + K1
    sage: counts["Bg"] == counts["B_"]
    True
"""

import time

from sage_hcsf.parallel.executors import run_sweep


def self_counts_worker(graph6):
    r"""
    Return ``(graph6, ({partition tuple: int}, split), seconds)`` for
    ``X_G^G``: the counts of :func:`~sage_hcsf.fiber_types.dp.checked_self_counts`
    and how its run divided the work.

    EXAMPLES::

        sage: from sage_hcsf.certify.batch import self_counts_worker
        sage: g6, (counts, split), seconds = self_counts_worker(graphs.PathGraph(3).graph6_string())
        sage: counts == {(1, 1, 1): 2, (2, 1): 4}
        True
    """
    from sage_hcsf.fiber_types.dp import checked_self_counts
    start = time.perf_counter()
    run = checked_self_counts(graph6)
    return graph6, (run.result, run.split), time.perf_counter() - start


def self_fiber_counts(graph6_strings, processes=None, progress=True, store=None,
                      description="self-CSF", executor=None):
    r"""
    Return the fiber-type counts of `X_G^G` for each graph.

    INPUT:

    - ``graph6_strings`` -- iterable of graph6 strings
    - ``processes``, ``progress``, ``executor`` -- as in :func:`run_sweep`
    - ``store`` -- a :class:`~sage_hcsf.store.ResultStore` or ``None``;
      counts found there are not computed again, new ones are stored as
      they arrive (so an interrupted sweep resumes)
    - ``description`` -- label of the progress bar (default: ``"self-CSF"``)

    OUTPUT: ``{graph6: {partition tuple: int}}``

    EXAMPLES::

        sage: from sage_hcsf.certify.batch import self_fiber_counts
        sage: from sage_hcsf.store import ResultStore
        sage: P3, K2K1 = "Bg", "B_"
        sage: store = ResultStore(":memory:")
        sage: counts = self_fiber_counts([P3, K2K1], processes=1, progress=False, store=store)
        sage: counts[P3] == counts[K2K1], store.summary()["fiber counts"]
        (True, 2)
    """
    graph6_strings = list(dict.fromkeys(graph6_strings))
    known, canonical = {}, {}
    if store is not None:
        from sage_hcsf.graphs.graph_data import canonical_graph6
        for g6 in graph6_strings:
            canonical[g6] = canonical_graph6(g6)
            counts = store.fiber_counts(canonical[g6])
            if counts is not None:
                known[g6] = counts

    def keep(g6, result, seconds):
        if store is not None:
            counts, split = result
            store.put_fiber_counts(None, counts, seconds, graph6=canonical[g6], split=split)

    todo = [g6 for g6 in graph6_strings if g6 not in known]
    computed = run_sweep(self_counts_worker, todo, processes, progress, description,
                         executor, keep)
    known.update((g6, counts) for g6, (counts, _) in computed.items())
    return {g6: known[g6] for g6 in graph6_strings}
