r"""
H-chromatic symmetric functions in Sage's ring of symmetric functions

For graphs `G` and `H` [EFHKY2022]_,

.. MATH::

    X_G^H = \sum_{\phi \in \mathrm{Hom}(G, H)} \widetilde{m}_{\lambda(\phi)}
          = \sum_\lambda N_\lambda(G, H)\, \widetilde{m}_\lambda,
    \qquad \widetilde{m}_\lambda = r_1!\, r_2! \cdots m_\lambda,

where `\lambda(\phi)` is the fiber type of `\phi` and `r_i` the number of
parts of `\lambda` equal to `i`. The counts `N_\lambda(G, H)` come from
:func:`~sage_hcsf.fiber_types.counts.fiber_type_counts`; this module turns them
into elements of :func:`SymmetricFunctions`.

EXAMPLES::

    sage: from sage_hcsf import h_chromatic_symmetric_function, self_chromatic_symmetric_function
    sage: P3 = graphs.PathGraph(3)
    sage: self_chromatic_symmetric_function(P3)
    2*p[1, 1, 1] - 2*p[2, 1]
    sage: self_chromatic_symmetric_function(P3, basis="m")
    12*m[1, 1, 1] + 4*m[2, 1]
    sage: h_chromatic_symmetric_function(P3, graphs.CompleteGraph(2), basis="e")
    2*e[2, 1] - 6*e[3]
"""
# The public names of the subpackage (and the old paths sage_hcsf.symmetric_functions.NAME)
from sage_hcsf.symmetric_functions.bases import BASIS_NAMES, resolve_basis  # noqa: F401
from sage_hcsf.symmetric_functions.expansion import (  # noqa: F401
    augmented_monomial_power_sum_expansion,
    clear_power_sum_cache,
    power_sum_cache_bytes,
    symmetric_function_from_fiber_counts,
)
from sage_hcsf.symmetric_functions.h_chromatic import (  # noqa: F401
    are_h_chromatically_equivalent,
    h_chromatic_polynomial,
    h_chromatic_symmetric_function,
    self_chromatic_symmetric_function,
)
from sage_hcsf.symmetric_functions.stanley import (  # noqa: F401
    chromatic_symmetric_function,
    csf_functional,
    csf_functional_from_csf,
    forest_chromatic_symmetric_function,
    forest_cut_counts,
)
