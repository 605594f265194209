r"""
Certified runs: check the orders, walk them, recheck; and the ladder for a claim

:func:`certify_self_csf` is the sweep of a family the command ``verify`` runs:
it checks its arguments before any work (:func:`check_orders`), opens the
store and the executor, asks the :class:`~sage_hcsf.certify.sweep.Sweep` for
the verdict of each order, rechecks random pairs independently on request,
and returns a :class:`~sage_hcsf.certify.report.CertificationReport`.

:func:`ladder_classes` walks the same ladder over groups of graphs that a
claim needs told apart (spiders with different numbers of legs, ...).

EXAMPLES::

    sage: from sage_hcsf.certify.runs import certify_self_csf
    sage: certify_self_csf("trees", 10, processes=1, progress=False)
    trees on 1..10 vertices: every pair separated
"""

import sqlite3
import time
from typing import NamedTuple

from sage_hcsf.certify.enumeration import Family, family

# CERTIFICATES is also sage_hcsf.certify.ladder.CERTIFICATES, the ladder the sweeps walk
from sage_hcsf.certify.ladder import ladder as certificate_ladder
from sage_hcsf.certify.recheck import recheck_pairs
from sage_hcsf.certify.report import CertificationReport
from sage_hcsf.certify.sweep import Sweep
from sage_hcsf.certify.tasks import full_counts_task, values_by_tasks
from sage_hcsf.certify.verdict import pairs, refine
from sage_hcsf.parallel.executors import make_executor
from sage_hcsf.settings import (
    byte_count,
    checked_boolean,
    checked_function,
    checked_integer,
    checked_text,
    non_negative_integer,
    refusal,
)
from sage_hcsf.store import opened_store


def check_orders(family_name, max_n=None, min_n=1):
    r"""
    Return the :class:`Family` called ``family_name`` (or given as one) and
    the orders `n`, `min_n \le n \le max_n`, a sweep of it takes; raise
    ``ValueError`` saying what is accepted otherwise.

    ``max_n`` may be ``None`` for a file family: all its orders from
    ``min_n`` on.

    EXAMPLES::

        sage: from sage_hcsf.certify.runs import check_orders
        sage: fam, orders = check_orders("trees", 5); fam.name, orders
        ('trees', [1, 2, 3, 4, 5])
        sage: check_orders("trees", 70)
        Traceback (most recent call last):
        ...
        ValueError: max_n must be an integer from 1 to 32 for trees; got 70
        sage: check_orders("graphs", 11)
        Traceback (most recent call last):
        ...
        ValueError: max_n must be an integer from 1 to 10 for graphs; got 11
        sage: check_orders("graphs", 5, 6)
        Traceback (most recent call last):
        ...
        ValueError: min_n must be an integer from 1 to max_n = 5; got 6
        sage: check_orders("trees", "12")
        Traceback (most recent call last):
        ...
        TypeError: max_n must be an integer from 1 to 32 for trees; got '12' (str)
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
        max_n = max(fam.orders(), default=1)
    max_n = checked_integer("max_n", max_n, 1, most=fam.max_order,
                            accepts=f"an integer from 1 to {fam.max_order} for {fam.label}")
    min_n = checked_integer("min_n", min_n, 1, most=max_n,
                            accepts=f"an integer from 1 to max_n = {max_n}")
    orders = [n for n in range(min_n, max_n + 1) if fam.kind != "file" or n in fam.orders()]
    if not fam.orders():
        raise ValueError(f"{fam.path} holds no graph")
    if not orders:
        raise ValueError(f"{fam.path} has no graph on {min_n} to {max_n} vertices (its graphs "
                         f"have {', '.join(map(str, fam.orders()))})")
    return fam, orders


def certify_self_csf(family_name, max_n=None, min_n=1, store=None, executor=None, processes=None,
                     progress=True, memory_budget=None, recheck=0, seed=0, command=None,
                     on_order=None, invariant="self-csf", disk_budget=None):
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
    - ``executor`` -- an executor of :mod:`sage_hcsf.parallel`, ``"local"``,
      ``"dask://HOST:PORT"``, or ``None`` (the local process pool with
      ``processes`` workers)
    - ``progress`` -- show progress bars (default: ``True``)
    - ``memory_budget`` -- bytes (an integer, or a string such as ``"8G"``),
      the budget of each full fiber-type count (default:
      :func:`~sage_hcsf.settings.memory_budget`); graphs beyond it leave
      their pairs undecided
    - ``recheck`` -- recompute this many random separated pairs
      independently (full fiber-type counts, and enumeration when there
      are at most `10^6` homomorphisms) and report any disagreement
    - ``seed`` -- the seed of the random choice of rechecked pairs
    - ``command`` -- how the run is recorded in the store
    - ``on_order`` -- a function called with each verdict as its order is
      finished (to print it)
    - ``invariant`` -- the ladder of certificates walked, a key of
      :data:`~sage_hcsf.certify.ladder.LADDERS` (default: ``"self-csf"``)
    - ``disk_budget`` -- bytes (or a string such as ``"40G"``): the most
      disk the first pass of trees may fill at once (default: nine tenths
      of the free space beside the store; see
      :mod:`sage_hcsf.certify.first_pass`)

    OUTPUT: a :class:`CertificationReport`

    On Ctrl-C (or a ``BrokenPipeError`` from ``on_order``: the reader of
    the output went away) the store keeps every result committed so far
    and the run is marked ``interrupted``; the same call with the same
    store resumes.

    EXAMPLES::

        sage: from sage_hcsf.certify.runs import certify_self_csf
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
        sage: ResultStore(path).task_runs("trees")   # plan, layout, records, candidates, details
        {1: 60}

    TESTS:

    Every argument is checked before any work::

        sage: certify_self_csf("trees", 0)
        Traceback (most recent call last):
        ...
        ValueError: max_n must be an integer from 1 to 32 for trees; got 0
        sage: certify_self_csf("trees", 5, memory_budget=-1)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a number of bytes: ...; got -1
        sage: certify_self_csf("trees", 5, store=5)
        Traceback (most recent call last):
        ...
        TypeError: store must be a ResultStore, the name of its file (a string or a path), or None; got 5
        sage: certify_self_csf("trees", 5, on_order=5)
        Traceback (most recent call last):
        ...
        TypeError: on_order must be a function of a verdict (called as each order is finished), or None; got 5
        sage: certify_self_csf(["trees"], 5)
        Traceback (most recent call last):
        ...
        TypeError: family must be trees, graphs, connected, forests, or the path of a file of graph6 strings; got ['trees'] (list)
    """
    fam, orders = check_orders(family_name, max_n, min_n)
    if disk_budget is not None:
        disk_budget = byte_count("disk_budget", disk_budget)
    if memory_budget is not None:
        memory_budget = byte_count("memory_budget", memory_budget)
    recheck, seed = non_negative_integer("recheck", recheck), non_negative_integer("seed", seed)
    checked_boolean("progress", progress)
    checked_text("command", command)
    checked_function("on_order", on_order, "a function of a verdict (called as each order "
                     "is finished), or None")
    fam.check_domain(certificate_ladder(fam.kind, invariant)[0], orders, invariant)
    own_executor = not hasattr(executor, "map_unordered")
    executor = make_executor(executor, processes) if own_executor else executor
    try:
        store, own_store = opened_store(":memory:" if store is None else store)
    except BaseException:   # a wrong store: nothing was started
        if own_executor:
            executor.close()
        raise
    report = CertificationReport(fam.label, orders, invariant=invariant)
    skipped = sum(len(fam.lines(n)) for n in fam.orders() if n not in orders)
    if skipped:
        report.notes.append(f"{skipped} graph{'s' if skipped > 1 else ''} of the file with "
                            f"fewer than {orders[0]} or more than {orders[-1]} vertices: "
                            "not checked")
    run_id = store.start_run(command or f"certify_self_csf({family_name!r}, {max_n})")
    start = time.perf_counter()
    status = "failed"
    try:
        sweep = Sweep(fam, store, executor, progress, memory_budget, run_id, invariant,
                      disk_budget)
        with store.batched():
            for n in orders:
                report.verdicts[n] = sweep.verdict(n)
                if on_order is not None:
                    on_order(report.verdicts[n])
        if recheck:
            report.recheck = recheck_pairs(sweep, report, recheck, seed)
        status = "done"
    except (KeyboardInterrupt, BrokenPipeError):   # Ctrl-C, or the reader of the output left
        status = "interrupted"
        if own_executor:   # the workers ignore Ctrl-C: stop their tasks now
            executor.close(kill=True)
        raise
    finally:
        report.seconds = time.perf_counter() - start
        try:
            store.end_run(run_id, status)
        except sqlite3.OperationalError:   # a full disk: the run stays "running"
            if status == "done":
                raise
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

        sage: from sage_hcsf.certify.runs import LadderClasses
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
      (:func:`~sage_hcsf.certify.ladder.ladder`)
    - ``processes``, ``executor`` -- where the work runs (see
      :func:`certify_self_csf`)
    - ``memory_budget`` -- bytes, the budget of each full count (default:
      :func:`~sage_hcsf.settings.memory_budget`)

    OUTPUT: a :class:`LadderClasses`

    EXAMPLES:

    Spiders on at most 12 vertices, pairs with different numbers of legs::

        sage: from sage_hcsf.certify.runs import ladder_classes
        sage: from sage_hcsf.graphs.families import spiders
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
    accepts = "lists of graph6 strings"
    if isinstance(groups, (str, bytes)) or not hasattr(groups, "__iter__"):
        raise refusal("groups", accepts, groups)
    groups = list(groups)
    for group in groups:
        if isinstance(group, (str, bytes)) or not hasattr(group, "__iter__") or \
                not all(isinstance(g, str) for g in group):
            raise refusal("groups", accepts, groups)
    if not callable(relevant):
        raise refusal("relevant", "a function of a list of graph6 strings", relevant)
    ladder = certificate_ladder(kind)
    checked_boolean("progress", progress)
    if not isinstance(description, str):
        raise refusal("description", "a string (the label of the progress bars)", description)
    if memory_budget is not None:
        memory_budget = byte_count("memory_budget", memory_budget)
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
                beyond_pairs = [(g, h) for group in groups for i, g in enumerate(group)
                                for h in group[i + 1:] if g in reasons or h in reasons]
                undecided = [{"graphs": [g, h], "reason": reasons.get(g) or reasons.get(h)}
                             for g, h in beyond_pairs if relevant([g, h])]
                beyond = len(undecided)
            else:
                values = values_by_tasks(certificate, members, executor, progress,
                                          f"{description}: {certificate.name}", bar_from=1)
            before = pairs(groups)
            groups = [[g for g in group if g in values] for group in groups]
            refined = [part for part in refine(groups, values.__getitem__) if relevant(part)]
            separated[certificate.name] = before - pairs(refined) - beyond
            groups = refined
    finally:
        if own:
            executor.close()
    return LadderClasses([sorted(g) for g in groups], separated, undecided)
