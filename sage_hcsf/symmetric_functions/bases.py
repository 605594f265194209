r"""
The bases of ``SymmetricFunctions(R)`` a result can be given in

A basis is named as Sage names it (``"p"``, ``"m"``, ``"e"``, ``"h"``,
``"s"``, ...) or given as a basis object; :func:`resolve_basis` checks the
name and the base ring once, with a message listing what is accepted.

EXAMPLES::

    sage: from sage_hcsf.symmetric_functions.bases import resolve_basis
    sage: resolve_basis(QQ, "s")
    Symmetric Functions over Rational Field in the Schur basis
"""

from sage.categories.commutative_rings import CommutativeRings
from sage.combinat.sf.sf import SymmetricFunctions
from sage.combinat.sf.sfa import SymmetricFunctionAlgebra_generic
from sage.rings.integer_ring import ZZ

from sage_hcsf.settings import refusal

#: What ``basis=`` accepts, in the words of its refusals (the example works as written).
BASES = ("a basis of SymmetricFunctions: one of the names 'p', 'm', 'e', 'h', 's', ... or a "
         "basis object such as SymmetricFunctions(QQ).macdonald(q=2, t=3).P()")


# The names of SymmetricFunctions(R) that make a basis when called alone.
BASIS_NAMES = ("p", "m", "e", "h", "s", "f", "w", "o", "sp", "st", "ht", "forgotten",
               "elementary", "homogeneous", "monomial", "powersum", "schur", "witt",
               "orthogonal", "symplectic", "zonal", "irreducible_symmetric_group_character",
               "induced_trivial_character")


def resolve_basis(R, basis):
    r"""
    Return the basis ``basis`` (a name or a basis object) over ``R``.

    INPUT:

    - ``R`` -- a commutative ring, or ``None`` (``ZZ`` for a name; the
      basis' own ring for a basis object)
    - ``basis`` -- a name of :data:`BASIS_NAMES`, or any basis of
      :func:`SymmetricFunctions`, moved to ``R`` by its ``change_ring``

    OUTPUT: a basis of ``SymmetricFunctions(R)``

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.bases import resolve_basis
        sage: resolve_basis(None, "e")
        Symmetric Functions over Integer Ring in the elementary basis
        sage: resolve_basis(QQ, SymmetricFunctions(ZZ).s())
        Symmetric Functions over Rational Field in the Schur basis
        sage: P = SymmetricFunctions(FractionField(QQ['q', 't'])).macdonald().P()
        sage: resolve_basis(FractionField(QQ['q', 't', 'u']), P)
        Symmetric Functions over Fraction Field of Multivariate Polynomial Ring in q, t, u over Rational Field in the Macdonald P basis

    TESTS::

        sage: resolve_basis(None, "q")
        Traceback (most recent call last):
        ...
        ValueError: basis must be a basis of SymmetricFunctions: one of the names 'p', 'm', 'e', 'h', 's', ... or a basis object such as SymmetricFunctions(QQ).macdonald(q=2, t=3).P(); got 'q'
        sage: resolve_basis(None, None)
        Traceback (most recent call last):
        ...
        TypeError: basis must be a basis of SymmetricFunctions: one of the names 'p', 'm', 'e', 'h', 's', ... or a basis object such as SymmetricFunctions(QQ).macdonald(q=2, t=3).P(); got None
        sage: resolve_basis("QQ", "p")
        Traceback (most recent call last):
        ...
        TypeError: R must be a commutative ring such as ZZ, QQ or QQ['t']; got 'QQ' (a str)
        sage: resolve_basis(3, "p")
        Traceback (most recent call last):
        ...
        TypeError: R must be a commutative ring such as ZZ, QQ or QQ['t']; got 3 (a sage.rings.integer.Integer)
    """
    if R is not None and R not in CommutativeRings():
        kind = type(R).__name__ if type(R).__module__ == "builtins" else \
            f"{type(R).__module__}.{type(R).__name__}"
        raise refusal("R", "a commutative ring such as ZZ, QQ or QQ['t']", R,
                      text=f"{R!r} (a {kind})")
    if isinstance(basis, str):
        if basis not in BASIS_NAMES:
            raise refusal("basis", BASES, basis, ValueError)
        return getattr(SymmetricFunctions(ZZ if R is None else R), basis)()
    if not isinstance(basis, SymmetricFunctionAlgebra_generic):
        raise refusal("basis", BASES, basis, text=repr(basis))
    if R is not None and basis.base_ring() != R:
        return basis.change_ring(R)
    return basis
