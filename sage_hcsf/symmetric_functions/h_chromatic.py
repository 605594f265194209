r"""
The H-chromatic symmetric function, the self-CSF and the H-chromatic polynomial

.. MATH::

    X_G^H = \sum_{\phi \in \mathrm{Hom}(G, H)} \widetilde m_{\lambda(\phi)},
    \qquad \chi_G^H(k) = X_G^H(1^k) = \sum_\lambda N_\lambda(G, H)\, (k)_{\ell(\lambda)}.

EXAMPLES::

    sage: from sage_hcsf.symmetric_functions.h_chromatic import (h_chromatic_polynomial,
    ....:     self_chromatic_symmetric_function)
    sage: self_chromatic_symmetric_function(graphs.PathGraph(3), basis="m")
    12*m[1, 1, 1] + 4*m[2, 1]
    sage: h_chromatic_polynomial(graphs.PathGraph(3), graphs.PathGraph(3))   # 2 (x)_3 + 4 (x)_2
    2*x^3 - 2*x^2
"""

import contextlib
import numbers

from sage.arith.misc import falling_factorial
from sage.categories.rings import Rings
from sage.rings.integer_ring import ZZ
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
from sage.structure.element import Element

from sage_hcsf.fiber_types.counts import counting_arguments, fiber_type_counts
from sage_hcsf.fiber_types.progress import checked_progress, watching
from sage_hcsf.graphs.graph_data import as_graph_data
from sage_hcsf.settings import refusal
from sage_hcsf.symmetric_functions.bases import resolve_basis
from sage_hcsf.symmetric_functions.expansion import symmetric_function_from_fiber_counts


def h_chromatic_symmetric_function(G, H, R=None, basis="p", algorithm="auto", memory_budget=None,
                                   *, progress=None):
    r"""
    Return the H-chromatic symmetric function `X_G^H`.

    .. MATH::

        X_G^H = \sum_{\phi \in \mathrm{Hom}(G, H)} \widetilde{m}_{\lambda(\phi)}
        = \sum_{(\phi, \kappa)} \prod_{v \in V(G)} x_{\kappa(v)},

    the second sum over `H`-colourings `\phi` and colourings `\kappa` with
    `\kappa(u) = \kappa(v)` if and only if `\phi(u) = \phi(v)` [EFHKY2022]_.

    INPUT:

    - ``G``, ``H`` -- graphs (Sage, networkx, graph6, edge list or
      adjacency dict); ``H`` may have loops
    - ``R`` -- the base ring (default: ``ZZ``, or that of ``basis``)
    - ``basis`` -- ``"p"`` (default), ``"m"``, ``"e"``, ``"h"``, ``"s"``,
      ... or any basis object of :func:`SymmetricFunctions` (see
      :func:`resolve_basis`)
    - ``algorithm`` -- passed to :func:`~sage_hcsf.fiber_types.counts.fiber_type_counts`
    - ``memory_budget`` -- bytes or ``None`` (default:
      :func:`~sage_hcsf.settings.memory_budget`)
    - ``progress`` -- ``None`` (default: shown in a terminal or a
      notebook), ``True`` or ``False`` (a keyword argument): whether a call
      that has taken two seconds shows a progress bar, as in
      :func:`~sage_hcsf.fiber_types.counts.fiber_type_counts`

    OUTPUT: a homogeneous symmetric function of degree `|V(G)|`

    EXAMPLES::

        sage: from sage_hcsf import h_chromatic_symmetric_function
        sage: h_chromatic_symmetric_function(graphs.PathGraph(3), graphs.PathGraph(3))
        2*p[1, 1, 1] - 2*p[2, 1]
        sage: h_chromatic_symmetric_function(graphs.CycleGraph(5), graphs.CompleteGraph(3), basis="m")
        60*m[2, 2, 1]

    For `N \ge |V(G)|`, `X_G^{K_N}` refines Stanley's chromatic symmetric
    function by the falling factorials `(N)_{\ell(\lambda)}`; the
    realisations of [EFHKY2022]_::

        sage: h_chromatic_symmetric_function(graphs.CompleteGraph(3), graphs.CompleteGraph(3), basis="e")
        36*e[3]
        sage: h_chromatic_symmetric_function(Graph(3), Graph([(0, 0)], loops=True))
        p[3]

    TESTS::

        sage: h_chromatic_symmetric_function(Graph(), graphs.PathGraph(2))
        p[]
        sage: h_chromatic_symmetric_function(graphs.CycleGraph(3), graphs.PathGraph(5))
        0

    Any basis, over any ring::

        sage: P = SymmetricFunctions(FractionField(QQ['q', 't'])).macdonald().P()
        sage: X = h_chromatic_symmetric_function(graphs.PathGraph(2), graphs.PathGraph(2),
        ....:                                    R=FractionField(QQ['q', 't', 'u']), basis=P)
        sage: X.parent()
        Symmetric Functions over Fraction Field of Multivariate Polynomial Ring in q, t, u over Rational Field in the Macdonald P basis
        sage: X == X.parent()(h_chromatic_symmetric_function(graphs.PathGraph(2), graphs.PathGraph(2)))
        True
        sage: h_chromatic_symmetric_function(graphs.PathGraph(2), graphs.PathGraph(2), R="QQ")
        Traceback (most recent call last):
        ...
        TypeError: R must be a commutative ring such as ZZ, QQ or QQ['t']; got 'QQ' (a str)
    """
    target = resolve_basis(R, basis)
    checked_progress(progress)
    return symmetric_function_from_fiber_counts(
        fiber_type_counts(G, H, algorithm, memory_budget=memory_budget, progress=progress),
        None, target, memory_budget)


def self_chromatic_symmetric_function(G, R=None, basis="p", algorithm="auto", memory_budget=None,
                                      store=None, *, progress=None):
    r"""
    Return the self-chromatic symmetric function `X_G^G`.

    INPUT:

    - ``G`` -- a graph in any accepted form
    - ``R``, ``basis``, ``algorithm``, ``memory_budget``, ``progress`` -- as
      in :func:`h_chromatic_symmetric_function`
    - ``store`` -- a :class:`~sage_hcsf.store.ResultStore`, a file name (a
      string or a path, opened for this call), or ``None`` (default); the
      fiber-type counts of ``G`` are looked up there (by canonical form)
      instead of computed, and stored there when they are computed

    OUTPUT: a symmetric function of degree `|V(G)|`; its coefficient of
    `\widetilde{m}_{1^n}` is `|\mathrm{Aut}(G)|`

    EXAMPLES:

    The only two graphs on at most 7 vertices with the same self-CSF, one a
    tree and one not::

        sage: from sage_hcsf import self_chromatic_symmetric_function
        sage: P3 = graphs.PathGraph(3)
        sage: K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
        sage: self_chromatic_symmetric_function(P3) == self_chromatic_symmetric_function(K2K1)
        True
        sage: self_chromatic_symmetric_function(graphs.CompleteGraph(4), basis="e")
        576*e[4]

    With a result store, a self-CSF is computed once::

        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: X = self_chromatic_symmetric_function(graphs.PetersenGraph(), store=store)
        sage: store.summary()["fiber counts"]
        1
        sage: self_chromatic_symmetric_function(graphs.PetersenGraph(), store=store) == X
        True
        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "self.db")   # or a file name
        sage: self_chromatic_symmetric_function(graphs.PetersenGraph(), store=path) == X
        True

    TESTS::

        sage: self_chromatic_symmetric_function(graphs.PathGraph(3), store=5)
        Traceback (most recent call last):
        ...
        TypeError: store must be a ResultStore, the name of its file (a string or a path), or None; got 5
    """
    target = resolve_basis(R, basis)
    G, _, _, budget = counting_arguments(G, G, algorithm, memory_budget)
    checked_progress(progress)
    if store is None:
        return h_chromatic_symmetric_function(G, G, None, target, algorithm, budget,
                                              progress=progress)
    from sage_hcsf.store import opened_store
    store, opened = opened_store(store)   # a file name: opened for this call
    with contextlib.closing(store) if opened else contextlib.nullcontext():
        counts = store.self_fiber_type_counts(G)
        if counts is None:
            counts = fiber_type_counts(G, G, algorithm, memory_budget=budget, progress=progress)
            store.put_fiber_counts(G, counts, split=f"fiber_type_counts, algorithm={algorithm!r}")
    return symmetric_function_from_fiber_counts(counts, None, target, budget)


def _variable_or_value(x):
    r"""
    Return the ``x`` of :func:`h_chromatic_polynomial`: the generator of
    ``ZZ[x]`` (or of ``ZZ[NAME]`` for a variable name), or ``x`` itself if
    it is an element of a ring; raise an error naming ``x`` otherwise.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.h_chromatic import _variable_or_value
        sage: _variable_or_value(None), _variable_or_value("t"), _variable_or_value(2/3)
        (x, t, 2/3)
        sage: _variable_or_value("")
        Traceback (most recent call last):
        ...
        ValueError: x must be a variable name (such as 'x' or 't') or an element of a ring; got ''
        sage: _variable_or_value(True)
        Traceback (most recent call last):
        ...
        TypeError: x must be a variable name (such as 'x' or 't') or an element of a ring; got True
    """
    accepts = "a variable name (such as 'x' or 't') or an element of a ring"
    if x is None:
        return PolynomialRing(ZZ, "x").gen()
    if isinstance(x, str):
        if not x.isidentifier():
            raise refusal("x", accepts, x, ValueError)
        return PolynomialRing(ZZ, x).gen()
    if isinstance(x, bool) or not (isinstance(x, numbers.Number) or
                                   isinstance(x, Element) and x.parent() in Rings()):
        raise refusal("x", accepts, x)
    return x


def h_chromatic_polynomial(G, H, x=None, algorithm="auto", memory_budget=None, *,
                           progress=None):
    r"""
    Return the H-chromatic polynomial `\chi_G^H(k) = X_G^H(1^k)`.

    .. MATH::

        \chi_G^H(k) = \sum_\lambda N_\lambda(G, H)\, (k)_{\ell(\lambda)},

    the number of pairs (an `H`-colouring of `G`, an injective labelling of
    its image by `k` colours).

    INPUT:

    - ``G``, ``H`` -- graphs in any accepted form
    - ``x`` -- a variable name, or an element of a ring to substitute
      (default: the generator of ``ZZ['x']``)
    - ``algorithm``, ``memory_budget``, ``progress`` -- as in
      :func:`h_chromatic_symmetric_function`

    OUTPUT: a polynomial in ``ZZ[x]`` (or the value at ``x``)

    EXAMPLES::

        sage: from sage_hcsf import h_chromatic_polynomial
        sage: P3 = graphs.PathGraph(3)
        sage: h_chromatic_polynomial(P3, P3)
        2*x^3 - 2*x^2
        sage: h_chromatic_polynomial(P3, P3, x=2)
        8
        sage: h_chromatic_polynomial(graphs.CycleGraph(5), graphs.CompleteGraph(3), "t")
        30*t^3 - 90*t^2 + 60*t

    Its value at 1 counts the homomorphisms with a single fiber::

        sage: h_chromatic_polynomial(Graph(4), Graph([(0, 0)], loops=True))
        x
    """
    x = _variable_or_value(x)
    counts = fiber_type_counts(G, H, algorithm, memory_budget=memory_budget, progress=progress)
    return sum((c * falling_factorial(x, len(la)) for la, c in counts.items()),
               x.parent().zero() if hasattr(x, "parent") else 0)


def are_h_chromatically_equivalent(G1, G2, H, algorithm="auto", memory_budget=None, *,
                                   progress=None):
    r"""
    Return whether `X_{G_1}^H = X_{G_2}^H`.

    Since the augmented monomials are a basis, this holds exactly when the
    fiber-type counts agree, which is what is compared.

    INPUT:

    - ``G1``, ``G2``, ``H`` -- graphs in any accepted form
    - ``algorithm``, ``memory_budget``, ``progress`` -- as in
      :func:`h_chromatic_symmetric_function`

    OUTPUT: boolean

    EXAMPLES::

        sage: from sage_hcsf import are_h_chromatically_equivalent
        sage: P3 = graphs.PathGraph(3)
        sage: K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
        sage: are_h_chromatically_equivalent(P3, K2K1, P3)
        False
        sage: are_h_chromatically_equivalent(P3, K2K1, graphs.CompleteGraph(1))  # both 0
        True
        sage: are_h_chromatically_equivalent(P3, graphs.StarGraph(2), graphs.PetersenGraph())
        True
    """
    G1, H, _, budget = counting_arguments(G1, H, algorithm, memory_budget, names=("G1", "H"))
    G2 = as_graph_data(G2, "G2")
    with watching(progress):   # one bar for both counts
        return (fiber_type_counts(G1, H, algorithm, memory_budget=budget)
                == fiber_type_counts(G2, H, algorithm, memory_budget=budget))
