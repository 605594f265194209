r"""
The commands of the command line, and :func:`~sage_hcsf.cli.commands.main`

Each command is one :class:`Command` of :data:`COMMANDS`: its name, its
help, the function adding its options and the function running it.
:func:`main` parses the command line, runs the command with every
interrupt (Ctrl-C, ``SIGTERM``) stopping it cleanly, and returns its exit
status.

EXAMPLES::

    sage: from sage_hcsf.cli.commands import command_line_parser
    sage: arguments = command_line_parser().parse_args(["verify", "trees", "--max-n", "9"])
    sage: arguments.run.__name__, arguments.family, arguments.max_n
    ('verify', 'trees', 9)
"""

import os
import signal
import sys
from dataclasses import dataclass

from sage_hcsf.cli.db import db, db_arguments
from sage_hcsf.cli.options import CommandLineParser
from sage_hcsf.cli.reproduce import claims_list, reproduce, reproduce_arguments
from sage_hcsf.cli.tour import mechanics, mechanics_arguments, run_tour
from sage_hcsf.cli.verify import verify, verify_arguments
from sage_hcsf.parallel.interrupts import every_interrupt_stops


@dataclass(frozen=True)
class Command:
    r"""
    A command of the command line: its name, a one-line summary (in the
    list of commands), a description (in its ``--help``), a function adding
    its options to its parser (or ``None``), the function running it on
    the parsed options and returning the exit status, and optionally a
    function returning text that ends its ``--help``.

    EXAMPLES::

        sage: from sage_hcsf.cli.commands import COMMANDS
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
            "Exit status 1 if a claim is contradicted, 3 if a claim is undecided (pairs "
            "beyond the memory budget), 130 if interrupted (the line printed then says what "
            "was kept and how to resume).",
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
            "exceeded), 2 for a usage error, 4 if the disk is full or the disk budget too "
            "small (what was committed is kept: the same command resumes), 130 after Ctrl-C.",
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

        sage: from sage_hcsf.cli.commands import command_line_parser
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


#: The exit status after the reader of the output went away (``| head``): the
#: shell's for a command killed by ``SIGPIPE``, 128 + 13, as 130 after Ctrl-C.
BROKEN_PIPE = 128 + signal.SIGPIPE


def main(argv=None, prog=None):
    r"""
    Run the command line; return the exit status.

    Ctrl-C stops any command with one line and exit status 130 (143 after
    ``SIGTERM``): ``verify`` and ``reproduce`` say what was kept and how to
    resume, the others that nothing was run. When the reader of the output
    goes away (``sage-hcsf verify trees | head -3``) the command stops
    quietly with exit status 141 (:data:`BROKEN_PIPE`; a sweep is recorded
    as interrupted, and the same command resumes it).

    INPUT:

    - ``argv`` -- list of strings (default: ``sys.argv[1:]``)
    - ``prog`` -- the program name in messages (default: the name it was
      run by, ``sage-hcsf`` when ``argv`` is given)

    EXAMPLES::

        sage: from sage_hcsf.cli.commands import main
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
        sage-hcsf reproduce: error: argument --only: there is no claim 99; the claims are 1-...
        (see 'sage-hcsf reproduce --help')
        exit status 2
        sage: main(["mechanics"])
        run ...
        0
    """
    if prog is None:
        prog = os.path.basename(sys.argv[0]) if argv is None else "sage-hcsf"
    try:
        parser = command_line_parser(prog)
        arguments = parser.parse_args(argv)
        arguments.prog = prog
        arguments.argv = list(sys.argv[1:] if argv is None else argv)
        with every_interrupt_stops() as stopped:
            try:
                status = arguments.run(arguments)
            except KeyboardInterrupt:   # a command without its own line, or in its imports
                print(f"{prog} {arguments.command}: interrupted", file=sys.stderr)
                status = 128 + signal.SIGINT
        return 128 + signal.SIGTERM if status == 130 and stopped else status
    except KeyboardInterrupt:   # while the options were read
        print(f"{prog}: interrupted; nothing was run", file=sys.stderr)
        return 128 + signal.SIGINT
    except BrokenPipeError:   # the reader stopped early (``sage-hcsf verify trees | head``)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
