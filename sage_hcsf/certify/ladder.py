r"""
Certificates of distinctness: the ladder of a certified sweep

A *certificate* is a function `F` of the self-CSF `X_G^G`: if `F(G) \neq
F(G')` then `X_G^G \neq X_{G'}^{G'}`. Each certificate here has two ways
to the same value:

- ``value(G)``, fast, without the full fiber-type DP;
- ``from_counts(counts)``, the same quantity read off the full counts
  `N_\lambda(G, G)` (:func:`~sage_hcsf.fiber_types.counts.fiber_type_counts`),
  the coordinates of `X_G^G` in the augmented monomial basis. This is its
  definition as a function of `X_G^G`, hence its proof of soundness;
  ``value(G) == from_counts(fiber_type_counts(G, G))`` is tested on every
  small graph.

:data:`CERTIFICATES` lists them cheapest first; a certified sweep
(:mod:`sage_hcsf.certify`) walks down this ladder, computing a rung only
for the graphs that still collide:

#. `\hom(G, G) \bmod 2^{64}` and `\bmod\ 2^{61} - 1` (trees: a C kernel),
   or `\hom(G, G)` exactly (other families);
#. `|\mathrm{Aut}(G)| = N_{1^n}`;
#. the small-image layers `L_2, L_3, L_4`: `N_\lambda` for
   `\ell(\lambda) = k`, the endomorphisms with an image of `k` vertices;
#. the near-bijection layers `E_1, E_2` (trees): `N_\lambda` for `n -
   \ell(\lambda) = k`, the endomorphisms with `k` collisions;
#. the full fiber-type counts.

:data:`LADDERS` names the ladders a sweep can walk (``verify
--invariant``): ``"self-csf"`` is this one; another invariant (for
instance Stanley's CSF, whose certificates read ``from_csf(X)``) is one
more entry.

EXAMPLES::

    sage: from sage_hcsf.certify.ladder import CERTIFICATES
    sage: list(CERTIFICATES)
    ['hom(G,G) mod 2^64', 'hom(G,G) mod 2^61-1', 'hom(G,G)', '|Aut(G)|', 'L_2', 'L_3',
     'L_4', 'E_1', 'E_2', 'fiber-type counts']
    sage: from sage_hcsf import fiber_type_counts
    sage: T = graphs.RandomTree(12)
    sage: counts = fiber_type_counts(T, T)
    sage: all(c.value(T) == c.from_counts(counts) for c in CERTIFICATES.values())
    True
    sage: CERTIFICATES["E_1"].applies_to(graphs.CycleGraph(4))
    False
"""

from dataclasses import dataclass
from typing import Callable

from sage_hcsf.graphs.graph_data import GraphData, as_graph_data

M64 = 1 << 64


P61 = (1 << 61) - 1


def normalised_counts(counts):
    r"""
    Return fiber-type counts as a sorted tuple of ``(partition as a tuple,
    count)`` with nonzero counts: the comparable, hashable form of every
    vector-valued certificate.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import normalised_counts
        sage: normalised_counts({Partition([2, 1]): 4, Partition([1, 1, 1]): 2, Partition([3]): 0})
        (((1, 1, 1), 2), ((2, 1), 4))
    """
    return tuple(sorted((tuple(int(x) for x in la), int(c)) for la, c in counts.items() if c))


def _order(counts):
    r"""
    Return `n` read off self fiber-type counts (their partitions are of `n`).

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _order
        sage: _order({(2, 1): 4, (1, 1, 1): 2})
        3
    """
    return sum(next(iter(counts))) if counts else 0


def _is_tree(G):
    r"""
    Return whether ``G`` (any form the package accepts) is a tree.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _is_tree
        sage: _is_tree(graphs.PathGraph(4)), _is_tree("Bw")
        (True, False)
    """
    from sage_hcsf.certify.tree_layers import is_tree_data
    return is_tree_data(as_graph_data(G))


def _any_graph(G):
    r"""
    Return ``True``: the certificate applies to every graph.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _any_graph
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

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import CERTIFICATES
        sage: aut = CERTIFICATES["|Aut(G)|"]
        sage: aut
        |Aut(G)|: N_{1^n}, the automorphisms (search)
        sage: aut.value(graphs.PetersenGraph()), aut.from_counts({(1,) * 3: 2, (2, 1): 4})
        (120, 2)
    """
    name: str
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
        return self.store_key or self.name

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


def tree_hom_residues(T):
    r"""
    Return `\hom(T, T)` modulo `2^{64}` and `2^{61} - 1` of a tree, from
    the tree kernel.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import tree_hom_residues
        sage: tree_hom_residues(graphs.StarGraph(3))
        (30, 30)
    """
    from sage_hcsf.graphs.trees import parent_array_line
    from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
    r64, r61 = tree_endomorphism_residues((parent_array_line(T) + "\n").encode())
    return int(r64[0]), int(r61[0])


def _exact_hom(G):
    r"""
    Return `\hom(G, G)`: the tree kernel's residues for a tree on at most
    26 vertices (they determine it), the DP engine otherwise.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _exact_hom
        sage: _exact_hom(graphs.StarGraph(20)) == 20^20 + 20, _exact_hom("Bw")
        (True, 6)
    """
    data = as_graph_data(G)
    if _is_tree(data) and data.order() <= 26:
        r64, r61 = tree_hom_residues(G)
        # the CRT: hom < 2^64 (2^61 - 1) for n <= 26 (hom <= n^n)
        return r64 + M64 * ((r61 - r64) * pow(M64, -1, P61) % P61)
    return int(count_homomorphisms_of(G))


def _hom_residue(which):
    r"""
    Return ``value`` of `\hom(G, G)` modulo `2^{64}` (``which = 0``) or
    `2^{61} - 1` (``which = 1``): the tree kernel on a tree, the exact
    count otherwise.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _hom_residue
        sage: _hom_residue(0)(graphs.StarGraph(30)) == (30^30 + 30) % 2^64
        True
        sage: _hom_residue(1)("Bw")
        6
    """
    def value(G):
        from sage_hcsf.certify.tree_layers import is_tree_data
        data = as_graph_data(G)           # parsed once: a graph6 string costs a Sage graph
        if is_tree_data(data) and data.order() <= 64:
            return tree_hom_residues(data)[which]
        return int(count_homomorphisms_of(data)) % (M64, P61)[which]
    return value


def count_homomorphisms_of(G):
    r"""
    Return `\hom(G, G)` by the DP engine.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import count_homomorphisms_of
        sage: count_homomorphisms_of(graphs.CycleGraph(4))
        32
    """
    from sage_hcsf.fiber_types.counts import count_homomorphisms
    return count_homomorphisms(G, G)


def _aut(G):
    r"""
    Return `|\mathrm{Aut}(G)|`: from the canonical code for a tree, from
    Sage's partition-refinement search otherwise.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _aut
        sage: _aut(graphs.StarGraph(4)), _aut(graphs.PetersenGraph())
        (24, 120)
    """
    from sage_hcsf.certify.tree_layers import tree_automorphism_group_order
    from sage_hcsf.fiber_types.symmetry import automorphism_group_order
    return int(tree_automorphism_group_order(G) if _is_tree(G) else
               automorphism_group_order(G))


def small_image_layer_of_graph(G, k):
    r"""
    Return `L_k(G) = (N_\lambda(G, G) : \ell(\lambda) = k)` of any graph:
    the tree method of :func:`~sage_hcsf.certify.tree_layers.small_image_layer`
    for a tree; otherwise the sum over the `k`-sets `U` of the surjective
    part (`\ell(\lambda) = k`) of the fiber-type counts `G \to G[U]`, one
    DP a class of isomorphic `G[U]`.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import small_image_layer_of_graph
        sage: small_image_layer_of_graph(graphs.CycleGraph(4), 2)
        {(2, 2): 8}
        sage: small_image_layer_of_graph(graphs.PathGraph(4), 2)
        {(2, 2): 6}
    """
    from itertools import combinations

    from sage_hcsf.certify.tree_layers import small_image_layer
    from sage_hcsf.fiber_types.counts import fiber_type_counts
    data = as_graph_data(G)
    if _is_tree(data):
        return small_image_layer(G, k)
    # on 0..n-1, as the subsets below: the graph's own labels may be anything
    graph = GraphData(data.adjacency, data.loops, tuple(range(data.order()))).to_sage_graph()
    by_class = {}
    for subset in combinations(range(data.order()), k):
        induced = graph.subgraph(subset)
        key = induced.canonical_label().graph6_string() if not any(data.loops) else \
            tuple(sorted(induced.canonical_label().edges(labels=False)))
        number, example = by_class.get(key, (0, induced))
        by_class[key] = (number + 1, example)
    layer = {}
    for number, target in by_class.values():
        for la, count in fiber_type_counts(graph, target).items():
            if len(la) == k:
                key = tuple(int(x) for x in la)
                layer[key] = layer.get(key, 0) + number * int(count)
    return dict(sorted(layer.items()))


def _small_images(k):
    r"""
    Return ``value`` of the layer `L_k`.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _small_images
        sage: _small_images(3)(graphs.PathGraph(3))
        (((1, 1, 1), 2),)
    """
    return lambda G: normalised_counts(small_image_layer_of_graph(G, k))


def _near_bijections(k):
    r"""
    Return ``value`` of the layer `E_k` (trees).

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _near_bijections
        sage: _near_bijections(1)(graphs.PathGraph(3))
        (((2, 1), 4),)
    """
    from sage_hcsf.certify.tree_layers import near_bijection_layer
    return lambda G: normalised_counts(near_bijection_layer(G, k))


def _full_counts(G):
    r"""
    Return the normalised full fiber-type counts `N_\lambda(G, G)` (the DP).

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _full_counts
        sage: _full_counts("Bw")
        (((1, 1, 1), 6),)
    """
    from sage_hcsf.fiber_types.counts import fiber_type_counts
    return normalised_counts(fiber_type_counts(G, G, algorithm="dp"))


def _layer_reader(test):
    r"""
    Return ``from_counts`` of the layer of the partitions of `n` with
    ``test(n, partition)``.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _layer_reader
        sage: _layer_reader(lambda n, la: len(la) == 2)({(2, 1): 4, (1, 1, 1): 2})
        (((2, 1), 4),)
    """
    return lambda counts: normalised_counts(
        {la: c for la, c in counts.items() if test(_order(counts), la)})


ALL = frozenset({"trees", "graphs", "connected", "forests", "file"})


TREES = frozenset({"trees"})


# the tree rungs serve files too, on the groups of trees in them (Certificate.pays_on)
TREES_AND_FILES = frozenset({"trees", "file"})


def _ladder():
    r"""
    Return the certificates, cheapest first, as a list.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _ladder
        sage: [c.cost for c in _ladder()][:4]
        ['kernel', 'kernel', 'dp', 'search']
    """
    rungs = [
        Certificate("hom(G,G) mod 2^64", "kernel", TREES, _any_graph,
                    _hom_residue(0),
                    lambda counts: sum(counts.values()) % M64,
                    "the endomorphisms, sum of N_lambda, modulo 2^64"),
        Certificate("hom(G,G) mod 2^61-1", "kernel", TREES, _any_graph,
                    _hom_residue(1),
                    lambda counts: sum(counts.values()) % P61,
                    "the endomorphisms modulo the prime 2^61 - 1"),
        Certificate("hom(G,G)", "dp", ALL - TREES, _any_graph, _exact_hom,
                    lambda counts: sum(counts.values()),
                    "the endomorphisms, sum of N_lambda", store_key="hom"),
        Certificate("|Aut(G)|", "search", ALL, _any_graph, _aut,
                    lambda counts: counts.get((1,) * _order(counts), 0),
                    "N_{1^n}, the automorphisms", store_key="aut")]
    for k in (2, 3, 4):
        rungs.append(Certificate(f"L_{k}", "linear" if k < 4 else "polynomial", TREES_AND_FILES,
                                 _any_graph, _small_images(k),
                                 _layer_reader(lambda n, la, k=k: len(la) == k),
                                 f"N_lambda with l(lambda) = {k}, images of {k} vertices",
                                 cheap_on=_is_tree))
    for k in (1, 2):
        rungs.append(Certificate(f"E_{k}", "polynomial", TREES_AND_FILES, _is_tree,
                                 _near_bijections(k),
                                 _layer_reader(lambda n, la, k=k: n - len(la) == k),
                                 f"N_lambda with n - l(lambda) = {k}, "
                                 f"{'one collision' if k == 1 else 'two collisions'}",
                                 domain="tree"))
    rungs.append(Certificate("fiber-type counts", "dp", ALL, _any_graph, _full_counts,
                             normalised_counts, "every N_lambda: the self-CSF itself"))
    return rungs


#: The certificates of the self-CSF, cheapest first: name -> :class:`Certificate`.
CERTIFICATES = {c.name: c for c in _ladder()}


def _is_forest(G):
    r"""
    Return whether ``G`` is a forest.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _is_forest
        sage: _is_forest(graphs.PathGraph(3)), _is_forest(graphs.CycleGraph(3))
        (True, False)
    """
    from sage_hcsf.graphs.trees import forest_parent_arrays
    return forest_parent_arrays(G) is not None


def _csf_functional(seed):
    r"""
    Return ``(value, read)`` of the functional `\Phi_{seed}` of Stanley's
    CSF (:func:`~sage_hcsf.symmetric_functions.stanley.csf_functional`).

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _csf_functional
        sage: from sage_hcsf import chromatic_symmetric_function
        sage: value, read = _csf_functional(1)
        sage: value(graphs.StarGraph(3)) == read(chromatic_symmetric_function(graphs.StarGraph(3)))
        True
    """
    from sage_hcsf.symmetric_functions.stanley import (
        csf_functional,
        csf_functional_from_csf,
    )
    return (lambda G: int(csf_functional(G, seed)),
            lambda X: int(csf_functional_from_csf(X, seed)))


def _cut_counts(G):
    r"""
    Return the cut counts of a forest (:func:`~sage_hcsf.symmetric_functions.stanley.forest_cut_counts`)
    as a sorted tuple: `X_G` itself, as `[p_\lambda] X_G = (-1)^{n - l(\lambda)}`
    times the count of `\lambda`.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _cut_counts
        sage: _cut_counts(graphs.PathGraph(3))
        (((1, 1, 1), 1), ((2, 1), 2), ((3,), 1))
    """
    from sage_hcsf.symmetric_functions.stanley import forest_cut_counts
    return tuple(sorted(forest_cut_counts(G).items()))


def _cut_counts_from_csf(X):
    r"""
    Return :func:`_cut_counts` read off a chromatic symmetric function of a
    forest: the absolute values of its power-sum coefficients.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _cut_counts_from_csf
        sage: from sage_hcsf import chromatic_symmetric_function
        sage: _cut_counts_from_csf(chromatic_symmetric_function(graphs.PathGraph(3)))
        (((1, 1, 1), 1), ((2, 1), 2), ((3,), 1))
    """
    basis = X.parent()
    if not basis.base_ring().is_field():   # Sage changes basis to p over a field only
        basis = basis.change_ring(basis.base_ring().fraction_field())
    in_p = basis.realization_of().powersum()(basis(X))
    return tuple(sorted((tuple(int(x) for x in la), abs(int(c))) for la, c in in_p))


def _csf_ladder():
    r"""
    Return the certificates of Stanley's CSF of trees, cheapest first.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _csf_ladder
        sage: [c.name for c in _csf_ladder()]
        ['Phi_0(X_T) mod 2^61-1', 'Phi_1(X_T) mod 2^61-1', 'X_T (cut counts)']
    """
    rungs = []
    for seed in (0, 1):
        value, read = _csf_functional(seed)
        rungs.append(Certificate(
            f"Phi_{seed}(X_T) mod 2^61-1", "kernel", TREES_AND_FILES, _is_forest, value, read,
            f"the linear functional p_k -> w_k of X_T, weights of seed {seed}, modulo "
            "2^61 - 1", "csf", domain="forest"))
    rungs.append(Certificate("X_T (cut counts)", "linear", TREES_AND_FILES, _is_forest,
                             _cut_counts, _cut_counts_from_csf,
                             "every p-coefficient: Stanley's CSF itself", "csf",
                             domain="forest"))
    return rungs


#: The certificates of Stanley's chromatic symmetric function of trees.
CSF_CERTIFICATES = {c.name: c for c in _csf_ladder()}


#: The ladders a certified sweep can walk, by the invariant they certify. A
#: ladder is an ordered mapping name -> certificate, cheapest first, ending
#: with its complete certificate (equal values there mean equal invariants);
#: the sweep computes the rungs by ``value(G)`` and checks them against their
#: definition (``from_counts`` here; ``from_csf(X)`` for a ladder of Stanley's
#: CSF) in the tests.
LADDERS = {"self-csf": CERTIFICATES, "csf": CSF_CERTIFICATES}


def ladder(kind, invariant="self-csf"):
    r"""
    Return the certificates a sweep of a family of kind ``kind`` walks, in
    order; the last is the complete one (equal values there mean equal
    invariants).

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import ladder
        sage: [c.name for c in ladder("trees")]
        ['hom(G,G) mod 2^64', 'hom(G,G) mod 2^61-1', '|Aut(G)|', 'L_2', 'L_3', 'L_4',
         'E_1', 'E_2', 'fiber-type counts']
        sage: [c.name for c in ladder("graphs")]
        ['hom(G,G)', '|Aut(G)|', 'fiber-type counts']
        sage: [c.name for c in ladder("trees", "csf")]
        ['Phi_0(X_T) mod 2^61-1', 'Phi_1(X_T) mod 2^61-1', 'X_T (cut counts)']
        sage: ladder("trees", "chromatic")
        Traceback (most recent call last):
        ...
        ValueError: unknown invariant 'chromatic': use self-csf, csf
        sage: ladder("graphs", "csf")
        Traceback (most recent call last):
        ...
        ValueError: the invariant 'csf' is certified for trees and files of forests only; got the family kind 'graphs'
    """
    if invariant not in LADDERS:
        raise ValueError(f"unknown invariant {invariant!r}: use {', '.join(LADDERS)}")
    rungs = [c for c in LADDERS[invariant].values() if kind in c.families]
    if not rungs:
        kinds = sorted({k for c in LADDERS[invariant].values() for k in c.families},
                       key=lambda k: (k == "file", k))
        domain = LADDERS[invariant][next(iter(LADDERS[invariant]))].domain
        names = [f"files of {domain}s" if k == "file" else k for k in kinds]
        raise ValueError(f"the invariant {invariant!r} is certified for {' and '.join(names)} "
                         f"only; got the family kind {kind!r}")
    return rungs


def certificate_named(name):
    r"""
    Return the certificate called ``name``, of any ladder in
    :data:`LADDERS`; raise ``KeyError`` naming the rungs otherwise.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import certificate_named
        sage: certificate_named("X_T (cut counts)").reads, certificate_named("L_2").reads
        ('csf', 'counts')
        sage: certificate_named("L_9")
        Traceback (most recent call last):
        ...
        KeyError: "no certificate 'L_9' in any ladder; the rungs are 'hom(G,G) mod 2^64', ..."
    """
    for rungs in LADDERS.values():
        if name in rungs:
            return rungs[name]
    known = ", ".join(repr(rung) for rungs in LADDERS.values() for rung in rungs)
    raise KeyError(f"no certificate {name!r} in any ladder; the rungs are {known}")
