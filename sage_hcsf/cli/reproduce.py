r"""
TODO: describe cli.reproduce (from cli)
"""

import shlex
import sys

from sage_hcsf.cli.options import (
    byte_count,
    claim_list,
    output_file,
    output_folder,
    positive_integer,
    sweep_arguments,
    usage_error,
)
from sage_hcsf.cli.verify import cost_warning


def claims_list():
    r"""
    Return the list of the registered claims, for ``reproduce --help``.

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import claims_list
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

        sage: from sage_hcsf.cli.options import CommandLineParser
        sage: from sage_hcsf.cli.reproduce import reproduce_arguments
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


def interrupted_message(arguments, finished, remaining):
    r"""
    Return the line printed when ``reproduce`` is interrupted: what was
    kept and the command that resumes.

    INPUT:

    - ``arguments`` -- the parsed options of ``reproduce``
    - ``finished`` -- the results of the claims that finished
    - ``remaining`` -- the numbers of the interrupted claim and those after it

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import interrupted_message
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

        sage: from sage_hcsf.cli.commands import main
        sage: main(["reproduce", "--only", "2,10", "--max-n", "5"])
        claim | published range | range verified here | verdict | time
        ...
        2. self-CSF detects the number of components of a forest, one exception | ...
        10. m, p, e are realised as H-CSFs (up to scalars) | ... | holds | ...
        0
    """
    from sage_hcsf.certify.runs import check_orders
    from sage_hcsf.claims import CLAIMS
    from sage_hcsf.claims.report import (
        earlier_results,
        table_header,
        table_row,
        write_json,
        write_plots,
    )
    from sage_hcsf.parallel.executors import make_executor
    from sage_hcsf.store import ResultStore, StoreError
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
        from sage_hcsf.certify.enumeration import family
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
