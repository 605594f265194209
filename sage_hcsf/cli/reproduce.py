r"""
The ``reproduce`` command: check the published claims, a row as each finishes

``reproduce`` runs the registered claims (:data:`~sage_hcsf.claims.CLAIMS`,
or those of ``--only``) with the run settings its options give, and prints
a row of the table as each claim finishes; ``--json`` and ``--plot`` are
written after each claim, so that an interrupted run keeps what finished
and says how to resume. The command knows no claim by number: what a claim
takes (a result store, a sweep whose cost to estimate first) is declared
where the claim is registered (:class:`~sage_hcsf.claims.registry.Claim`).

EXAMPLES::

    sage: from sage_hcsf.cli.commands import main
    sage: main(["reproduce", "--only", "10"])
    claim | published range | range verified here | verdict | time
    ------|-----------------|---------------------|---------|-----
    10. m, p, e are realised as H-CSFs (up to scalars) | ... | holds | ...
    0
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
    with_option_names,
)
from sage_hcsf.cli.verify import cost_warning

#: The options of ``reproduce`` that give the claims' run settings.
SETTING_OPTIONS = {"max_n": "--max-n", "processes": "--processes", "db": "--db",
                   "executor": "--executor", "memory_budget": "--memory-budget"}


def claims_list():
    r"""
    Return the list of the registered claims, each with the options it
    takes, for ``reproduce --help``.

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import claims_list
        sage: print(claims_list())
        claims (numbers for --only), each with the options it takes:
          1. self-CSF distinguishes trees from non-trees, exactly one exception
             --max-n (default 8, at most 11), --processes, --db, --executor, --memory-budget
        ...
          3. self-CSF distinguishes all trees
             --max-n (default 18, at most 32), --processes, --db, --executor, --memory-budget
        ...
          9. for fixed G the X_G^H (H with loops) generally do not span
        ...
        sage: from sage_hcsf.claims import CLAIMS
        sage: all(f"  {n}. {claim.statement}" in claims_list() for n, claim in CLAIMS.items())
        True
    """
    from sage_hcsf.claims import CLAIMS
    lines = ["claims (numbers for --only), each with the options it takes:"]
    for number, claim in sorted(CLAIMS.items()):
        lines.append(f"  {number}. {claim.statement}")
        defaults = claim.arguments({})
        options = [option + _default_and_reach(claim, setting, defaults)
                   for setting, option in SETTING_OPTIONS.items() if claim.parameter(setting)]
        if options:
            lines.append(f"     {', '.join(options)}")
    return "\n".join(lines)


def _default_and_reach(claim, setting, defaults):
    r"""
    Return what ``reproduce --help`` says after the option of ``setting``
    of ``claim``: its default and, for ``--max-n``, the claim's reach.

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import _default_and_reach
        sage: from sage_hcsf.claims import CLAIMS
        sage: _default_and_reach(CLAIMS[1], "max_n", {})
        ' (default 8, at most 11)'
        sage: _default_and_reach(CLAIMS[1], "processes", {})
        ''
    """
    said = []
    if setting == "max_n":
        said.append(f"default {claim.largest_order({})}")
        if claim.reach is not None:
            said.append(f"at most {claim.reach}")
    elif claim.parameter(setting) in defaults:
        said.append(f"default {defaults[claim.parameter(setting)]}")
    return f" ({', '.join(said)})" if said else ""


def reproduce_arguments(parser):
    r"""
    Add the options of ``reproduce`` to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import CommandLineParser
        sage: from sage_hcsf.cli.reproduce import reproduce_arguments
        sage: parser = CommandLineParser(prog="reproduce")
        sage: reproduce_arguments(parser)
        sage: arguments = parser.parse_args(["--only", "3,1", "--memory-budget", "1.5G"])
        sage: arguments.only, arguments.memory_budget
        ([1, 3], 1500000000)
    """
    parser.add_argument("--max-n", type=positive_integer("--max-n"), metavar="N",
                        help="check each claim on its graphs with at most N vertices (default: "
                             "each claim's range, listed below with the most it takes; a claim "
                             "without a range says so)")
    parser.add_argument("--only", type=claim_list, metavar="CLAIMS",
                        help="comma-separated claim numbers, e.g. 3,6 (default: all)")
    parser.add_argument("--json", type=output_file, metavar="FILE",
                        help="write the full results as JSON (rewritten after each claim)")
    parser.add_argument("--plot", type=output_folder, metavar="DIR",
                        help="write PNG figures into DIR (created if missing)")
    sweep_arguments(parser, None, "result store (SQLite) of a claim's certified sweep: it "
                    "resumes from it and stores into it (default: none kept)")
    parser.add_argument("--memory-budget", type=byte_count("--memory-budget"), metavar="BYTES",
                        help="memory of each full fiber-type count, e.g. 8G or 1.5G (default: "
                             "the package's memory_budget(), 2G); a claim with pairs beyond "
                             "it is undecided (exit status 3)")


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
    resumable = CLAIMS[current].parameter("db") is not None
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


def check_reach(numbers, max_n):
    r"""
    Raise ``ValueError`` if ``max_n`` is more than some of the claims
    ``numbers`` take (their :attr:`~sage_hcsf.claims.registry.Claim.reach`),
    naming them and those that take it.

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import check_reach
        sage: check_reach([1, 3], 10)
        sage: check_reach([3], 40)
        Traceback (most recent call last):
        ...
        ValueError: --max-n 40 is more than claim 3 takes (at most 32)
    """
    from sage_hcsf.claims import CLAIMS
    beyond = [CLAIMS[n] for n in numbers if CLAIMS[n].beyond_reach(max_n)]
    if not beyond:
        return
    plural = len(beyond) > 1
    message = (f"--max-n {max_n} is more than claim{'s' if plural else ''} "
               f"{', '.join(str(c.number) for c in beyond)} take{'' if plural else 's'} "
               f"(at most {', '.join(str(c.reach) for c in beyond)})")
    takers = [str(n) for n in numbers if CLAIMS[n].parameter("max_n")
              and CLAIMS[n] not in beyond]
    if takers:
        message += (f"; choose the claims with --only: of those asked, {', '.join(takers)} "
                    f"take{'s' if len(takers) == 1 else ''} it")
    raise ValueError(message)


def run_settings(arguments, numbers):
    r"""
    Return the run settings of the claims ``numbers`` that the options of
    ``reproduce`` give, every option checked before any work (``--max-n``
    against each claim's reach, the result store opened, a Dask scheduler
    reached); raise ``ValueError`` or ``ImportError`` naming a bad one.

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import run_settings
        sage: from argparse import Namespace
        sage: arguments = Namespace(max_n=9, processes=2, db=None, executor="local",
        ....:                       memory_budget=None)
        sage: run_settings(arguments, [3, 5])
        {'db': None, 'executor': None, 'max_n': 9, 'memory_budget': None,
         'processes': 2, 'progress': False}
        sage: arguments.max_n = 12
        sage: run_settings(arguments, [1, 3, 6, 8])
        Traceback (most recent call last):
        ...
        ValueError: --max-n 12 is more than claims 1, 6, 8 take (at most 11, 11, 8); choose
        the claims with --only: of those asked, 3 takes it
    """
    from sage_hcsf.parallel.executors import make_executor
    from sage_hcsf.store import ResultStore
    if arguments.max_n:
        check_reach(numbers, arguments.max_n)
    if arguments.db:
        ResultStore(arguments.db).close()
    executor = None if arguments.executor == "local" else make_executor(arguments.executor)
    return {"progress": sys.stderr.isatty(), "processes": arguments.processes,
            "max_n": arguments.max_n, "db": arguments.db, "executor": executor,
            "memory_budget": arguments.memory_budget}


def sweep_warnings(claims, settings):
    r"""
    Return the warnings (see :func:`~sage_hcsf.cli.verify.cost_warning`) of
    the certified sweeps that ``claims`` run with the run ``settings`` and
    that look hopeless.

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import sweep_warnings
        sage: from sage_hcsf.claims import CLAIMS
        sage: sweep_warnings(CLAIMS.values(), {"processes": 2})
        []
        sage: sweep_warnings([CLAIMS[3]], {"processes": 2, "max_n": 32})
        ['warning: trees on up to 32 vertices is about ... hours of CPU ...']
    """
    from sage_hcsf.certify.enumeration import family
    warnings = [cost_warning(family(claim.sweep), claim.sweep_orders(settings),
                             settings.get("processes"))
                for claim in claims if claim.sweep_orders(settings) is not None]
    return [warning for warning in warnings if warning]


def ignored_range(claim, settings):
    r"""
    Return the note saying that ``claim`` has no range for the ``--max-n``
    of the run ``settings`` to set, and what it checks instead; ``None`` if
    it takes it or none was given.

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import ignored_range
        sage: from sage_hcsf.claims import CLAIMS
        sage: print(ignored_range(CLAIMS[9], {"max_n": 9}))
        claim 9 has no range of graphs for --max-n 9 to set: it checks its own, n=4
        sage: ignored_range(CLAIMS[3], {"max_n": 9}) is None
        True
        sage: ignored_range(CLAIMS[9], {"max_n": None}) is None
        True
    """
    import inspect
    from sage_hcsf.claims.registry import COMMON_SETTINGS
    max_n = settings.get("max_n")
    if max_n is None or claim.parameter("max_n") is not None:
        return None
    own = {name: parameter.default
           for name, parameter in inspect.signature(claim.checker).parameters.items()
           if name not in COMMON_SETTINGS and isinstance(parameter.default, int)
           and not isinstance(parameter.default, bool)}
    own.update((name, value) for name, value in claim.arguments({}).items() if name in own)
    ranges = ", ".join(f"{name}={value}" for name, value in own.items()) or "fixed"
    return (f"claim {claim.number} has no range of graphs for --max-n {max_n} to set: "
            f"it checks its own, {ranges}")


def check_claims(arguments, numbers, settings):
    r"""
    Check the claims ``numbers`` with the run ``settings``, printing the
    table a row as each claim finishes; yield each result then, once the
    ``--json`` and ``--plot`` of ``arguments`` are written.

    The executor of ``settings``, if any, is closed at the end; on Ctrl-C
    its workers are stopped at once.

    EXAMPLES::

        sage: from sage_hcsf.cli.reproduce import check_claims
        sage: from argparse import Namespace
        sage: arguments = Namespace(json=None, plot=None)
        sage: for result in check_claims(arguments, [10], {"progress": False}):
        ....:     print(result.status)
        claim | published range | range verified here | verdict | time
        ------|-----------------|---------------------|---------|-----
        10. m, p, e are realised as H-CSFs (up to scalars) | ... | holds | ...
        holds
    """
    from sage_hcsf.claims import CLAIMS
    from sage_hcsf.claims.report import (
        earlier_results,
        table_header,
        table_row,
        write_json,
        write_plots,
    )
    executor = settings.get("executor")
    earlier = earlier_results(arguments.json, numbers) if arguments.json else []
    if earlier:   # a resumed run: what the first one wrote stays
        print(f"{arguments.json} keeps claims {', '.join(str(r['number']) for r in earlier)} "
              "of an earlier run", file=sys.stderr)
    print(table_header(), flush=True)
    results = []
    try:
        for number in numbers:
            results.append(CLAIMS[number].run(**settings))
            ignored = ignored_range(CLAIMS[number], settings)
            if ignored:   # said in the row and kept in the JSON, as well as before the work
                results[-1].checked += " (--max-n not taken)"
                results[-1].details["ignored"] = ignored
            print(table_row(results[-1]), flush=True)
            if arguments.json:
                write_json(results, arguments.json, earlier)
            if arguments.plot:   # at once: an interrupted run keeps the figures drawn
                write_plots(results[-1:], arguments.plot)
            yield results[-1]
    except KeyboardInterrupt:
        if executor is not None:   # the workers ignore Ctrl-C: stop their tasks now
            executor.close(kill=True)
        raise
    finally:
        if executor is not None:
            executor.close()


def reproduce(arguments):
    r"""
    Run the claim checkers, printing each row of the table as its claim
    finishes; return the exit status: 0, 1 if a claim is contradicted, 3 if
    one is undecided, 130 if interrupted.

    EXAMPLES::

        sage: from sage_hcsf.cli.commands import main
        sage: main(["reproduce", "--only", "2,9", "--max-n", "5"])
        note: claim 9 has no range of graphs for --max-n 5 to set: it checks its own, n=4
        claim | published range | range verified here | verdict | time
        ...
        2. self-CSF detects the number of components of a forest, one exception | ...
         all 22 forests on <= 5 vertices (certified) | ...
        9. for fixed G the X_G^H (H with loops) generally do not span | ...
         (--max-n not taken) | ...
        0
        sage: main(["reproduce", "--max-n", "70"])
        sage-hcsf reproduce: error: --max-n 70 is more than claims 1, 2, 3, 4, 5, 6, 7, 8, 10
        take (at most 11, 14, 32, 40, 24, 11, 16, 8, 12)
        2
    """
    from sage_hcsf.claims import CLAIMS
    numbers = arguments.only or sorted(CLAIMS)
    try:   # every option before any work, as verify does
        settings = run_settings(arguments, numbers)
    except (ValueError, ImportError) as error:
        return usage_error(f"{arguments.prog} reproduce", with_option_names(error))
    for warning in sweep_warnings([CLAIMS[number] for number in numbers], settings):
        print(warning, file=sys.stderr, flush=True)
    for number in numbers:
        ignored = ignored_range(CLAIMS[number], settings)
        if ignored:
            print(f"note: {ignored}", file=sys.stderr, flush=True)
    results = []
    try:
        for result in check_claims(arguments, numbers, settings):
            results.append(result)
    except KeyboardInterrupt:
        print(interrupted_message(arguments, results, numbers[len(results):]),
              file=sys.stderr)
        return 130
    failed = [r.number for r in results if r.status == "contradicted"]
    undecided = [r.number for r in results if r.status == "undecided"]
    if failed:
        print(f"contradicted or not reproduced: claims {failed}")
    if undecided:
        print(f"undecided (beyond the memory budget; a larger --memory-budget may decide "
              f"them): claims {undecided}")
    return 1 if failed else 3 if undecided else 0
