r"""
sage_hcsf: H-chromatic symmetric functions for SageMath

For graphs `G` and `H`, every homomorphism `\phi: G \to H` has a *fiber
type*, the partition of `|V(G)|` formed by the sizes of its nonempty
fibers; with `N_\lambda(G, H)` the number of homomorphisms of fiber type
`\lambda`, the *H-chromatic symmetric function* is
`X_G^H = \sum_\lambda N_\lambda(G, H)\, \tilde m_\lambda` [EFHKY2022]_.

Functions (``from sage_hcsf import *``):

- :func:`~sage_hcsf.fiber_types.counts.fiber_type_counts` -- `N_\lambda(G, H)`,
  a dictionary ``Partition -> Integer``;
  :func:`~sage_hcsf.fiber_types.counts.count_homomorphisms` -- `|\mathrm{Hom}(G, H)|`
- :func:`~sage_hcsf.symmetric_functions.h_chromatic.h_chromatic_symmetric_function` --
  `X_G^H` in any basis of ``SymmetricFunctions(R)``;
  :func:`~sage_hcsf.symmetric_functions.h_chromatic.self_chromatic_symmetric_function`
  -- `X_G^G`;
  :func:`~sage_hcsf.symmetric_functions.stanley.chromatic_symmetric_function` --
  Stanley's `X_G` (forests by counting cuts, :mod:`sage_hcsf.symmetric_functions.stanley`)
- :func:`~sage_hcsf.symmetric_functions.stanley.csf_functional` -- a seeded random linear
  functional of Stanley's `X_T` modulo a prime, in `O(n^2)` for a tree (a
  certificate: different values prove different `X_T`);
  :func:`~sage_hcsf.symmetric_functions.stanley.csf_functional_from_csf` -- the same read off
  `X_T`
- :func:`~sage_hcsf.symmetric_functions.h_chromatic.h_chromatic_polynomial` --
  `\chi_G^H(x)`;
  :func:`~sage_hcsf.symmetric_functions.h_chromatic.are_h_chromatically_equivalent`
- :func:`~sage_hcsf.symmetric_functions.graph_methods.extend_graph_classes` -- the same as
  methods of Sage's ``Graph`` (explicit, idempotent)
- :func:`~sage_hcsf.settings.memory_budget` (bytes),
  :func:`~sage_hcsf.settings.enumeration_limit`,
  :class:`~sage_hcsf.errors.MemoryBudgetExceeded`,
  :func:`~sage_hcsf.symmetric_functions.expansion.clear_power_sum_cache` -- budgets
  (:func:`~sage_hcsf.settings.state_budget` and
  :class:`~sage_hcsf.errors.StateBudgetExceeded` are the older names)
- :func:`~sage_hcsf.certify.runs.certify_self_csf` -- a certified sweep: does
  the self-CSF distinguish every graph of a family (all trees on `n`
  vertices, ...)? :class:`~sage_hcsf.store.results.ResultStore` -- the SQLite
  store that makes sweeps resumable and remembers self-CSFs

Submodules: :mod:`sage_hcsf.graphs.families` (spiders, caterpillars, complete
multipartite graphs), :mod:`sage_hcsf.claims` (the published claims, as
checkers), :mod:`sage_hcsf.parallel` (sweeps on a process pool or a Dask
cluster), :mod:`sage_hcsf.certify` (certified sweeps),
:mod:`sage_hcsf.symmetric_functions.stanley` (Stanley's `X_T` of forests, and its functional
certificates), :mod:`sage_hcsf.store`
(the result store) and
:mod:`sage_hcsf.mechanics` (Noether's learning dynamics, symbolic; it
imports none of the graph code).

Where to read on, with what the installed package has:

- ``fiber_type_counts?``, ``h_chromatic_symmetric_function?``, ... -- each
  function above, its options and its examples (``??``: its source);
- ``sage_hcsf.certify?``, ``sage_hcsf.claims?``, ``sage_hcsf.mechanics?``,
  ... -- each submodule, with examples;
- ``sage-hcsf --help`` in a shell (or ``python -m sage_hcsf --help``) --
  the commands; ``sage-hcsf tour`` prints the worked examples of the
  definition.

Tutorials and the manual: the Sphinx manual (getting started, the functions
by task, the tutorials, engines and budgets, certified sweeps, the command
line, results, and the reference) is built from a source checkout by
``make docs`` (``docs/_build/html/index.html``); its sources and the
tutorials, Sage doctest files ``doctests/*.rst``, read as text there too.

``import sage_hcsf`` loads the names above only when first used, so
``import sage_hcsf.mechanics`` does not load the graph code.

EXAMPLES::

    sage: from sage_hcsf import self_chromatic_symmetric_function
    sage: self_chromatic_symmetric_function(graphs.PathGraph(3))
    2*p[1, 1, 1] - 2*p[2, 1]

TESTS::

    sage: import sage_hcsf
    sage: sage_hcsf.no_such_name
    Traceback (most recent call last):
    ...
    AttributeError: module 'sage_hcsf' has no attribute 'no_such_name'
    sage: set(sage_hcsf.__all__) <= set(dir(sage_hcsf))
    True
"""
import os as _os
import sys as _sys


def _the_command_line():
    r"""
    Return the name of the command line if this process is it (the
    ``sage-hcsf`` console script, or ``python -m sage_hcsf`` while
    ``sys.argv[0]`` is still ``"-m"``), else ``None``.

    EXAMPLES::

        sage: from sage_hcsf import _the_command_line
        sage: _the_command_line() is None     # a Sage session, not the command line
        True
    """
    first = _sys.argv[0] if _sys.argv else ""
    if first == "-m" and "sage_hcsf" in getattr(_sys, "orig_argv", ()):
        return "python -m sage_hcsf"
    if _os.path.basename(first) == "sage-hcsf":
        return "sage-hcsf"
    return None


# Sage's core must be initialised from sage.rings.integer: importing
# sage.graphs.graph or sage.symbolic.ring first fails with a circular
# import (passagemath 10.8). Every submodule needs one of them, so this
# import stays eager; everything else below is loaded on first use.
# Ctrl-C while it loads (the first 0.7 s of every command) stops the command
# line with one line and exit status 130, not a traceback of 70 to 220 lines
# from inside Sage's imports; Sage's own handler of Ctrl-C (cysignals) is left
# alone. Anywhere else the KeyboardInterrupt goes on as usual.
try:
    import sage.rings.integer  # noqa: F401  isort: skip
except KeyboardInterrupt:
    if not _the_command_line():
        raise
    from sage_hcsf.cli import interrupted_while_loading
    _os._exit(interrupted_while_loading(_the_command_line()))

import importlib as _importlib  # noqa: E402
import importlib.abc  # noqa: E402, F401  (_importlib.abc, _importlib.util below)
import importlib.util  # noqa: E402, F401
from types import ModuleType as _ModuleType  # noqa: E402

del sage   # the names of sage_hcsf are its own (sage_hcsf.<Tab>)

__version__ = "0.1.0"

# Public name -> the module that defines it (loaded on first access).
_LAZY_NAMES = {
    "MemoryBudgetExceeded": "sage_hcsf.errors",
    "ResultStore": "sage_hcsf.store",
    "StateBudgetExceeded": "sage_hcsf.errors",
    "are_h_chromatically_equivalent": "sage_hcsf.symmetric_functions.h_chromatic",
    "certify_self_csf": "sage_hcsf.certify.runs",
    "chromatic_symmetric_function": "sage_hcsf.symmetric_functions.stanley",
    "csf_functional": "sage_hcsf.symmetric_functions.stanley",
    "csf_functional_from_csf": "sage_hcsf.symmetric_functions.stanley",
    "clear_power_sum_cache": "sage_hcsf.symmetric_functions.expansion",
    "count_homomorphisms": "sage_hcsf.fiber_types.counts",
    "enumeration_limit": "sage_hcsf.settings",
    "extend_graph_classes": "sage_hcsf.symmetric_functions.graph_methods",
    "fiber_type_counts": "sage_hcsf.fiber_types.counts",
    "h_chromatic_polynomial": "sage_hcsf.symmetric_functions.h_chromatic",
    "h_chromatic_symmetric_function": "sage_hcsf.symmetric_functions.h_chromatic",
    "memory_budget": "sage_hcsf.settings",
    "self_chromatic_symmetric_function": "sage_hcsf.symmetric_functions.h_chromatic",
    "state_budget": "sage_hcsf.settings",
}

# Modules that moved into the subpackages keep their old paths: importing
# sage_hcsf.OLD gives the module (or, where its names went to several, a
# module that looks them up there).
_MOVED = {
    "sage_hcsf.buckets": ("sage_hcsf.certify.buckets",),
    "sage_hcsf.certificates": ("sage_hcsf.certify.ladder",),
    "sage_hcsf.closed_forms": ("sage_hcsf.fiber_types.closed_forms",),
    "sage_hcsf.dask_worker": ("sage_hcsf.parallel.dask_worker",),
    "sage_hcsf.estimate": ("sage_hcsf.certify.estimate",),
    "sage_hcsf.families": ("sage_hcsf.graphs.families",),
    "sage_hcsf.graph_data": ("sage_hcsf.graphs.graph_data",),
    "sage_hcsf.graph_methods": ("sage_hcsf.symmetric_functions.graph_methods",),
    "sage_hcsf.report": ("sage_hcsf.claims.report",),
    "sage_hcsf.spans": ("sage_hcsf.symmetric_functions.spans",),
    "sage_hcsf.sweep": ("sage_hcsf.parallel", "sage_hcsf.certify.batch"),
    "sage_hcsf.tree_csf": ("sage_hcsf.symmetric_functions.stanley", "sage_hcsf.graphs.trees"),
    "sage_hcsf.tree_layers": ("sage_hcsf.certify.tree_layers",),
    "sage_hcsf.enumerate_homs": ("sage_hcsf.kernels.enumerate_homs", "sage_hcsf.errors"),
    "sage_hcsf.fiber_dp": ("sage_hcsf.kernels.fiber_dp", "sage_hcsf.errors"),
    "sage_hcsf.power_sums": ("sage_hcsf.kernels.power_sums",),
    "sage_hcsf.tree_cuts": ("sage_hcsf.kernels.tree_cuts",),
    "sage_hcsf.tree_homs": ("sage_hcsf.kernels.tree_homs",),
}


class _MovedModules(_importlib.abc.MetaPathFinder, _importlib.abc.Loader):
    r"""
    Import the old path of a moved module (:data:`_MOVED`) as its new home.

    TESTS::

        sage: import sage_hcsf.families, sage_hcsf.graphs.families
        sage: sage_hcsf.families is sage_hcsf.graphs.families
        True
        sage: from sage_hcsf.sweep import DaskExecutor, self_fiber_counts
        sage: DaskExecutor.__module__, self_fiber_counts.__module__
        ('sage_hcsf.parallel.dask_cluster', 'sage_hcsf.certify.batch')
        sage: from sage_hcsf.fiber_dp import KERNEL_VERSION, MemoryBudgetExceeded
        sage: from sage_hcsf.sweep import no_such_name
        Traceback (most recent call last):
        ...
        ImportError: cannot import name 'no_such_name' from 'sage_hcsf.sweep' ...
    """

    def find_spec(self, name, path=None, target=None):
        if name in _MOVED:
            return _importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return None   # a plain module; exec_module puts the real one in its place

    def exec_module(self, module):
        homes = [_importlib.import_module(home) for home in _MOVED[module.__name__]]
        if len(homes) == 1:
            _sys.modules[module.__name__] = homes[0]
            return

        def __getattr__(name):
            for home in homes:
                if hasattr(home, name):
                    return getattr(home, name)
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r} "
                                 f"(it moved to {', '.join(h.__name__ for h in homes)})")
        module.__getattr__ = __getattr__
        module.__doc__ = f"Moved to {', '.join(h.__name__ for h in homes)}."


_sys.meta_path.append(_MovedModules())

__all__ = sorted(_LAZY_NAMES)

# The subpackages and modules the overview above names: sage_hcsf.<Tab> offers
# them (loaded on first use), not the kernels, the command line or old paths.
_SUBMODULES = ("certify", "claims", "errors", "fiber_types", "graphs", "mechanics", "parallel",
               "settings", "store", "symmetric_functions")


def __getattr__(name):
    r"""
    Import the module that defines ``name`` and return ``name`` from it
    (or the submodule ``name`` itself).

    TESTS::

        sage: import sage_hcsf
        sage: sage_hcsf.__getattr__("fiber_type_counts")
        <function fiber_type_counts at 0x...>
        sage: sage_hcsf.__getattr__("claims")
        <module 'sage_hcsf.claims' from '...'>
    """
    if name in _SUBMODULES:
        return _importlib.import_module(f"{__name__}.{name}")
    if name not in _LAZY_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(_LAZY_NAMES[name]), name)
    globals()[name] = value
    return value


def __dir__():
    r"""
    Return the module's names, the lazily loaded ones included: the public
    functions, the subpackages and modules the overview names (loaded or
    not) and ``__version__``; not the modules it imports for itself, nor
    the kernels, the command line or the old paths of moved modules,
    loaded or not (what ``sage_hcsf.<Tab>`` offers).

    TESTS::

        sage: import sage_hcsf, sage_hcsf.kernels.fiber_dp, sage_hcsf.cli, sage_hcsf.families
        sage: "h_chromatic_polynomial" in sage_hcsf.__dir__()
        True
        sage: [name for name in dir(sage_hcsf) if name in ("sage", "importlib", "kernels", "cli")]
        []
        sage: [name for name in dir(sage_hcsf) if name in sage_hcsf._SUBMODULES] == list(sage_hcsf._SUBMODULES)
        True
    """
    own = [name for name, value in globals().items()
           if not name.startswith("_") and not isinstance(value, _ModuleType)]
    return sorted(set(own) | set(_LAZY_NAMES) | set(_SUBMODULES) | {"__version__"})
