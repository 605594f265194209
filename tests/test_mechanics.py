"""Numerical checks of Noether's learning dynamics (MATH.md section 4)."""
import numpy as np
import pytest

from sage_hcsf.mechanics.simulation import (check_figure, discrete_identity_error, gradient,
                                            make_problem, norm_law_checks, plot_checks, report,
                                            simulate)
from sage_hcsf.mechanics import momentum_amplification, norm_growth_heavy_ball
from sage.functions.other import sqrt
from sage.symbolic.function_factory import function
from sage.symbolic.ring import SR


@pytest.mark.parametrize("minibatch", [False, True])
def test_discrete_identity_holds_to_rounding(minibatch):
    assert discrete_identity_error(eta=0.2, steps=2000, minibatch=minibatch) < 1e-13


def test_loss_is_scale_invariant_numerically():
    problem = make_problem(6, 20, seed=5)
    q = np.random.default_rng(3).standard_normal(6)
    g = gradient(problem, q)
    assert abs(g @ q) < 1e-12
    assert np.allclose(gradient(problem, 2.5 * q), g / 2.5)
    # the gradient is the derivative of the loss
    def loss(x):
        u = x / np.linalg.norm(x)
        return np.mean((problem.features @ u - problem.targets) ** 2) / 2
    h = 1e-6
    numeric = np.array([(loss(q + h * e) - loss(q - h * e)) / (2 * h) for e in np.eye(6)])
    assert np.allclose(numeric, g, atol=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_laws_hold_where_the_analysis_says(seed):
    for check in norm_law_checks(seed=seed):
        assert check.holds, (check.name, check.ratio, check.expected)


def test_minibatch_momentum_is_not_the_full_batch_law():
    """The reported discrepancy is real: far from 1, near (1-beta)/(1+beta)."""
    checks = {c.name: c for c in norm_law_checks()}
    ratio = checks["heavy ball, minibatch"].ratio
    assert ratio < 0.2
    assert abs(ratio / (0.1 / 1.9) - 1) < 0.25


def test_symbolic_constants_match_the_simulation_constants():
    """The gain and decay used numerically are the ones the symbolic law derives."""
    eta, beta, k = 0.01, 0.9, 0.01
    _, gain, decay = norm_growth_heavy_ball(SR(eta), SR(beta), SR(k))
    assert abs(float(gain) - 2 * eta * (1 + beta) / (1 - beta) ** 3) < 1e-9
    assert abs(float(decay) - 4 * k / (1 - beta)) < 1e-12
    assert momentum_amplification(SR(9) / 10) == 1900


def test_simulation_is_deterministic():
    a = simulate(make_problem(), 0.05, 0.5, 0.01, steps=50, minibatch=True, seed=7)
    b = simulate(make_problem(), 0.05, 0.5, 0.01, steps=50, minibatch=True, seed=7)
    assert np.array_equal(a.norms, b.norms)


# The rough edges of issue 9, section 4: each failed on the code before it.

def test_star_import_exports_symmetry_family():
    namespace = {}
    exec("from sage_hcsf.mechanics import *", namespace)
    shear = namespace["SymmetryFamily"]("shear", lambda q, s: [q[0] + s * q[1], q[1]])
    x, y, s = SR.var("x y s")
    assert shear.generator([x, y], s) == [y, 0]


def test_effective_learning_rate_takes_coordinates():
    from sage_hcsf.mechanics import coordinates, effective_learning_rate
    t, q = coordinates(2)
    a, b, c, eta = SR.var("a b c eta")
    loss = ((a * q[0] + b * q[1]) / sqrt(q[0]**2 + q[1]**2) - c)**2
    rate = effective_learning_rate(loss, q, eta)
    assert bool(rate == eta / (q[0]**2 + q[1]**2))


@pytest.mark.parametrize("loss", ["x^2 + y^2", "x^2", "x*y", "(x - y)^2"])
def test_effective_learning_rate_refuses_a_loss_without_scale_symmetry(loss):
    from sage_hcsf.mechanics import effective_learning_rate
    x, y = SR.var("x y")
    with pytest.raises(ValueError, match="not scale invariant"):
        effective_learning_rate(SR(loss.replace("^", "**")), [x, y], SR.var("eta"))


@pytest.mark.parametrize("beta", [1, 2, -1, SR(3) / 2])
def test_momentum_amplification_needs_beta_in_unit_interval(beta):
    with pytest.raises(ValueError, match="0 <= beta < 1"):
        momentum_amplification(beta)


def test_momentum_amplification_symbolic_and_at_zero():
    assert momentum_amplification(0) == 1
    beta = SR.var("beta")
    assert bool(momentum_amplification(beta) == (1 + beta) / (1 - beta)**3)


def test_euler_lagrange_with_a_single_coordinate_not_in_a_list():
    from sage_hcsf.mechanics import coordinates, euler_lagrange_equations
    t, (x,) = coordinates(["x"])
    m, c = SR.var("m c")
    L = m / 2 * x.diff(t)**2 - c / 2 * x**2
    assert euler_lagrange_equations(L, x, t) == euler_lagrange_equations(L, [x], t)
    assert bool(euler_lagrange_equations(L, x, t)[0] == m * x.diff(t, 2) + c * x)


def test_euler_lagrange_rejects_coordinates_that_are_not_functions_of_time():
    from sage_hcsf.mechanics import euler_lagrange_equations
    y, t = SR.var("y t")
    with pytest.raises(ValueError, match="symbolic functions of t"):
        euler_lagrange_equations(y**2, [y], t)


def test_noether_charge_is_shown_simplified():
    """The README's charge: one damping factor, the inner product factored."""
    from sage_hcsf.mechanics import (coordinates, learning_rule_lagrangian,
                                     noether_learning_dynamics, scaling)
    t, q = coordinates(2)
    eta, beta, k, s = SR.var("eta beta k s")
    L = learning_rule_lagrangian(function("f")(*q), q, t, eta, beta, k)
    charge = noether_learning_dynamics(L, scaling(), s, q, t).charge
    assert str(charge) == ("1/2*(q1(t)*diff(q1(t), t) + q2(t)*diff(q2(t), t))*(beta + 1)*eta"
                           "*e^(-2*(beta - 1)*t/((beta + 1)*eta))")


def test_no_private_names_across_mechanics_modules():
    import ast
    import pathlib
    import sage_hcsf.mechanics as mechanics
    for path in pathlib.Path(mechanics.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and "sage_hcsf" in node.module:
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, (path.name, private)


def test_simulation_rejects_no_steps():
    with pytest.raises(ValueError, match="positive integer"):
        norm_law_checks(steps=0)
    with pytest.raises(ValueError, match="positive integer"):
        simulate(make_problem(), 0.1, steps=-3)


def test_plots_label_axes_show_parameters_and_the_corrected_prediction():
    checks = norm_law_checks()
    for check in checks:
        axes = check_figure(check).axes[0]
        title = axes.get_title()
        assert axes.get_xlabel() and axes.get_ylabel()
        assert "η = 0.01" in title and "k = 0.01" in title and f"β = {check.parameters['beta']}" in title
        assert "within 25%" in title
        assert "$" not in title and "\\" not in title
        labels = [line.get_label() for line in axes.get_lines()]
        assert len(labels) == (3 if check.name == "heavy ball, minibatch" else 2), labels
    corrected = check_figure(checks[3]).axes[0].get_lines()[2].get_ydata()
    assert abs(corrected[-1] / checks[3].run.norms[-1]**4 - 1) < 0.25


def test_report_states_the_tolerance(capsys):
    report(norm_law_checks(steps=200))
    assert "within 25% of expected" in capsys.readouterr().out


def test_plots_refuse_a_file_as_folder(tmp_path):
    target = tmp_path / "figure.png"
    target.write_text("")
    with pytest.raises(NotADirectoryError, match="not a folder"):
        plot_checks(norm_law_checks(steps=20), str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.png"]
    paths = plot_checks(norm_law_checks(steps=20), str(tmp_path / "plots"))
    assert len(paths) == 4


def test_mechanics_inputs_are_checked():
    """Were: a bare IndexError, Sage's "Substitution using function-call syntax", t, [two(t)]."""
    from sage_hcsf.mechanics import (coordinates, is_symmetry, learning_rule_lagrangian,
                                     noether_learning_dynamics, rotation)
    t, q = coordinates(2)
    s, eta = SR.var("s eta")
    f = function("f")(*q)
    L = learning_rule_lagrangian(f, q, t, eta)
    with pytest.raises(ValueError, match=r"rotation\(0, 5\) turns coordinates 0 and 5 .* there are 2"):
        noether_learning_dynamics(L, rotation(0, 5), s, q, t)
    with pytest.raises(TypeError, match="Q must be a family of transformations such as scaling"):
        is_symmetry(f, f, s, q)
    with pytest.raises(TypeError, match="positive integer or a list of names"):
        coordinates("two")
