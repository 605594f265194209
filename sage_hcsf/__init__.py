r"""
sage_hcsf: H-chromatic symmetric functions for SageMath

EXAMPLES::

    sage: from sage_hcsf import self_chromatic_symmetric_function
    sage: self_chromatic_symmetric_function(graphs.PathGraph(3))
    2*p[1, 1, 1] - 2*p[2, 1]
"""
# Sage's core must be initialised from sage.rings.integer: importing
# sage.graphs.graph first fails with a circular import (passagemath 10.8).
import sage.rings.integer  # noqa: F401  isort: skip

from sage_hcsf.fiber_dp import StateBudgetExceeded
from sage_hcsf.fiber_types import (count_homomorphisms, enumeration_limit, fiber_type_counts,
                                   state_budget)
from sage_hcsf.graph_methods import extend_graph_classes
from sage_hcsf.symmetric_functions import (are_h_chromatically_equivalent,
                                           chromatic_symmetric_function,
                                           h_chromatic_polynomial,
                                           h_chromatic_symmetric_function,
                                           self_chromatic_symmetric_function)

__version__ = "0.1.0"

__all__ = [
    "StateBudgetExceeded",
    "are_h_chromatically_equivalent",
    "chromatic_symmetric_function",
    "count_homomorphisms",
    "enumeration_limit",
    "extend_graph_classes",
    "fiber_type_counts",
    "h_chromatic_polynomial",
    "h_chromatic_symmetric_function",
    "self_chromatic_symmetric_function",
    "state_budget",
]
