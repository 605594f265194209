r"""
The registry of claims, and the record of a checked claim

A claim is registered by decorating its checker with :func:`claim`: the
decorator records the claim's number, its statement, the run settings it
takes, the family it sweeps (if any) and the figures drawn from its
result, and makes the checker time itself and stamp its number and
statement on the :class:`ClaimResult` it returns. :data:`CLAIMS` is the
table of registered claims; :func:`run_claims`, the ``reproduce`` command
and the report read it and know no claim by number: adding a claim touches
the one module that defines it.

EXAMPLES::

    sage: from sage_hcsf.claims import CLAIMS
    sage: CLAIMS[10].statement
    'm, p, e are realised as H-CSFs (up to scalars)'
    sage: CLAIMS[10].run(progress=False).verdict
    'holds'
    sage: all(number == claim.number for number, claim in CLAIMS.items())
    True
"""
import functools
import inspect
import time
from dataclasses import dataclass, field

from sage.graphs.graph import Graph

#: The registered claims: ``{number: Claim}``.
CLAIMS = {}

#: The run settings every checker that has a parameter of that name receives.
COMMON_SETTINGS = ("progress", "processes", "memory_budget", "max_n")


@dataclass
class ClaimResult:
    r"""
    The outcome of checking one claim.

    A checker fills in the ranges, the verdict and its findings; the
    registry stamps the claim's ``number``, its statement ``claim`` and the
    ``seconds`` taken. ``passed`` is ``False`` only when the computation
    contradicts the claim; ``decided`` is ``False`` when some graphs could
    not be decided (their computation exceeded a budget): the claim is then
    neither reproduced nor contradicted on the range said.

    EXAMPLES::

        sage: from sage_hcsf.claims import ClaimResult
        sage: r = ClaimResult("n <= 3", "n <= 4", "holds")
        sage: r.passed, r.decided, r.status, r.as_dict()["verdict"]
        (True, True, 'holds', 'holds')
        sage: ClaimResult("n <= 3", "n <= 4", "undecided: 1 pair", decided=False).status
        'undecided'
    """
    published: str
    checked: str
    verdict: str
    findings: list = field(default_factory=list)
    details: dict = field(default_factory=dict)
    passed: bool = True
    number: int = 0
    claim: str = ""
    seconds: float = 0.0
    decided: bool = True

    @property
    def status(self):
        r"""
        Return ``"contradicted"``, ``"undecided"`` or ``"holds"``.

        EXAMPLES::

            sage: from sage_hcsf.claims import ClaimResult
            sage: ClaimResult("p", "q", "CONTRADICTED", passed=False).status
            'contradicted'
        """
        return "contradicted" if not self.passed else "undecided" if not self.decided \
            else "holds"

    def as_dict(self):
        r"""
        Return the result as a JSON-friendly dictionary.

        EXAMPLES::

            sage: from sage_hcsf.claims import ClaimResult
            sage: sorted(ClaimResult("p", "q", "v").as_dict())
            ['checked', 'claim', 'decided', 'details', 'findings', 'number', 'passed',
             'published', 'seconds', 'verdict']
        """
        return {"number": self.number, "claim": self.claim, "published": self.published,
                "checked": self.checked, "verdict": self.verdict, "passed": self.passed,
                "decided": self.decided,
                "findings": self.findings, "seconds": round(self.seconds, 3),
                "details": self.details}


@dataclass(frozen=True)
class Claim:
    r"""
    A registered claim: its number, its statement, its checker, the run
    settings the checker takes, the figures drawn from its result and the
    family it sweeps.

    - ``settings`` -- ``{run setting: parameter of the checker}`` beyond
      those of :data:`COMMON_SETTINGS` (``progress``, ``processes``,
      ``memory_budget`` and ``max_n``, the largest graphs checked), which
      every checker with a parameter of that name receives
    - ``defaults`` -- ``{parameter: value}`` used by :meth:`run` instead of
      the checker's own default (the range ``reproduce`` checks)
    - ``figures`` -- pairs ``(file name, draw)``, ``draw(result, axes)``
      drawing on matplotlib axes
    - ``sweep`` -- the family (a name of
      :func:`~sage_hcsf.certify.enumeration.family`) of the certified sweep
      the checker runs on every order up to its parameter ``max_n``, or
      ``None``: ``reproduce`` estimates the cost of such a sweep before the
      work and warns when it looks hopeless
    - ``sweep_reach`` -- the largest order of that sweep, when the checker
      goes on above it another way (claim 1: 9); ``None``: up to ``max_n``
    - ``reach`` -- the largest range the claim can be checked at (the
      greatest ``max_n``; ``None``: no range to choose): beyond it the
      graphs are too many for this package's enumeration or the
      computation takes days, and :meth:`arguments` refuses it

    EXAMPLES::

        sage: from sage_hcsf.claims import CLAIMS
        sage: CLAIMS[3].settings, CLAIMS[3].sweep, CLAIMS[3].reach
        ({'db': 'store', 'executor': 'executor'}, 'trees', 32)
        sage: [name for name, _ in CLAIMS[1].figures]
        ['self_csf_coincidences.png']
    """
    number: int
    statement: str
    checker: object
    settings: dict
    defaults: dict
    figures: tuple
    sweep: str = None
    reach: int = None
    sweep_reach: int = None

    def parameter(self, setting):
        r"""
        Return the parameter of the checker that receives the run
        ``setting``: the one its registration names, else, for a setting of
        :data:`COMMON_SETTINGS`, the checker's parameter of that name;
        ``None`` if the checker takes no such setting.

        EXAMPLES::

            sage: from sage_hcsf.claims import CLAIMS
            sage: CLAIMS[3].parameter("max_n"), CLAIMS[3].parameter("processes")
            ('max_n', 'processes')
            sage: CLAIMS[10].parameter("processes") is None
            True
        """
        if setting in self.settings:
            return self.settings[setting]
        if setting in COMMON_SETTINGS and setting in inspect.signature(self.checker).parameters:
            return setting
        return None

    def arguments(self, settings):
        r"""
        Return the keyword arguments of the checker for the run ``settings``
        (settings that are ``None`` or that the checker does not take are
        left out); raise ``ValueError`` for a ``max_n`` beyond the claim's
        :attr:`reach`.

        EXAMPLES::

            sage: from sage_hcsf.claims import CLAIMS
            sage: CLAIMS[3].arguments({"progress": False, "processes": 2, "max_n": 9,
            ....:                      "db": None})
            {'max_n': 9, 'processes': 2, 'progress': False}
            sage: CLAIMS[9].arguments({"progress": False, "processes": 2, "max_n": 9})
            {'progress': False}
            sage: CLAIMS[1].arguments({"max_n": 12})
            Traceback (most recent call last):
            ...
            ValueError: claim 1 reaches max_n = 11 at most; got 12
        """
        arguments = dict(self.defaults)
        for setting, value in settings.items():
            parameter = self.parameter(setting)
            if parameter is not None and value is not None:
                arguments[parameter] = value
        max_n = arguments.get(self.parameter("max_n"))
        if max_n is not None and self.beyond_reach(max_n):
            raise ValueError(f"claim {self.number} reaches max_n = {self.reach} at most; "
                             f"got {max_n}")
        return dict(sorted(arguments.items()))

    def beyond_reach(self, max_n):
        r"""
        Return whether the claim takes a ``max_n`` and ``max_n`` is more
        than its :attr:`reach`.

        EXAMPLES::

            sage: from sage_hcsf.claims import CLAIMS
            sage: CLAIMS[1].beyond_reach(11), CLAIMS[1].beyond_reach(12)
            (False, True)
            sage: CLAIMS[9].beyond_reach(99)   # no range of graphs: nothing to refuse
            False
        """
        return (self.reach is not None and self.parameter("max_n") is not None
                and max_n > self.reach)

    def largest_order(self, settings):
        r"""
        Return the ``max_n`` the checker runs with for the run ``settings``
        (its default if they give none), or ``None`` if it takes none.

        EXAMPLES::

            sage: from sage_hcsf.claims import CLAIMS
            sage: CLAIMS[3].largest_order({}), CLAIMS[3].largest_order({"max_n": 9})
            (18, 9)
            sage: CLAIMS[1].largest_order({}), CLAIMS[9].largest_order({"max_n": 9})
            (8, None)
        """
        parameter = self.parameter("max_n")
        if parameter is None:
            return None
        max_n = self.arguments(settings).get(parameter)
        return inspect.signature(self.checker).parameters[parameter].default \
            if max_n is None else max_n

    def sweep_orders(self, settings):
        r"""
        Return the orders of the certified sweep the checker runs with the
        run ``settings`` (``None`` if it declares no ``sweep`` or takes no
        ``max_n``).

        EXAMPLES::

            sage: from sage_hcsf.claims import CLAIMS
            sage: CLAIMS[3].sweep_orders({"max_n": 9})
            range(1, 10)
            sage: CLAIMS[3].sweep_orders({}) == range(1, CLAIMS[3].defaults["max_n"] + 1)
            True
            sage: CLAIMS[10].sweep_orders({"max_n": 9}) is None
            True
            sage: CLAIMS[1].sweep_orders({"max_n": 10})     # above 9: not the certified sweep
            range(1, 10)
        """
        max_n = self.largest_order(settings)
        if self.sweep is None or max_n is None:
            return None
        return range(1, min(max_n, self.sweep_reach or max_n) + 1)

    def run(self, **settings):
        r"""
        Check the claim at its ``reproduce`` range with the given run
        settings; return the :class:`ClaimResult`.

        EXAMPLES::

            sage: from sage_hcsf.claims import CLAIMS
            sage: r = CLAIMS[10].run(progress=False)
            sage: r.number, r.verdict, r.seconds > 0
            (10, 'holds', True)
        """
        return self.checker(**self.arguments(settings))


def claim(number, statement, settings=None, defaults=None, figures=(), sweep=None, reach=None,
          sweep_reach=None):
    r"""
    Decorate a checker: register it as claim ``number`` in :data:`CLAIMS`.

    The decorated checker returns its :class:`ClaimResult` with ``number``,
    ``claim`` (the statement) and ``seconds`` set. See :class:`Claim` for
    the other arguments.

    EXAMPLES::

        sage: from sage_hcsf.claims import CLAIMS, ClaimResult, claim
        sage: @claim(1000, "a claim for this example")
        ....: def check_example(progress=True):
        ....:     return ClaimResult("always", "once", "holds")
        sage: result = check_example(); result.number, result.claim, result.seconds >= 0
        (1000, 'a claim for this example', True)
        sage: claim(1000, "again")(check_example)
        Traceback (most recent call last):
        ...
        ValueError: claim 1000 is already registered (a claim for this example)
        sage: del CLAIMS[1000]
    """
    def register(checker):
        if number in CLAIMS:
            raise ValueError(f"claim {number} is already registered ({CLAIMS[number].statement})")

        @functools.wraps(checker)
        def timed_checker(*args, **kwargs):
            start = time.perf_counter()
            result = checker(*args, **kwargs)
            result.number, result.claim = number, statement
            result.seconds = time.perf_counter() - start
            return result

        CLAIMS[number] = Claim(number, statement, timed_checker, dict(settings or {}),
                               dict(defaults or {}), tuple(figures), sweep, reach, sweep_reach)
        return timed_checker
    return register


def claim_numbers(numbers):
    r"""
    Return the sorted registered claim numbers given as a comma-separated
    string such as ``"3,6"`` or as a list; raise ``ValueError`` naming what
    is wrong.

    EXAMPLES::

        sage: from sage_hcsf.claims import claim_numbers
        sage: claim_numbers("6, 3,6"), claim_numbers([10, 1])
        ([3, 6], [1, 10])
        sage: claim_numbers("abc")
        Traceback (most recent call last):
        ...
        ValueError: 'abc' is not a claim number; the claims are 1-...
        sage: claim_numbers("1,99")
        Traceback (most recent call last):
        ...
        ValueError: there is no claim 99; the claims are 1-...
    """
    known = f"the claims are {min(CLAIMS)}-{max(CLAIMS)}"
    found = set()
    for part in (numbers.split(",") if isinstance(numbers, str) else numbers):
        part = str(part).strip()
        if not part.isdigit():
            raise ValueError(f"{part!r} is not a claim number; {known}")
        if int(part) not in CLAIMS:
            raise ValueError(f"there is no claim {int(part)}; {known}")
        found.add(int(part))
    return sorted(found)


def run_claims(only=None, progress=True, processes=None, **settings):
    r"""
    Check the registered claims at their ``reproduce`` ranges; return the
    results.

    INPUT:

    - ``only`` -- a list of claim numbers (default: all)
    - ``progress`` -- show progress bars (default: ``True``)
    - ``processes`` -- worker processes for every sweep (default: all cores)
    - ``settings`` -- further run settings, passed to the claims that
      declare them (see :class:`Claim`): ``memory_budget`` (bytes, the
      budget of each full fiber-type count), ``max_n`` (the largest graphs
      of every claim that has a range, at most its
      :attr:`~Claim.reach`), ``db`` and ``executor`` (a certified sweep's
      result store and where it runs)

    EXAMPLES::

        sage: from sage_hcsf.claims import run_claims
        sage: [r.verdict for r in run_claims([10], progress=False)]
        ['holds']
        sage: run_claims([99])
        Traceback (most recent call last):
        ...
        ValueError: there is no claim 99; the claims are 1-...
    """
    return [CLAIMS[number].run(progress=progress, processes=processes, **settings)
            for number in (claim_numbers(only) if only else sorted(CLAIMS))]


def describe(G):
    r"""
    Return ``{"graph6": ..., "description": ...}`` for a graph (sparse6
    when it has loops), canonically labelled.

    EXAMPLES::

        sage: from sage_hcsf.claims import describe
        sage: describe(graphs.PathGraph(3))
        {'description': 'Path graph: tree, 3 vertices, 2 edges, degrees [2, 1, 1]',
         'graph6': 'BW'}
        sage: describe(Graph([(0, 1), (2, 2)], loops=True))["description"]
        'forest, 3 vertices, 1 edges, degrees [1, 1, 0], loops at 1 vertices'
    """
    G = Graph(G)
    loops = sum(1 for v in G if G.has_edge(v, v))
    simple = Graph(G, loops=True)
    simple.allow_loops(False)   # the shape of G without its loops
    kind = ("tree" if simple.is_tree() else "forest" if simple.is_forest() else
            "connected" if simple.is_connected()
            else f"{simple.connected_components_number()} components")
    name = G.name()
    text = (f"{name + ': ' if name and not name.startswith('Graph') else ''}{kind}, "
            f"{G.order()} vertices, {simple.size()} edges, degrees "
            f"{sorted(simple.degree(), reverse=True)}")
    if loops:
        text += f", loops at {loops} vertices"
    G = G.canonical_label()
    return {"description": text, "graph6": G.sparse6_string() if loops else G.graph6_string()}


def counts_key(counts):
    r"""
    Return a hashable key of fiber-type counts: equal keys, equal `X_G^H`.

    EXAMPLES::

        sage: from sage_hcsf.claims import counts_key
        sage: counts_key({(2, 1): 4, (1, 1, 1): 2})
        (((1, 1, 1), 2), ((2, 1), 4))
    """
    return tuple(sorted((tuple(int(x) for x in la), int(c)) for la, c in counts.items()))
