r"""
Certificates of distinctness: the ladder of a certified sweep

A *certificate* (:class:`~sage_hcsf.certify.certificate.Certificate`) is a
function `F` of the self-CSF `X_G^G`, with a fast ``value(G)`` and its
definition ``from_counts(counts)`` read off the full fiber-type counts.

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

from sage_hcsf.certify.certificate import (
    ALL,
    M64,
    P61,
    TREES,
    TREES_AND_FILES,
    Certificate,
    _any_graph,
    _is_tree,
    _order,
    normalised_counts,
)
from sage_hcsf.certify.csf_ladder import CSF_CERTIFICATES
from sage_hcsf.certify.enumeration import checked_kind
from sage_hcsf.certify.names import Invariant, Rung
from sage_hcsf.graphs.graph_data import GraphData, as_graph_data
from sage_hcsf.settings import positive_integer, refusal


def tree_hom_residues(T):
    r"""
    Return `\hom(T, T)` modulo `2^{64}` and `2^{61} - 1` of a tree, from
    the tree kernel.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import tree_hom_residues
        sage: tree_hom_residues(graphs.StarGraph(3))
        (30, 30)
        sage: tree_hom_residues(graphs.CycleGraph(3))
        Traceback (most recent call last):
        ...
        ValueError: T must be a tree on 1 to 64 vertices; got Cycle graph: Graph on 3 vertices
    """
    from sage_hcsf.graphs.tree_codes import is_tree_data
    from sage_hcsf.graphs.trees import parent_array_line
    from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
    data = as_graph_data(T, "T")
    if not is_tree_data(data) or data.order() > 64:
        raise refusal("T", "a tree on 1 to 64 vertices", T, ValueError)
    r64, r61 = tree_endomorphism_residues((parent_array_line(data) + "\n").encode())
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
        from sage_hcsf.graphs.tree_codes import is_tree_data
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
    from sage_hcsf.fiber_types.symmetry import automorphism_group_order
    from sage_hcsf.graphs.tree_codes import tree_automorphism_group_order
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
    k = positive_integer("k", k)
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


def _ladder():
    r"""
    Return the certificates, cheapest first, as a list.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import _ladder
        sage: [c.cost for c in _ladder()][:4]
        ['kernel', 'kernel', 'dp', 'search']
    """
    rungs = [
        Certificate(Rung.HOM_MOD_2_64, "kernel", TREES, _any_graph,
                    _hom_residue(0),
                    lambda counts: sum(counts.values()) % M64,
                    "the endomorphisms, sum of N_lambda, modulo 2^64"),
        Certificate(Rung.HOM_MOD_P61, "kernel", TREES, _any_graph,
                    _hom_residue(1),
                    lambda counts: sum(counts.values()) % P61,
                    "the endomorphisms modulo the prime 2^61 - 1"),
        Certificate(Rung.HOM, "dp", ALL - TREES, _any_graph, _exact_hom,
                    lambda counts: sum(counts.values()),
                    "the endomorphisms, sum of N_lambda", store_key="hom"),
        Certificate(Rung.AUT, "search", ALL, _any_graph, _aut,
                    lambda counts: counts.get((1,) * _order(counts), 0),
                    "N_{1^n}, the automorphisms", store_key="aut")]
    for k in (2, 3, 4):
        rungs.append(Certificate(Rung(f"L_{k}"), "linear" if k < 4 else "polynomial", TREES_AND_FILES,
                                 _any_graph, _small_images(k),
                                 _layer_reader(lambda n, la, k=k: len(la) == k),
                                 f"N_lambda with l(lambda) = {k}, images of {k} vertices",
                                 cheap_on=_is_tree))
    for k in (1, 2):
        rungs.append(Certificate(Rung(f"E_{k}"), "polynomial", TREES_AND_FILES, _is_tree,
                                 _near_bijections(k),
                                 _layer_reader(lambda n, la, k=k: n - len(la) == k),
                                 f"N_lambda with n - l(lambda) = {k}, "
                                 f"{'one collision' if k == 1 else 'two collisions'}",
                                 domain="tree"))
    rungs.append(Certificate(Rung.FULL_COUNTS, "dp", ALL, _any_graph, _full_counts,
                             normalised_counts, "every N_lambda: the self-CSF itself",
                             budgeted=True))
    return rungs


#: The certificates of the self-CSF, cheapest first: name -> :class:`Certificate`.
CERTIFICATES = {c.name: c for c in _ladder()}


#: The ladders a certified sweep can walk, by the invariant they certify. A
#: ladder is an ordered mapping name -> certificate, cheapest first, ending
#: with its complete certificate (equal values there mean equal invariants);
#: the sweep computes the rungs by ``value(G)`` and checks them against their
#: definition (``from_counts`` here; ``from_csf(X)`` for a ladder of Stanley's
#: CSF) in the tests.
LADDERS = {Invariant.SELF_CSF: CERTIFICATES, Invariant.CSF: CSF_CERTIFICATES}


def ladder(kind, invariant=Invariant.SELF_CSF):
    r"""
    Return the certificates a sweep of a family of kind ``kind`` walks, in
    order; the last is the complete one (equal values there mean equal
    invariants).

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import ladder
        sage: [str(c.name) for c in ladder("trees")]
        ['hom(G,G) mod 2^64', 'hom(G,G) mod 2^61-1', '|Aut(G)|', 'L_2', 'L_3', 'L_4',
         'E_1', 'E_2', 'fiber-type counts']
        sage: [str(c.name) for c in ladder("graphs")]
        ['hom(G,G)', '|Aut(G)|', 'fiber-type counts']
        sage: [str(c.name) for c in ladder("trees", "csf")]
        ['Phi_0(X_T) mod 2^61-1', 'Phi_1(X_T) mod 2^61-1', 'X_T (cut counts)']
        sage: ladder("trees", "chromatic")
        Traceback (most recent call last):
        ...
        ValueError: unknown invariant 'chromatic': use self-csf, csf
        sage: ladder("graphs", "csf")
        Traceback (most recent call last):
        ...
        ValueError: the invariant 'csf' is certified for trees and files of forests only; got the family kind 'graphs'
        sage: ladder("cubic")
        Traceback (most recent call last):
        ...
        ValueError: kind must be one of 'trees', 'graphs', 'connected', 'forests', 'file'; got 'cubic'
    """
    if not isinstance(invariant, str) or invariant not in LADDERS:
        raise ValueError(f"unknown invariant {invariant!r}: use {', '.join(LADDERS)}")
    checked_kind(kind)
    rungs = [c for c in LADDERS[invariant].values() if kind in c.families]
    if not rungs:
        kinds = sorted({k for c in LADDERS[invariant].values() for k in c.families},
                       key=lambda k: (k == "file", k))
        domain = LADDERS[invariant][next(iter(LADDERS[invariant]))].domain
        names = [f"files of {domain}s" if k == "file" else k for k in kinds]
        raise ValueError(f"the invariant '{invariant}' is certified for {' and '.join(names)} "
                         f"only; got the family kind {kind!r}")
    return rungs


def certificate_named(name):
    r"""
    Return the certificate called ``name``, of any ladder in
    :data:`LADDERS`; raise :class:`UnknownCertificate` (a ``KeyError`` and
    a ``ValueError``) naming the rungs otherwise.

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import certificate_named
        sage: certificate_named("X_T (cut counts)").reads, certificate_named("L_2").reads
        ('csf', 'counts')
        sage: certificate_named("L_9")
        Traceback (most recent call last):
        ...
        UnknownCertificate: name must be the name of a rung of a ladder: 'hom(G,G) mod 2^64', ...; got 'L_9'
        sage: certificate_named(None)
        Traceback (most recent call last):
        ...
        TypeError: name must be the name of a rung of a ladder: ...; got None
    """
    for rungs in LADDERS.values():
        if isinstance(name, str) and name in rungs:
            return rungs[name]
    known = ", ".join(repr(rung) for rungs in LADDERS.values() for rung in rungs)
    raise refusal("name", f"the name of a rung of a ladder: {known}", name,
                  UnknownCertificate if isinstance(name, str) else TypeError)


class UnknownCertificate(KeyError, ValueError):
    r"""
    Raised by :func:`certificate_named` for a name that no ladder has: a
    ``KeyError`` (a failed look-up) and a ``ValueError`` (a wrong argument).

    EXAMPLES::

        sage: from sage_hcsf.certify.ladder import UnknownCertificate
        sage: issubclass(UnknownCertificate, KeyError) and issubclass(UnknownCertificate, ValueError)
        True
    """

    def __str__(self):
        r"""
        Return the message, without the quotes of a ``KeyError``.

        EXAMPLES::

            sage: from sage_hcsf.certify.ladder import UnknownCertificate
            sage: str(UnknownCertificate("no such rung"))
            'no such rung'
        """
        return str(self.args[0]) if self.args else ""
