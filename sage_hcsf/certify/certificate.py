r"""
What a certificate is: a function of an invariant, computed two ways

A *certificate* of the self-CSF is a function `F` of `X_G^G`: if `F(G)
\neq F(G')` then `X_G^G \neq X_{G'}^{G'}`. Each :class:`Certificate` has two
ways to the same value:

- ``value(G)``, fast, without the full fiber-type DP;
- ``from_counts(counts)``, the same quantity read off the full counts
  `N_\lambda(G, G)` (the coordinates of `X_G^G` in the augmented monomial
  basis): its definition as a function of `X_G^G`, hence its proof of
  soundness. ``value(G) == from_counts(fiber_type_counts(G, G))`` is
  tested on every small graph.

A certificate of Stanley's `X_G` reads ``from_csf(X)`` instead. The
ladders themselves are :mod:`sage_hcsf.certify.ladder` (the self-CSF) and
:mod:`sage_hcsf.certify.csf_ladder` (Stanley's CSF of forests).

EXAMPLES::

    sage: from sage_hcsf.certify.certificate import Certificate, normalised_counts
    sage: from sage_hcsf.certify.names import Rung
    sage: aut = Certificate(Rung.AUT, "search", frozenset({"graphs"}), lambda G: True,
    ....:                   lambda G: Graph(G).automorphism_group().order(),
    ....:                   lambda counts: counts[(1,) * sum(next(iter(counts)))],
    ....:                   "N_{1^n}, the automorphisms")
    sage: aut.value(graphs.CycleGraph(5)), aut.from_counts({(1,) * 5: 10, (2, 2, 1): 40})
    (10, 10)
    sage: normalised_counts({(2, 1): 4, (1, 1, 1): 2})
    (((1, 1, 1), 2), ((2, 1), 4))
"""
from dataclasses import dataclass
from typing import Callable

from sage_hcsf.certify.names import Rung
from sage_hcsf.graphs.graph_data import as_graph_data

M64 = 1 << 64


P61 = (1 << 61) - 1


def normalised_counts(counts):
    r"""
    Return fiber-type counts as a sorted tuple of ``(partition as a tuple,
    count)`` with nonzero counts: the comparable, hashable form of every
    vector-valued certificate.

    EXAMPLES::

        sage: from sage_hcsf.certify.certificate import normalised_counts
        sage: normalised_counts({Partition([2, 1]): 4, Partition([1, 1, 1]): 2, Partition([3]): 0})
        (((1, 1, 1), 2), ((2, 1), 4))
    """
    return tuple(sorted((tuple(int(x) for x in la), int(c)) for la, c in counts.items() if c))


def _order(counts):
    r"""
    Return `n` read off self fiber-type counts (their partitions are of `n`).

    EXAMPLES::

        sage: from sage_hcsf.certify.certificate import _order
        sage: _order({(2, 1): 4, (1, 1, 1): 2})
        3
    """
    return sum(next(iter(counts))) if counts else 0


def _is_tree(G):
    r"""
    Return whether ``G`` (any form the package accepts) is a tree.

    EXAMPLES::

        sage: from sage_hcsf.certify.certificate import _is_tree
        sage: _is_tree(graphs.PathGraph(4)), _is_tree("Bw")
        (True, False)
    """
    from sage_hcsf.graphs.tree_codes import is_tree_data
    return is_tree_data(as_graph_data(G))


def _any_graph(G):
    r"""
    Return ``True``: the certificate applies to every graph.

    EXAMPLES::

        sage: from sage_hcsf.certify.certificate import _any_graph
        sage: _any_graph("Bw")
        True
    """
    return True


@dataclass(frozen=True)
class Certificate:
    r"""
    A function of the self-CSF, to separate graphs.

    - ``name`` -- how verdicts, tables and the store call it
    - ``cost`` -- its cost class: ``"kernel"`` (a C pass over every graph),
      ``"linear"``, ``"polynomial"`` (a small power of `n` in Python),
      ``"search"`` (partition refinement), ``"dp"`` (the full DP)
    - ``families`` -- the kinds of family whose sweeps use it (``"trees"``,
      ``"graphs"``, ``"connected"``, ``"forests"``, ``"file"``): the layers
      are defined for every graph but pay only for trees (for graphs on 9
      vertices the full counts are cheaper)
    - ``applies`` -- ``applies_to(G)``: whether it is defined for ``G``
    - ``compute`` -- ``value(G)``
    - ``read`` -- ``from_counts(counts)``
    - ``summary`` -- what it is, in a line
    - ``reads`` -- what ``read`` takes: ``"counts"`` (of `X_G^G`) or
      ``"csf"`` (Stanley's `X_G`)
    - ``store_key`` -- the name of its values in a result store, where it
      is not ``name`` (:attr:`stored_as`)
    - ``cheap_on`` -- ``None``, or the graphs on which it pays in a family
      of mixed graphs (:meth:`pays_on`)
    - ``domain`` -- what ``applies`` accepts, in a word, for messages
      (``"graph"``, ``"tree"``, ``"forest"``)
    - ``budgeted`` -- whether its values are computed within a memory
      budget (the full counts): a sweep keeps them in its store, and a
      graph beyond the budget leaves its pairs undecided

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import CERTIFICATES
        sage: aut = CERTIFICATES["|Aut(G)|"]
        sage: aut
        |Aut(G)|: N_{1^n}, the automorphisms (search)
        sage: aut.value(graphs.PetersenGraph()), aut.from_counts({(1,) * 3: 2, (2, 1): 4})
        (120, 2)
    """
    name: Rung
    cost: str
    families: frozenset
    applies: Callable
    compute: Callable
    read: Callable
    summary: str
    reads: str = "counts"   # what ``read`` takes: "counts" (of X_G^G) or "csf" (X_G)
    store_key: str = None   # the name of its values in a store, if not ``name``
    domain: str = "graph"   # what it applies to, for messages: "graph", "tree", "forest"
    cheap_on: Callable = None   # where it pays in a family of mixed graphs (a file)
    budgeted: bool = False      # computed within a memory budget (beyond it: undecided)

    @property
    def stored_as(self):
        r"""
        Return the name under which a result store keeps the values of
        this certificate (:meth:`~sage_hcsf.store.ResultStore.invariants`):
        its ``name``, or an older key kept so that existing stores are read.

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: CERTIFICATES["L_2"].stored_as, CERTIFICATES["|Aut(G)|"].stored_as
            ('L_2', 'aut')
        """
        return self.store_key or str(self.name)

    def pays_on(self, G):
        r"""
        Return whether a sweep of a family of mixed graphs (a file)
        computes this certificate for ``G``: the layers pay on trees only
        (defined for every graph, they cost a DP a subgraph elsewhere);
        the other certificates wherever they apply.

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: L2 = CERTIFICATES["L_2"]
            sage: L2.pays_on(graphs.PathGraph(4)), L2.pays_on(graphs.CycleGraph(4))
            (True, False)
            sage: CERTIFICATES["|Aut(G)|"].pays_on(graphs.CycleGraph(4))
            True
        """
        return self.applies(G) and (self.cheap_on is None or self.cheap_on(G))

    def applies_to(self, G):
        r"""
        Return whether the certificate is defined for ``G``.

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: CERTIFICATES["L_2"].applies_to("Bw"), CERTIFICATES["E_2"].applies_to("Bw")
            (True, False)
        """
        return self.applies(G)

    def value(self, G):
        r"""
        Return the certificate's value on ``G``, computed without the full
        fiber-type counts.

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: CERTIFICATES["L_2"].value(graphs.PathGraph(4))
            (((2, 2), 6),)
        """
        return self.compute(G)

    def from_counts(self, counts):
        r"""
        Return the certificate's value read off the self fiber-type counts
        ``counts`` (``{partition: count}``): its definition as a function
        of `X_G^G`.

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: from sage_hcsf import fiber_type_counts
            sage: P4 = graphs.PathGraph(4)
            sage: CERTIFICATES["L_2"].from_counts(fiber_type_counts(P4, P4))
            (((2, 2), 6),)
        """
        if self.reads != "counts":
            raise TypeError(f"{self.name} is read off Stanley's CSF: use from_csf")
        return self.read({tuple(int(x) for x in la): int(c) for la, c in counts.items()})

    def from_csf(self, X):
        r"""
        Return the certificate's value read off Stanley's chromatic
        symmetric function ``X`` (for the certificates of the ladder
        ``"csf"``): its definition as a function of `X_G`.

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import LADDERS
            sage: from sage_hcsf import chromatic_symmetric_function
            sage: P4 = graphs.PathGraph(4)
            sage: cuts = LADDERS["csf"]["X_T (cut counts)"]
            sage: cuts.value(P4) == cuts.from_csf(chromatic_symmetric_function(P4, basis="m"))
            True
        """
        if self.reads != "csf":
            raise TypeError(f"{self.name} is read off the fiber-type counts: use from_counts")
        return self.read(X)

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import CERTIFICATES
            sage: CERTIFICATES["E_1"]
            E_1: N_lambda with n - l(lambda) = 1, one collision (polynomial)
        """
        return f"{self.name}: {self.summary} ({self.cost})"


ALL = frozenset({"trees", "graphs", "connected", "forests", "file"})


TREES = frozenset({"trees"})


# the tree rungs serve files too, on the groups of trees in them (Certificate.pays_on)
TREES_AND_FILES = frozenset({"trees", "file"})
