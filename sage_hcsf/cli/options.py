r"""
The options of the command line, each checked before any work

:class:`CommandLineParser` makes every usage error one line, with exit
status 2. The argparse types here check an option as it is read: the counts
and numbers of bytes by the one check of the package
(:mod:`sage_hcsf.settings`, in the same words as the Python API), the
files and folders written by trying them, the claims, families and
invariants by the registries that define them.

EXAMPLES::

    sage: from sage_hcsf.cli.options import CommandLineParser, byte_count
    sage: parser = CommandLineParser(prog="demo")
    sage: _ = parser.add_argument("--memory-budget", type=byte_count("--memory-budget"))
    sage: parser.parse_args(["--memory-budget", "1.5G"]).memory_budget
    1500000000
    sage: try:
    ....:     parser.parse_args(["--memory-budget", "0"])
    ....: except SystemExit as stop:
    ....:     print("exit status", stop.code)
    demo: error: --memory-budget must be a number of bytes: a positive integer, or a string such as 500M, 8G or 1.5G; got '0' (see 'demo --help')
    exit status 2
"""

import argparse
import os
import re
import sys

from sage_hcsf import settings


class CommandLineParser(argparse.ArgumentParser):
    r"""
    An argument parser whose usage errors are one line (exit status 2), and
    whose help can end with text computed only when help is asked for.

    INPUT:

    - ``details`` -- a function returning the text printed after the
      options by ``--help`` (default: none)
    - the arguments of :class:`argparse.ArgumentParser`

    EXAMPLES::

        sage: from sage_hcsf.cli.options import CommandLineParser
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

            sage: from sage_hcsf.cli.options import CommandLineParser
            sage: CommandLineParser(prog="demo").details is None
            True
        """
        super().__init__(*args, **kwargs)
        self.details = details

    def format_help(self):
        r"""
        Return the help text, ending with the ``details`` if any.

        EXAMPLES::

            sage: from sage_hcsf.cli.options import CommandLineParser
            sage: CommandLineParser(prog="demo").format_help()
            'usage: demo [-h]\n\noptions:\n  -h, --help  show this help message and exit\n'
        """
        text = super().format_help()
        return text if self.details is None else f"{text}\n{self.details()}\n"

    def parse_known_args(self, args=None, namespace=None):
        r"""
        Parse ``args`` as argparse does, except that an option made by
        :func:`optional_count` takes the next word only if it is a number:
        ``verify --estimate trees`` is ``verify trees --estimate``, where
        argparse took ``trees`` for the number of slices.

        EXAMPLES::

            sage: from sage_hcsf.cli.options import CommandLineParser, optional_count
            sage: parser = CommandLineParser(prog="demo")
            sage: _ = parser.add_argument("family")
            sage: optional_count(parser, "--estimate", 2, "K", "how many")
            sage: parser.parse_args(["--estimate", "trees"])
            Namespace(family='trees', estimate=2)
            sage: parser.parse_args(["trees", "--estimate", "5"]).estimate
            5
        """
        args = list(sys.argv[1:] if args is None else args)
        for i, word in enumerate(args):
            if word == "--":
                break
            action = self._option_string_actions.get(word)
            if getattr(action, "numbers_only", False) and \
                    (i + 1 == len(args) or not re.fullmatch(r"-?\d+", args[i + 1])):
                args[i] = f"{word}={action.const}"
        return super().parse_known_args(args, namespace)

    def error(self, message):
        r"""
        Print ``PROG: error: MESSAGE`` on one line and exit with status 2.

        Argparse's ``argument OPTION:`` before the message is left out when
        the message names the option itself, as the checks of
        :mod:`sage_hcsf.settings` do (see :func:`argument_type`).

        EXAMPLES::

            sage: from sage_hcsf.cli.options import CommandLineParser, positive_integer
            sage: parser = CommandLineParser(prog="demo")
            sage: try:
            ....:     parser.error("wrong")
            ....: except SystemExit as stop:
            ....:     print("exit status", stop.code)
            demo: error: wrong (see 'demo --help')
            exit status 2
            sage: _ = parser.add_argument("--steps", type=positive_integer("--steps"))
            sage: try:
            ....:     parser.parse_args(["--steps", "0"])
            ....: except SystemExit as stop:
            ....:     print("exit status", stop.code)
            demo: error: --steps must be a positive integer; got 0 (see 'demo --help')
            exit status 2
        """
        label, _, rest = message.partition(": ")
        if label.startswith("argument ") and rest.startswith(label.removeprefix("argument ") + " "):
            message = rest
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def usage_error(name, message):
    r"""
    Print a one-line usage error of command ``name``; return exit status 2.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import usage_error
        sage: import sys; sys.stderr = sys.stdout
        sage: usage_error("sage-hcsf verify", "no such scheduler")
        sage-hcsf verify: error: no such scheduler
        2
        sage: sys.stderr = sys.__stderr__
    """
    print(f"{name}: error: {message}", file=sys.stderr)
    return 2


def with_option_names(error):
    r"""
    Return the message of ``error`` with the parameters of the package's
    functions that options give (``max_n``, ``min_n``) named as the options.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import with_option_names
        sage: with_option_names(ValueError("min_n must be an integer from 1 to max_n = 5; got 6"))
        '--min-n must be an integer from 1 to --max-n = 5; got 6'
    """
    return str(error).replace("max_n", "--max-n").replace("min_n", "--min-n")


def argument_type(check, option, **keywords):
    r"""
    Return the argparse type of ``option`` checked by ``check``, one of the
    checks of :mod:`sage_hcsf.settings`: the value ``check(option, text,
    **keywords)``, or its ``TypeError`` or ``ValueError`` raised again as
    ``ArgumentTypeError`` with the same words (the option, what it got,
    what it accepts).

    EXAMPLES::

        sage: from sage_hcsf.cli.options import argument_type
        sage: from sage_hcsf.settings import checked_integer
        sage: at_least_3 = argument_type(checked_integer, "--n", least=3, text=True)
        sage: at_least_3("4")
        4
        sage: at_least_3("2")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: --n must be an integer >= 3; got 2
    """
    def checked(text):
        try:
            return check(option, text, **keywords)
        except (TypeError, ValueError) as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    checked.__name__ = check.__name__   # argparse names the type in some messages
    return checked


def positive_integer(option):
    r"""
    Return the argparse type of ``option``, a positive integer
    (:func:`sage_hcsf.settings.positive_integer`).

    EXAMPLES::

        sage: from sage_hcsf.cli.options import positive_integer
        sage: positive_integer("--steps")("12")
        12
        sage: positive_integer("--steps")("-1")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: --steps must be a positive integer; got -1
    """
    return argument_type(settings.positive_integer, option, text=True)


def non_negative_integer(option):
    r"""
    Return the argparse type of ``option``, an integer `\ge 0`
    (:func:`sage_hcsf.settings.non_negative_integer`).

    EXAMPLES::

        sage: from sage_hcsf.cli.options import non_negative_integer
        sage: non_negative_integer("--seed")("0")
        0
        sage: non_negative_integer("--seed")("x")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: --seed must be an integer >= 0; got 'x'
    """
    return argument_type(settings.non_negative_integer, option, text=True)


def process_count(option):
    r"""
    Return the argparse type of ``option``, a number of worker processes:
    at most four a core (:func:`sage_hcsf.settings.process_count`).

    EXAMPLES::

        sage: from sage_hcsf.cli.options import process_count
        sage: process_count("--processes")("1")
        1
        sage: process_count("--processes")("1000000")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: --processes must be a positive integer at most ... (4 times the ... of this machine); got 1000000
    """
    return argument_type(settings.process_count, option, text=True)


def byte_count(option):
    r"""
    Return the argparse type of ``option``, a number of bytes such as
    ``1500000``, ``8G`` or ``1.5G`` (:func:`sage_hcsf.settings.byte_count`).

    EXAMPLES::

        sage: from sage_hcsf.cli.options import byte_count
        sage: byte_count("--memory-budget")("1.5G"), byte_count("--memory-budget")("1500000")
        (1500000000, 1500000)
        sage: byte_count("--memory-budget")("lots")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: --memory-budget must be a number of bytes: a positive integer, or a string such as 500M, 8G or 1.5G; got 'lots'
    """
    return argument_type(settings.byte_count, option)


def optional_count(parser, option, const, metavar, help):
    r"""
    Add ``option`` to ``parser``: a positive integer, ``const`` if the
    option comes alone; the next word is its value only if it is a number
    (:meth:`CommandLineParser.parse_known_args`), so that the option never
    takes the next argument for its value.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import CommandLineParser, optional_count
        sage: parser = CommandLineParser(prog="demo")
        sage: optional_count(parser, "--estimate", 2, "K", "how many")
        sage: parser.parse_args(["--estimate"]).estimate, parser.parse_args([]).estimate
        (2, None)
        sage: try:
        ....:     parser.parse_args(["--estimate", "0"])
        ....: except SystemExit as stop:
        ....:     print("exit status", stop.code)
        demo: error: --estimate must be a positive integer; got 0 (see 'demo --help')
        exit status 2
    """
    action = parser.add_argument(option, type=positive_integer(option), nargs="?", const=const,
                                 metavar=metavar, help=help)
    action.numbers_only = True


def claim_list(text):
    r"""
    Return the claim numbers of a comma-separated list such as ``"3,6"``;
    raise ``ArgumentTypeError`` naming an unknown claim.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import claim_list
        sage: claim_list("6,3")
        [3, 6]
        sage: claim_list("99")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: there is no claim 99; the claims are 1-...
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

        sage: from sage_hcsf.cli.options import output_file
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


def input_file(text):
    r"""
    Return ``text`` if it names a file that can be read; raise
    ``ArgumentTypeError`` otherwise.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import input_file
        sage: import tempfile
        sage: path = tempfile.mkstemp()[1]
        sage: input_file(path) == path
        True
        sage: input_file("/nonexistent/x.json")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: cannot read '/nonexistent/x.json': no such file
        sage: input_file(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: '...' is a folder; give a file name
    """
    if os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text!r} is a folder; give a file name")
    if not os.path.exists(text):
        raise argparse.ArgumentTypeError(f"cannot read {text!r}: no such file")
    if not os.access(text, os.R_OK):
        raise argparse.ArgumentTypeError(f"cannot read {text!r}: permission denied")
    return text


def output_folder(text):
    r"""
    Return ``text`` if it names a folder that exists or can be created, and
    can be written into. Raise ``ArgumentTypeError`` otherwise (for
    instance when it is an existing file).

    EXAMPLES::

        sage: from sage_hcsf.cli.options import output_folder
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


def sweep_arguments(parser, db_default, db_help):
    r"""
    Add the options of the commands that run sweeps: ``--processes``,
    ``--db`` and ``--executor``; return the group of mutually exclusive
    options where ``--executor`` is.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import CommandLineParser, sweep_arguments
        sage: parser = CommandLineParser(prog="sweep")
        sage: _ = sweep_arguments(parser, None, "the store")
        sage: parser.parse_args(["--executor", "dask://127.0.0.1:8786"]).executor
        'dask://127.0.0.1:8786'
    """
    parser.add_argument("--processes", type=process_count("--processes"), metavar="P",
                        help="worker processes of the local pool (default: all cores; at "
                             "most four a core)")
    parser.add_argument("--db", type=output_file, metavar="FILE", default=db_default,
                        help=db_help)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--executor", metavar="SPEC", default="local",
                       help="where the sweeps run: 'local' (default: a process pool) or "
                            "dask://HOST:PORT, the scheduler of a Dask cluster")
    return where


def family_argument(text):
    r"""
    Return a family name (or graph6 file) of ``verify``, or raise
    :class:`argparse.ArgumentTypeError`.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import family_argument
        sage: family_argument("trees")
        'trees'
        sage: family_argument("cubic")
        Traceback (most recent call last):
        ...
        ArgumentTypeError: unknown family 'cubic': use trees, graphs, connected, forests, or the path of a file of graph6 strings
    """
    from sage_hcsf.certify.enumeration import family
    try:
        family(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def number_ranges(numbers):
    r"""
    Return sorted integers written as ranges: ``"1-5, 7"``.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import number_ranges
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


def invariant_argument(text):
    r"""
    Return the name of a ladder of certificates of ``verify --invariant``,
    or raise :class:`argparse.ArgumentTypeError`.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import invariant_argument
        sage: invariant_argument("self-csf")
        'self-csf'
        sage: invariant_argument("chromatic")
        Traceback (most recent call last):
        ...
        ArgumentTypeError: unknown invariant 'chromatic': use self-csf, csf
    """
    from sage_hcsf.certify.ladder import LADDERS
    if text not in LADDERS:
        raise argparse.ArgumentTypeError(f"unknown invariant {text!r}: use {', '.join(LADDERS)}")
    return text
