r"""
The names a certified sweep gives: rungs, invariants and the stages of a store

Code that decides something compares these identifiers, never the English
of a report. Each identifier *is* its stable text (a ``str`` enum): the
JSON of a verdict, the tables, and the keys of a
:class:`~sage_hcsf.store.ResultStore` written by earlier versions are
unchanged, so existing stores are read, not recomputed.

- :class:`Rung` -- the certificates of every ladder
  (:mod:`sage_hcsf.certify.ladder`);
- :class:`Invariant` -- what a sweep certifies: the self-CSF `X_G^G`, or
  Stanley's `X_T`;
- :func:`first_stage` -- the name in the store of a sweep's first pass
  (by the first rung of its ladder), with the version of the kernel that
  computed it (a store written by another version is computed again,
  never reused);
- :func:`sweep_key` -- the name of a family's sweeps of one invariant.

EXAMPLES::

    sage: from sage_hcsf.certify.names import Rung, Invariant
    sage: Rung.AUT, Rung.AUT == "|Aut(G)|", Rung.AUT.name
    ('|Aut(G)|', True, 'AUT')
    sage: Rung("L_4") is Rung.L4, Invariant("csf") is Invariant.CSF
    (True, True)
    sage: import json; json.dumps({Rung.AUT: int(3)})
    '{"|Aut(G)|": 3}'
"""
from enum import Enum


class Rung(str, Enum):
    r"""
    The certificates of the ladders, by their stable names.

    EXAMPLES::

        sage: from sage_hcsf.certify.names import Rung
        sage: [rung.value for rung in Rung][:4]
        ['hom(G,G) mod 2^64', 'hom(G,G) mod 2^61-1', 'hom(G,G)', '|Aut(G)|']
        sage: str(Rung.FULL_COUNTS)
        'fiber-type counts'
    """
    HOM_MOD_2_64 = "hom(G,G) mod 2^64"
    HOM_MOD_P61 = "hom(G,G) mod 2^61-1"
    HOM = "hom(G,G)"
    AUT = "|Aut(G)|"
    L2 = "L_2"
    L3 = "L_3"
    L4 = "L_4"
    E1 = "E_1"
    E2 = "E_2"
    FULL_COUNTS = "fiber-type counts"
    PHI0 = "Phi_0(X_T) mod 2^61-1"
    PHI1 = "Phi_1(X_T) mod 2^61-1"
    CUT_COUNTS = "X_T (cut counts)"

    def __str__(self):
        return self.value

    def __repr__(self):
        # shown as its text: lists and dictionaries of rungs read as the reports do
        return repr(self.value)


class Invariant(str, Enum):
    r"""
    What a certified sweep certifies, by the name ``verify --invariant``
    takes.

    EXAMPLES::

        sage: from sage_hcsf.certify.names import Invariant
        sage: [str(i) for i in Invariant]
        ['self-csf', 'csf']
        sage: Invariant.CSF.describe()
        "Stanley's chromatic symmetric function"
    """
    SELF_CSF = "self-csf"
    CSF = "csf"

    def __str__(self):
        return self.value

    def __repr__(self):
        return repr(self.value)

    def describe(self):
        r"""
        Return the invariant in words.

        EXAMPLES::

            sage: from sage_hcsf.certify.names import Invariant
            sage: Invariant.SELF_CSF.describe()
            'self-CSF'
        """
        return "self-CSF" if self is Invariant.SELF_CSF else \
            "Stanley's chromatic symmetric function"


# The name in the store of the first pass of a family other than the trees, by
# the first rung of its ladder, with the version of what computed it: a store
# written by another version is not reused. (The trees have a first pass of
# their own: sage_hcsf.certify.first_pass.)
GRAPH_STAGE1 = {Rung.HOM: "hom (fiber_types 1)", Rung.PHI0: "Phi_0(X_T) mod 2^61-1 (tree_cuts 1)"}

#: The invariant under which a store remembers that a graph's full counts
#: exceeded a memory budget (the budget, in bytes).
BUDGET_EXCEEDED = "full counts exceed a memory budget of"

#: The separated pairs a verdict lists by name, for each order.
LISTED_PAIRS = 100000


def first_stage(kind, first):
    r"""
    Return the name in the store of the first pass of a family of kind
    ``kind`` (not the trees) whose ladder starts with the rung ``first``:
    it names the kernel and its version, so that a store written by another
    version is not reused.

    EXAMPLES::

        sage: from sage_hcsf.certify.names import first_stage
        sage: first_stage("graphs", "hom(G,G)"), first_stage("file", "Phi_0(X_T) mod 2^61-1")
        ('hom (fiber_types 1)', 'Phi_0(X_T) mod 2^61-1 (tree_cuts 1)')
    """
    if kind == "trees":
        raise ValueError("the trees have a first pass of their own "
                         "(sage_hcsf.certify.first_pass.stage_name)")
    return GRAPH_STAGE1[Rung(first)]


def sweep_key(family_name, invariant=Invariant.SELF_CSF):
    r"""
    Return the name under which a store keeps the sweeps of a family for
    the ladder of ``invariant``: the family's name for the self-CSF, with
    the invariant after a colon for another (their results kept apart).

    EXAMPLES::

        sage: from sage_hcsf.certify.names import sweep_key
        sage: sweep_key("trees"), sweep_key("trees", "csf")
        ('trees', 'trees:csf')
    """
    return family_name if invariant == Invariant.SELF_CSF else f"{family_name}:{invariant}"
