r"""
Settings: the budgets and limits of the engines, and the one check of every
count a user gives

- :func:`memory_budget` -- the most bytes the tables of a computation may
  hold at once (default 2 GB);
- :func:`enumeration_limit` -- the most partial maps the enumeration may
  visit (default `10^8`);
- :func:`processes` -- how many processes one big DP run may use (default:
  the cores of this machine, 1 inside a worker process);
- :func:`state_budget` -- the deprecated budget in states.

Each returns the setting in force and sets a new one when given; every
function that computes also takes ``memory_budget=...`` for one call.

Every positive integer and every number of bytes the package takes, from a
function argument or from the command line, is checked by
:func:`positive_integer`, :func:`non_negative_integer` or
:func:`byte_count` (:func:`process_count` for worker processes, at most
four a core; :func:`checked_boolean`, :func:`checked_function`,
:func:`checked_text` and :func:`integer_list` for the other kinds of
argument): the same forms are accepted everywhere, and a refusal
(:func:`refusal`) names the argument, what it got and what it accepts, on
one line, in the words of the command line.

This module imports nothing of the package.

EXAMPLES::

    sage: from sage_hcsf.settings import memory_budget, byte_count
    sage: memory_budget() == byte_count("budget", "2G")
    True
    sage: old = memory_budget("1.5G"); memory_budget()
    1500000000
    sage: memory_budget(old) == 1500000000
    True
"""
import numbers
import operator
import os
import warnings
from fractions import Fraction

# The kernels label vertices of H (and fiber sizes) with bytes.
KERNEL_ORDER_LIMIT = 255

# What a DP state typically costs, both tables of a step counted (measured);
# only used to read the deprecated budgets given in states.
BYTES_PER_STATE = 200

#: The decimal units of :func:`byte_count`.
BYTE_UNITS = {"K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}


def shown(value, typed=True, limit=80):
    r"""
    Return how a refusal shows the value it got: its ``repr``, cut to
    ``limit`` characters; if ``typed``, with its type where the ``repr``
    does not say it (``'3' (str)``, ``<...> (Graph)``).

    EXAMPLES::

        sage: from sage_hcsf.settings import shown
        sage: shown(3), shown(None), shown("3"), shown(float(2.5)), shown([1] * 100)
        ('3', 'None', "'3' (str)", '2.5 (float)', '[1, 1, 1, ..., 1] (list of 100)')
        sage: shown("cubic", typed=False)
        "'cubic'"
    """
    if value is None or isinstance(value, (bool, numbers.Integral)):
        return repr(value)
    if isinstance(value, (list, tuple)) and len(repr(value)) > limit:
        first = ", ".join(repr(x) for x in value[:3])
        text, kind = f"[{first}, ..., {value[-1]!r}]", f"{type(value).__name__} of {len(value)}"
    else:
        text, kind = repr(value), type(value).__name__
        if len(text) > limit:
            text = text[:limit - 3] + "..."
    return f"{text} ({kind})" if typed else text


def refusal(name, accepts, value, error=TypeError, text=None):
    r"""
    Return the error of an argument ``name`` that got ``value`` where it
    accepts ``accepts``: ``NAME must be ACCEPTS; got VALUE`` on one line,
    the words of every check of the package and of the command line. A
    ``TypeError`` shows the type of the value too (:func:`shown`); ``text``
    shows it otherwise.

    EXAMPLES::

        sage: from sage_hcsf.settings import refusal
        sage: refusal("seed", "an integer >= 0", "abc")
        TypeError("seed must be an integer >= 0; got 'abc' (str)")
        sage: refusal("recheck", "an integer >= 0", -1, ValueError)
        ValueError('recheck must be an integer >= 0; got -1')
    """
    if text is None:
        text = shown(value, typed=issubclass(error, TypeError))
    return error(f"{name} must be {accepts}; got {text}")


def checked_integer(name, value, least=1, text=False, most=None, accepts=None):
    r"""
    Return ``value`` as a Python integer at least ``least`` (and at most
    ``most`` if given), or raise an error naming ``name``, what it got and
    what it accepts (``accepts``, by default said from the bounds):
    ``TypeError`` for what is not an integer (``True``, ``2.5``, ``None``,
    ``"3"``), ``ValueError`` for an integer out of bounds. With ``text``, a
    string of decimal digits is read as the integer it writes (the
    command line).

    Values beyond what the kernels can count are fine: they act as no
    limit.

    INPUT:

    - ``name`` -- string; what the value is, for the message
    - ``value`` -- the value to check
    - ``least`` -- integer (default: 1)
    - ``text`` -- boolean (default: ``False``)
    - ``most`` -- integer or ``None`` (default: no bound)
    - ``accepts`` -- string or ``None``; what the message says is accepted

    OUTPUT: a Python ``int``

    EXAMPLES::

        sage: from sage_hcsf.settings import checked_integer
        sage: checked_integer("memory_budget", 10^30) == 10^30
        True
        sage: checked_integer("recheck", 0, least=0), checked_integer("--seed", "12", 0, True)
        (0, 12)
        sage: checked_integer("memory_budget", 2.5)
        Traceback (most recent call last):
        ...
        TypeError: memory_budget must be a positive integer; got 2.5...
        sage: checked_integer("processes", "3")
        Traceback (most recent call last):
        ...
        TypeError: processes must be a positive integer; got '3' (str)
        sage: checked_integer("enumeration_limit", -3)
        Traceback (most recent call last):
        ...
        ValueError: enumeration_limit must be a positive integer; got -3
        sage: checked_integer("--recheck", "x", 0, True)
        Traceback (most recent call last):
        ...
        TypeError: --recheck must be an integer >= 0; got 'x'
        sage: checked_integer("max_n", 70, most=64, accepts="an integer from 1 to 64 for trees")
        Traceback (most recent call last):
        ...
        ValueError: max_n must be an integer from 1 to 64 for trees; got 70
    """
    if accepts is None:
        accepts = f"an integer from {least} to {most}" if most is not None else \
            "a positive integer" if least == 1 else f"an integer >= {least}"
    if text and isinstance(value, str):
        if not value.strip().lstrip("-").isdigit():
            raise refusal(name, accepts, value, text=repr(value))
        value = int(value)
    if isinstance(value, bool) or value is None:
        raise refusal(name, accepts, value, text=repr(value))
    try:
        number = operator.index(value)
    except TypeError:
        raise refusal(name, accepts, value) from None
    if number < least or most is not None and number > most:
        raise refusal(name, accepts, number, ValueError)
    return int(number)


def positive_integer(name, value, text=False):
    r"""
    Return ``value`` as a positive Python integer (:func:`checked_integer`).

    EXAMPLES::

        sage: from sage_hcsf.settings import positive_integer
        sage: positive_integer("processes", 2)
        2
        sage: positive_integer("processes", 0)
        Traceback (most recent call last):
        ...
        ValueError: processes must be a positive integer; got 0
    """
    return checked_integer(name, value, 1, text)


def non_negative_integer(name, value, text=False):
    r"""
    Return ``value`` as a Python integer `\ge 0` (:func:`checked_integer`).

    EXAMPLES::

        sage: from sage_hcsf.settings import non_negative_integer
        sage: non_negative_integer("recheck", 0)
        0
        sage: non_negative_integer("recheck", -1)
        Traceback (most recent call last):
        ...
        ValueError: recheck must be an integer >= 0; got -1
    """
    return checked_integer(name, value, 0, text)


def byte_count(name, value):
    r"""
    Return a number of bytes: a positive integer, or a string of a number
    with an optional decimal unit ``K``, ``M``, ``G`` or ``T`` (powers of
    1000; a fraction is allowed with a unit: ``"1.5G"``); raise an error
    naming ``name``, what it got and what it accepts.

    EXAMPLES::

        sage: from sage_hcsf.settings import byte_count
        sage: byte_count("memory_budget", "8G"), byte_count("memory_budget", "1.5g")
        (8000000000, 1500000000)
        sage: byte_count("memory_budget", 10^6), byte_count("--memory-budget", "1500000")
        (1000000, 1500000)
        sage: byte_count("memory_budget", "lots")
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a number of bytes: a positive integer, or a string such as 500M, 8G or 1.5G; got 'lots'
        sage: byte_count("memory_budget", "0.1")
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a number of bytes: ...; got '0.1'
        sage: byte_count("memory_budget", -1)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a number of bytes: ...; got -1
        sage: byte_count("memory_budget", 2.5)
        Traceback (most recent call last):
        ...
        TypeError: memory_budget must be a number of bytes: ...; got 2.5...
    """
    accepts = "a number of bytes: a positive integer, or a string such as 500M, 8G or 1.5G"
    if not isinstance(value, str):
        try:
            return positive_integer(name, value)
        except (TypeError, ValueError) as error:
            raise refusal(name, accepts, value, type(error)) from None
    text = value.strip()
    unit = BYTE_UNITS.get(text[-1:].upper())
    digits = text[:-1] if unit else text
    try:
        number = Fraction(digits) * (unit or 1) if digits.replace(".", "", 1).isdigit() \
            else None
    except (ValueError, ZeroDivisionError):
        number = None
    if number is None or number.denominator != 1 or number < 1:
        raise refusal(name, accepts, value, ValueError)
    return int(number)


def cores():
    r"""
    Return the number of cores this process may use.

    EXAMPLES::

        sage: from sage_hcsf.settings import cores
        sage: import os
        sage: 1 <= cores() <= os.cpu_count()
        True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: The most worker processes a machine is given, per core: more only share the
#: cores (each forked with its own copy of the tables) and slow the run down.
PROCESSES_PER_CORE = 4


def process_count(name, value, text=False):
    r"""
    Return ``value`` as a number of worker processes: a positive integer at
    most :data:`PROCESSES_PER_CORE` times the cores of this machine; raise
    an error naming ``name``, what it got, what it accepts and the cores.

    EXAMPLES::

        sage: from sage_hcsf.settings import process_count, cores
        sage: process_count("processes", 2)
        2
        sage: process_count("--processes", str(1000 * cores()), text=True)
        Traceback (most recent call last):
        ...
        ValueError: --processes must be a positive integer at most ... (4 times the ... cores of this machine); got ...
        sage: process_count("processes", 0)
        Traceback (most recent call last):
        ...
        ValueError: processes must be a positive integer at most ...; got 0
    """
    here = cores()
    most = PROCESSES_PER_CORE * here
    return checked_integer(name, value, 1, text, most,
                           f"a positive integer at most {most} ({PROCESSES_PER_CORE} times the "
                           f"{here} core{'s' if here > 1 else ''} of this machine)")


def checked_boolean(name, value):
    r"""
    Return ``value`` if it is ``True`` or ``False``; raise ``TypeError``
    naming ``name`` otherwise.

    EXAMPLES::

        sage: from sage_hcsf.settings import checked_boolean
        sage: checked_boolean("progress", False)
        False
        sage: checked_boolean("progress", "no")
        Traceback (most recent call last):
        ...
        TypeError: progress must be True or False; got 'no' (str)
    """
    if not isinstance(value, bool):
        raise refusal(name, "True or False", value)
    return value


def checked_function(name, value, accepts):
    r"""
    Return ``value`` if it is ``None`` or can be called; raise
    ``TypeError`` naming ``name`` and saying what it ``accepts`` otherwise.

    EXAMPLES::

        sage: from sage_hcsf.settings import checked_function
        sage: checked_function("on_order", print, "a function or None") is print
        True
        sage: checked_function("on_order", 5, "a function of a verdict, or None")
        Traceback (most recent call last):
        ...
        TypeError: on_order must be a function of a verdict, or None; got 5
    """
    if value is not None and not callable(value):
        raise refusal(name, accepts, value)
    return value


def checked_text(name, value, accepts="a string or None"):
    r"""
    Return ``value`` if it is a string or ``None``; raise ``TypeError``
    naming ``name`` otherwise.

    EXAMPLES::

        sage: from sage_hcsf.settings import checked_text
        sage: checked_text("command", "verify trees"), checked_text("command", None)
        ('verify trees', None)
        sage: checked_text("command", 15)
        Traceback (most recent call last):
        ...
        TypeError: command must be a string or None; got 15
    """
    if value is not None and not isinstance(value, str):
        raise refusal(name, accepts, value)
    return value


def integer_list(name, values, least=1, accepts=None):
    r"""
    Return ``values`` as a list of Python integers, each at least
    ``least``; raise an error naming ``name``, what it got and what it
    accepts (``accepts``, by default said from ``least``).

    EXAMPLES::

        sage: from sage_hcsf.settings import integer_list
        sage: integer_list("legs", (3, 1, 1))
        [3, 1, 1]
        sage: integer_list("la", "21")
        Traceback (most recent call last):
        ...
        TypeError: la must be a list of positive integers; got '21' (str)
        sage: integer_list("spine_leaves", [2, -1, 1], least=0)
        Traceback (most recent call last):
        ...
        ValueError: spine_leaves must be a list of integers >= 0; got [2, -1, 1]
    """
    if accepts is None:
        accepts = "a list of " + ("positive integers" if least == 1 else f"integers >= {least}")
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise refusal(name, accepts, values)
    values = list(values)
    try:
        return [checked_integer(name, x, least) for x in values]
    except (TypeError, ValueError) as error:
        raise refusal(name, accepts, values, type(error)) from None


def deprecated_state_budget(function, keywords):
    r"""
    Return the deprecated keyword ``state_budget`` of ``function`` (a
    name) among ``keywords``, or ``None``; raise ``TypeError`` as Python
    does for any other keyword.

    The functions that took ``state_budget`` take it as ``**deprecated``:
    it no longer shows in their signatures (nor in tab completion), and
    still works, with a ``DeprecationWarning`` (:func:`budget_for_call`).

    EXAMPLES::

        sage: from sage_hcsf.settings import deprecated_state_budget
        sage: deprecated_state_budget("fiber_type_counts", {"state_budget": 50})
        50
        sage: deprecated_state_budget("fiber_type_counts", {"memory_budge": 5})
        Traceback (most recent call last):
        ...
        TypeError: fiber_type_counts() got an unexpected keyword argument 'memory_budge'
    """
    for keyword in keywords:
        if keyword != "state_budget":
            raise TypeError(f"{function}() got an unexpected keyword argument {keyword!r}")
    return keywords.get("state_budget")


_settings = {"memory_budget": 2 * 10**9, "enumeration_limit": 10**8, "processes": None}


def _setting(name, new):
    r"""
    Return the setting ``name``, and set it to ``new`` (a number of bytes
    for the memory budget, else a positive integer) unless ``None``.

    EXAMPLES::

        sage: from sage_hcsf.settings import _setting
        sage: _setting("enumeration_limit", None) == _setting("enumeration_limit", -1)
        Traceback (most recent call last):
        ...
        ValueError: enumeration_limit must be a positive integer; got -1
    """
    old = _settings[name]
    if new is not None:
        _settings[name] = byte_count(name, new) if name == "memory_budget" else \
            positive_integer(name, new)
    return old


def memory_budget(new=None):
    r"""
    Return (and optionally set) the most bytes the tables of a computation
    may hold at once.

    The budget covers the state tables of the DP (both tables of a step,
    and the old and new entries while a table grows, counted exactly) and
    the states of the power-sum expansion; a computation that needs more
    raises :class:`~sage_hcsf.errors.MemoryBudgetExceeded` (a
    ``MemoryError``) naming the budget, instead of exhausting memory. The
    default is `2 \cdot 10^9` bytes (2 GB). Every function that computes
    also takes ``memory_budget=...`` for one call.

    INPUT:

    - ``new`` -- positive integer (bytes) or ``None`` (default)

    OUTPUT: the budget in force before the call

    EXAMPLES::

        sage: from sage_hcsf.settings import memory_budget
        sage: from sage_hcsf import fiber_type_counts
        sage: old = memory_budget(2000)
        sage: G = graphs.Grid2dGraph(3, 4)
        sage: fiber_type_counts(G, G, algorithm="dp")
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget of 2.0 kB ...
        sage: memory_budget(old)
        2000
        sage: fiber_type_counts(G, G, algorithm="dp", memory_budget=2000)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget of 2.0 kB ...
        sage: memory_budget(2.5)
        Traceback (most recent call last):
        ...
        TypeError: memory_budget must be a number of bytes: ...; got 2.5...
    """
    return _setting("memory_budget", new)


def budget_for_call(memory_budget=None, state_budget=None, stacklevel=3):
    r"""
    Return the memory budget (bytes) of one call: ``memory_budget`` if
    given, else the deprecated ``state_budget`` (states, read as
    :data:`BYTES_PER_STATE` bytes each; its warning points ``stacklevel``
    frames up, at the caller of the public function), else
    :func:`memory_budget`.

    EXAMPLES::

        sage: from sage_hcsf.settings import budget_for_call
        sage: budget_for_call(10^6)
        1000000
        sage: budget_for_call() == budget_for_call(None, None) == 2 * 10^9
        True
        sage: budget_for_call(state_budget=0)
        Traceback (most recent call last):
        ...
        ValueError: state_budget must be a positive integer; got 0
    """
    if memory_budget is not None:
        return byte_count("memory_budget", memory_budget)
    if state_budget is not None:
        states = positive_integer("state_budget", state_budget)
        warnings.warn("state_budget is deprecated: budgets are in bytes, use memory_budget",
                      DeprecationWarning, stacklevel=stacklevel)
        return states * BYTES_PER_STATE
    return _settings["memory_budget"]


def state_budget(new=None):
    r"""
    Deprecated: return (and optionally set) :func:`memory_budget` in units
    of :data:`BYTES_PER_STATE` bytes, the typical cost of a DP state.

    Budgets are in bytes now, since what a state costs depends on the
    graphs; use :func:`memory_budget`.

    INPUT:

    - ``new`` -- positive integer (states) or ``None`` (default)

    OUTPUT: the budget in force before the call, in states

    EXAMPLES::

        sage: from sage_hcsf.settings import state_budget, memory_budget
        sage: old = state_budget(10^6)
        doctest:warning...
        DeprecationWarning: state_budget is deprecated: budgets are in bytes, use memory_budget
        sage: memory_budget(old * 200)
        200000000
    """
    old = _settings["memory_budget"] // BYTES_PER_STATE
    if new is not None:
        memory_budget(budget_for_call(state_budget=new))
    return old


def processes(new=None):
    r"""
    Return (and optionally set) how many processes one big DP run may use.

    Engine II shares the rest of a run between this many processes (forked
    when a table first holds 200,000 states; each gets an equal share of
    the memory budget). The default is the number of cores this process
    may use, and 1 inside worker processes (of the sweeps' pools, of Dask),
    which are parallel already.

    INPUT:

    - ``new`` -- positive integer or ``None`` (default)

    OUTPUT: the number in force before the call

    EXAMPLES::

        sage: from sage_hcsf.settings import processes
        sage: old = processes(1); processes(old)
        1
        sage: processes(0)
        Traceback (most recent call last):
        ...
        ValueError: processes must be a positive integer at most ... cores of this machine); got 0
    """
    old = _settings["processes"]
    if old is None:
        old = _default_processes()
    if new is not None:
        _settings["processes"] = process_count("processes", new)
    return old


def _default_processes():
    r"""
    Return the cores this process may use, or 1 in a worker process.

    EXAMPLES::

        sage: from sage_hcsf.settings import _default_processes
        sage: import multiprocessing, os
        sage: 1 <= _default_processes() <= len(os.sched_getaffinity(0))
        True
        sage: with multiprocessing.get_context("fork").Pool(1) as pool:
        ....:     pool.apply(_default_processes)
        1
    """
    import multiprocessing
    if multiprocessing.current_process().name != "MainProcess":
        return 1
    return cores()


def enumeration_limit(new=None):
    r"""
    Return (and optionally set) the most steps (partial maps) the
    enumeration engine may take.

    The enumeration stops with ``OverflowError`` after that many steps:
    with the default `10^8`, after half a minute or so (at a few million
    steps a second).

    INPUT:

    - ``new`` -- positive integer or ``None`` (default); the new limit

    OUTPUT: the limit in force before the call

    EXAMPLES::

        sage: from sage_hcsf import enumeration_limit, fiber_type_counts
        sage: old = enumeration_limit(10)
        sage: fiber_type_counts(graphs.PathGraph(4), graphs.CompleteGraph(3), algorithm="enumerate")
        Traceback (most recent call last):
        ...
        EnumerationLimitExceeded: the enumeration visited more than 10 partial maps; raise sage_hcsf.enumeration_limit(...) (algorithm='auto' tries the DP too)
        sage: enumeration_limit(old)
        10
        sage: enumeration_limit(0)
        Traceback (most recent call last):
        ...
        ValueError: enumeration_limit must be a positive integer; got 0
    """
    return _setting("enumeration_limit", new)
