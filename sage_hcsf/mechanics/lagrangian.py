r"""
Lagrangians of learning rules and their Euler-Lagrange equations

Coordinates are symbolic functions of time, ``q = [q1(t), ..., qd(t)]``
(:func:`coordinates` makes them). Sage cannot differentiate with respect to
``diff(q1(t), t)``, so derivatives of a Lagrangian are taken in *phase
space*: positions and velocities are replaced by plain symbols, the
partial derivatives taken, and the functions of `t` put back
(:class:`PhaseSpace`).

The learning rules of [TK2021]_: gradient descent with learning rate
`\eta` follows, to first order in `\eta`, the *modified equation*
`(\eta/2) q'' + q' = -\nabla f`; heavy ball with momentum `\beta` and weight
decay `k` follows `m q'' + \mu q' + \nabla V = 0` with
`m = \eta(1+\beta)/2`, `\mu = 1 - \beta`, `V = f + (k/2)|q|^2`. Both are
Euler-Lagrange equations of the damped (Kanai) Lagrangian
`L = e^{(\mu/m) t} (T - V)`, `T = (m/2)|q'|^2`.

REFERENCES:

.. [TK2021] \H. Tanaka, D. Kunin, *Noether's Learning Dynamics: Role of
   Symmetry Breaking in Neural Networks*, NeurIPS 2021, arXiv:2105.02716.

EXAMPLES::

    sage: from sage_hcsf.mechanics import coordinates, learning_rule_lagrangian, modified_equation
    sage: t, q = coordinates(2)
    sage: f = function('f')(*q)
    sage: eta = var('eta')
    sage: modified_equation(f, q, t, eta)
    [1/2*eta*diff(q1(t), t, t) + D[0](f)(q1(t), q2(t)) + diff(q1(t), t),
     1/2*eta*diff(q2(t), t, t) + D[1](f)(q1(t), q2(t)) + diff(q2(t), t)]
"""
import sage.functions.min_max  # noqa: F401  registers the symbolic functions SR needs
from sage.functions.log import exp
from sage.matrix.constructor import matrix
from sage.structure.element import Expression
from sage.symbolic.function import SymbolicFunction
from sage.symbolic.function_factory import function
from sage.symbolic.ring import SR


def coordinates(d, name="q", time="t"):
    r"""
    Return ``(t, [q1(t), ..., qd(t)])``: a time variable and `d` coordinates.

    INPUT:

    - ``d`` -- positive integer, or a list of names
    - ``name`` -- string (default: ``"q"``), the prefix of the names
    - ``time`` -- string (default: ``"t"``)

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates
        sage: coordinates(3)
        (t, [q1(t), q2(t), q3(t)])
        sage: coordinates(["u", "v"])[1]
        [u(t), v(t)]

    TESTS::

        sage: coordinates("two")
        Traceback (most recent call last):
        ...
        TypeError: d must be a positive integer or a list of names; got the string 'two' (one coordinate named two: coordinates(['two']))
    """
    t = SR.var(time)
    if isinstance(d, str):
        raise TypeError(f"d must be a positive integer or a list of names; got the string "
                        f"{d!r} (one coordinate named {d}: coordinates([{d!r}]))")
    if isinstance(d, int) or hasattr(d, "is_integer"):
        if d < 1 or d != int(d):
            raise ValueError(f"the number of coordinates must be a positive integer; got {d}")
        names = [f"{name}{i + 1}" for i in range(int(d))]
    else:
        names = [str(n) for n in d]
    return t, [function(n)(t) for n in names]


def coordinate_list(q, t=None):
    r"""
    Return the coordinates ``q`` as a list; a single coordinate may be given
    alone.

    With ``t``, check that each coordinate is a symbolic function of ``t``
    alone, as :func:`coordinates` makes them.

    INPUT:

    - ``q`` -- a coordinate or a list (tuple, vector) of coordinates
    - ``t`` -- the time variable, or ``None`` to accept any symbolic
      expressions

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates, coordinate_list
        sage: t, (x,) = coordinates(["x"])
        sage: coordinate_list(x, t)
        [x(t)]
        sage: coordinate_list(var('u v'))
        [u, v]

    TESTS::

        sage: coordinate_list([var('u')], t)
        Traceback (most recent call last):
        ...
        ValueError: coordinates must be symbolic functions of t such as
        coordinates(d) returns (t, [q1(t), ..., qd(t)]); got u
        sage: coordinate_list([], t)
        Traceback (most recent call last):
        ...
        ValueError: no coordinates given
    """
    items = [q] if isinstance(q, Expression) or not hasattr(q, "__iter__") else list(q)
    if not items:
        raise ValueError("no coordinates given")
    items = [SR(x) for x in items]
    if t is not None:
        for x in items:
            if not (isinstance(x.operator(), SymbolicFunction) and x.operands() == [t]):
                raise ValueError(f"coordinates must be symbolic functions of {t} such as "
                                 f"coordinates(d) returns ({t}, [q1({t}), ..., qd({t})]); "
                                 f"got {x}")
    return items


class PhaseSpace:
    r"""
    Positions and velocities of coordinates ``q`` as plain symbols.

    ``to_symbols(e)`` replaces ``diff(qi(t), t)`` by ``qi_dot`` and
    ``qi(t)`` by ``qi_``; ``to_time(e)`` undoes it.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates
        sage: from sage_hcsf.mechanics.lagrangian import PhaseSpace
        sage: t, q = coordinates(1)
        sage: X = PhaseSpace(q, t)
        sage: e = X.to_symbols(q[0] * diff(q[0], t)^2); e
        q1_*q1_dot^2
        sage: X.to_time(e.diff(X.velocities[0]))
        2*q1(t)*diff(q1(t), t)
    """

    def __init__(self, q, t):
        r"""
        Make the symbols ``qi_`` and ``qi_dot`` for the coordinates ``q``.

        TESTS::

            sage: from sage_hcsf.mechanics import coordinates
            sage: from sage_hcsf.mechanics.lagrangian import PhaseSpace
            sage: t, q = coordinates(2)
            sage: PhaseSpace(q, t).velocities
            [q1_dot, q2_dot]
        """
        self.q = coordinate_list(q, t)
        self.t = t
        self.positions = [SR.var(f"{qi.operator()}_") for qi in self.q]
        self.velocities = [SR.var(f"{qi.operator()}_dot") for qi in self.q]
        self._forward_velocities = {qi.diff(t): v for qi, v in zip(self.q, self.velocities)}
        self._forward_positions = dict(zip(self.q, self.positions))
        self._back = {**dict(zip(self.positions, self.q)),
                      **{v: qi.diff(t) for qi, v in zip(self.q, self.velocities)}}

    def to_symbols(self, expression):
        r"""
        Return ``expression`` with velocities, then positions, made symbols.

        EXAMPLES::

            sage: from sage_hcsf.mechanics import coordinates
            sage: from sage_hcsf.mechanics.lagrangian import PhaseSpace
            sage: t, q = coordinates(2)
            sage: PhaseSpace(q, t).to_symbols(q[0] + diff(q[1], t))
            q1_ + q2_dot
        """
        return SR(expression).subs(self._forward_velocities).subs(self._forward_positions)

    def to_time(self, expression):
        r"""
        Return ``expression`` with the symbols made functions of `t` again.

        EXAMPLES::

            sage: from sage_hcsf.mechanics import coordinates
            sage: from sage_hcsf.mechanics.lagrangian import PhaseSpace
            sage: t, q = coordinates(1)
            sage: X = PhaseSpace(q, t)
            sage: X.to_time(X.positions[0] * X.velocities[0])
            q1(t)*diff(q1(t), t)
        """
        return SR(expression).subs(self._back)

    def momenta(self, L):
        r"""
        Return the generalised momenta `\partial L / \partial q_i'`.

        EXAMPLES::

            sage: from sage_hcsf.mechanics import coordinates
            sage: from sage_hcsf.mechanics.lagrangian import PhaseSpace
            sage: t, q = coordinates(1); m = var('m')
            sage: PhaseSpace(q, t).momenta(m/2 * diff(q[0], t)^2)
            [m*diff(q1(t), t)]
        """
        L = self.to_symbols(L)
        return [self.to_time(L.diff(v)) for v in self.velocities]

    def forces(self, L):
        r"""
        Return `\partial L / \partial q_i`.

        EXAMPLES::

            sage: from sage_hcsf.mechanics import coordinates
            sage: from sage_hcsf.mechanics.lagrangian import PhaseSpace
            sage: t, q = coordinates(1)
            sage: PhaseSpace(q, t).forces(-q[0]^3)
            [-3*q1(t)^2]
        """
        L = self.to_symbols(L)
        return [self.to_time(L.diff(x)) for x in self.positions]


def euler_lagrange_equations(L, q, t):
    r"""
    Return the Euler-Lagrange expressions of ``L``.

    .. MATH::

        E_i = \frac{d}{dt} \frac{\partial L}{\partial q_i'} - \frac{\partial L}{\partial q_i},

    so that the equations of motion are `E_i = 0`.

    INPUT:

    - ``L`` -- a symbolic expression in ``q``, their first derivatives and
      ``t`` (time-dependent and damped Lagrangians included)
    - ``q`` -- list of symbolic functions of ``t`` (see :func:`coordinates`),
      or a single one
    - ``t`` -- the time variable

    OUTPUT: a list of symbolic expressions, one per coordinate (a list of
    one for a single coordinate)

    EXAMPLES:

    A damped oscillator::

        sage: from sage_hcsf.mechanics import coordinates, euler_lagrange_equations
        sage: t, (x,) = coordinates(["x"])
        sage: m, mu, c = var('m mu c')
        sage: L = exp(mu/m*t) * (m/2*diff(x, t)^2 - c/2*x^2)
        sage: [(E / exp(mu/m*t)).simplify_full() for E in euler_lagrange_equations(L, [x], t)]
        [c*x(t) + mu*diff(x(t), t) + m*diff(x(t), t, t)]
        sage: euler_lagrange_equations(m/2*diff(x, t)^2, x, t)     # a single coordinate
        [m*diff(x(t), t, t)]

    Two coupled coordinates::

        sage: t, q = coordinates(2)
        sage: euler_lagrange_equations(diff(q[0], t)*diff(q[1], t) - q[0]*q[1], q, t)
        [q2(t) + diff(q2(t), t, t), q1(t) + diff(q1(t), t, t)]

    TESTS:

    Coordinates must depend on time::

        sage: euler_lagrange_equations(var('y')^2, var('y'), t)
        Traceback (most recent call last):
        ...
        ValueError: coordinates must be symbolic functions of t such as
        coordinates(d) returns (t, [q1(t), ..., qd(t)]); got y
    """
    X = PhaseSpace(q, t)
    return [p.diff(t) - F for p, F in zip(X.momenta(L), X.forces(L))]


def norm_squared(vector):
    r"""
    Return the sum of squares of the entries, `|v|^2`.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import norm_squared
        sage: norm_squared([var('a'), 2])
        a^2 + 4
    """
    return sum(SR(x)**2 for x in vector)


def simplify_damped(expression):
    r"""
    Return ``expression`` simplified and factored, with each exponent
    factored too, so that the damping factor `e^{(\mu/m)t}` of a learning
    rule appears once.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import simplify_damped
        sage: eta, beta, t, x = var('eta beta t x')
        sage: e = x*exp(2*(1 - beta)*t/(eta*(1 + beta))) + x^2*exp(2*(1 - beta)*t/(eta*(1 + beta)))
        sage: e.simplify_full()
        (x^2*e^(2*t/(beta*eta + eta)) + x*e^(2*t/(beta*eta + eta)))*e^(-2*beta*t/(beta*eta + eta))
        sage: simplify_damped(e)
        (x + 1)*x*e^(-2*(beta - 1)*t/((beta + 1)*eta))
    """
    expression = SR(expression).simplify_full().factor()
    return expression.subs({e: exp(e.operands()[0].simplify_full().factor())
                            for e in expression.find(exp(SR.wild(0)))})


def heavy_ball_constants(eta, beta=0):
    r"""
    Return the mass `m = \eta(1+\beta)/2` and damping `\mu = 1 - \beta` of
    heavy ball (gradient descent when `\beta = 0`) [TK2021]_.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import heavy_ball_constants
        sage: heavy_ball_constants(var('eta'), var('beta'))
        (1/2*(beta + 1)*eta, -beta + 1)
    """
    return SR(eta) * (1 + SR(beta)) / 2, 1 - SR(beta)


def learning_rule_lagrangian(loss, q, t, eta, beta=0, weight_decay=0, metric=None):
    r"""
    Return the damped Lagrangian of heavy ball with weight decay.

    .. MATH::

        L = e^{(\mu/m) t} \left(\frac{m}{2} q'^{\top} M q' - f(q)
        - \frac{k}{2}|q|^2\right), \quad m = \frac{\eta(1+\beta)}{2},\
        \mu = 1 - \beta,

    [TK2021]_; `M` is the identity unless a ``metric`` (a preconditioner,
    for other learning rules) is given.

    INPUT:

    - ``loss`` -- symbolic expression in ``q``
    - ``q``, ``t`` -- coordinates and time (see :func:`coordinates`)
    - ``eta`` -- learning rate; ``beta`` -- momentum (default: 0, gradient
      descent); ``weight_decay`` -- `k` (default: 0)
    - ``metric`` -- a `d \times d` symmetric matrix, possibly depending on
      ``q`` (default: the identity)

    OUTPUT: a symbolic expression

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates, learning_rule_lagrangian
        sage: t, q = coordinates(1)
        sage: eta, k = var('eta k')
        sage: learning_rule_lagrangian(q[0]^4, q, t, eta, weight_decay=k)
        -1/4*(4*q1(t)^4 + 2*k*q1(t)^2 - eta*diff(q1(t), t)^2)*e^(2*t/eta)
    """
    q = coordinate_list(q, t)
    m, mu = heavy_ball_constants(eta, beta)
    velocity = [qi.diff(t) for qi in q]
    if metric is None:
        kinetic = m / 2 * norm_squared(velocity)
    else:
        M = matrix(SR, metric)
        kinetic = m / 2 * sum(velocity[i] * M[i, j] * velocity[j]
                              for i in range(len(q)) for j in range(len(q)))
    potential = loss + SR(weight_decay) / 2 * norm_squared(q)
    return exp(mu / m * t) * (kinetic - potential)


def modified_equation(loss, q, t, eta, beta=0, weight_decay=0, metric=None):
    r"""
    Return the equations of motion of a learning rule, ``[E_1, ..., E_d]``
    with `E_i = 0`, divided by the damping factor `e^{(\mu/m)t}`.

    For heavy ball these are `m q'' + \mu q' + \nabla f + k q = 0`; for
    gradient descent (`\beta = k = 0`) the modified equation
    `(\eta/2) q'' + q' + \nabla f = 0` [TK2021]_. Computed from
    :func:`learning_rule_lagrangian` by :func:`euler_lagrange_equations`.

    INPUT: as for :func:`learning_rule_lagrangian`

    OUTPUT: a list of symbolic expressions

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates, modified_equation
        sage: t, q = coordinates(1)
        sage: eta, beta, k = var('eta beta k')
        sage: E, = modified_equation(function('f')(*q), q, t, eta, beta, k)
        sage: m, mu = eta*(1 + beta)/2, 1 - beta
        sage: grad_f = diff(function('f')(*q), t) / diff(q[0], t)   # chain rule: df/dq1
        sage: bool(E == m*diff(q[0], t, 2) + mu*diff(q[0], t) + grad_f + k*q[0])
        True

    With a preconditioner `M = \mathrm{diag}(1, 4)` the velocity in the
    second coordinate is penalised::

        sage: t, q = coordinates(2)
        sage: modified_equation(0, q, t, 2, metric=diagonal_matrix([1, 4]))
        [diff(q1(t), t) + diff(q1(t), t, t), 4*diff(q2(t), t) + 4*diff(q2(t), t, t)]
    """
    L = learning_rule_lagrangian(loss, q, t, eta, beta, weight_decay, metric)
    m, mu = heavy_ball_constants(eta, beta)
    return [(E / exp(mu / m * t)).simplify_full().expand()
            for E in euler_lagrange_equations(L, q, t)]
