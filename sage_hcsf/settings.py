r"""
TODO: describe settings (from fiber_types)
"""

import operator
import warnings

# The kernels label vertices of H (and fiber sizes) with bytes.
KERNEL_ORDER_LIMIT = 255


# What a DP state typically costs, both tables of a step counted (measured);
# only used to read the deprecated budgets given in states.
BYTES_PER_STATE = 200


_settings = {"memory_budget": 2 * 10**9, "enumeration_limit": 10**8, "processes": None}


def checked_budget(name, value):
    r"""
    Return ``value`` as a positive Python integer, or raise an error saying
    what ``name`` accepts.

    Every budget and limit of the package, set globally or per call, is
    checked here. Values beyond what the kernels can count are fine: they
    act as no limit.

    INPUT:

    - ``name`` -- string; what the value is, for the message
    - ``value`` -- the value to check

    OUTPUT: a Python ``int``

    EXAMPLES::

        sage: from sage_hcsf.settings import checked_budget
        sage: checked_budget("memory_budget", 10^30) == 10^30
        True
        sage: checked_budget("memory_budget", 2.5)
        Traceback (most recent call last):
        ...
        TypeError: memory_budget must be a positive integer; got 2.5...
        sage: checked_budget("memory_budget", 0)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a positive integer; got 0
        sage: checked_budget("enumeration_limit", -3)
        Traceback (most recent call last):
        ...
        ValueError: enumeration_limit must be a positive integer; got -3
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a positive integer; got {value!r}")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be a positive integer; got {value!r}") from None
    if number <= 0:
        raise ValueError(f"{name} must be a positive integer; got {number}")
    return number


def _setting(name, new):
    r"""
    Return the setting ``name``, and set it to ``new`` (checked by
    :func:`checked_budget`) unless ``None``.

    EXAMPLES::

        sage: from sage_hcsf.settings import _setting
        sage: _setting("enumeration_limit", None) == _setting("enumeration_limit", -1)
        Traceback (most recent call last):
        ...
        ValueError: enumeration_limit must be a positive integer; got -1
    """
    old = _settings[name]
    if new is not None:
        _settings[name] = checked_budget(name, new)
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
        sage: old = memory_budget(10^4)
        sage: G = graphs.Grid2dGraph(3, 4)
        sage: fiber_type_counts(G, G, algorithm="dp")
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget of 10.0 kB ...
        sage: memory_budget(old)
        10000
        sage: fiber_type_counts(G, G, algorithm="dp", memory_budget=10^4)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the dynamic programme needs more than its memory budget of 10.0 kB ...
        sage: memory_budget(2.5)
        Traceback (most recent call last):
        ...
        TypeError: memory_budget must be a positive integer; got 2.5...
    """
    return _setting("memory_budget", new)


def budget_for_call(memory_budget=None, state_budget=None):
    r"""
    Return the memory budget (bytes) of one call: ``memory_budget`` if
    given, else the deprecated ``state_budget`` (states, read as
    :data:`BYTES_PER_STATE` bytes each), else :func:`memory_budget`.

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
        return checked_budget("memory_budget", memory_budget)
    if state_budget is not None:
        states = checked_budget("state_budget", state_budget)
        warnings.warn("state_budget is deprecated: budgets are in bytes, use memory_budget",
                      DeprecationWarning, stacklevel=3)
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
        ValueError: processes must be a positive integer; got 0
    """
    old = _settings["processes"]
    if old is None:
        old = _default_processes()
    if new is not None:
        _settings["processes"] = checked_budget("processes", new)
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
    import os
    if multiprocessing.current_process().name != "MainProcess":
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


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
