r"""
Noether's learning dynamics: symbolic mechanics of learning rules

A learning rule and a loss give a damped Lagrangian; its symmetries, the
ones the kinetic term breaks, their Noether charges and the exact equations
of motion of those charges follow symbolically [TK2021]_. This subpackage
works on Sage's symbolic ring and shares nothing with the graph code.

EXAMPLES::

    sage: from sage_hcsf.mechanics import *
    sage: t, q = coordinates(2)
    sage: eta = var('eta')
    sage: L = learning_rule_lagrangian(function('f')(*q), q, t, eta)
    sage: s = var('s')
    sage: kinetic_symmetry_breaking(kinetic_energy(q, t, eta), scaling(), s, q, t)
    1/2*eta*diff(q1(t), t)^2 + 1/2*eta*diff(q2(t), t)^2
"""
from sage_hcsf.mechanics.lagrangian import (coordinate_list, coordinates,
                                            euler_lagrange_equations, heavy_ball_constants,
                                            learning_rule_lagrangian, modified_equation,
                                            norm_squared, simplify_damped)
from sage_hcsf.mechanics.symmetry import (SymmetryFamily, is_symmetry, kinetic_energy,
                                          kinetic_symmetry_breaking, noether_charge,
                                          noether_learning_dynamics, rescaling, rotation,
                                          scaling, translation)
from sage_hcsf.mechanics.laws import (effective_learning_rate, momentum_amplification,
                                      norm_growth_gradient_descent, norm_growth_heavy_ball,
                                      observable_dynamics, rmsprop_correspondence)

__all__ = [
    "coordinate_list", "coordinates", "euler_lagrange_equations", "heavy_ball_constants",
    "learning_rule_lagrangian", "modified_equation", "norm_squared", "simplify_damped",
    "SymmetryFamily", "is_symmetry", "kinetic_energy", "kinetic_symmetry_breaking",
    "noether_charge", "noether_learning_dynamics", "rescaling", "rotation", "scaling",
    "translation",
    "effective_learning_rate", "momentum_amplification", "norm_growth_gradient_descent",
    "norm_growth_heavy_ball", "observable_dynamics", "rmsprop_correspondence",
]
