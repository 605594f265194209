r"""
The verdict of one order of a certified sweep, as a typed record

A :class:`Verdict` says, for the graphs of a family on `n` vertices, how
many there were, how many still collided after each rung (a
:class:`Stage` a rung), which pairs each rung separated, the classes of
graphs with equal invariants, and the pairs left undecided (beyond a
memory budget). Code reads its attributes; its JSON form
(:meth:`Verdict.as_dict`, the keys of ``verify --json`` and of the store)
is unchanged from earlier versions, and :meth:`Verdict.from_dict` reads it
back.

EXAMPLES::

    sage: from sage_hcsf.certify.verdict import Stage, Verdict
    sage: from sage_hcsf.certify.names import Rung
    sage: v = Verdict("graphs", 3, 4, [Stage.of_groups(Rung.HOM, [["BG", "BW", "Bw"]]),
    ....:                               Stage.of_groups(Rung.AUT, [["BG", "BW"]])],
    ....:             equal=[["BG", "BW"]])
    sage: v.status, v.stages[-1].pairs_left
    ('equal', 1)
    sage: Verdict.from_dict(v.as_dict()) == v
    True
    sage: v["graphs"], v.as_dict()["stages"][1]
    (4, {'colliding buckets': 1, 'graphs in colliding buckets': 2, 'invariant': '|Aut(G)|', 'pairs left': 1})
"""
from dataclasses import dataclass, field

from sage_hcsf.certify.names import LISTED_PAIRS, Rung


@dataclass
class Stage:
    r"""
    What is left after one rung: the colliding buckets, the graphs in
    them and the pairs they hold.

    EXAMPLES::

        sage: from sage_hcsf.certify.verdict import Stage
        sage: Stage.of_groups("hom(G,G)", [[1, 2], [3, 4, 5]])
        Stage(rung='hom(G,G)', colliding_buckets=2, graphs=5, pairs_left=4)
    """
    rung: Rung
    colliding_buckets: int
    graphs: int
    pairs_left: int

    @classmethod
    def of_groups(cls, rung, groups):
        r"""
        Return the stage of the groups still colliding after ``rung``.

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Stage
            sage: Stage.of_groups("L_2", []).pairs_left
            0
        """
        return cls(Rung(rung), len(groups), sum(len(g) for g in groups), pairs(groups))

    def as_dict(self):
        r"""
        Return the JSON form.

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Stage
            sage: Stage.of_groups("L_2", [[1, 2]]).as_dict()
            {'colliding buckets': 1, 'graphs in colliding buckets': 2, 'invariant': 'L_2', 'pairs left': 1}
        """
        return {"invariant": str(self.rung), "colliding buckets": self.colliding_buckets,
                "graphs in colliding buckets": self.graphs, "pairs left": self.pairs_left}

    @classmethod
    def from_dict(cls, data):
        r"""
        Return the stage of a JSON form.

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Stage
            sage: s = Stage.of_groups("L_2", [[1, 2]]); Stage.from_dict(s.as_dict()) == s
            True
        """
        return cls(Rung(data["invariant"]), data["colliding buckets"],
                   data["graphs in colliding buckets"], data["pairs left"])


@dataclass
class Verdict:
    r"""
    The verdict for the graphs of a family on `n` vertices.

    - ``family``, ``n`` -- which graphs; ``graphs`` -- how many
    - ``stages`` -- a :class:`Stage` a rung, in the order of the ladder
    - ``separated_by`` -- ``{rung: pairs it separated}`` (the rungs after the first)
    - ``separated`` -- the first pairs separated after the first rung, each
      ``{"graphs": [g, h], "invariant": rung}``
    - ``equal`` -- the classes of graphs with equal invariants (graph6)
    - ``undecided`` -- pairs beyond a memory budget, ``{"graphs", "reason"}``
    - ``seconds`` -- how long the order took
    - ``duplicates`` -- ``{graph6: times}`` for graphs a file gives more
      than once (checked once)

    EXAMPLES::

        sage: from sage_hcsf.certify.verdict import Verdict
        sage: Verdict("trees", 5, 3).status
        'separated'
    """
    family: str
    n: int
    graphs: int
    stages: list = field(default_factory=list)
    separated_by: dict = field(default_factory=dict)
    separated: list = field(default_factory=list)
    equal: list = field(default_factory=list)
    undecided: list = field(default_factory=list)
    seconds: float = 0.0
    duplicates: dict = field(default_factory=dict)

    @property
    def status(self):
        r"""
        Return ``"equal"`` (some graphs share their invariant),
        ``"undecided"`` (pairs beyond a budget) or ``"separated"``.

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Verdict
            sage: Verdict("f", 3, 3, undecided=[{"graphs": ["a", "b"], "reason": "?"}]).status
            'undecided'
        """
        return "equal" if self.equal else "undecided" if self.undecided else "separated"

    def describe(self):
        r"""
        Return the verdict in a few words.

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Verdict
            sage: Verdict("f", 3, 3, equal=[["BG", "BW"]]).describe()
            '1 equal class'
            sage: Verdict("f", 3, 3).describe()
            'separated'
        """
        if self.equal:
            return f"{len(self.equal)} equal class{'es' if len(self.equal) > 1 else ''}"
        if self.undecided:
            return f"{len(self.undecided)} undecided"
        return "separated"

    def as_dict(self):
        r"""
        Return the JSON form (the keys of ``verify --json`` and the store).

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Verdict
            sage: sorted(Verdict("trees", 5, 3).as_dict())
            ['equal', 'family', 'graphs', 'n', 'seconds', 'separated', 'separated by', 'stages',
             'undecided']
        """
        data = {"family": self.family, "n": self.n, "graphs": self.graphs,
                "stages": [stage.as_dict() for stage in self.stages],
                "separated by": {str(rung): k for rung, k in self.separated_by.items()},
                "separated": [{"graphs": list(p["graphs"]), "invariant": str(p["invariant"])}
                              for p in self.separated],
                "equal": [list(c) for c in self.equal],
                "undecided": [dict(p) for p in self.undecided],
                "seconds": self.seconds}
        if self.duplicates:
            data["isomorphic duplicates"] = dict(self.duplicates)
        return data

    @classmethod
    def from_dict(cls, data):
        r"""
        Return the verdict of a JSON form (as a store keeps it).

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Verdict
            sage: v = Verdict("trees", 5, 3, separated_by={"L_2": 1},
            ....:             separated=[{"graphs": ["a", "b"], "invariant": "L_2"}])
            sage: w = Verdict.from_dict(v.as_dict()); w == v, w.separated_by
            (True, {'L_2': 1})
        """
        return cls(data["family"], data["n"], data["graphs"],
                   [Stage.from_dict(s) for s in data["stages"]],
                   {Rung(rung): k for rung, k in data["separated by"].items()},
                   [{"graphs": list(p["graphs"]), "invariant": Rung(p["invariant"])}
                    for p in data["separated"]],
                   [list(c) for c in data["equal"]], [dict(p) for p in data["undecided"]],
                   data["seconds"], dict(data.get("isomorphic duplicates", {})))

    def __post_init__(self):
        self.separated_by = {Rung(rung): k for rung, k in self.separated_by.items()}
        self.separated = [{"graphs": list(p["graphs"]), "invariant": Rung(p["invariant"])}
                          for p in self.separated]

    def __getitem__(self, key):
        r"""
        Return the entry ``key`` of the JSON form (:meth:`as_dict`), as
        earlier versions returned verdicts as dictionaries.

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Verdict
            sage: Verdict("trees", 5, 3)["graphs"]
            3
        """
        return self.as_dict()[key]

    def get(self, key, default=None):
        r"""
        Return the entry ``key`` of the JSON form, or ``default``.

        EXAMPLES::

            sage: from sage_hcsf.certify.verdict import Verdict
            sage: Verdict("trees", 5, 3).get("isomorphic duplicates", {})
            {}
        """
        return self.as_dict().get(key, default)


def pairs(groups):
    r"""
    Return the number of unordered pairs inside the groups.

    EXAMPLES::

        sage: from sage_hcsf.certify.verdict import pairs
        sage: pairs([[1, 2, 3], [4, 5], [6]])
        4
    """
    return sum(len(g) * (len(g) - 1) // 2 for g in groups)


def separated_pairs(before, after, invariant, limit=LISTED_PAIRS):
    r"""
    Return how many pairs of ``before`` the refinement ``after`` no longer
    holds together, and the first ``limit`` of them, each as ``{"graphs":
    [g, h], "invariant": invariant}``.

    Listing costs ``O(limit)``: the pairs are taken between the parts into
    which ``after`` splits each group of ``before``.

    EXAMPLES::

        sage: from sage_hcsf.certify.verdict import separated_pairs
        sage: separated_pairs([["a", "b", "c"]], [["a", "b"]], "aut")
        (2, [{'graphs': ['a', 'c'], 'invariant': 'aut'}, {'graphs': ['b', 'c'], 'invariant': 'aut'}])
        sage: separated_pairs([list(range(1000))], [], "hom", limit=2)
        (499500, [{'graphs': [0, 1], 'invariant': 'hom'}, {'graphs': [0, 2], 'invariant': 'hom'}])
    """
    count = pairs(before) - pairs(after)
    part_of = {g: k for k, group in enumerate(after) for g in group}
    listed = []
    for group in before:
        parts = {}
        for g in group:
            parts.setdefault(part_of.get(g, ("alone", g)), []).append(g)
        parts = list(parts.values())
        for i, first in enumerate(parts):
            for second in parts[i + 1:]:
                for g in first:
                    for h in second:
                        if len(listed) == limit:
                            return count, listed
                        listed.append({"graphs": sorted([g, h]), "invariant": invariant})
    return count, listed


def refine(groups, key):
    r"""
    Split each group by ``key``; return the parts with at least two members.

    EXAMPLES::

        sage: from sage_hcsf.certify.verdict import refine
        sage: refine([[1, 2, 3, 4], [5, 6]], lambda x: x % 2)
        [[1, 3], [2, 4]]
    """
    refined = []
    for group in groups:
        parts = {}
        for member in group:
            parts.setdefault(key(member), []).append(member)
        refined.extend(part for part in parts.values() if len(part) > 1)
    return refined
