r"""
The ``verify`` command: a certified sweep of a family, printed as it goes

``verify FAMILY`` walks the certificate ladder of an invariant (the
self-CSF by default) over the graphs of a family, a row as each order
finishes (:func:`~sage_hcsf.certify.runs.certify_self_csf`); every result
goes to a result store at once, so that the same command resumes. Then it
prints the classes of graphs with equal invariants (the graphs of a file as
written, line by line), the pairs left undecided and the rechecks, and
writes the verdict as JSON (:mod:`~sage_hcsf.cli.verdict`). ``--estimate``
prints what the sweep would cost instead.

EXAMPLES::

    sage: from sage_hcsf.cli.commands import main
    sage: main(["verify", "forests", "--max-n", "3", "--db", ":memory:", "--processes", "1"])
    results are stored in :memory:
    graphs still colliding after each certificate: hom = hom(G,G), aut = |Aut(G)|, N = fiber-type counts; s = seconds
    n | graphs | hom | aut | N | verdict | s
    ...
    graphs with equal self-CSF (graph6, one class a line):
      BG BW
    forests on 1..3 vertices: 1 class of graphs with equal self-CSF
    1
"""

import json
import os
import shlex
import sys
import textwrap

from sage_hcsf.certify.estimate import estimated_cpu_hours
from sage_hcsf.certify.names import Rung
from sage_hcsf.cli.options import (
    byte_count,
    family_argument,
    invariant_argument,
    non_negative_integer,
    number_ranges,
    optional_count,
    output_file,
    positive_integer,
    process_count,
    sweep_arguments,
    usage_error,
    with_option_names,
)
from sage_hcsf.cli.exports import export_arguments, recheck_exported, write_collisions
from sage_hcsf.cli.verdict import print_verdict


def from_the_store(store, family, orders, invariant="self-csf"):
    r"""
    Return the line ``verify`` prints when it resumes: the orders whose
    first pass ``store`` already holds (wholly or in part) for ``family``
    and the ladder of ``invariant`` (``None`` if it holds none of them).

    EXAMPLES::

        sage: from sage_hcsf.cli.verify import from_the_store
        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: from_the_store(store, family("trees"), [1, 2, 3]) is None
        True
        sage: _ = certify_self_csf("trees", 5, store=store, processes=1, progress=False)
        sage: from_the_store(store, family("trees"), list(range(1, 21)))
        'resuming: the first pass of n = 1-5 (every slice) comes from the store'
        sage: from_the_store(store, family("trees"), [1, 2, 3], "csf") is None   # another ladder
        True
        sage: _ = certify_self_csf("graphs", 4, store=store, processes=1, progress=False)
        sage: from_the_store(store, family("graphs"), [3, 4, 5])
        'resuming: the first pass of n = 3-4 (every slice) comes from the store'
    """
    from sage_hcsf.certify.first_pass import progress
    from sage_hcsf.certify.ladder import ladder
    from sage_hcsf.certify.names import first_stage, sweep_key
    key = sweep_key(family.name, invariant)
    first = ladder(family.kind, invariant)[0].name
    done = {}   # n -> (slices done, slices) of the first pass
    if family.kind == "trees":
        for n in orders:
            found = progress(store, key, n, first)
            if found is not None:
                slices = found["slices"] * (found["passes"] + 1)
                done[n] = (sum(found["done"].values()), slices)
    else:
        stage = first_stage(family.kind, first)
        for row in store.summary()["tasks"].get(key, []):
            if row["stage"] == stage and row["n"] in orders:
                done[row["n"]] = (row["tasks"], len(family.parts(row["n"])))
    if not done:
        return None
    complete = [n for n in sorted(done) if done[n][0] >= done[n][1]]
    described = [f"n = {number_ranges(complete)} (every slice)"] if complete else []
    described += [f"n = {n} ({done[n][0]} of {done[n][1]} slices)"
                  for n in sorted(done) if n not in complete]
    return f"resuming: the first pass of {' and of '.join(described)} comes from the store"


def cost_warning(family, orders, processes):
    r"""
    Return a warning when a sweep looks hopeless (more than a day of the
    given processes), or ``None``.

    EXAMPLES::

        sage: from sage_hcsf.cli.verify import cost_warning
        sage: from sage_hcsf.certify.enumeration import family
        sage: cost_warning(family("trees"), range(1, 19), 2) is None
        True
        sage: cost_warning(family("trees"), range(1, 31), 2) is None   # hours, not days
        True
        sage: print(cost_warning(family("trees"), range(1, 35), 2))
        warning: trees on up to 34 vertices is about 700 hours of CPU (about 300 hours on 2 processes; see `verify --estimate`); every result is stored as it comes, so Ctrl-C and the same command resume
    """
    hours = estimated_cpu_hours(family, orders)
    processes = processes or os.cpu_count() or 1
    if hours is None or hours / processes < 24:
        return None
    def rounded(hours):   # one significant digit, without the float's noise
        if hours < 1e9:
            return f"{float(f'{hours:.1g}'):,.0f}"
        mantissa, exponent = f"{hours:.0e}".split("e")
        return f"{mantissa} x 10^{int(exponent)}"
    return (f"warning: {family.label} on up to {max(orders)} vertices is about "
            f"{rounded(hours)} hours of CPU (about {rounded(hours / processes)} hours on "
            f"{processes} processes; see `verify --estimate`); every result is stored "
            "as it comes, so Ctrl-C and the same command resume")


# the default --max-n of verify: a minute or less here (a file: all its graphs)
DEFAULT_MAX_N = {"trees": 18, "graphs": 7, "connected": 7, "forests": 12}


def verify_arguments(parser):
    r"""
    Add the options of ``verify`` to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import CommandLineParser
        sage: from sage_hcsf.cli.verify import verify_arguments
        sage: parser = CommandLineParser(prog="verify")
        sage: verify_arguments(parser)
        sage: arguments = parser.parse_args(["trees", "--max-n", "9", "--memory-budget", "1.5G"])
        sage: arguments.max_n, arguments.memory_budget
        (9, 1500000000)
    """
    parser.add_argument("family", type=family_argument, metavar="FAMILY", nargs="?",
                        help="trees, graphs, connected, forests, or a file of graph6 strings "
                             "(one graph a line)")
    parser.add_argument("--max-n", type=positive_integer("--max-n"), metavar="N",
                        help="check the graphs on at most N vertices (default: trees 18, "
                             "graphs and connected 7, forests 12, every graph of a file; at "
                             "most: trees 32, graphs and connected 10, forests 14)")
    parser.add_argument("--min-n", type=positive_integer("--min-n"), default=1, metavar="N",
                        help="and at least N vertices (default 1)")
    where = sweep_arguments(parser, "sage_hcsf.db", "the SQLite result store: resumes from "
                            "it and adds to it (default: sage_hcsf.db in the current directory)")
    where.add_argument("--dask-local", type=process_count("--dask-local"), metavar="N",
                       help="start a Dask LocalCluster of N worker processes on this machine")
    parser.add_argument("--memory-budget", type=byte_count("--memory-budget"), metavar="BYTES",
                        help="memory of each full fiber-type count, e.g. 8G or 1.5G (default: "
                             "the package's memory_budget(), 2G); pairs beyond it are "
                             "undecided")
    parser.add_argument("--disk-budget", type=byte_count("--disk-budget"), metavar="BYTES",
                        help="disk the first pass of trees may fill at once, e.g. 40G (default: "
                             "nine tenths of the free space beside the store); the pass "
                             "makes as many passes over the trees as it needs to fit")
    parser.add_argument("--recheck", type=non_negative_integer("--recheck"), default=0,
                        metavar="K",
                        help="recompute K random separated pairs independently (default 0)")
    parser.add_argument("--seed", type=non_negative_integer("--seed"), default=0, metavar="S",
                        help="seed of the random choice of --recheck (default 0)")
    parser.add_argument("--json", type=output_file, metavar="FILE",
                        help="write the full verdict as JSON")
    parser.add_argument("--invariant", type=invariant_argument, default="self-csf",
                        metavar="NAME", help="the invariant whose certificate ladder is walked: "
                        "self-csf (default: X_G^G) or csf (Stanley's chromatic symmetric "
                        "function X_G, for trees and files of forests: equal ones among "
                        "trees would refute Stanley's tree conjecture)")
    optional_count(parser, "--estimate", 2, "SLICES", "do not run: time SLICES random slices "
                   "of each order (default 2; only a number after --estimate is taken for "
                   "SLICES) and print the trees, core-hours, peak memory, disk and wall time "
                   "here and on 64 and 256 cores")
    export_arguments(parser)


def estimate(arguments, family, max_n):
    r"""
    Print the estimated cost of ``verify`` (``--estimate``); return 0.

    EXAMPLES::

        sage: from sage_hcsf.cli.commands import main
        sage: main(["verify", "trees", "--min-n", "12", "--max-n", "13", "--estimate", "1",
        ....:       "--processes", "2"])
        estimated from 1 random slice of each order, timed here, passes for a disk budget of 40.0 GB (nothing is run or stored):
        n | graphs | passes | core-hours | peak memory | disk | wall here (2 processes) | 64 cores | 256 cores
        12 | 551 | ...
        13 | 1,301 | ...
        0
        sage: main(["verify", "trees", "--max-n", "70", "--estimate"])
        sage-hcsf verify: error: --max-n must be an integer from 1 to 32 for trees; got 70
        2
    """
    from sage_hcsf.certify.estimate import estimate_sweep, estimate_table
    rows = estimate_sweep(family, max_n, arguments.min_n, arguments.estimate,
                          arguments.processes, arguments.seed, arguments.invariant,
                          getattr(arguments, "disk_budget", None))
    processes = rows[0]["processes"] if rows else arguments.processes
    budget = ""
    if family.kind == "trees":
        from sage_hcsf.certify.estimate import DISK_BUDGET
        from sage_hcsf.errors import format_bytes
        disk = getattr(arguments, "disk_budget", None)
        budget = f", passes for a disk budget of {format_bytes(disk or DISK_BUDGET)}"
    print(f"estimated from {arguments.estimate} random slice"
          f"{'s' if arguments.estimate > 1 else ''} of each order, timed here{budget} "
          "(nothing is run or stored):")
    print(estimate_table(rows, processes))
    if family.kind != "trees":
        print(f"(for {family.label}: the first pass, hom(G, G) of every graph, only; the "
              "later rungs come on top)")
    return 0


def checked_sweep(arguments):
    r"""
    Return the family, the largest order and the orders of the sweep that
    the options of ``verify`` ask for; raise ``ValueError`` naming what is
    wrong (an order beyond the family, a graph of a file the invariant does
    not apply to).

    EXAMPLES::

        sage: from sage_hcsf.cli.verify import checked_sweep
        sage: from argparse import Namespace
        sage: arguments = Namespace(family="trees", max_n=None, min_n=3, invariant="self-csf")
        sage: family, max_n, orders = checked_sweep(arguments)
        sage: family.name, max_n, orders[0]
        ('trees', 18, 3)
        sage: arguments.max_n = 70
        sage: checked_sweep(arguments)
        Traceback (most recent call last):
        ...
        ValueError: max_n must be an integer from 1 to 32 for trees; got 70
        sage: arguments.max_n, arguments.disk_budget = 30, 10^6
        sage: checked_sweep(arguments)
        Traceback (most recent call last):
        ...
        DiskBudgetTooSmall: the first pass over 14,830,871,802 trees needs at least 926.9 MB of disk (in 64 passes); the disk budget is 1.0 MB
    """
    from sage_hcsf.certify.ladder import ladder as certificate_ladder
    from sage_hcsf.certify.runs import check_orders
    max_n = arguments.max_n or DEFAULT_MAX_N.get(arguments.family)
    family, orders = check_orders(arguments.family, max_n, arguments.min_n)
    family.check_domain(certificate_ladder(family.kind, arguments.invariant)[0], orders,
                        arguments.invariant)
    budget = getattr(arguments, "disk_budget", None)
    if family.kind == "trees" and budget is not None:   # the largest order must fit
        from sage_hcsf.certify.first_pass import layout
        layout(family.size(max(orders)), budget)
    return family, max_n, orders


def announce(arguments, store, family, orders):
    r"""
    Print what ``verify`` says before the sweep: where the results go, a
    warning if the sweep looks hopeless (on standard error) and what comes
    from the store.

    EXAMPLES::

        sage: from sage_hcsf.cli.verify import announce
        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.store import ResultStore
        sage: from argparse import Namespace
        sage: arguments = Namespace(db=":memory:", processes=2, dask_local=None,
        ....:                       invariant="self-csf")
        sage: announce(arguments, ResultStore(":memory:"), family("trees"), range(1, 10))
        results are stored in :memory:
    """
    print(f"results are stored in {arguments.db}", flush=True)
    warning = cost_warning(family, orders, arguments.processes or arguments.dask_local)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    resumed = from_the_store(store, family, orders, arguments.invariant)
    if resumed:
        print(resumed, flush=True)


#: The short column names of the table of ``verify``, by rung (the legend line
#: above the table says each in full), so that a row fits 100 columns.
#: (The layers ``L_k`` and ``E_k`` are short already.)
SHORT_RUNGS = {Rung.HOM_MOD_2_64.value: "h64", Rung.HOM_MOD_P61.value: "h61", Rung.HOM.value: "hom",
               Rung.AUT.value: "aut", Rung.FULL_COUNTS.value: "N", Rung.PHI0.value: "phi0",
               Rung.PHI1.value: "phi1", Rung.CUT_COUNTS.value: "X_T"}


def table_header(verdict, width=100):
    r"""
    Return the lines above the table of ``verify`` for verdicts like
    ``verdict``: the legend of the short column names, wrapped at
    ``width`` columns, and the header.

    The columns: the order `n`, the number of graphs, how many graphs
    still collide after each rung of the ladder, the verdict and the
    seconds.

    EXAMPLES::

        sage: from sage_hcsf.cli.verify import table_header
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: print("\n".join(table_header(certify_self_csf("trees", 3, processes=1,
        ....:                                               progress=False).verdicts[3])))
        graphs still colliding after each certificate: h64 = hom(G,G) mod 2^64, h61 = hom(G,G) mod 2^61-1,
        aut = |Aut(G)|, N = fiber-type counts; s = seconds
        n | graphs | h64 | h61 | aut | L_2 | L_3 | L_4 | E_1 | E_2 | N | verdict | s
    """
    rungs = [str(stage.rung) for stage in verdict.stages]
    names = [SHORT_RUNGS.get(rung, rung) for rung in rungs]
    legend = ", ".join(f"{name} = {rung}" for name, rung in zip(names, rungs) if name != rung)
    legend = f"graphs still colliding after each certificate: {legend}; s = seconds"
    return textwrap.wrap(legend, width) + [" | ".join(["n", "graphs", *names, "verdict", "s"])]


def table_row(verdict):
    r"""
    Return the row of one verdict in the table of ``verify`` (see
    :func:`table_header`).

    EXAMPLES::

        sage: from sage_hcsf.cli.verify import table_row
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: table_row(certify_self_csf("graphs", 3, processes=1, progress=False).verdicts[3])
        '3 | 4 | 3 | 2 | 2 | 1 equal class | ...'
    """
    return " | ".join([str(verdict.n), str(verdict.graphs),
                       *(str(stage.graphs) for stage in verdict.stages),
                       verdict.describe(), f"{verdict.seconds:.1f}"])


def order_printer(arguments, family):
    r"""
    Return the function that ``verify`` calls with the verdict of each
    order as it finishes: it prints the verdict's row (the header first)
    and rewrites the ``--json`` file with the verdicts so far, so that an
    interrupted run keeps them.

    EXAMPLES::

        sage: from sage_hcsf.cli.verify import order_printer
        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: from argparse import Namespace
        sage: show = order_printer(Namespace(json=None), family("trees"))
        sage: _ = certify_self_csf("trees", 2, processes=1, progress=False, on_order=show)
        graphs still colliding after each certificate: ...
        ...
        n | graphs | h64 | h61 | aut | L_2 | L_3 | L_4 | E_1 | E_2 | N | verdict | s
        1 | 1 | ...
        2 | 1 | ...
    """
    printed = []

    def show(verdict):
        if not printed:
            print("\n".join(table_header(verdict)))
        printed.append(verdict)
        print(table_row(verdict), flush=True)
        if arguments.json:   # rewritten after each order: an interrupted run keeps them
            with open(arguments.json, "w") as stream:
                json.dump({"family": family.label, "status": "partial",
                           "verdicts": {str(v.n): v.as_dict() for v in printed}}, stream,
                          indent=1)
    return show


def run_sweep(arguments, family, max_n, store, executor):
    r"""
    Run the certified sweep of ``verify`` on ``store`` and ``executor``
    (both closed at the end), printing a row as each order finishes; return
    the report.

    On Ctrl-C the workers are stopped at once, the line saying what was
    kept and how to resume is printed, and the ``KeyboardInterrupt`` raised
    again; when the reader of the output goes away (``BrokenPipeError``),
    the workers are stopped as quietly.

    EXAMPLES::

        sage: from sage_hcsf.cli.verify import run_sweep
        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.parallel.executors import make_executor
        sage: from sage_hcsf.store import ResultStore
        sage: from argparse import Namespace
        sage: arguments = Namespace(prog="sage-hcsf", argv=["verify", "trees"], db=":memory:",
        ....:                       min_n=1, memory_budget=None, recheck=0, seed=0, json=None,
        ....:                       invariant="self-csf", export_collisions=None)
        sage: run_sweep(arguments, family("trees"), 2, ResultStore(":memory:"),
        ....:           make_executor(processes=1))
        graphs still colliding after each certificate: ...
        ...
        n | graphs | h64 | h61 | aut | L_2 | L_3 | L_4 | E_1 | E_2 | N | verdict | s
        1 | 1 | ...
        2 | 1 | ...
        trees on 1..2 vertices: every pair separated
    """
    from sage_hcsf.certify.runs import certify_self_csf
    command = f"{arguments.prog} {shlex.join(arguments.argv)}"   # prog may be "python -m sage_hcsf"
    try:
        report = certify_self_csf(family, max_n, arguments.min_n, store,
                                  executor, progress=sys.stderr.isatty(),
                                  memory_budget=arguments.memory_budget,
                                  recheck=arguments.recheck, seed=arguments.seed,
                                  command=command, on_order=order_printer(arguments, family),
                                  invariant=arguments.invariant,
                                  disk_budget=getattr(arguments, "disk_budget", None))
        write_collisions(arguments, store, family, sorted(report.verdicts))
        return report
    except KeyboardInterrupt:
        executor.close(kill=True)   # the workers ignore Ctrl-C: stop their tasks now
        print(f"interrupted; every result computed so far is kept in {arguments.db}; "
              f"the same command resumes: {command}", file=sys.stderr)
        raise
    except BrokenPipeError:   # the reader left (| head): stop quietly, the run is resumable
        executor.close(kill=True)
        raise
    finally:
        executor.close()
        store.close()


def verify(arguments):
    r"""
    Run a certified sweep, printing a row as each order finishes; return
    0 (every pair separated), 1 (equal self-CSFs found), 3 (pairs
    undecided), 2 (a usage error), 4 (the disk is full or the disk budget
    too small: what was committed is kept) or 130 (interrupted).

    EXAMPLES::

        sage: from sage_hcsf.cli.commands import main
        sage: import os, tempfile
        sage: db = os.path.join(tempfile.mkdtemp(), "trees.db")
        sage: main(["verify", "trees", "--max-n", "9", "--db", db, "--processes", "1"])
        results are stored in ...trees.db
        graphs still colliding after each certificate: h64 = hom(G,G) mod 2^64, ...
        ...
        n | graphs | h64 | h61 | aut | L_2 | L_3 | L_4 | E_1 | E_2 | N | verdict | s
        ...
        9 | 47 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | separated | ...
        trees on 1..9 vertices: every pair separated
        0
        sage: main(["verify", "graphs", "--max-n", "3", "--db", db, "--processes", "1"])
        results are stored in ...
        3 | 4 | 3 | 2 | 2 | 1 equal class | ...
        graphs with equal self-CSF (graph6, one class a line):
          BG BW
        graphs on 1..3 vertices: 1 class of graphs with equal self-CSF
        1
        sage: try:
        ....:     main(["verify", "trees", "--db", "/nonexistent/x.db"])
        ....: except SystemExit as stop:
        ....:     print("exit status", stop.code)
        sage-hcsf verify: error: argument --db: cannot write '/nonexistent/x.db': the folder '/nonexistent' does not exist (see 'sage-hcsf verify --help')
        exit status 2
    """
    from sage_hcsf.errors import DiskBudgetTooSmall, DiskFull
    from sage_hcsf.parallel.executors import make_executor
    from sage_hcsf.store import ResultStore, StoreError
    name = f"{arguments.prog} verify"
    if arguments.recheck_export is not None:
        return recheck_exported(arguments)
    if arguments.family is None:
        return usage_error(name, "the FAMILY to sweep is missing: trees, graphs, connected, "
                                 "forests, or the path of a file of graph6 strings")
    try:
        family, max_n, orders = checked_sweep(arguments)
        executor = make_executor(arguments.executor, arguments.processes, arguments.dask_local)
    except (ValueError, ImportError) as error:
        return usage_error(name, with_option_names(error))
    if arguments.estimate:
        executor.close()
        return estimate(arguments, family, max_n)
    try:
        store = ResultStore(arguments.db)
    except StoreError as error:
        executor.close()
        return usage_error(name, str(error))
    announce(arguments, store, family, orders)
    try:
        report = run_sweep(arguments, family, max_n, store, executor)
    except KeyboardInterrupt:
        return 130
    except (DiskFull, DiskBudgetTooSmall) as error:   # everything committed is kept
        print(f"{name}: stopped: {error}", file=sys.stderr)
        return 4
    print_verdict(arguments, family, report)
    return report.exit_status
