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
  remain undecided, 4 if the disk is full or the disk budget too small
  (the same command resumes). ``--estimate`` prints what the sweep would cost and
  runs nothing.
- ``db FILE [--json | --export]`` -- summarise a result store (also while
  a sweep writes to it), or export its verdicts and counts as JSON.
- ``tour`` -- compute and print the worked examples of the definition.
- ``mechanics [--steps N] [--plot DIR]`` -- simulate gradient descent and
  heavy ball on a scale-invariant loss and compare the norm with Noether's
  learning dynamics; exit status 1 if a law fails.

Every option is checked before any work, in the words of the Python API
(:mod:`sage_hcsf.settings`): a bad one stops the command with a one-line
error and exit status 2 (``--processes`` takes at most four processes a
core). Ctrl-C (or ``SIGTERM``) during ``reproduce`` or ``verify`` stops it
with one line saying what was kept and how to resume (exit status 130, 143
after ``SIGTERM``; the sweeps' worker processes ignore Ctrl-C and are
stopped by the command); at any other moment, while Sage loads included,
with one line too (exit status 130). When the reader of the output goes
away (``sage-hcsf verify trees | head -3``) the command stops quietly with
exit status 141 (128 + ``SIGPIPE``, as the shell reports a command killed
by it); a sweep is recorded as interrupted, and the same command resumes.

Each command is one entry of :data:`COMMANDS`: its name, its help, a
function adding its options and the function running it.

EXAMPLES::

    sage: from sage_hcsf.cli.commands import main
    sage: main(["tour"])
    H-chromatic symmetric functions: a short tour
    ...
    P3 and K2+K1 have the same self-CSF: True
    0
"""
# Light on purpose: the console script and ``python -m sage_hcsf`` import this
# package first, and main() loads the commands (Sage's graph code, the
# certificates, ...) where a Ctrl-C is caught: one line, not a traceback.
import os
import sys


def interrupted_while_loading(prog):
    r"""
    Print the one line of a Ctrl-C that comes while the command line loads
    Sage and the commands; return the exit status, 130.

    EXAMPLES::

        sage: from sage_hcsf.cli import interrupted_while_loading
        sage: import sys; sys.stderr = sys.stdout
        sage: interrupted_while_loading("sage-hcsf")
        sage-hcsf: interrupted while loading; nothing was run
        130
        sage: sys.stderr = sys.__stderr__
    """
    print(f"{prog}: interrupted while loading; nothing was run", file=sys.stderr, flush=True)
    return 130


def main(argv=None, prog=None):
    r"""
    Run the command line: :func:`sage_hcsf.cli.commands.main`, loaded here
    so that Ctrl-C while it loads stops with one line (exit status 130).

    EXAMPLES::

        sage: from sage_hcsf.cli import main
        sage: main(["tour"])
        H-chromatic symmetric functions: a short tour
        ...
        0
    """
    try:
        from sage_hcsf.cli.commands import main as run
    except KeyboardInterrupt:
        if prog is None:
            prog = os.path.basename(sys.argv[0]) if argv is None else "sage-hcsf"
        status = interrupted_while_loading(prog)
        if argv is None:   # the command line itself: half-loaded modules are not finalised
            os._exit(status)
        return status
    return run(argv, prog)


def __getattr__(name):
    r"""
    Return the names of :mod:`sage_hcsf.cli.commands` (``COMMANDS``,
    ``Command``, ``command_line_parser``), loaded on first use.

    EXAMPLES::

        sage: import sage_hcsf.cli
        sage: [command.name for command in sage_hcsf.cli.COMMANDS][:2]
        ['reproduce', 'tour']
    """
    if name in ("COMMANDS", "Command", "command_line_parser"):
        from sage_hcsf.cli import commands
        return getattr(commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
