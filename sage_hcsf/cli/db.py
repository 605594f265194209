r"""
The ``db`` command: what a result store holds

``db FILE`` summarises a result store written by ``verify`` or
``reproduce --db`` -- its runs, tasks, graphs and verdicts, and for an
order of trees not yet decided how far its first pass got (the slices
done, the disk its bucket files take, the time left) -- reading it only,
so that it is safe while a sweep writes to it; ``--json`` prints the
summary as JSON, ``--export`` every verdict and every graph's invariants
and fiber-type counts.

EXAMPLES:

A new store holds nothing yet::

    sage: from sage_hcsf.cli.commands import main
    sage: from sage_hcsf.store import ResultStore
    sage: import os, tempfile
    sage: path = os.path.join(tempfile.mkdtemp(), "new.db")
    sage: ResultStore(path).close()
    sage: main(["db", path])
    result store ...new.db
    runs:
    tasks (family, n, stage: tasks, graphs, seconds):
    graphs examined one by one: 0, invariants: 0, full fiber-type counts: 0
    verdicts:
    0
"""

import json
import time

from sage_hcsf.cli.options import usage_error


def db_arguments(parser):
    r"""
    Add the options of ``db`` to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli.db import db_arguments
        sage: from sage_hcsf.cli.options import CommandLineParser
        sage: parser = CommandLineParser(prog="db")
        sage: db_arguments(parser)
        sage: parser.parse_args(["x.db", "--json"]).json
        True
    """
    parser.add_argument("file", metavar="FILE", help="a result store written by a sweep")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the summary as JSON")
    output.add_argument("--export", action="store_true",
                        help="print, as JSON, every stored verdict and, for every graph "
                             "examined, its invariants and self fiber-type counts")


def db(arguments):
    r"""
    Print a summary of a result store (safe while a sweep writes to it).

    EXAMPLES::

        sage: from sage_hcsf.cli.commands import main
        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "t.db")
        sage: _ = main(["verify", "trees", "--max-n", "6", "--db", path, "--processes", "1"])
        results are stored in ...
        sage: main(["db", path])
        result store ...t.db
        runs:
          1 ... done ... verify trees --max-n 6 ...
        tasks (family, n, stage: tasks, graphs, seconds):
          trees n=1 candidates of hom mod 2^64 records, pass 1 of 1 (tree_pass 1, 1 bucket, ...
          ...
        graphs examined one by one: 0, invariants: 0, full fiber-type counts: 0
        verdicts:
          trees n=1: 1 graphs, separated
          ...
          trees n=6: 6 graphs, separated
        0
        sage: _ = main(["verify", "forests", "--max-n", "3", "--db", path, "--processes", "1"])
        results are stored in ...
        sage: import json, contextlib, io
        sage: with contextlib.redirect_stdout(io.StringIO()) as out:
        ....:     _ = main(["db", path, "--export"])
        sage: exported = json.loads(out.getvalue())
        sage: exported["graphs"]["BW"]["fiber-type counts"], exported["verdicts"]["forests n=3"]["equal"]
        ([[[2, 1], 4], [[1, 1, 1], 2]], [['BG', 'BW']])
        sage: main(["db", "/nonexistent.db"])
        sage-hcsf db: error: a read-only store needs an existing file; got '/nonexistent.db'
        2
    """
    from sage_hcsf.store import ResultStore, StoreError, export_store
    try:
        store = ResultStore(arguments.file, readonly=True)
        summary = store.summary()
    except StoreError as error:
        return usage_error(f"{arguments.prog} db", str(error))
    if arguments.export:
        print(json.dumps(export_store(store), indent=1))
        return 0
    from sage_hcsf.certify.first_pass import unfinished_first_passes
    unfinished = unfinished_first_passes(store)
    if arguments.json:
        print(json.dumps(dict(summary, unfinished=unfinished), indent=1))
        return 0
    print_summary(summary)
    if unfinished:
        print("unfinished first passes of trees:")
        for key, lines in unfinished.items():
            for line in lines:
                print(f"  {key} {line}")
    return 0


def print_summary(summary):
    r"""
    Print the ``summary`` of a result store
    (:meth:`~sage_hcsf.store.ResultStore.summary`): its runs, tasks, graphs
    and verdicts.

    EXAMPLES::

        sage: from sage_hcsf.cli.db import print_summary
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: _ = certify_self_csf("trees", 2, store=store, processes=1, progress=False)
        sage: print_summary(store.summary())
        result store :memory:
        runs:
          1 ... done on ...
        tasks (family, n, stage: tasks, graphs, seconds):
          trees n=1 ...: 1 tasks, 1 graphs, ... s
          trees n=2 ...: 1 tasks, 1 graphs, ... s
        graphs examined one by one: 0, invariants: 0, full fiber-type counts: 0
        verdicts:
          trees n=1: 1 graphs, separated
          trees n=2: 1 graphs, separated
    """
    from sage_hcsf.certify.verdict import Verdict
    print(f"result store {summary['path']}")
    print("runs:")
    for run in summary["runs"]:
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(run["started"]))
        print(f"  {run['id']} {started} {run['status']} on {run['host']} (sage_hcsf "
              f"{run['version']}): {run['command']}")
    print("tasks (family, n, stage: tasks, graphs, seconds):")
    for family, rows in summary["tasks"].items():
        for row in rows:
            print(f"  {family} n={row['n']} {row['stage']}: {row['tasks']} tasks, "
                  f"{row['items']} graphs, {row['seconds']:.1f} s")
    print(f"graphs examined one by one: {summary['graphs']}, invariants: "
          f"{summary['invariants']}, full fiber-type counts: {summary['fiber counts']}")
    print("verdicts:")
    for key, verdict in summary["verdicts"].items():
        verdict = Verdict.from_dict(verdict)
        print(f"  {key}: {verdict.graphs} graphs, {verdict.describe()}")
