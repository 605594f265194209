r"""
The engines that count homomorphisms, and ``algorithm="auto"``

:data:`ENGINES` is the registry: ``"auto"``, ``"dp"`` (engine II), ``"dp1"``
(engine I, the benchmarks' baseline) and ``"enumerate"`` (the independent
check). A new engine is one :func:`register_engine` call; one with an
``offer`` takes part in ``"auto"``, which runs the cheapest offer and passes
to the next engine only on a budget or a limit (:data:`BEYOND_AN_ENGINE`),
never on a defect.

EXAMPLES::

    sage: from sage_hcsf.fiber_types.engines import ENGINES
    sage: list(ENGINES)
    ['auto', 'dp', 'dp1', 'enumerate']
    sage: P3 = graphs.PathGraph(3)
    sage: from sage_hcsf.graphs.graph_data import as_graph_data
    sage: sorted(ENGINES["enumerate"].fiber_types(as_graph_data(P3), as_graph_data(P3), 10^6).items())
    [((1, 1, 1), 2), ((2, 1), 4)]
"""

from typing import Callable, NamedTuple, Optional

from sage_hcsf.errors import (
    EnumerationLimitExceeded,
    KernelLimitExceeded,
    MemoryBudgetExceeded,
)
from sage_hcsf.fiber_types.closed_forms import closed_form_homomorphisms, out_of_reach
from sage_hcsf.fiber_types.dp import run_dp
from sage_hcsf.fiber_types.prepare import vertex_order
from sage_hcsf.kernels.enumerate_homs import enumerate_fiber_types
from sage_hcsf.settings import enumeration_limit

# "auto" enumerates when there are at most this many homomorphisms
_AUTO_ENUMERATION_THRESHOLD = 20000


def _enumerate(G, H, max_steps, memory_budget):
    r"""
    Run the enumeration kernel on :class:`~sage_hcsf.graphs.graph_data.GraphData`;
    it gives up (``OverflowError``) after ``max_steps`` partial maps.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.engines import _enumerate
        sage: K13 = as_graph_data(graphs.StarGraph(3))
        sage: sorted(_enumerate(K13, K13, 100, 10^6).items())
        [((1, 1, 1, 1), 6), ((2, 1, 1), 18), ((3, 1), 6)]
    """
    return enumerate_fiber_types([list(a) for a in G.adjacency], list(G.loops),
                                 H.neighbours_with_loops(), vertex_order(G.adjacency),
                                 max_steps, memory_budget)


#: What says "this engine cannot do this input" (a budget, a limit of the
#: kernel), as opposed to a defect: ``"auto"`` tries the next engine on
#: these and on nothing else (:class:`InconsistentCounts`, say, propagates).
#:
#: :meta hide-value:
BEYOND_AN_ENGINE = (MemoryBudgetExceeded, KernelLimitExceeded, EnumerationLimitExceeded)


class Engine(NamedTuple):
    r"""
    An engine: how it counts homomorphisms by fiber type and in all, and
    how it takes part in ``algorithm="auto"``.

    ``fiber_types(G, H, memory_budget)`` returns ``{partition tuple: int}``
    and ``homomorphisms(G, H, memory_budget)`` an ``int``, for
    :class:`~sage_hcsf.graphs.graph_data.GraphData` ``G`` and ``H`` (nonempty,
    `|V(H)| \le 255`); ``description`` says what it does. Where the
    input is beyond the engine (a budget, a limit of its kernel), they
    raise one of :data:`BEYOND_AN_ENGINE`.

    ``offer`` (optional: ``None``, the default, keeps the engine out of
    ``"auto"``) is its policy: ``offer(G, H, number)``, given the number
    of homomorphisms, returns ``None`` where the engine declines, else a
    pair ``(cost, count)``: its estimated work, in partial maps of the
    enumeration, and a function ``count(memory_budget)`` returning the
    fiber-type counts. ``"auto"`` asks the engines in the order of
    :data:`ENGINES` and runs the offers by increasing cost (see
    :func:`_auto_fiber_types`).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.engines import ENGINES
        sage: ENGINES["dp"].description
        'engine II: dynamic programming along a path decomposition of G, twin classes of H folded, unreachable vertices of H forgotten, split by the orbits of Aut(H)'
        sage: ENGINES["dp1"].offer is None
        True
    """
    name: str
    fiber_types: Callable
    homomorphisms: Callable
    description: str
    offer: Optional[Callable] = None


#: The engines by name (:class:`Engine`); ``"auto"`` first (the default).
#:
#: :meta hide-value:
ENGINES = {}


def register_engine(engine):
    r"""
    Make ``engine`` (an :class:`Engine`) available as ``algorithm=engine.name``
    (and to ``"auto"`` if it has an ``offer``).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.engines import Engine, ENGINES, register_engine
        sage: from sage_hcsf import count_homomorphisms
        sage: slow = Engine("slow", ENGINES["enumerate"].fiber_types,
        ....:               ENGINES["enumerate"].homomorphisms, "the enumeration again")
        sage: register_engine(slow)
        sage: count_homomorphisms(graphs.CycleGraph(5), graphs.CompleteGraph(3), algorithm="slow")
        30
        sage: del ENGINES["slow"]
    """
    ENGINES[engine.name] = engine


def _auto_engines():
    r"""
    Return the engines taking part in ``"auto"``, in the order of
    :data:`ENGINES`.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.engines import _auto_engines
        sage: [engine.name for engine in _auto_engines()]
        ['dp', 'enumerate']
    """
    return [engine for engine in ENGINES.values() if engine.offer is not None]


def _auto_count(G, H, memory_budget, closed_forms=True):
    r"""
    Return the number of homomorphisms, in closed form where one applies
    (:func:`~sage_hcsf.fiber_types.closed_forms.closed_form_homomorphisms`:
    a forest `G`, a complete `H`; unless ``closed_forms`` is false, for a
    caller that tried them), else counted by the first engine of
    ``"auto"`` that can, and what stopped the engines before it (pairs
    ``(name, error)``); raise one error (:func:`_out_of_reach`) if none can.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.engines import _auto_count
        sage: K60, C5 = as_graph_data(graphs.CompleteGraph(60)), as_graph_data(graphs.CycleGraph(5))
        sage: number, stopped = _auto_count(K60, C5, 10^6)
        sage: number, [(name, type(error).__name__) for name, error in stopped]
        (0, [('dp', 'KernelLimitExceeded')])
        sage: B = as_graph_data(graphs.BalancedTree(2, 5))   # a tree: no engine
        sage: _auto_count(B, B, 10^6)
        (124836075545326018346740257024, [])
    """
    known = closed_form_homomorphisms(G, H) if closed_forms else None
    if known is not None:
        return known, []
    stopped = []
    for engine in _auto_engines():
        try:
            return engine.homomorphisms(G, H, memory_budget), stopped
        except BEYOND_AN_ENGINE as beyond:
            _give_up_if_hopeless(beyond)
            stopped.append((engine.name, beyond))
    raise _out_of_reach(G, H, stopped)


def _give_up_if_hopeless(error):
    r"""
    Raise ``error`` if it estimates more states of the DP than the
    enumeration may visit partial maps (:func:`enumeration_limit`): the
    enumeration, in the same vertex order, visits every partial
    homomorphism, and each state of the DP comes from one at least, so no
    engine of ``"auto"`` would finish.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.engines import _give_up_if_hopeless
        sage: from sage_hcsf.errors import StatesOutOfReach
        sage: _give_up_if_hopeless(StatesOutOfReach("few", 10))
        sage: _give_up_if_hopeless(StatesOutOfReach("many", 10**12))
        Traceback (most recent call last):
        ...
        StatesOutOfReach: many
    """
    if getattr(error, "estimated_states", 0) > enumeration_limit():
        raise error


def _auto_fiber_types(G, H, memory_budget):
    r"""
    Count the homomorphisms (:func:`_auto_count`); then ask each engine of
    ``"auto"`` that could count them for its offer, and run the offers by
    increasing cost (ties in the order of :data:`ENGINES`) until one
    finishes; an engine beyond its limits (:data:`BEYOND_AN_ENGINE`) passes
    to the next, any other error propagates.

    With the engines registered here: the DP counts; a few homomorphisms
    (at most 20,000, where the enumeration is quicker) are enumerated with
    a step limit for dead ends, then the DP runs; where the DP cannot, the
    enumeration runs with its whole limit.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.engines import _auto_fiber_types
        sage: K11, K10 = (as_graph_data(graphs.CompleteGraph(k)) for k in (11, 10))
        sage: _auto_fiber_types(K11, K10, 10^9)
        {}
        sage: K60, K3 = (as_graph_data(graphs.CompleteGraph(k)) for k in (60, 3))
        sage: _auto_fiber_types(K60, K3, 10^6)
        {}
    """
    number, stopped = _auto_count(G, H, memory_budget)
    if not number:
        return {}
    could_not = {name for name, _ in stopped}
    offers = []
    for position, engine in enumerate(_auto_engines()):
        if engine.name not in could_not:
            offer = engine.offer(G, H, number)
            if offer is not None:
                offers.append((offer[0], position, engine.name, offer[1]))
    for _, _, name, count in sorted(offers, key=lambda offer: offer[:2]):
        try:
            return count(memory_budget)
        except BEYOND_AN_ENGINE as beyond:
            _give_up_if_hopeless(beyond)
            stopped.append((name, beyond))
    raise _out_of_reach(G, H, stopped, number)


def _out_of_reach(G, H, stopped, number=None):
    r"""
    Return the error for a count that no engine of ``"auto"`` can do: the
    one error if one engine was tried, else one message naming what
    stopped each (:func:`~sage_hcsf.fiber_types.closed_forms.out_of_reach`;
    ``number``, where `\hom(G, H)` was counted and the fiber types were not).

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.engines import _out_of_reach
        sage: K5, K40 = (as_graph_data(graphs.CompleteGraph(k)) for k in (5, 40))
        sage: error = MemoryError("the budget")
        sage: _out_of_reach(K5, K40, [("dp", error)]) is error
        True
        sage: _out_of_reach(K5, K40, [("dp", error), ("enumerate", OverflowError("the limit"))])
        MemoryError('hom(G, H) is out of reach for G on 5 vertices and H on 40: the DP engine cannot (the budget), the enumeration engine cannot (the limit), ...')
        sage: _out_of_reach(K5, K40, [])
        ValueError("no engine of algorithm='auto' takes G on 5 vertices and H on 40")
    """
    if not stopped:
        return ValueError(f"no engine of algorithm='auto' takes G on {G.order()} vertices "
                          f"and H on {H.order()}")
    if len(stopped) == 1:
        return stopped[0][1]
    return out_of_reach(G, H, stopped, number)


def _auto_homomorphisms(G, H, memory_budget):
    r"""
    Count homomorphisms with the first engine of ``"auto"`` that can (the
    DP, else the enumeration); the closed forms come before, per
    component, in :func:`~sage_hcsf.fiber_types.counts.count_homomorphisms`.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.engines import _auto_homomorphisms
        sage: K60, K3 = (as_graph_data(graphs.CompleteGraph(k)) for k in (60, 3))
        sage: _auto_homomorphisms(K60, K3, 10^6)
        0
    """
    return _auto_count(G, H, memory_budget, closed_forms=False)[0]


def _dp_offer(G, H, number):
    r"""
    Return engine II's offer to ``"auto"``: to run at the cost of
    enumerating :data:`_AUTO_ENUMERATION_THRESHOLD` homomorphisms (where
    the two break even, measured), with the number of homomorphisms known.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.engines import _dp_offer
        sage: P3 = as_graph_data(graphs.PathGraph(3))
        sage: cost, count = _dp_offer(P3, P3, 6); cost, sorted(count(10^6).items())
        (20001, [((1, 1, 1), 2), ((2, 1), 4)])
    """
    return (_AUTO_ENUMERATION_THRESHOLD + 1,
            lambda budget: run_dp(G, H, True, budget, number).result)


def _enumeration_offer(G, H, number):
    r"""
    Return the enumeration's offer to ``"auto"``: at the cost of its
    ``number`` homomorphisms; with few (at most
    :data:`_AUTO_ENUMERATION_THRESHOLD`) it gives up early when the search
    meets many dead ends (where the DP does not care), else it has its
    whole :func:`enumeration_limit`; it declines when there are more
    homomorphisms than that limit (each is a step).

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: from sage_hcsf.fiber_types.engines import _enumeration_offer
        sage: P3 = as_graph_data(graphs.PathGraph(3))
        sage: cost, count = _enumeration_offer(P3, P3, 6); cost, sorted(count(10^6).items())
        (6, [((1, 1, 1), 2), ((2, 1), 4)])
        sage: _enumeration_offer(P3, P3, 10^9) is None
        True
    """
    limit = enumeration_limit()
    if number > limit:
        return None
    steps = limit
    if number <= _AUTO_ENUMERATION_THRESHOLD:
        steps = min(limit, max(10**6, 64 * (number + 1) * G.order()))
    return number, lambda budget: _enumerate(G, H, steps, budget)


register_engine(Engine(
    "auto", _auto_fiber_types, _auto_homomorphisms,
    "the engines that make an offer, by its cost: the DP counts; few homomorphisms are "
    "enumerated, many go to the DP; the enumeration where the DP cannot"))


register_engine(Engine(
    "dp", lambda G, H, budget: run_dp(G, H, True, budget).result,
    lambda G, H, budget: run_dp(G, H, False, budget).result,
    "engine II: dynamic programming along a path decomposition of G, twin classes of H "
    "folded, unreachable vertices of H forgotten, split by the orbits of Aut(H)",
    _dp_offer))


register_engine(Engine(
    "dp1", lambda G, H, budget: run_dp(G, H, True, budget, engine=1).result,
    lambda G, H, budget: run_dp(G, H, False, budget, engine=1).result,
    "engine I: the DP before engine II (twin classes only), the baseline of the benchmarks"))


register_engine(Engine(
    "enumerate", lambda G, H, budget: _enumerate(G, H, enumeration_limit(), budget),
    lambda G, H, budget: sum(_enumerate(G, H, enumeration_limit(), budget).values()),
    "depth-first enumeration with bitset candidate sets, independent of the DP",
    _enumeration_offer))


def engine_named(algorithm):
    r"""
    Return the :class:`Engine` called ``algorithm``, or raise ``ValueError``
    listing the engines.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.engines import engine_named
        sage: engine_named("dp").name
        'dp'
        sage: engine_named("DP")
        Traceback (most recent call last):
        ...
        ValueError: algorithm must be one of 'auto', 'dp', 'dp1', 'enumerate'; got 'DP'
    """
    try:
        return ENGINES[algorithm]
    except (KeyError, TypeError):
        raise ValueError(f"algorithm must be one of {', '.join(map(repr, ENGINES))}; "
                         f"got {algorithm!r}") from None
