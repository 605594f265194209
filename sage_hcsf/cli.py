r"""
Command line: ``sage-hcsf COMMAND`` (or ``python -m sage_hcsf COMMAND``)

Commands:

- ``reproduce [--max-n N] [--only CLAIMS] [--json FILE] [--plot DIR]
  [--processes P] [--db FILE] [--executor SPEC] [--memory-budget BYTES]``
  -- check every published claim (the main job); exit status 1 if a claim
  is contradicted, 3 if a claim is undecided (pairs beyond the memory
  budget).
- ``verify FAMILY [--max-n N] [--min-n N] [--db FILE] [--executor SPEC |
  --dask-local N] [--processes P] [--recheck K] [--json FILE]
  [--invariant NAME] [--estimate [SLICES]]`` -- a certified sweep: does
  the self-CSF distinguish the graphs of a family? Exit status 0 if every
  pair is separated, 1 if some graphs have equal self-CSFs, 3 if pairs
  remain undecided. ``--estimate`` prints what the sweep would cost and
  runs nothing.
- ``db FILE [--json | --export]`` -- summarise a result store (also while
  a sweep writes to it), or export its verdicts and counts as JSON.
- ``tour`` -- compute and print the worked examples of the definition.
- ``mechanics [--steps N] [--plot DIR]`` -- simulate gradient descent and
  heavy ball on a scale-invariant loss and compare the norm with Noether's
  learning dynamics; exit status 1 if a law fails.

Every option is checked before any work: a bad one stops the command with
a one-line error and exit status 2. Ctrl-C (or ``SIGTERM``) during
``reproduce`` or ``verify`` stops it with one line saying what was kept and
how to resume (exit status 130, 143 after ``SIGTERM``; the sweeps' worker
processes ignore Ctrl-C and are stopped by the command).

Each command is one entry of :data:`COMMANDS`: its name, its help, a
function adding its options and the function running it.

EXAMPLES::

    sage: from sage_hcsf.cli import main
    sage: main(["tour"])
    H-chromatic symmetric functions: a short tour
    ...
    P3 and K2+K1 have the same self-CSF: True
    0
"""
import argparse
import contextlib
import json
import os
import shlex
import signal
import sys
import threading
import time
from dataclasses import dataclass


class CommandLineParser(argparse.ArgumentParser):
    r"""
    An argument parser whose usage errors are one line (exit status 2), and
    whose help can end with text computed only when help is asked for.

    INPUT:

    - ``details`` -- a function returning the text printed after the
      options by ``--help`` (default: none)
    - the arguments of :class:`argparse.ArgumentParser`

    EXAMPLES::

        sage: from sage_hcsf.cli import CommandLineParser
        sage: parser = CommandLineParser(prog="demo", details=lambda: "the end")
        sage: parser.format_help().splitlines()[-1]
        'the end'
        sage: try:
        ....:     parser.parse_args(["--bad"])
        ....: except SystemExit as stop:
        ....:     print("exit status", stop.code)
        demo: error: unrecognized arguments: --bad (see 'demo --help')
        exit status 2
    """
    def __init__(self, *args, details=None, **kwargs):
        r"""
        Initialise the parser; see :class:`CommandLineParser`.

        TESTS::

            sage: from sage_hcsf.cli import CommandLineParser
            sage: CommandLineParser(prog="demo").details is None
            True
        """
        super().__init__(*args, **kwargs)
        self.details = details

    def format_help(self):
        r"""
        Return the help text, ending with the ``details`` if any.

        EXAMPLES::

            sage: from sage_hcsf.cli import CommandLineParser
            sage: CommandLineParser(prog="demo").format_help()
            'usage: demo [-h]\n\noptions:\n  -h, --help  show this help message and exit\n'
        """
        text = super().format_help()
        return text if self.details is None else f"{text}\n{self.details()}\n"

    def error(self, message):
        r"""
        Print ``PROG: error: MESSAGE`` on one line and exit with status 2.

        EXAMPLES::

            sage: from sage_hcsf.cli import CommandLineParser
            sage: try:
            ....:     CommandLineParser(prog="demo").error("wrong")
            ....: except SystemExit as stop:
            ....:     print("exit status", stop.code)
            demo: error: wrong (see 'demo --help')
            exit status 2
        """
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def usage_error(name, message):
    r"""
    Print a one-line usage error of command ``name``; return exit status 2.

    EXAMPLES::

        sage: from sage_hcsf.cli import usage_error
        sage: import sys; sys.stderr = sys.stdout
        sage: usage_error("sage-hcsf verify", "no such scheduler")
        sage-hcsf verify: error: no such scheduler
        2
        sage: sys.stderr = sys.__stderr__
    """
    print(f"{name}: error: {message}", file=sys.stderr)
    return 2


def non_negative_integer(text):
    r"""
    Return the integer `\ge 0` written ``text``; raise ``ArgumentTypeError``
    otherwise.

    EXAMPLES::

        sage: from sage_hcsf.cli import non_negative_integer
        sage: non_negative_integer("0")
        0
        sage: non_negative_integer("x")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: expected an integer >= 0, got 'x'
    """
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got {text!r}")
    return value


def byte_count(text):
    r"""
    Return the number of bytes written ``text``: an integer, optionally
    followed by ``K``, ``M``, ``G`` or ``T`` (powers of 1000).

    EXAMPLES::

        sage: from sage_hcsf.cli import byte_count
        sage: byte_count("8G"), byte_count("1500000")
        (8000000000, 1500000)
        sage: byte_count("lots")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: expected a number of bytes such as 500M or 8G, got 'lots'
    """
    scale = {"K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
    digits, unit = (text[:-1], scale[text[-1].upper()]) if text[-1:].upper() in scale \
        else (text, 1)
    if not digits.isdigit() or int(digits) == 0:
        raise argparse.ArgumentTypeError(f"expected a number of bytes such as 500M or 8G, "
                                         f"got {text!r}")
    return int(digits) * unit


def positive_integer(text):
    r"""
    Return the positive integer written ``text``; raise
    ``ArgumentTypeError`` otherwise.

    EXAMPLES::

        sage: from sage_hcsf.cli import positive_integer
        sage: positive_integer("12")
        12
        sage: positive_integer("-1")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: expected a positive integer, got '-1'
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def claim_list(text):
    r"""
    Return the claim numbers of a comma-separated list such as ``"3,6"``;
    raise ``ArgumentTypeError`` naming an unknown claim.

    EXAMPLES::

        sage: from sage_hcsf.cli import claim_list
        sage: claim_list("6,3")
        [3, 6]
        sage: claim_list("99")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: there is no claim 99; the claims are 1-11
    """
    from sage_hcsf.claims import claim_numbers
    try:
        return claim_numbers(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error))


def output_file(text):
    r"""
    Return ``text`` if it names a file that can be written: not a folder,
    in a folder that exists and is writable. Raise ``ArgumentTypeError``
    otherwise.

    EXAMPLES::

        sage: from sage_hcsf.cli import output_file
        sage: import tempfile, os
        sage: path = os.path.join(tempfile.mkdtemp(), "x.json")
        sage: output_file(path) == path
        True
        sage: output_file("/nonexistent/dir/x.json")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: cannot write '/nonexistent/dir/x.json': the folder '/nonexistent/dir' does not exist
        sage: output_file("/proc/x.db")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: cannot create '/proc/x.db': No such file or directory
    """
    path = os.path.abspath(text)
    folder = os.path.dirname(path)
    if os.path.isdir(path):
        raise argparse.ArgumentTypeError(f"{text!r} is a folder; give a file name")
    if not os.path.isdir(folder):
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: the folder {folder!r} does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: permission denied")
    if not os.path.exists(path):   # a folder may refuse new files though it looks writable (/proc)
        try:
            open(path, "x").close()
        except OSError as error:
            raise argparse.ArgumentTypeError(f"cannot create {text!r}: {error.strerror}") from None
        os.remove(path)
    return text


def output_folder(text):
    r"""
    Return ``text`` if it names a folder that exists or can be created, and
    can be written into. Raise ``ArgumentTypeError`` otherwise (for
    instance when it is an existing file).

    EXAMPLES::

        sage: from sage_hcsf.cli import output_folder
        sage: import tempfile, os
        sage: folder = tempfile.mkdtemp()
        sage: output_folder(os.path.join(folder, "new", "figures")) == os.path.join(folder, "new", "figures")
        True
        sage: _ = open(os.path.join(folder, "a_file"), "w")
        sage: output_folder(os.path.join(folder, "a_file"))
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: '...a_file' is a file, not a folder
    """
    path = os.path.abspath(text)
    if os.path.exists(path) and not os.path.isdir(path):
        raise argparse.ArgumentTypeError(f"{text!r} is a file, not a folder")
    existing = path
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing) or not os.access(existing, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot create or write into {text!r}: "
                                         f"{existing!r} is not a writable folder")
    return text


def tour():
    r"""
    Print the worked examples of the definition and check the `P_3`,
    `K_2 + K_1` coincidence.

    OUTPUT: ``True`` if every check holds

    EXAMPLES::

        sage: from sage_hcsf.cli import tour
        sage: tour()
        H-chromatic symmetric functions: a short tour
        <BLANKLINE>
        G = P3 (path a-b-c), H = P3
          fiber-type counts  N_lambda(G, H) = {[1, 1, 1]: 2, [2, 1]: 4}
          X_G^H in m         12*m[1, 1, 1] + 4*m[2, 1]
          X_G^H in p         2*p[1, 1, 1] - 2*p[2, 1]
          chi_G^H(x)         2*x^3 - 2*x^2
        G = K2+K1, H = K2+K1
          fiber-type counts  N_lambda(G, H) = {[1, 1, 1]: 2, [2, 1]: 4}
          X_G^H in m         12*m[1, 1, 1] + 4*m[2, 1]
          X_G^H in p         2*p[1, 1, 1] - 2*p[2, 1]
          chi_G^H(x)         2*x^3 - 2*x^2
        G = C5, H = K3
          fiber-type counts  N_lambda(G, H) = {[2, 2, 1]: 30}
          X_G^H in m         60*m[2, 2, 1]
          X_G^H in p         30*p[2, 2, 1] - 60*p[3, 2] - 30*p[4, 1] + 60*p[5]
          chi_G^H(x)         30*x^3 - 90*x^2 + 60*x
        G = K_{1,20}, H = K_{1,20}
          homomorphisms      104857600000000000000000020 = 20^20 + 20
        <BLANKLINE>
        P3 and K2+K1 have the same self-CSF: True
        True
    """
    from sage.graphs.graph import Graph
    from sage.graphs.graph_generators import graphs

    from sage_hcsf import (count_homomorphisms, fiber_type_counts, h_chromatic_polynomial,
                           h_chromatic_symmetric_function, self_chromatic_symmetric_function)

    print("H-chromatic symmetric functions: a short tour")
    print()
    P3 = graphs.PathGraph(3)
    K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
    examples = [("P3 (path a-b-c)", P3, "P3", P3), ("K2+K1", K2K1, "K2+K1", K2K1),
                ("C5", graphs.CycleGraph(5), "K3", graphs.CompleteGraph(3))]
    for g_name, G, h_name, H in examples:
        print(f"G = {g_name}, H = {h_name}")
        print(f"  fiber-type counts  N_lambda(G, H) = {fiber_type_counts(G, H)}")
        print(f"  X_G^H in m         {h_chromatic_symmetric_function(G, H, basis='m')}")
        print(f"  X_G^H in p         {h_chromatic_symmetric_function(G, H)}")
        print(f"  chi_G^H(x)         {h_chromatic_polynomial(G, H)}")
    star = graphs.StarGraph(20)
    homs = count_homomorphisms(star, star)
    print("G = K_{1,20}, H = K_{1,20}")
    print(f"  homomorphisms      {homs} = 20^20 + 20")
    print()
    same = self_chromatic_symmetric_function(P3) == self_chromatic_symmetric_function(K2K1)
    print(f"P3 and K2+K1 have the same self-CSF: {same}")
    return same and homs == 20**20 + 20


def run_tour(arguments):
    r"""
    Run ``tour``; return the exit status.

    EXAMPLES::

        sage: from sage_hcsf.cli import run_tour
        sage: run_tour(None)
        H-chromatic symmetric functions: a short tour
        ...
        0
    """
    return 0 if tour() else 1


def claims_list():
    r"""
    Return the list of the registered claims, for ``reproduce --help``.

    EXAMPLES::

        sage: from sage_hcsf.cli import claims_list
        sage: print(claims_list())
        claims (numbers for --only):
          1. self-CSF distinguishes trees from non-trees, exactly one exception
        ...
          11. graphs with equal H-chromatic polynomial but different X_G^H
    """
    from sage_hcsf.claims import CLAIMS
    return "\n".join(["claims (numbers for --only):"] +
                     [f"  {number}. {CLAIMS[number].statement}" for number in sorted(CLAIMS)])


def reproduce_arguments(parser):
    r"""
    Add the options of ``reproduce`` to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli import CommandLineParser, reproduce_arguments
        sage: parser = CommandLineParser(prog="reproduce")
        sage: reproduce_arguments(parser)
        sage: parser.parse_args(["--only", "3,1"]).only
        [1, 3]
    """
    parser.add_argument("--max-n", type=positive_integer, metavar="N",
                        help="largest trees for claim 3, the tree-distinguishing conjecture "
                             "(default 18; published: 12)")
    parser.add_argument("--only", type=claim_list, metavar="CLAIMS",
                        help="comma-separated claim numbers, e.g. 3,6 (default: all)")
    parser.add_argument("--json", type=output_file, metavar="FILE",
                        help="write the full results as JSON (rewritten after each claim)")
    parser.add_argument("--plot", type=output_folder, metavar="DIR",
                        help="write PNG figures into DIR (created if missing)")
    sweep_arguments(parser, None, "result store (SQLite) of the certified tree sweep of "
                    "claim 3: it resumes from it and stores into it (default: none kept)")
    parser.add_argument("--memory-budget", type=byte_count, metavar="BYTES",
                        help="memory of each full fiber-type count of claims 3-5, e.g. 8G "
                             "(default: the package's memory_budget(), 2G); a claim with "
                             "pairs beyond it is undecided (exit status 3)")


def sweep_arguments(parser, db_default, db_help):
    r"""
    Add the options of the commands that run sweeps: ``--processes``,
    ``--db`` and ``--executor``; return the group of mutually exclusive
    options where ``--executor`` is.

    EXAMPLES::

        sage: from sage_hcsf.cli import CommandLineParser, sweep_arguments
        sage: parser = CommandLineParser(prog="sweep")
        sage: _ = sweep_arguments(parser, None, "the store")
        sage: parser.parse_args(["--executor", "dask://127.0.0.1:8786"]).executor
        'dask://127.0.0.1:8786'
    """
    parser.add_argument("--processes", type=positive_integer, metavar="P",
                        help="worker processes of the local pool (default: all cores)")
    parser.add_argument("--db", type=output_file, metavar="FILE", default=db_default,
                        help=db_help)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--executor", metavar="SPEC", default="local",
                       help="where the sweeps run: 'local' (default: a process pool) or "
                            "dask://HOST:PORT, the scheduler of a Dask cluster")
    return where


def interrupted_message(arguments, finished, remaining):
    r"""
    Return the line printed when ``reproduce`` is interrupted: what was
    kept and the command that resumes.

    INPUT:

    - ``arguments`` -- the parsed options of ``reproduce``
    - ``finished`` -- the results of the claims that finished
    - ``remaining`` -- the numbers of the interrupted claim and those after it

    EXAMPLES::

        sage: from sage_hcsf.cli import interrupted_message
        sage: from sage_hcsf.claims import ClaimResult
        sage: from argparse import Namespace
        sage: arguments = Namespace(prog="sage-hcsf", max_n=None, processes=None, db=None,
        ....:                       json=None, plot=None, executor="local")
        sage: interrupted_message(arguments, [ClaimResult("", "", "", number=2)], [3, 4])
        'interrupted in claim 3; kept: claim 2 (rows above), nothing of claim 3 (no --db);
         resume with: sage-hcsf reproduce --only 3,4 --db FILE'
        sage: arguments.db, arguments.max_n = "trees.db", 16
        sage: interrupted_message(arguments, [], [3])
        'interrupted in claim 3; kept: the sweep of claim 3 so far, in trees.db;
         resume with: sage-hcsf reproduce --only 3 --max-n 16 --db trees.db'

    The resuming command repeats every option::

        sage: arguments = Namespace(prog="sage-hcsf", max_n=16, processes=2, db=None,
        ....:                       json="r.json", plot="my figures", executor="dask://h:8786")
        sage: interrupted_message(arguments, [ClaimResult("", "", "", number=4)], [5, 6])
        "interrupted in claim 5; kept: claim 4 (rows above, in r.json, figures in my figures);
         resume with: sage-hcsf reproduce --only 5,6 --max-n 16 --json r.json
         --plot 'my figures' --processes 2 --executor dask://h:8786"
    """
    from sage_hcsf.claims import CLAIMS
    current = remaining[0]
    resumable = "db" in CLAIMS[current].settings
    kept = []
    if finished:
        numbers = ", ".join(str(r.number) for r in finished)
        where = ", ".join(["rows above"] + ([f"in {arguments.json}"] if arguments.json else []) +
                          ([f"figures in {arguments.plot}"] if arguments.plot else []))
        kept.append(f"claim{'s' if len(finished) > 1 else ''} {numbers} ({where})")
    if resumable and arguments.db:
        kept.append(f"the sweep of claim {current} so far, in {arguments.db}")
    elif resumable:
        kept.append(f"nothing of claim {current} (no --db)")
    command = ["reproduce", "--only", ",".join(str(n) for n in remaining)]
    for option in ("--max-n", "--json", "--plot", "--processes", "--db", "--executor",
                   "--memory-budget"):
        value = getattr(arguments, option[2:].replace("-", "_"), None)
        if option == "--db" and value is None and resumable:
            value = "FILE"
        if value is not None and not (option == "--executor" and value == "local"):
            command += [option, str(value)]
    return (f"interrupted in claim {current}; kept: {', '.join(kept) or 'nothing'}; "
            f"resume with: {arguments.prog} {shlex.join(command)}")


def reproduce(arguments):
    r"""
    Run the claim checkers, printing each row of the table as its claim
    finishes; return the exit status.

    EXAMPLES::

        sage: from sage_hcsf.cli import main
        sage: main(["reproduce", "--only", "2,10", "--max-n", "5"])
        claim | published range | range verified here | verdict | time
        ...
        2. self-CSF detects the number of components of a forest, one exception | ...
        10. m, p, e are realised as H-CSFs (up to scalars) | ... | holds | ...
        0
    """
    from sage_hcsf.claims import CLAIMS
    from sage_hcsf.report import earlier_results, table_header, table_row, write_json, write_plots

    from sage_hcsf.certify import check_orders
    from sage_hcsf.store import ResultStore, StoreError
    from sage_hcsf.sweep import make_executor
    name = f"{arguments.prog} reproduce"
    try:   # every option before any work, as verify does
        if arguments.max_n:
            check_orders("trees", arguments.max_n)
        if arguments.db:
            ResultStore(arguments.db).close()
    except ValueError as error:
        return usage_error(name, str(error).replace("max_n", "--max-n"))
    except StoreError as error:
        return usage_error(name, str(error))
    executor = None
    if arguments.executor != "local":
        try:
            executor = make_executor(arguments.executor)
        except (ValueError, ImportError) as error:
            return usage_error(name, str(error))
    settings = {"progress": sys.stderr.isatty(), "processes": arguments.processes,
                "max_tree_n": arguments.max_n, "db": arguments.db, "executor": executor,
                "memory_budget": arguments.memory_budget}
    numbers = arguments.only or sorted(CLAIMS)
    if arguments.max_n and "max_tree_n" in CLAIMS[3].settings and 3 in numbers:
        from sage_hcsf.certify import family
        warning = cost_warning(family("trees"), range(1, arguments.max_n + 1),
                               arguments.processes)
        if warning:
            print(warning, file=sys.stderr, flush=True)
    earlier = earlier_results(arguments.json, numbers) if arguments.json else []
    if earlier:   # a resumed run: what the first one wrote stays
        print(f"{arguments.json} keeps claims {', '.join(str(r['number']) for r in earlier)} "
              "of an earlier run", file=sys.stderr)
    print(table_header(), flush=True)
    results = []
    try:
        for number in numbers:
            results.append(CLAIMS[number].run(**settings))
            print(table_row(results[-1]), flush=True)
            if arguments.json:
                write_json(results, arguments.json, earlier)
            if arguments.plot:   # at once: an interrupted run keeps the figures drawn
                write_plots(results[-1:], arguments.plot)
    except KeyboardInterrupt:
        if executor is not None:   # the workers ignore Ctrl-C: stop their tasks now
            executor.close(kill=True)
        print(interrupted_message(arguments, results, numbers[len(results):]), file=sys.stderr)
        return 130
    finally:
        if executor is not None:
            executor.close()
    failed = [r.number for r in results if r.status == "contradicted"]
    undecided = [r.number for r in results if r.status == "undecided"]
    if failed:
        print(f"contradicted or not reproduced: claims {failed}")
    if undecided:
        print(f"undecided (beyond the memory budget; a larger --memory-budget may decide "
              f"them): claims {undecided}")
    return 1 if failed else 3 if undecided else 0


def mechanics_arguments(parser):
    r"""
    Add the options of ``mechanics`` to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli import CommandLineParser, mechanics_arguments
        sage: parser = CommandLineParser(prog="mechanics")
        sage: mechanics_arguments(parser)
        sage: parser.parse_args([]).steps
        1000
    """
    parser.add_argument("--steps", type=positive_integer, default=1000, metavar="N",
                        help="optimiser steps of each simulation (default 1000)")
    parser.add_argument("--plot", type=output_folder, metavar="DIR",
                        help="write PNG curves into DIR (created if missing)")


def mechanics(arguments):
    r"""
    Run the norm-law simulations and print the table; return the exit status.

    EXAMPLES::

        sage: from sage_hcsf.cli import main
        sage: main(["mechanics"])
        run ...
        0
    """
    from sage_hcsf.mechanics.simulation import norm_law_checks, report
    return 0 if report(norm_law_checks(steps=arguments.steps), arguments.plot) else 1


def family_argument(text):
    r"""
    Return a family name (or graph6 file) of ``verify``, or raise
    :class:`argparse.ArgumentTypeError`.

    EXAMPLES::

        sage: from sage_hcsf.cli import family_argument
        sage: family_argument("trees")
        'trees'
        sage: family_argument("cubic")
        Traceback (most recent call last):
        ...
        ArgumentTypeError: unknown family 'cubic': use trees, graphs, connected, forests, or the path of a file of graph6 strings
    """
    from sage_hcsf.certify import family
    try:
        family(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def from_the_store(store, family, orders, invariant="self-csf"):
    r"""
    Return the line ``verify`` prints when it resumes: the orders and the
    parts of the first pass that ``store`` already holds for ``family`` and
    the ladder of ``invariant`` (``None`` if it holds none of them).

    EXAMPLES::

        sage: from sage_hcsf.cli import from_the_store
        sage: from sage_hcsf.certify import certify_self_csf, family, STAGE1
        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: from_the_store(store, family("trees"), [1, 2, 3]) is None
        True
        sage: _ = certify_self_csf("trees", 5, store=store, processes=1, progress=False)
        sage: store.put_task("trees", 20, "0/5", STAGE1["trees"], 0, b"", 0.0, 1)
        sage: from_the_store(store, family("trees"), list(range(1, 21)))
        'resuming: the first pass of n = 1-5 (every part) and of n = 20 (1 of 5 parts) comes from the store'
        sage: from_the_store(store, family("trees"), [1, 2, 3], "csf") is None   # another ladder
        True
    """
    from sage_hcsf.certify import first_stage
    key = family.name if invariant == "self-csf" else f"{family.name}:{invariant}"
    stage = first_stage(family.kind, invariant)
    stored = {row["n"]: row["tasks"] for row in store.summary()["tasks"].get(key, [])
              if row["stage"] == stage and row["n"] in orders}
    if not stored:
        return None
    complete = [n for n in sorted(stored) if stored[n] >= len(family.parts(n))]
    described = [f"n = {number_ranges(complete)} (every part)"] if complete else []
    described += [f"n = {n} ({stored[n]} of {len(family.parts(n))} parts)"
                  for n in sorted(stored) if n not in complete]
    return f"resuming: the first pass of {' and of '.join(described)} comes from the store"


def number_ranges(numbers):
    r"""
    Return sorted integers written as ranges: ``"1-5, 7"``.

    EXAMPLES::

        sage: from sage_hcsf.cli import number_ranges
        sage: number_ranges([1, 2, 3, 5, 7, 8])
        '1-3, 5, 7-8'
    """
    ranges = []
    for n in numbers:
        if ranges and ranges[-1][1] == n - 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def estimated_cpu_hours(family, orders):
    r"""
    Return a rough estimate of the CPU hours a sweep of ``family`` over
    ``orders`` takes (``None`` for a file), from the measurements behind the
    README's estimates (``verify --estimate`` times slices instead): for
    trees, about `1\,\mu s \cdot n/24` a tree for the first pass
    (``gentreeg`` and the kernel) and 20 ms a tree still colliding after it
    (:func:`~sage_hcsf.estimate.colliding_trees`); for ``geng`` families,
    about `5\,ms \cdot 2^{n-8}` a graph.

    EXAMPLES::

        sage: from sage_hcsf.cli import estimated_cpu_hours
        sage: from sage_hcsf.certify import family
        sage: estimated_cpu_hours(family("trees"), range(1, 21)) < 0.01
        True
        sage: 0.05 < estimated_cpu_hours(family("trees"), range(1, 27)) < 0.5
        True
        sage: int(estimated_cpu_hours(family("graphs"), range(1, 11)))
        67
    """
    from sage_hcsf.certify import family_size
    from sage_hcsf.estimate import colliding_trees
    if family.kind == "file":
        return None
    hours = 0.0
    for n in orders:
        if family.kind == "trees":
            hours += family_size("trees", n) * 1e-6 * (n / 24) / 3600
            hours += colliding_trees(n) * 0.02 / 3600
        else:
            hours += family_size(family.kind, n) * 5e-3 * 2.0 ** (n - 8) / 3600
    return hours


def cost_warning(family, orders, processes):
    r"""
    Return a warning when a sweep looks hopeless (more than a day of the
    given processes), or ``None``.

    EXAMPLES::

        sage: from sage_hcsf.cli import cost_warning
        sage: from sage_hcsf.certify import family
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
    return (f"warning: {family.name} on up to {max(orders)} vertices is about "
            f"{rounded(hours)} hours of CPU (about {rounded(hours / processes)} hours on "
            f"{processes} processes; see `verify --estimate`); every result is stored "
            "as it comes, so Ctrl-C and the same command resume")


# the default --max-n of verify: a minute or less here (a file: all its graphs)
DEFAULT_MAX_N = {"trees": 18, "graphs": 7, "connected": 7, "forests": 12}


def verify_arguments(parser):
    r"""
    Add the options of ``verify`` to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli import CommandLineParser, verify_arguments
        sage: parser = CommandLineParser(prog="verify")
        sage: verify_arguments(parser)
        sage: parser.parse_args(["trees", "--max-n", "9"]).max_n
        9
    """
    parser.add_argument("family", type=family_argument, metavar="FAMILY",
                        help="trees, graphs, connected, forests, or a file of graph6 strings "
                             "(one graph a line)")
    parser.add_argument("--max-n", type=positive_integer, metavar="N",
                        help="check the graphs on at most N vertices (default: trees 18, "
                             "graphs and connected 7, forests 12, every graph of a file; at "
                             "most: trees 64, graphs and connected 10, forests 14)")
    parser.add_argument("--min-n", type=positive_integer, default=1, metavar="N",
                        help="and at least N vertices (default 1)")
    where = sweep_arguments(parser, "sage_hcsf.db", "the SQLite result store: resumes from "
                            "it and adds to it (default: sage_hcsf.db in the current directory)")
    where.add_argument("--dask-local", type=positive_integer, metavar="N",
                       help="start a Dask LocalCluster of N worker processes on this machine")
    parser.add_argument("--memory-budget", type=byte_count, metavar="BYTES",
                        help="memory of each full fiber-type count, e.g. 8G (default: the "
                             "package's memory_budget(), 2G); pairs beyond it are undecided")
    parser.add_argument("--recheck", type=non_negative_integer, default=0, metavar="K",
                        help="recompute K random separated pairs independently (default 0)")
    parser.add_argument("--seed", type=non_negative_integer, default=0, metavar="S",
                        help="seed of the random choice of --recheck (default 0)")
    parser.add_argument("--json", type=output_file, metavar="FILE",
                        help="write the full verdict as JSON")
    parser.add_argument("--invariant", type=invariant_argument, default="self-csf",
                        metavar="NAME", help="the invariant whose certificate ladder is walked: "
                        "self-csf (default: X_G^G) or csf (Stanley's chromatic symmetric "
                        "function X_T, trees only: equal ones would refute Stanley's tree "
                        "conjecture)")
    parser.add_argument("--estimate", type=positive_integer, nargs="?", const=2,
                        metavar="SLICES", help="do not run: time SLICES random slices of each "
                        "order (default 2) and print the trees, core-hours, peak memory, disk "
                        "and wall time here and on 64 and 256 cores")


def invariant_argument(text):
    r"""
    Return the name of a ladder of certificates of ``verify --invariant``,
    or raise :class:`argparse.ArgumentTypeError`.

    EXAMPLES::

        sage: from sage_hcsf.cli import invariant_argument
        sage: invariant_argument("self-csf")
        'self-csf'
        sage: invariant_argument("chromatic")
        Traceback (most recent call last):
        ...
        ArgumentTypeError: unknown invariant 'chromatic': use self-csf, csf
    """
    from sage_hcsf.certificates import LADDERS
    if text not in LADDERS:
        raise argparse.ArgumentTypeError(f"unknown invariant {text!r}: use {', '.join(LADDERS)}")
    return text


def estimate(arguments, family, max_n):
    r"""
    Print the estimated cost of ``verify`` (``--estimate``); return 0.

    EXAMPLES::

        sage: from sage_hcsf.cli import main
        sage: main(["verify", "trees", "--min-n", "12", "--max-n", "13", "--estimate", "1",
        ....:       "--processes", "2"])
        estimated from 1 random slice of each order, timed here (nothing is run or stored):
        n | graphs | core-hours | peak memory | disk | wall here (2 processes) | 64 cores | 256 cores
        12 | 551 | ...
        13 | 1,301 | ...
        0
        sage: main(["verify", "trees", "--max-n", "70", "--estimate"])
        sage-hcsf verify: error: --max-n must be an integer from 1 to 64 for trees; got 70
        2
    """
    from sage_hcsf.estimate import estimate_sweep, estimate_table
    rows = estimate_sweep(family, max_n, arguments.min_n, arguments.estimate,
                          arguments.processes, arguments.seed, arguments.invariant)
    processes = rows[0]["processes"] if rows else arguments.processes
    print(f"estimated from {arguments.estimate} random slice"
          f"{'s' if arguments.estimate > 1 else ''} of each order, timed here (nothing is run "
          "or stored):")
    print(estimate_table(rows, processes))
    if family.kind != "trees":
        print(f"(for {family.name}: the first pass, hom(G, G) of every graph, only; the "
              "later rungs come on top)")
    return 0


def verify(arguments):
    r"""
    Run a certified sweep, printing a row as each order finishes; return
    0 (every pair separated), 1 (equal self-CSFs found) or 3 (pairs
    undecided).

    EXAMPLES::

        sage: from sage_hcsf.cli import main
        sage: import os, tempfile
        sage: db = os.path.join(tempfile.mkdtemp(), "trees.db")
        sage: main(["verify", "trees", "--max-n", "9", "--db", db, "--processes", "1"])
        results are stored in ...trees.db
        n | graphs | graphs colliding after hom(G,G) mod 2^64 | ...
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
    from sage_hcsf.certificates import ladder as certificate_ladder
    from sage_hcsf.certify import check_orders, certify_self_csf, verdict_header, verdict_row
    from sage_hcsf.store import ResultStore, StoreError
    from sage_hcsf.sweep import make_executor
    name = f"{arguments.prog} verify"
    try:
        max_n = arguments.max_n or DEFAULT_MAX_N.get(arguments.family)
        family, orders = check_orders(arguments.family, max_n, arguments.min_n)
        family.check_domain(certificate_ladder(family.kind, arguments.invariant)[0], orders,
                            arguments.invariant)
        executor = make_executor(arguments.executor, arguments.processes, arguments.dask_local)
    except (ValueError, ImportError) as error:
        return usage_error(name, str(error).replace("max_n", "--max-n").replace("min_n", "--min-n"))
    if arguments.estimate:
        executor.close()
        return estimate(arguments, family, max_n)
    try:
        store = ResultStore(arguments.db)
    except StoreError as error:
        executor.close()
        return usage_error(name, str(error))
    print(f"results are stored in {arguments.db}", flush=True)
    warning = cost_warning(family, orders, arguments.processes or arguments.dask_local)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    resumed = from_the_store(store, family, orders, arguments.invariant)
    if resumed:
        print(resumed, flush=True)
    printed = []

    def show(verdict):
        if not printed:
            print(verdict_header(verdict))
        printed.append(verdict)
        print(verdict_row(verdict), flush=True)
        if arguments.json:   # rewritten after each order: an interrupted run keeps them
            with open(arguments.json, "w") as stream:
                json.dump({"family": family.name, "status": "partial",
                           "verdicts": {str(v["n"]): v for v in printed}}, stream, indent=1)

    command = f"{arguments.prog} {shlex.join(arguments.argv)}"   # prog may be "python -m sage_hcsf"
    try:
        report = certify_self_csf(family, max_n, arguments.min_n, store,
                                  executor, progress=sys.stderr.isatty(),
                                  memory_budget=arguments.memory_budget,
                                  recheck=arguments.recheck, seed=arguments.seed,
                                  command=command, on_order=show,
                                  invariant=arguments.invariant)
    except KeyboardInterrupt:
        executor.close(kill=True)   # the workers ignore Ctrl-C: stop their tasks now
        print(f"interrupted; every result computed so far is kept in {arguments.db}; "
              f"the same command resumes: {command}", file=sys.stderr)
        return 130
    finally:
        executor.close()
        store.close()
    equal = report.equal_classes()
    named = family.written([g for c in equal for g in c] +
                           [g for p in report.undecided_pairs() for g in p["graphs"]] +
                           [g for v in report.verdicts.values()
                            for g in v.get("isomorphic duplicates", {})])

    def name(graph6):   # a graph of a file as the user wrote it, else its canonical graph6
        if graph6 not in named:
            return graph6
        return ", ".join(f"line {number}: {text}" for number, text in named[graph6])

    if named:   # a file: each class in the order of the file's lines
        equal = [sorted(graphs, key=lambda g: named[g][0][0]) for graphs in equal]
    what = "self-CSF" if arguments.invariant == "self-csf" else \
        "chromatic symmetric function (a counterexample to Stanley's tree conjecture)"
    if equal and named:
        print(f"graphs with equal {what} (each as written in {family.path}, then its "
              "canonical graph6):")
    elif equal:
        print(f"graphs with equal {what} (graph6, one class a line):")
    for number, graphs in enumerate(equal, 1):
        if named:
            print(f"  class {number}:")
            for graph6 in graphs:
                print(f"    {name(graph6)} | {graph6}")
        else:
            print("  " + " ".join(graphs))
    for verdict in report.verdicts.values():
        for graph6, times in verdict.get("isomorphic duplicates", {}).items():
            print(f"given {times} times (isomorphic copies, checked once): {name(graph6)}"
                  f"{' | ' + graph6 if named else ''}")
    for note in report.notes:
        print(f"note: {note}")
    for pair in report.undecided_pairs():
        print(f"undecided: {' and '.join(name(g) for g in pair['graphs'])} ({pair['reason']})")
    if report.undecided_pairs():
        print("to decide them, run the same command with a larger --memory-budget: the store "
              "keeps everything else")
    for check in report.recheck:
        print(f"recheck {' '.join(check['graphs'])}: "
              f"{'agrees' if check['agree'] else 'DISAGREES'}"
              f"{', enumerated too' if check['enumerated'] else ''}")
    print(report)
    if arguments.json:
        document = report.as_dict()
        # each member of a class as the user wrote it: {"line", "as written", "graph6"}
        document["equal classes"] = [
            [{"line": number, "as written": text, "graph6": graph6}
             for graph6 in graphs for number, text in named.get(graph6, [(None, None)])]
            for graphs in equal]
        document["as written"] = {graph6: [{"line": number, "as written": text}
                                           for number, text in lines]
                                  for graph6, lines in named.items()}
        with open(arguments.json, "w") as stream:
            json.dump(document, stream, indent=1)
    return report.exit_status


def db_arguments(parser):
    r"""
    Add the options of ``db`` to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli import CommandLineParser, db_arguments
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

        sage: from sage_hcsf.cli import main
        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "t.db")
        sage: _ = main(["verify", "trees", "--max-n", "6", "--db", path, "--processes", "1"])
        results are stored in ...
        sage: main(["db", path])
        result store ...t.db
        runs:
          1 ... done ... verify trees --max-n 6 ...
        tasks (family, n, stage: tasks, graphs, seconds):
          trees ... n=6 hom mod 2^64 (tree_homs 2, buckets): 1 tasks, 6 graphs, ...
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
    from sage_hcsf.certify import verdict_status
    from sage_hcsf.store import ResultStore, StoreError, export_store
    try:
        store = ResultStore(arguments.file, readonly=True)
        summary = store.summary()
    except StoreError as error:
        return usage_error(f"{arguments.prog} db", str(error))
    if arguments.export:
        print(json.dumps(export_store(store), indent=1))
        return 0
    if arguments.json:
        print(json.dumps(summary, indent=1))
        return 0
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
        print(f"  {key}: {verdict['graphs']} graphs, {verdict_status(verdict)}")
    return 0


@dataclass(frozen=True)
class Command:
    r"""
    A command of the command line: its name, a one-line summary (in the
    list of commands), a description (in its ``--help``), a function adding
    its options to its parser (or ``None``), the function running it on
    the parsed options and returning the exit status, and optionally a
    function returning text that ends its ``--help``.

    EXAMPLES::

        sage: from sage_hcsf.cli import COMMANDS
        sage: [command.name for command in COMMANDS]
        ['reproduce', 'tour', 'mechanics', 'verify', 'db']
    """
    name: str
    summary: str
    description: str
    add_arguments: object
    run: object
    details: object = None


COMMANDS = (
    Command("reproduce", "check every published claim (the main job)",
            "Check the published claims on H-chromatic symmetric functions (Eagles et al. "
            "2022; Pierson and Lin 2025) and print a table, a row as each claim finishes. "
            "Exit status 1 if a claim is contradicted, 130 if interrupted (the line printed "
            "then says what was kept and how to resume).",
            reproduce_arguments, reproduce, claims_list),
    Command("tour", "print the worked examples of the definition",
            "Compute and print the worked examples of the definition of X_G^H.",
            None, run_tour),
    Command("mechanics", "norm laws of learning rules, simulated",
            "Simulate gradient descent and heavy ball on a scale-invariant loss and compare "
            "the growth of the norm with Noether's learning dynamics. Exit status 1 if a law "
            "fails.",
            mechanics_arguments, mechanics),
    Command("verify", "certified sweep: does the self-CSF distinguish a family?",
            "Check with certificates that the self-CSF distinguishes the graphs of a family "
            "(trees, graphs, connected, forests, or a file of graph6 strings): hom(G,G) "
            "residues for every graph, then |Aut(G)| and the full fiber-type counts for the "
            "graphs that still collide. Results go to an SQLite store as they arrive: the "
            "same command resumes after Ctrl-C, kill -9 or a power cut. Exit status 0 if "
            "every pair is separated, 1 if some graphs have equal self-CSFs (each class is "
            "printed as graph6 in canonical form; for a file, each graph also as 'line N: "
            "<the line as written>'), 3 if pairs remain undecided (budget "
            "exceeded), 2 for a usage error, 130 after Ctrl-C.",
            verify_arguments, verify),
    Command("db", "summarise a result store",
            "Print the runs, tasks, graphs and verdicts of a result store written by "
            "'verify' or 'reproduce --db' (--export: every verdict, and every graph's "
            "invariants and fiber-type counts, as JSON); safe while a sweep writes to it.",
            db_arguments, db),
)


def command_line_parser(prog="sage-hcsf"):
    r"""
    Return the parser of the command line, one subcommand per entry of
    :data:`COMMANDS`.

    EXAMPLES::

        sage: from sage_hcsf.cli import command_line_parser
        sage: print(command_line_parser().format_usage().strip())
        usage: sage-hcsf [-h] COMMAND ...
    """
    width = max(len(command.name) for command in COMMANDS)
    parser = CommandLineParser(prog=prog, description="H-chromatic symmetric functions for "
                               "Sage: reproduce the published claims, tour the definition, "
                               "simulate Noether's learning dynamics.",
                               details=lambda: "\n".join(
                                   ["commands:"] + [f"  {command.name:<{width}}  {command.summary}"
                                                    for command in COMMANDS]))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     help=f"one of the commands below; '{prog} COMMAND --help' "
                                          "describes it")
    for command in COMMANDS:
        subparser = commands.add_parser(command.name, description=command.description,
                                        details=command.details)
        if command.add_arguments is not None:
            command.add_arguments(subparser)
        subparser.set_defaults(run=command.run)
    return parser


@contextlib.contextmanager
def every_interrupt_stops():
    r"""
    Make every interrupt stop the command that runs in the block: it gets
    ``KeyboardInterrupt``, prints what it kept and how to resume.

    - ``SIGTERM`` (``kill PID``) raises ``KeyboardInterrupt`` as Ctrl-C does;
      the block's value says whether it came (``stopped["SIGTERM"]``).
    - A Ctrl-C that Python drops is sent again: raised inside a fork hook
      or a finaliser, ``KeyboardInterrupt`` is only printed ("Exception
      ignored in ...") and the command went on to its end.

    EXAMPLES::

        sage: from sage_hcsf.cli import every_interrupt_stops
        sage: import os, signal, time
        sage: try:
        ....:     with every_interrupt_stops() as stopped:
        ....:         os.kill(os.getpid(), signal.SIGTERM)
        ....:         time.sleep(5)
        ....: except KeyboardInterrupt:
        ....:     print("stopped by", *stopped)
        stopped by SIGTERM

    A ``KeyboardInterrupt`` dropped by a finaliser comes back::

        sage: class Finaliser:
        ....:     def __del__(self):
        ....:         raise KeyboardInterrupt
        sage: try:
        ....:     with every_interrupt_stops():
        ....:         dropped = Finaliser(); del dropped
        ....:         time.sleep(5)
        ....:         print("not stopped")
        ....: except KeyboardInterrupt:
        ....:     print("stopped")
        stopped
    """
    stopped = {}
    previous_hook = sys.unraisablehook

    def dropped(unraisable):
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            again = threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGINT))
            again.daemon = True   # sent once the code that dropped it has returned
            again.start()
        else:
            previous_hook(unraisable)

    def terminate(signum, frame):
        stopped["SIGTERM"] = True
        raise KeyboardInterrupt("SIGTERM")

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous_term = signal.signal(signal.SIGTERM, terminate) if in_main_thread else None
    sys.unraisablehook = dropped
    try:
        yield stopped
    finally:
        sys.unraisablehook = previous_hook
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous_term)


def main(argv=None, prog=None):
    r"""
    Run the command line; return the exit status.

    INPUT:

    - ``argv`` -- list of strings (default: ``sys.argv[1:]``)
    - ``prog`` -- the program name in messages (default: the name it was
      run by, ``sage-hcsf`` when ``argv`` is given)

    EXAMPLES::

        sage: from sage_hcsf.cli import main
        sage: try:
        ....:     main(["--help"])
        ....: except SystemExit as stop:
        ....:     print("exit status", stop.code)
        usage: sage-hcsf [-h] COMMAND ...
        ...
        commands:
          reproduce  check every published claim (the main job)
          tour       print the worked examples of the definition
          mechanics  norm laws of learning rules, simulated
          verify     certified sweep: does the self-CSF distinguish a family?
          db         summarise a result store
        exit status 0
        sage: try:
        ....:     main(["reproduce", "--only", "99"])
        ....: except SystemExit as stop:
        ....:     print("exit status", stop.code)
        sage-hcsf reproduce: error: argument --only: there is no claim 99; the claims are 1-11
        (see 'sage-hcsf reproduce --help')
        exit status 2
        sage: main(["mechanics"])
        run ...
        0
    """
    if prog is None:
        prog = os.path.basename(sys.argv[0]) if argv is None else "sage-hcsf"
    parser = command_line_parser(prog)
    arguments = parser.parse_args(argv)
    arguments.prog = prog
    arguments.argv = list(sys.argv[1:] if argv is None else argv)
    try:
        with every_interrupt_stops() as stopped:
            status = arguments.run(arguments)
        return 128 + signal.SIGTERM if status == 130 and stopped else status
    except BrokenPipeError:   # the reader stopped early (``sage-hcsf db FILE | head``)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


