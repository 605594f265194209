r"""
The exceptions of the package, and the formatters of bytes and durations in messages

Each says what went wrong and what to do. The budgets and limits that make
an engine give up (:class:`MemoryBudgetExceeded`, and its
:class:`StatesOutOfReach` on an estimate,
:class:`KernelLimitExceeded`, :class:`EnumerationLimitExceeded`) say that
this engine cannot, not that it erred: ``algorithm="auto"`` tries the next
engine on them, and on nothing else. :class:`InconsistentCounts` is a
defect and always propagates.

This module imports nothing of the package: the kernels raise its
exceptions too.

EXAMPLES::

    sage: from sage_hcsf.errors import MemoryBudgetExceeded, format_bytes
    sage: raise MemoryBudgetExceeded(f"more than {format_bytes(2 * 10**9)}")
    Traceback (most recent call last):
    ...
    MemoryBudgetExceeded: more than 2.0 GB
"""


class MemoryBudgetExceeded(MemoryError):
    r"""
    Raised when a computation would need more memory than its budget.

    The message names the budget and how to raise it. The old name
    ``StateBudgetExceeded`` is the same class.

    EXAMPLES::

        sage: from sage_hcsf.errors import MemoryBudgetExceeded, StateBudgetExceeded
        sage: issubclass(MemoryBudgetExceeded, MemoryError), StateBudgetExceeded is MemoryBudgetExceeded
        (True, True)
    """


StateBudgetExceeded = MemoryBudgetExceeded


class StatesOutOfReach(MemoryBudgetExceeded):
    r"""
    Raised, within the first steps of a DP run, when its states are bound
    (by an estimate, :func:`~sage_hcsf.fiber_types.progress.projected_need`)
    to outgrow the memory budget even shared out in the most shards a run
    makes (:data:`~sage_hcsf.parallel.shards.MAX_SHARDS`).

    It is a :class:`~sage_hcsf.errors.MemoryBudgetExceeded`; the engines
    do not retry it in smaller splits, and ``algorithm="auto"`` passes to
    the enumeration only if the estimated states are within its limit.
    ``estimated_states`` is the estimate.

    EXAMPLES::

        sage: from sage_hcsf.errors import MemoryBudgetExceeded, StatesOutOfReach
        sage: issubclass(StatesOutOfReach, MemoryBudgetExceeded)
        True
        sage: StatesOutOfReach("too many", 10**12).estimated_states
        1000000000000
    """

    def __init__(self, message, estimated_states):
        super().__init__(message)
        self.estimated_states = estimated_states


class KernelLimitExceeded(ValueError):
    r"""
    Raised when an input is beyond what the DP kernel can represent: a
    target `H` on more than 255 vertices, a graph `G` on more than 255
    vertices with fiber vectors, or a vertex order whose frontier is wider
    than the kernel's 56 slots.

    Like :class:`MemoryBudgetExceeded`, it says that this engine cannot,
    not that it erred: ``algorithm="auto"`` tries the next engine on it
    (and on nothing else).

    EXAMPLES::

        sage: from sage_hcsf.errors import KernelLimitExceeded
        sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        sage: issubclass(KernelLimitExceeded, ValueError)
        True
        sage: fiber_vector_dp([[]], [False], [[]] * 256, [0] * 256, [256] * 256, [0], False, 10**6, 256)
        Traceback (most recent call last):
        ...
        KernelLimitExceeded: the DP engine takes targets H with at most 255 vertices; got |V(H)| = 256
    """


def format_bytes(nbytes):
    r"""
    Return ``nbytes`` as a short text with a decimal unit.

    EXAMPLES::

        sage: from sage_hcsf.errors import format_bytes
        sage: format_bytes(2 * 10**9), format_bytes(1536), format_bytes(12)
        ('2.0 GB', '1.5 kB', '12 bytes')
    """
    nbytes = int(nbytes)
    for unit, size in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if nbytes >= size:
            return f"{nbytes / size:.1f} {unit}"
    return f"{nbytes} bytes"


def format_seconds(value):
    r"""
    Return a duration in words.

    EXAMPLES::

        sage: from sage_hcsf.errors import format_seconds
        sage: format_seconds(42), format_seconds(5400), format_seconds(3 * 86400)
        ('42 s', '90 min', '3.0 days')
        sage: format_seconds(0.004)
        '< 1 s'
    """
    value = float(value)
    if value < 1:
        return "< 1 s"
    if value < 120:
        return f"{value:.0f} s"
    if value < 7200:
        return f"{value / 60:.0f} min"
    if value < 3 * 86400:
        return f"{value / 3600:.1f} h"
    return f"{value / 86400:.1f} days"


class EnumerationLimitExceeded(OverflowError):
    r"""
    Raised when the enumeration visits more partial maps than it may.

    It says that this engine gives up, not that it erred:
    ``algorithm="auto"`` tries the next engine on it (and on nothing else).

    EXAMPLES::

        sage: from sage_hcsf.errors import EnumerationLimitExceeded
        sage: issubclass(EnumerationLimitExceeded, OverflowError)
        True
    """


class InconsistentCounts(RuntimeError):
    r"""
    Raised when the fiber-type counts of a run do not add up to the number
    of homomorphisms counted on their own: a defect of the engine, never a
    matter of budget (so no other engine is tried instead).

    EXAMPLES::

        sage: from sage_hcsf.errors import InconsistentCounts
        sage: issubclass(InconsistentCounts, (ValueError, MemoryError))
        False
    """


class DiskFull(OSError):
    r"""
    Raised when the disk fills while a sweep writes its bucket files: what
    was committed is kept, and the same sweep resumes once there is room.

    EXAMPLES::

        sage: from sage_hcsf.errors import DiskFull
        sage: issubclass(DiskFull, OSError)
        True
    """


class DiskBudgetTooSmall(ValueError):
    r"""
    Raised, before any work, when a sweep's first pass cannot fit in its
    disk budget however many passes it makes; the message names the need.

    EXAMPLES::

        sage: from sage_hcsf.errors import DiskBudgetTooSmall
        sage: issubclass(DiskBudgetTooSmall, ValueError)
        True
    """
