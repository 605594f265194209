r"""
The report of a certified sweep: its verdicts, status and exit status, as text and JSON

:class:`CertificationReport` gathers the :class:`~sage_hcsf.certify.verdict.Verdict`
of every order a sweep checked, the independent rechecks and what the sweep
did not check; :func:`verdict_header` and :func:`verdict_row` print the table
``verify`` shows, a row an order, a column a rung.

EXAMPLES::

    sage: from sage_hcsf.certify.runs import certify_self_csf
    sage: report = certify_self_csf("trees", 7, processes=1, progress=False)
    sage: report.status, report.exit_status
    ('separated', 0)
    sage: print(report.table())
    n | graphs | graphs colliding after hom(G,G) mod 2^64 | ... | verdict | seconds
    1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | separated | ...
    ...
"""

from dataclasses import dataclass, field

from sage_hcsf.certify.names import Invariant

# CERTIFICATES is also sage_hcsf.certify.ladder.CERTIFICATES, the ladder the sweeps walk


@dataclass
class CertificationReport:
    r"""
    The verdict of a certified sweep.

    - ``family`` -- the family's name; ``orders`` -- the orders checked
    - ``verdicts`` -- ``{n: verdict}``, each a
      :class:`~sage_hcsf.certify.verdict.Verdict`: the number of graphs,
      per rung the buckets still colliding after it, how many pairs each
      rung after the first separated and the first of these pairs, the
      classes of graphs with equal invariants (graph6), the pairs whose
      full counts exceeded the budget
    - ``recheck`` -- the independent rechecks (see :func:`certify_self_csf`)
    - ``notes`` -- what the sweep did not check (graphs of a file outside
      the orders asked for); a verdict's ``duplicates`` lists the graphs a
      file gives more than once (checked once)
    - ``invariant`` -- the :class:`~sage_hcsf.certify.names.Invariant`
      certified

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
    invariant: Invariant = Invariant.SELF_CSF

    def equal_classes(self):
        r"""
        Return every class of graphs with equal self-CSF (graph6 strings).

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: certify_self_csf("trees", 6, processes=1, progress=False).equal_classes()
            []
        """
        return [c for n in sorted(self.verdicts) for c in self.verdicts[n].equal]

    def undecided_pairs(self):
        r"""
        Return every pair left undecided (budget exceeded), with the reason.

        EXAMPLES::

            sage: from sage_hcsf.certify.runs import certify_self_csf
            sage: certify_self_csf("trees", 6, processes=1, progress=False).undecided_pairs()
            []
        """
        return [p for n in sorted(self.verdicts) for p in self.verdicts[n].undecided]

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
        own = self.invariant == Invariant.SELF_CSF
        what = "self-CSF" if own else "chromatic symmetric function"
        by = "" if own else " by Stanley's chromatic symmetric function"
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
                "verdicts": {str(n): v.as_dict() for n, v in sorted(self.verdicts.items())},
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
    names = [stage.rung for stage in verdict.stages]
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
    return " | ".join([str(verdict.n), str(verdict.graphs)] +
                      [str(stage.graphs) for stage in verdict.stages] +
                      [verdict.describe(), f"{verdict.seconds:.1f}"])
