r"""
TODO: describe certify.report (from certify)
"""

from dataclasses import dataclass, field

# CERTIFICATES is also sage_hcsf.certify.ladder.CERTIFICATES, the ladder the sweeps walk
from sage_hcsf.certify.names import LISTED_PAIRS


@dataclass
class CertificationReport:
    r"""
    The verdict of a certified sweep.

    - ``family`` -- the family's name; ``orders`` -- the orders checked
    - ``verdicts`` -- ``{n: verdict}``, each a dictionary: ``graphs``, the
      number of graphs; ``stages``, per invariant the buckets still
      colliding after it; ``separated by``, how many pairs each invariant
      after the first separated, and ``separated``, the first 1000 of these
      pairs with the invariant that did it; ``equal``, classes
      of graphs with equal self-CSF (graph6); ``undecided``, pairs whose
      full counts exceeded the budget; ``seconds``
    - ``recheck`` -- the independent rechecks (see :func:`certify_self_csf`)
    - ``notes`` -- what the sweep did not check (graphs of a file outside
      the orders asked for); a verdict with ``"isomorphic duplicates"``
      lists graphs a file gives more than once (checked once)

    EXAMPLES::

        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: r = certify_self_csf("forests", 3, processes=1, progress=False)
        sage: r
        forests on 1..3 vertices: 1 class of graphs with equal self-CSF
        sage: r.as_dict()["status"]
        'equal self-CSFs'
    """
    family: str
    orders: list
    verdicts: dict = field(default_factory=dict)
    recheck: list = field(default_factory=list)
    seconds: float = 0.0
    notes: list = field(default_factory=list)
    invariant: str = "self-csf"

    def equal_classes(self):
        r"""
        Return every class of graphs with equal self-CSF (graph6 strings).

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: certify_self_csf("trees", 6, processes=1, progress=False).equal_classes()
            []
        """
        return [c for n in sorted(self.verdicts) for c in self.verdicts[n]["equal"]]

    def undecided_pairs(self):
        r"""
        Return every pair left undecided (budget exceeded), with the reason.

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: certify_self_csf("trees", 6, processes=1, progress=False).undecided_pairs()
            []
        """
        return [p for n in sorted(self.verdicts) for p in self.verdicts[n]["undecided"]]

    @property
    def status(self):
        r"""
        Return ``"separated"``, ``"equal self-CSFs"`` or ``"undecided"``.

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: certify_self_csf("trees", 5, processes=1, progress=False).status
            'separated'
        """
        if self.equal_classes():
            return "equal self-CSFs"
        if self.undecided_pairs() or any(r["agree"] is False for r in self.recheck):
            return "undecided"
        return "separated"

    @property
    def exit_status(self):
        r"""
        Return the command line's exit status: 0 when every pair is
        separated, 1 when some graphs have equal self-CSFs, 3 when pairs
        remain undecided.

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: certify_self_csf("graphs", 3, processes=1, progress=False).exit_status
            1
        """
        return {"separated": 0, "equal self-CSFs": 1, "undecided": 3}[self.status]

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: certify_self_csf("trees", 8, processes=1, progress=False)
            trees on 1..8 vertices: every pair separated
        """
        span = f"{min(self.orders)}..{max(self.orders)}" if self.orders else "no"
        text = f"{self.family} on {span} vertices: "
        what = "self-CSF" if self.invariant == "self-csf" else "chromatic symmetric function"
        by = "" if self.invariant == "self-csf" else " by Stanley's chromatic symmetric function"
        equal, undecided = self.equal_classes(), self.undecided_pairs()
        parts = []
        if equal:
            parts.append(f"{len(equal)} class{'es' if len(equal) > 1 else ''} of graphs "
                         f"with equal {what}")
        if undecided:
            parts.append(f"{len(undecided)} pair{'s' if len(undecided) > 1 else ''} undecided")
        return text + ("; ".join(parts) if parts else "every pair separated" + by)

    def as_dict(self):
        r"""
        Return the report as a JSON-friendly dictionary.

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: sorted(certify_self_csf("trees", 4, processes=1, progress=False).as_dict())
            ['family', 'notes', 'orders', 'recheck', 'seconds', 'status', 'verdicts']
        """
        return {"family": self.family, "orders": list(self.orders), "status": self.status,
                "verdicts": {str(n): v for n, v in sorted(self.verdicts.items())},
                "recheck": self.recheck, "notes": self.notes, "seconds": round(self.seconds, 3)}

    def table(self):
        r"""
        Return the verdicts as a text table, one row per `n`.

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: print(certify_self_csf("trees", 8, processes=1, progress=False).table())
            n | graphs | graphs colliding after hom(G,G) mod 2^64 | ... | verdict | seconds
            1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | separated | ...
            ...
            8 | 23 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | separated | ...
        """
        verdicts = [v for _, v in sorted(self.verdicts.items())]
        return "\n".join([verdict_header(verdicts[0])] + [verdict_row(v) for v in verdicts]) \
            if verdicts else ""


def verdict_header(verdict):
    r"""
    Return the header of the table of verdicts like ``verdict``.

    EXAMPLES::

        sage: from sage_hcsf.certify.report import verdict_header
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: verdict_header(certify_self_csf("graphs", 2, processes=1, progress=False).verdicts[2])
        'n | graphs | graphs colliding after hom(G,G) | after |Aut(G)| | after fiber-type counts | verdict | seconds'
    """
    names = [s["invariant"] for s in verdict["stages"]]
    return " | ".join(["n", "graphs", f"graphs colliding after {names[0]}"] +
                      [f"after {name}" for name in names[1:]] + ["verdict", "seconds"])


def verdict_row(verdict):
    r"""
    Return the row of one verdict: the number of graphs, how many graphs are
    left in colliding buckets after each invariant, the verdict, the time.

    EXAMPLES::

        sage: from sage_hcsf.certify.report import verdict_row
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: verdict_row(certify_self_csf("graphs", 3, processes=1, progress=False).verdicts[3])
        '3 | 4 | 3 | 2 | 2 | 1 equal class | ...'
    """
    return " | ".join([str(verdict["n"]), str(verdict["graphs"])] +
                      [str(s["graphs in colliding buckets"]) for s in verdict["stages"]] +
                      [verdict_status(verdict), f"{verdict['seconds']:.1f}"])


def verdict_status(verdict):
    r"""
    Return the verdict of one order in a few words.

    EXAMPLES::

        sage: from sage_hcsf.certify.report import verdict_status
        sage: verdict_status({"equal": [["BG", "BW"]], "undecided": []})
        '1 equal class'
        sage: verdict_status({"equal": [], "undecided": []})
        'separated'
    """
    equal, undecided = verdict["equal"], verdict["undecided"]
    return (f"{len(equal)} equal class{'es' if len(equal) > 1 else ''}" if equal else
            f"{len(undecided)} undecided" if undecided else "separated")


def _pairs(groups):
    r"""
    Return the number of unordered pairs inside the groups.

    EXAMPLES::

        sage: from sage_hcsf.certify.report import _pairs
        sage: _pairs([[1, 2, 3], [4, 5], [6]])
        4
    """
    return sum(len(g) * (len(g) - 1) // 2 for g in groups)


def _separated_pairs(before, after, invariant, limit=LISTED_PAIRS):
    r"""
    Return how many pairs of ``before`` the refinement ``after`` no longer
    holds together, and the first ``limit`` of them, each as ``{"graphs":
    [g, h], "invariant": invariant}``.

    Listing costs ``O(limit)``: the pairs are taken between the parts into
    which ``after`` splits each group of ``before``.

    EXAMPLES::

        sage: from sage_hcsf.certify.report import _separated_pairs
        sage: _separated_pairs([["a", "b", "c"]], [["a", "b"]], "aut")
        (2, [{'graphs': ['a', 'c'], 'invariant': 'aut'}, {'graphs': ['b', 'c'], 'invariant': 'aut'}])
        sage: _separated_pairs([list(range(1000))], [], "hom", limit=2)
        (499500, [{'graphs': [0, 1], 'invariant': 'hom'}, {'graphs': [0, 2], 'invariant': 'hom'}])
    """
    count = _pairs(before) - _pairs(after)
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
