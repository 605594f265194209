"""Imports: the package loads its names lazily, each submodule stands alone."""
import subprocess
import sys

import pytest

import sage_hcsf


def run_python(code):
    """Run ``code`` in a fresh interpreter (the one running the tests)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)


def test_mechanics_does_not_load_the_hcsf_stack():
    result = run_python(
        "import sage_hcsf.mechanics; import sys\n"
        "loaded = [m for m in ('sage_hcsf.kernels.fiber_dp', 'sage_hcsf.fiber_types',\n"
        "                      'sage_hcsf.symmetric_functions', 'sage.combinat.sf.sf',\n"
        "                      'sage.graphs.graph') if m in sys.modules]\n"
        "assert not loaded, loaded")
    assert result.returncode == 0, result.stderr


def test_import_sage_hcsf_alone_loads_no_engine():
    result = run_python("import sage_hcsf, sys; assert 'sage_hcsf.kernels.fiber_dp' not in sys.modules")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("statement", [
    "from sage_hcsf import fiber_type_counts",
    "from sage_hcsf import StateBudgetExceeded, state_budget",
    "import sage_hcsf.mechanics",
    "from sage_hcsf.mechanics import *",
    "import sage_hcsf.graphs.families",
    "import sage_hcsf.parallel",
    "import sage_hcsf.symmetric_functions.stanley",
])
def test_each_entry_point_imports_from_plain_python(statement):
    """The import-order workaround (sage.rings.integer first) covers every entry."""
    result = run_python(statement)
    assert result.returncode == 0, result.stderr


def test_star_import_gives_every_public_name():
    namespace = {}
    exec("from sage_hcsf import *", namespace)
    assert set(sage_hcsf.__all__) <= set(namespace)
    assert callable(namespace["fiber_type_counts"])
    assert issubclass(namespace["StateBudgetExceeded"], MemoryError)


def test_lazy_names_are_the_defining_objects():
    from sage_hcsf.fiber_types.counts import fiber_type_counts
    from sage_hcsf.symmetric_functions.h_chromatic import h_chromatic_polynomial
    assert sage_hcsf.fiber_type_counts is fiber_type_counts
    assert sage_hcsf.h_chromatic_polynomial is h_chromatic_polynomial
    assert set(sage_hcsf.__all__) <= set(dir(sage_hcsf))


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_function"):
        sage_hcsf.no_such_function
    assert not hasattr(sage_hcsf, "no_such_function")


def test_package_docstring_is_an_overview():
    """``sage_hcsf?`` names the functions and says where the tutorials are."""
    doc = sage_hcsf.__doc__
    for name in sage_hcsf.__all__:
        assert name in doc, name
    assert "Tutorials" in doc and "doctests/" in doc


def test_tab_completion_offers_only_the_packages_own_names():
    """`sage_hcsf.<Tab>` listed `importlib` and `sage`."""
    names = dir(sage_hcsf)
    assert "importlib" not in names and "sage" not in names
    assert {"fiber_type_counts", "certify_self_csf", "__version__"} <= set(names)
