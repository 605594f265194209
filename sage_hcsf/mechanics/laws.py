r"""
The laws of Noether's learning dynamics, derived from the Lagrangian

Each function here starts from :func:`~sage_hcsf.mechanics.learning_rule_lagrangian`,
takes its Euler-Lagrange equations, and uses the symmetry of the loss to
derive a law [TK2021]_ [KT2021]_:

- scale symmetry (normalisation): `m (r^2)'' + \mu (r^2)' = 2m|q'|^2 - 2k r^2`;
- translation symmetry (softmax): `m S'' + \mu S' + k S = 0`, `S = \langle q, 1_A\rangle`;
- rescale symmetry (homogeneous activations):
  `m D'' + \mu D' = 2m(|q_1'|^2 - |q_2'|^2) - 2kD`, `D = |q_1|^2 - |q_2|^2`;
- the growth of the norm under gradient descent (the Bernoulli-type
  integral law) and under heavy ball (the `r^4` law, its RMSProp reading
  and the amplification `(1+\beta)/(1-\beta)^3`);
- the effective learning rate `\eta / r^2` of the direction `q/|q|`.

REFERENCES:

.. [KT2021] \D. Kunin, J. Sagastuy-Brena, S. Ganguli, D. Yamins, H. Tanaka,
   *Neural Mechanics: Symmetry and Broken Conservation Laws in Deep Learning
   Dynamics*, ICLR 2021.

EXAMPLES::

    sage: from sage_hcsf.mechanics import *
    sage: momentum_amplification(9/10)
    1900
"""
from sage.functions.log import exp
from sage.functions.other import sqrt
from sage.symbolic.function_factory import function
from sage.symbolic.integration.integral import integral
from sage.symbolic.relation import solve
from sage.symbolic.ring import SR

from sage_hcsf.mechanics.lagrangian import (PhaseSpace, coordinate_list, coordinates,
                                            euler_lagrange_equations, heavy_ball_constants,
                                            learning_rule_lagrangian, norm_squared)
from sage_hcsf.mechanics.symmetry import scaling


def _on_shell(expression, L, q, t):
    r"""
    Return ``expression`` in phase-space symbols with the accelerations
    replaced by their values from the Euler-Lagrange equations of ``L``.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates
        sage: from sage_hcsf.mechanics.laws import _on_shell
        sage: t, q = coordinates(1); c = var('c')
        sage: _on_shell(diff(q[0], t, 2), diff(q[0], t)^2/2 - c*q[0]^2/2, q, t)
        (-c*q1_, <sage_hcsf.mechanics.lagrangian.PhaseSpace object at 0x...>)
    """
    X = PhaseSpace(q, t)
    accelerations = [SR.var(f"{x.operator()}_ddot") for x in q]
    to_acc = {x.diff(t, 2): a for x, a in zip(q, accelerations)}
    equations = [X.to_symbols(SR(E).subs(to_acc)) == 0 for E in euler_lagrange_equations(L, q, t)]
    solution = solve(equations, accelerations, solution_dict=True)[0]
    return X.to_symbols(SR(expression).subs(to_acc)).subs(solution), X


def _impose_invariance(expression, loss, X, symmetry, s):
    r"""
    Use the invariance `\langle \nabla f, \partial_s Q|_{s=0}\rangle = 0` of
    an abstract loss ``f`` to eliminate one of its partial derivatives.

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates, scaling
        sage: from sage_hcsf.mechanics.laws import _impose_invariance
        sage: from sage_hcsf.mechanics.lagrangian import PhaseSpace
        sage: t, q = coordinates(2); X = PhaseSpace(q, t)
        sage: f = function('f')(*q)
        sage: grad = [X.to_symbols(f).diff(x) for x in X.positions]
        sage: e = X.positions[0]*grad[0] + X.positions[1]*grad[1]
        sage: _impose_invariance(e, f, X, scaling(), var('s'))
        0
    """
    f = X.to_symbols(loss)
    gradient = [f.diff(x) for x in X.positions]
    generator = symmetry.generator(X.positions, s)
    for j, (g, d) in enumerate(zip(gradient, generator)):
        if not d.is_zero() and g.operator() is not None and "FDerivative" in type(g.operator()).__name__:
            others = sum(gi * di for i, (gi, di) in enumerate(zip(gradient, generator)) if i != j)
            expression = SR(expression).subs({g: -others / d})
            break
    return SR(expression).canonicalize_radical().simplify_full()


def observable_dynamics(loss, q, t, eta, beta=0, weight_decay=0, observable=None,
                        symmetry=None, s=None):
    r"""
    Return `m O'' + \mu O'` on solutions of heavy ball, simplified with the
    symmetry of the loss.

    INPUT:

    - ``loss`` -- a symbolic expression in ``q`` (an abstract function
      ``function('f')(*q)`` too: its invariance under ``symmetry`` is then
      imposed on its gradient)
    - ``q``, ``t`` -- coordinates and time
    - ``eta``, ``beta``, ``weight_decay`` -- the learning rule
    - ``observable`` -- `O(q)` (default: `|q|^2`)
    - ``symmetry`` -- a :class:`~sage_hcsf.mechanics.symmetry.SymmetryFamily`
      of the loss (default: :func:`~sage_hcsf.mechanics.symmetry.scaling`)
    - ``s`` -- its parameter (default: a new variable ``s``)

    OUTPUT: a symbolic expression in ``q`` and `q'`

    EXAMPLES:

    Scale symmetry: `m (r^2)'' + \mu (r^2)' = 2m|q'|^2 - 2k r^2` with
    `m = \eta(1+\beta)/2`::

        sage: from sage_hcsf.mechanics import *
        sage: t, q = coordinates(3); eta, beta, k = var('eta beta k')
        sage: f = function('f')(*q)
        sage: law = observable_dynamics(f, q, t, eta, beta, k); law
        beta*eta*diff(q1(t), t)^2 + beta*eta*diff(q2(t), t)^2 + beta*eta*diff(q3(t), t)^2
         - 2*k*q1(t)^2 - 2*k*q2(t)^2 - 2*k*q3(t)^2 + eta*diff(q1(t), t)^2
         + eta*diff(q2(t), t)^2 + eta*diff(q3(t), t)^2
        sage: m = eta*(1 + beta)/2
        sage: bool(law == 2*m*sum(diff(x, t)^2 for x in q) - 2*k*sum(x^2 for x in q))
        True

    Translation symmetry of a softmax over coordinates 1 and 2:
    `m S'' + \mu S' = -k S`::

        sage: observable_dynamics(f, q, t, eta, beta, k, q[0] + q[1], translation([0, 1]))
        -k*q1(t) - k*q2(t)

    Rescale symmetry between `q_1` and `(q_2, q_3)`::

        sage: D = q[0]^2 - q[1]^2 - q[2]^2
        sage: law = observable_dynamics(f, q, t, eta, beta, k, D, rescaling([0], [1, 2]))
        sage: bool(law == 2*m*(diff(q[0], t)^2 - diff(q[1], t)^2 - diff(q[2], t)^2) - 2*k*D)
        True

    A concrete loss needs no assumption; a loss without the symmetry does
    not give the law::

        sage: a, y = var('a y')
        sage: g = (a*q[0]/sqrt(q[0]^2 + q[1]^2 + q[2]^2) - y)^2
        sage: bool(observable_dynamics(g, q, t, eta, 0, 0) == eta*sum(diff(x, t)^2 for x in q))
        True
        sage: bool(observable_dynamics(q[0]^2, q, t, eta, 0, 0) == eta*sum(diff(x, t)^2 for x in q))
        False
    """
    q = coordinate_list(q, t)
    s = SR.var("s") if s is None else s
    symmetry = scaling() if symmetry is None else symmetry
    observable = norm_squared(q) if observable is None else observable
    L = learning_rule_lagrangian(loss, q, t, eta, beta, weight_decay)
    m, mu = heavy_ball_constants(eta, beta)
    value, X = _on_shell(m * SR(observable).diff(t, 2) + mu * SR(observable).diff(t), L, q, t)
    return X.to_time(_impose_invariance(value, loss, X, symmetry, s)).expand()


def _norm_law_coefficients(eta, beta, weight_decay):
    r"""
    Return `(a, b)` with `m (r^2)'' + \mu (r^2)' = a |q'|^2 + b r^2` for a
    scale-invariant loss, derived by :func:`observable_dynamics`.

    EXAMPLES::

        sage: from sage_hcsf.mechanics.laws import _norm_law_coefficients
        sage: _norm_law_coefficients(var('eta'), var('beta'), var('k'))
        ((beta + 1)*eta, -2*k)
    """
    t, q = coordinates(2)
    law = observable_dynamics(function("f")(*q), q, t, eta, beta, weight_decay)
    X = PhaseSpace(q, t)
    symbolic = X.to_symbols(law)
    a = (symbolic.diff(X.velocities[0], 2) / 2).simplify_full()
    b = (symbolic.diff(X.positions[0], 2) / 2).simplify_full()
    remainder = symbolic - a * norm_squared(X.velocities) - b * norm_squared(X.positions)
    if not remainder.simplify_full().is_zero():
        raise ArithmeticError(f"the norm law is not of the form a|q'|^2 + b r^2: {law}")
    return a, b


def _linear_solution(rate, decay, initial, t, tau):
    r"""
    Return the solution of `y' = \mathrm{rate}(t) - \mathrm{decay}\, y`,
    `y(0) = ` ``initial``, as `e^{-\mathrm{decay}\, t}(y_0 + \int_0^t
    e^{\mathrm{decay}\,\tau} \mathrm{rate}(\tau) d\tau)`, checked by
    differentiation.

    EXAMPLES::

        sage: from sage_hcsf.mechanics.laws import _linear_solution
        sage: t, tau, c = var('t tau c')
        sage: _linear_solution(lambda x: 1, c, 0, t, tau)
        e^(-c*t)*integrate(e^(c*tau), tau, 0, t)
    """
    y = exp(-decay * t) * (initial + integral(exp(decay * tau) * rate(tau), tau, 0, t, hold=True))
    if not (y.diff(t) - rate(t) + decay * y).simplify_full().is_zero():
        raise ArithmeticError("the integrating factor did not solve the equation")
    return y


def norm_growth_gradient_descent(eta=None, weight_decay=None):
    r"""
    Return the law of `r^2 = |q|^2` for gradient descent on a
    scale-invariant loss, in the overdamped limit [KT2021]_:

    .. MATH::

        r^2(t) = e^{-2kt} r^2(0) + \eta \int_0^t e^{-2k(t-\tau)} |g(\tau)|^2 d\tau,

    `g = \nabla f(q)`. Derived from the norm law of
    :func:`observable_dynamics` by dropping `m (r^2)''` (overdamped) and
    using `q' = -g`.

    OUTPUT: an equation ``r2(t) == ...`` in the symbols ``eta``, ``k``,
    ``r0``, the abstract function ``g2`` (`|g|^2`) and time ``t``

    EXAMPLES::

        sage: from sage_hcsf.mechanics import norm_growth_gradient_descent
        sage: norm_growth_gradient_descent()
        r2(t) == (r0^2 + integrate(eta*e^(2*k*tau)*g2(tau), tau, 0, t))*e^(-2*k*t)
    """
    eta = SR.var("eta") if eta is None else eta
    k = SR.var("k") if weight_decay is None else weight_decay
    t, tau, r0 = SR.var("t tau r0")
    a, b = _norm_law_coefficients(eta, 0, k)
    _, mu = heavy_ball_constants(eta, 0)
    g2 = function("g2")
    solution = _linear_solution(lambda x: a / mu * g2(x), -b / mu, r0**2, t, tau)
    return function("r2")(t) == solution


def norm_growth_heavy_ball(eta=None, beta=None, weight_decay=None):
    r"""
    Return the law of `r^4` for heavy ball on a scale-invariant loss in the
    terminal-velocity approximation [TK2021]_:

    .. MATH::

        r^4(t) = e^{-\frac{4k}{1-\beta}t} r^4(0)
        + \frac{2\eta(1+\beta)}{(1-\beta)^3}
        \int_0^t e^{-\frac{4k}{1-\beta}(t-\tau)} |g(\tau)|^2 d\tau,

    `g = \nabla f(q/|q|)`, the gradient at unit norm. Derived from the norm
    law: overdamped (drop `m(r^2)''`), terminal velocity `(1-\beta) q' =
    -\nabla f(q) - kq` with `|\nabla f(q)| = |g|/r` (the `k^2 r^2` term is
    second order and dropped), then multiplied by `2r^2`.

    OUTPUT: a triple ``(equation, gain, decay)``: the law ``r4(t) == ...``,
    the coefficient `2\eta(1+\beta)/(1-\beta)^3` of the integral, and the
    decay rate `4k/(1-\beta)`

    EXAMPLES::

        sage: from sage_hcsf.mechanics import norm_growth_heavy_ball
        sage: law, gain, decay = norm_growth_heavy_ball()
        sage: gain, decay
        (-2*(beta + 1)*eta/(beta - 1)^3, -4*k/(beta - 1))
        sage: law
        r4(t) == ... integrate(...g2(tau)..., tau, 0, t)...
    """
    eta = SR.var("eta") if eta is None else eta
    beta = SR.var("beta") if beta is None else beta
    k = SR.var("k") if weight_decay is None else weight_decay
    t, tau, r0 = SR.var("t tau r0")
    a, b = _norm_law_coefficients(eta, beta, k)
    _, mu = heavy_ball_constants(eta, beta)
    # mu (r^2)' = a |g|^2 / (mu^2 r^2) + b r^2, times 2 r^2 / mu: an equation in r^4
    gain = (2 * a / mu**3).factor()
    decay = (-2 * b / mu).factor()
    g2 = function("g2")
    solution = _linear_solution(lambda x: gain * g2(x), decay, r0**4, t, tau)
    return function("r4")(t) == solution, gain, decay


def momentum_amplification(beta):
    r"""
    Return how much momentum amplifies the growth of `r^4`: the gain of
    :func:`norm_growth_heavy_ball` divided by its value at `\beta = 0`,
    `(1+\beta)/(1-\beta)^3`.

    INPUT:

    - ``beta`` -- the momentum, a number with `0 \le \beta < 1`, or a
      symbolic expression

    EXAMPLES::

        sage: from sage_hcsf.mechanics import momentum_amplification
        sage: momentum_amplification(var('beta'))
        -(beta + 1)/(beta - 1)^3
        sage: momentum_amplification(9/10)
        1900
        sage: momentum_amplification(0)
        1

    TESTS::

        sage: momentum_amplification(1)
        Traceback (most recent call last):
        ...
        ValueError: the momentum beta must satisfy 0 <= beta < 1; got 1
        sage: momentum_amplification(-1/2)
        Traceback (most recent call last):
        ...
        ValueError: the momentum beta must satisfy 0 <= beta < 1; got -1/2
    """
    beta = SR(beta)
    if beta.is_constant() and not (0 <= beta < 1):
        raise ValueError(f"the momentum beta must satisfy 0 <= beta < 1; got {beta}")
    eta = SR.var("eta")
    _, gain, _ = norm_growth_heavy_ball(eta, SR.var("beta"), 0)
    _, gain0, _ = norm_growth_heavy_ball(eta, 0, 0)
    ratio = (gain / gain0).factor()
    return ratio.subs({SR.var("beta"): beta})


def rmsprop_correspondence(eta=None, beta=None, weight_decay=None):
    r"""
    Return the reading of the `r^4` law as RMSProp's second moment.

    RMSProp keeps `G_{n+1} = \rho G_n + (1-\rho)|g_n|^2`, in continuous time
    (`t = n\eta`) `G' = \frac{1-\rho}{\eta}(|g|^2 - G)`. Matching the decay
    of `r^4` in :func:`norm_growth_heavy_ball` gives
    `r^4 \leftrightarrow G`, `\frac{4k}{1-\beta} \leftrightarrow \frac{1-\rho}{\eta}`
    [TK2021]_.

    OUTPUT: a dictionary with the decay rate, the equivalent `\rho` and the
    gain of `|g|^2`

    EXAMPLES::

        sage: from sage_hcsf.mechanics import rmsprop_correspondence
        sage: rmsprop_correspondence()
        {'decay': -4*k/(beta - 1), 'gain': -2*(beta + 1)*eta/(beta - 1)^3,
         'rho': (4*eta*k + beta - 1)/(beta - 1)}
    """
    eta = SR.var("eta") if eta is None else eta
    _, gain, decay = norm_growth_heavy_ball(eta, beta, weight_decay)
    return {"decay": decay, "gain": gain, "rho": (1 - eta * decay).factor()}


def effective_learning_rate(loss, q, eta):
    r"""
    Return the effective learning rate of the direction `\hat q = q/|q|`
    under gradient descent on a scale-invariant loss: `\eta / |q|^2`.

    A step `q \mapsto q - \eta \nabla f(q)` moves `\hat q` by
    `-(\eta/r)(I - \hat q \hat q^\top)\nabla f(q)` to first order, and
    `\nabla f(q) = \nabla f(\hat q)/r`; the function computes the ratio of
    that move to `-\nabla f(\hat q)` from the loss.

    INPUT:

    - ``loss`` -- a scale-invariant symbolic expression in ``q``
      (`f(aq) = f(q)` for `a > 0`)
    - ``q`` -- list of symbolic variables, or of coordinates from
      :func:`~sage_hcsf.mechanics.lagrangian.coordinates`
    - ``eta`` -- the learning rate

    OUTPUT: a symbolic expression in ``q``

    EXAMPLES::

        sage: from sage_hcsf.mechanics import coordinates, effective_learning_rate
        sage: q = var('x y'); a, b, c = var('a b c')
        sage: effective_learning_rate(((a*x + b*y)/sqrt(x^2 + y^2) - c)^2, q, var('eta'))
        eta/(x^2 + y^2)
        sage: t, q = coordinates(2)
        sage: effective_learning_rate(((a*q[0] + b*q[1])/sqrt(q[0]^2 + q[1]^2) - c)^2, q, var('eta'))
        eta/(q1(t)^2 + q2(t)^2)

    TESTS:

    A loss that is not scale invariant has no such rate::

        sage: effective_learning_rate(x^2, [x, y], var('eta'))
        Traceback (most recent call last):
        ...
        ValueError: the loss is not scale invariant: <grad f(q), q> = 2*x^2, not 0
        sage: effective_learning_rate(x^2 + y^2, [x, y], var('eta'))
        Traceback (most recent call last):
        ...
        ValueError: the loss is not scale invariant: <grad f(q), q> = 2*x^2 + 2*y^2, not 0
        sage: effective_learning_rate(c, [x, y], var('eta'))
        Traceback (most recent call last):
        ...
        ValueError: the loss is constant in q: the direction does not move
    """
    q = coordinate_list(q)
    symbols = []
    for x in q:
        if x.is_symbol():
            symbols.append(x)
        elif x.operator() is not None and len(x.operands()) == 1 and x.operands()[0].is_symbol():
            symbols.append(SR.var(f"{x.operator()}_"))
        else:
            raise ValueError(f"q must be symbolic variables or functions of time; got {x}")
    back = {y: x for x, y in zip(q, symbols) if x is not y}
    loss = SR(loss).subs(dict(zip(q, symbols)))
    gradient = [loss.diff(x) for x in symbols]
    radial = sum(x * g for x, g in zip(symbols, gradient))
    if not radial.canonicalize_radical().simplify_full().is_zero():
        raise ValueError("the loss is not scale invariant: <grad f(q), q> = "
                         f"{radial.simplify_full().subs(back)}, not 0")
    r = sqrt(norm_squared(symbols))
    unit = [x / r for x in symbols]
    at_unit = [g.subs(dict(zip(symbols, unit))) for g in gradient]
    move = [-(eta / r) * (g - u * sum(v * h for v, h in zip(unit, gradient)))
            for g, u in zip(gradient, unit)]
    ratios = {(-mv / g).canonicalize_radical().simplify_full()
              for mv, g in zip(move, at_unit) if not g.is_zero()}
    if not ratios:
        raise ValueError("the loss is constant in q: the direction does not move")
    if len(ratios) != 1:
        raise ArithmeticError(f"the direction moves with different rates {ratios}")
    return ratios.pop().subs(back)
