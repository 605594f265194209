r"""
Symmetries, kinetic symmetry breaking and Noether charges

A one-parameter family `Q(q, s)` with `Q(q, 0) = q` is a *symmetry of the
potential* `V` if `V(Q(q, s)) = V(q)`. The learning rule's kinetic term may
break it (*kinetic symmetry breaking*, KSB): `\frac{d}{ds} T(Q') |_{s=0}
\ne 0`. The Noether charge `Q_N = \langle \partial L/\partial q',
\partial_s Q|_{s=0} \rangle` then evolves by `dQ_N/dt = \partial_s
L|_{s=0}` on solutions, and off solutions

.. MATH::

    \frac{dQ_N}{dt} - \frac{\partial L}{\partial s}\Big|_{s=0}
    = \Big\langle E, \frac{\partial Q}{\partial s}\Big|_{s=0} \Big\rangle,

`E` the Euler-Lagrange residual [TK2021]_.

EXAMPLES:

Rotations leave the kinetic term of gradient descent alone, scalings do
not::

    sage: from sage_hcsf.mechanics import *
    sage: t, q = coordinates(2); s, eta = var('s eta')
    sage: T = kinetic_energy(q, t, eta)
    sage: kinetic_symmetry_breaking(T, rotation(), s, q, t)
    0
    sage: kinetic_symmetry_breaking(T, scaling(), s, q, t)
    1/2*eta*diff(q1(t), t)^2 + 1/2*eta*diff(q2(t), t)^2
"""
from collections import namedtuple

from sage.functions.log import exp
from sage.functions.trig import cos, sin
from sage.symbolic.ring import SR

from sage_hcsf.mechanics.lagrangian import (PhaseSpace, coordinate_list, euler_lagrange_equations,
                                            heavy_ball_constants, norm_squared, simplify_damped)


class SymmetryFamily:
    r"""
    A one-parameter family of maps `q \mapsto Q(q, s)` with `Q(q, 0) = q`.

    INPUT:

    - ``name`` -- a description
    - ``action`` -- a function ``(list of coordinates, s) -> list``

    EXAMPLES::

        sage: from sage_hcsf.mechanics.symmetry import SymmetryFamily
        sage: shear = SymmetryFamily("shear", lambda q, s: [q[0] + s*q[1], q[1]])
        sage: shear
        shear
        sage: shear([var('x'), var('y')], var('s'))
        [s*y + x, y]
        sage: shear.generator([var('x'), var('y')], var('s'))
        [y, 0]
    """

    def __init__(self, name, action):
        r"""
        Initialise the family.

        TESTS::

            sage: from sage_hcsf.mechanics.symmetry import SymmetryFamily
            sage: SymmetryFamily("identity", lambda q, s: q).name
            'identity'
        """
        self.name = name
        self.action = action

    def __repr__(self):
        r"""
        Return the description.

        TESTS::

            sage: from sage_hcsf.mechanics import rotation
            sage: rotation(1, 2)
            rotation in the plane (1, 2)
        """
        return self.name

    def __call__(self, q, s):
        r"""
        Return `Q(q, s)` as a list of symbolic expressions.

        TESTS::

            sage: from sage_hcsf.mechanics import scaling
            sage: scaling()([1, 2], 0)
            [1, 2]
        """
        return [SR(x) for x in self.action(coordinate_list(q), s)]

    def generator(self, q, s):
        r"""
        Return the infinitesimal generator `\partial_s Q(q, s)|_{s=0}`.

        EXAMPLES::

            sage: from sage_hcsf.mechanics import scaling
            sage: scaling().generator([var('x'), var('y')], var('s'))
            [x, y]
        """
        return [x.diff(s).subs({s: 0}) for x in self(q, s)]


def translation(indices=None, direction=None):
    r"""
    Return the translations `q \mapsto q + s\,a`.

    The default direction is `a = \mathbf{1}_A`, the indicator of
    ``indices`` (all coordinates if ``None``): the symmetry of a softmax in
    the logits indexed by `A`.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import translation
        sage: translation([0, 2])([var('a'), var('b'), var('c')], var('s'))
        [a + s, b, c + s]
        sage: translation(direction=[1, -1])([var('a'), var('b')], var('s'))
        [a + s, b - s]
    """
    def action(q, s):
        a = direction if direction is not None else \
            [1 if indices is None or i in indices else 0 for i in range(len(q))]
        return [x + s * ai for x, ai in zip(q, a)]
    return SymmetryFamily("translation" if indices is None and direction is None
                          else f"translation along {direction or indices}", action)


def rotation(i=0, j=1):
    r"""
    Return the rotations by angle `s` in the plane of coordinates `i, j`.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import rotation
        sage: rotation()([var('x'), var('y')], var('s'))
        [x*cos(s) - y*sin(s), y*cos(s) + x*sin(s)]

    TESTS::

        sage: rotation(0, 5)([var('x'), var('y')], var('s'))
        Traceback (most recent call last):
        ...
        ValueError: rotation(0, 5) turns coordinates 0 and 5 (counted from 0), but there are 2: indices 0 to 1
        sage: rotation(1, 1)
        Traceback (most recent call last):
        ...
        ValueError: a rotation needs two different coordinates; got i = j = 1
    """
    if i == j:
        raise ValueError(f"a rotation needs two different coordinates; got i = j = {i}")

    def action(q, s):
        if not (0 <= i < len(q) and 0 <= j < len(q)):
            raise ValueError(f"rotation({i}, {j}) turns coordinates {i} and {j} (counted "
                             f"from 0), but there are {len(q)}: indices 0 to {len(q) - 1}")
        image = list(q)
        image[i] = cos(s) * q[i] - sin(s) * q[j]
        image[j] = sin(s) * q[i] + cos(s) * q[j]
        return image
    return SymmetryFamily(f"rotation in the plane ({i}, {j})", action)


def scaling():
    r"""
    Return the scalings `q \mapsto (1 + s) q` (normalisation layers).

    EXAMPLES::

        sage: from sage_hcsf.mechanics import scaling
        sage: scaling()([var('x')], var('s'))
        [(s + 1)*x]
    """
    return SymmetryFamily("scaling", lambda q, s: [(1 + s) * x for x in q])


def rescaling(first, second):
    r"""
    Return the rescalings `(q_1, q_2) \mapsto (e^s q_1, e^{-s} q_2)` of two
    groups of coordinates (homogeneous activations between two layers).

    INPUT:

    - ``first``, ``second`` -- lists of coordinate indices

    EXAMPLES::

        sage: from sage_hcsf.mechanics import rescaling
        sage: rescaling([0], [1])([var('u'), var('v'), var('w')], var('s'))
        [u*e^s, v*e^(-s), w]
    """
    def action(q, s):
        return [x * exp(s) if i in first else x * exp(-s) if i in second else x
                for i, x in enumerate(q)]
    return SymmetryFamily(f"rescaling {list(first)} / {list(second)}", action)


def _checked_family(Q):
    r"""
    Return ``Q`` if it is a :class:`SymmetryFamily`; raise ``TypeError``
    otherwise.

    EXAMPLES::

        sage: from sage_hcsf.mechanics.symmetry import _checked_family, scaling
        sage: _checked_family(scaling())
        scaling
        sage: _checked_family(var('x')^2)
        Traceback (most recent call last):
        ...
        TypeError: Q must be a family of transformations such as scaling(), rotation(i, j), translation() or rescaling(first, second); got x^2
    """
    if not isinstance(Q, SymmetryFamily):
        raise TypeError("Q must be a family of transformations such as scaling(), "
                        f"rotation(i, j), translation() or rescaling(first, second); got {Q}")
    return Q


def is_symmetry(V, Q, s, q, exact=False):
    r"""
    Return whether `V(Q(q, s)) = V(q)`.

    By default the infinitesimal condition
    `\frac{d}{ds} V(Q(q, s))|_{s=0} = 0` is checked, which for a one-parameter
    group is equivalent and is what Noether's theorem uses; ``exact=True``
    checks `V(Q(q,s)) - V(q) = 0` for all `s` (after
    ``canonicalize_radical``, which assumes the square roots positive).

    INPUT:

    - ``V`` -- symbolic expression in ``q``
    - ``Q`` -- a :class:`SymmetryFamily`
    - ``s`` -- the group parameter (a symbolic variable)
    - ``q`` -- the coordinates
    - ``exact`` -- boolean (default: ``False``)

    OUTPUT: boolean

    EXAMPLES::

        sage: from sage_hcsf.mechanics import *
        sage: t, q = coordinates(2); s = var('s')
        sage: a1, a2, y = var('a1 a2 y')
        sage: f = ((a1*q[0] + a2*q[1]) / sqrt(q[0]^2 + q[1]^2) - y)^2 / 2
        sage: is_symmetry(f, scaling(), s, q), is_symmetry(f, rotation(), s, q)
        (True, False)
        sage: is_symmetry(f, scaling(), s, q, exact=True)
        True
        sage: softmax = -log(exp(q[0]) / (exp(q[0]) + exp(q[1])))
        sage: is_symmetry(softmax, translation(), s, q)
        True

    TESTS::

        sage: is_symmetry(f, f, s, q)
        Traceback (most recent call last):
        ...
        TypeError: Q must be a family of transformations such as scaling(), ...
    """
    Q = _checked_family(Q)
    q = coordinate_list(q)
    image = SR(V).subs(dict(zip(q, Q(q, s))))
    if exact:
        return (image - V).canonicalize_radical().simplify_full().is_zero()
    return image.diff(s).subs({s: 0}).canonicalize_radical().simplify_full().is_zero()


def kinetic_energy(q, t, eta, beta=0):
    r"""
    Return the kinetic term `T = (m/2)|q'|^2`, `m = \eta(1+\beta)/2`, of
    heavy ball (without the damping factor).

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates, kinetic_energy
        sage: t, q = coordinates(1)
        sage: kinetic_energy(q, t, var('eta'))
        1/4*eta*diff(q1(t), t)^2
    """
    m, _ = heavy_ball_constants(eta, beta)
    return m / 2 * norm_squared([x.diff(t) for x in coordinate_list(q, t)])


def _transformed_derivative(F, Q, s, q, t):
    r"""
    Return `\frac{d}{ds} F(Q(q,s), \frac{d}{dt}Q(q,s), t)|_{s=0}` for an
    expression ``F`` of positions, velocities and time.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates, scaling
        sage: from sage_hcsf.mechanics.symmetry import _transformed_derivative
        sage: t, q = coordinates(1)
        sage: _transformed_derivative(q[0] * diff(q[0], t), scaling(), var('s'), q, t)
        2*q1(t)*diff(q1(t), t)
    """
    X = PhaseSpace(q, t)
    image = _checked_family(Q)(X.q, s)
    substitution = {**dict(zip(X.positions, image)),
                    **{v: x.diff(t) for v, x in zip(X.velocities, image)}}
    return X.to_symbols(F).subs(substitution).diff(s).subs({s: 0}).simplify_full()


def kinetic_symmetry_breaking(T, Q, s, q, t):
    r"""
    Return `\frac{d}{ds} T(Q, Q')|_{s=0}`; zero means the kinetic term
    respects the family (no kinetic symmetry breaking) [TK2021]_.

    INPUT:

    - ``T`` -- kinetic term, an expression in ``q`` and their derivatives
    - ``Q``, ``s``, ``q``, ``t`` -- the family, its parameter, coordinates, time

    OUTPUT: a symbolic expression

    EXAMPLES::

        sage: from sage_hcsf.mechanics import *
        sage: t, q = coordinates(3); s, eta = var('s eta')
        sage: T = kinetic_energy(q, t, eta)
        sage: kinetic_symmetry_breaking(T, translation([0, 1]), s, q, t)
        0
        sage: kinetic_symmetry_breaking(T, rescaling([0], [1, 2]), s, q, t)
        1/2*eta*diff(q1(t), t)^2 - 1/2*eta*diff(q2(t), t)^2 - 1/2*eta*diff(q3(t), t)^2
    """
    return _transformed_derivative(T, Q, s, q, t)


def noether_charge(L, Q, s, q, t):
    r"""
    Return the Noether charge `Q_N = \langle \partial L/\partial q',
    \partial_s Q|_{s=0}\rangle`, simplified by :func:`simplify_damped`.

    EXAMPLES:

    For gradient descent and the scaling family the charge is
    `e^{2t/\eta} (\eta/2) \langle q', q\rangle`; for heavy ball
    `e^{(\mu/m)t} m \langle q', q\rangle`, `m = \eta(1+\beta)/2`,
    `\mu = 1 - \beta`::

        sage: from sage_hcsf.mechanics import *
        sage: t, q = coordinates(2); s, eta, beta = var('s eta beta')
        sage: L = learning_rule_lagrangian(function('f')(*q), q, t, eta)
        sage: noether_charge(L, scaling(), s, q, t)
        1/2*(q1(t)*diff(q1(t), t) + q2(t)*diff(q2(t), t))*eta*e^(2*t/eta)
        sage: L = learning_rule_lagrangian(function('f')(*q), q, t, eta, beta)
        sage: noether_charge(L, scaling(), s, q, t)
        1/2*(q1(t)*diff(q1(t), t) + q2(t)*diff(q2(t), t))*(beta + 1)*eta*e^(-2*(beta - 1)*t/((beta + 1)*eta))
    """
    X = PhaseSpace(q, t)
    generator = _checked_family(Q).generator(X.q, s)
    return simplify_damped(sum(p * g for p, g in zip(X.momenta(L), generator)))


NoetherDynamics = namedtuple("NoetherDynamics", ["charge", "rate", "off_shell_identity"])


def noether_learning_dynamics(L, Q, s, q, t):
    r"""
    Return the Noether charge of ``Q`` and its equation of motion.

    INPUT:

    - ``L`` -- a Lagrangian in ``q``, their derivatives and ``t``
    - ``Q``, ``s``, ``q``, ``t`` -- the family, its parameter, coordinates, time

    OUTPUT: a named tuple ``(charge, rate, off_shell_identity)`` (charge
    and rate simplified by :func:`simplify_damped`): along
    solutions `dQ_N/dt = \mathrm{rate} = \partial_s L|_{s=0}`;
    ``off_shell_identity`` is ``True`` when
    `dQ_N/dt - \mathrm{rate} = \langle E, \partial_s Q|_{s=0}\rangle` holds
    identically, `E` the Euler-Lagrange residuals (checked symbolically).

    When the potential is symmetric, the rate is the kinetic symmetry
    breaking times the damping factor: this is Noether's learning dynamics
    [TK2021]_.

    EXAMPLES:

    Gradient descent on a scale-invariant loss: the charge
    `e^{2t/\eta}(\eta/2)\langle q, q'\rangle` grows at the rate
    `e^{2t/\eta}(\eta/2)|q'|^2`::

        sage: from sage_hcsf.mechanics import *
        sage: t, q = coordinates(2); s, eta, a1, a2, y = var('s eta a1 a2 y')
        sage: f = ((a1*q[0] + a2*q[1]) / sqrt(q[0]^2 + q[1]^2) - y)^2 / 2
        sage: L = learning_rule_lagrangian(f, q, t, eta)
        sage: N = noether_learning_dynamics(L, scaling(), s, q, t)
        sage: N.charge
        1/2*(q1(t)*diff(q1(t), t) + q2(t)*diff(q2(t), t))*eta*e^(2*t/eta)
        sage: N.rate
        1/2*(diff(q1(t), t)^2 + diff(q2(t), t)^2)*eta*e^(2*t/eta)
        sage: N.off_shell_identity
        True
        sage: bool(N.rate == exp(2*t/eta) * kinetic_symmetry_breaking(kinetic_energy(q, t, eta), scaling(), s, q, t))
        True

    With weight decay the potential is no longer scale invariant and the
    rate picks up `-k|q|^2`::

        sage: k = var('k')
        sage: noether_learning_dynamics(learning_rule_lagrangian(f, q, t, eta, weight_decay=k),
        ....:                           scaling(), s, q, t).rate
        -1/2*(2*k*q1(t)^2 + 2*k*q2(t)^2 - eta*diff(q1(t), t)^2 - eta*diff(q2(t), t)^2)*e^(2*t/eta)
    """
    q = coordinate_list(q, t)
    Q = _checked_family(Q)
    charge = noether_charge(L, Q, s, q, t)
    rate = simplify_damped(_transformed_derivative(L, Q, s, q, t).canonicalize_radical())
    residuals = euler_lagrange_equations(L, q, t)
    generator = Q.generator(q, s)
    defect = charge.diff(t) - rate - sum(E * g for E, g in zip(residuals, generator))
    return NoetherDynamics(charge, rate,
                           defect.canonicalize_radical().simplify_full().is_zero())
