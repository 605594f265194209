"""The import graph of the package follows its layers (docs/flow.rst):
kernels and graph data at the bottom, then fiber_types, the symmetric
functions, the studies' infrastructure (certificates, certify, sweep,
store...), the claims, and the command line at the top. A module may import
a module of its own layer or below when it is loaded; going up is allowed
only inside a function, and only where listed here. Computed with ``ast``
over sage_hcsf/ and with a line scan over cython_ext/*.pyx."""
import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
KERNELS = ("fiber_dp", "enumerate_homs", "power_sums", "tree_cuts", "tree_homs")

LAYERS = {
    # the package itself loads its names lazily (nothing when imported), and
    # mechanics shares nothing with the graph code (see the last test)
    0: KERNELS + ("graph_data", "closed_forms", "sage_hcsf", "mechanics"),
    1: ("fiber_types",),
    2: ("symmetric_functions", "tree_csf", "graph_methods"),
    3: ("certificates", "certify", "sweep", "store", "buckets", "estimate", "tree_layers",
        "families", "spans", "dask_worker"),
    4: ("claims", "report"),
    5: ("cli", "__main__"),
}
LAYER = {module: level for level, modules in LAYERS.items() for module in modules}

# Imports that go up a layer, inside functions (so the lower module still
# loads alone). Each is a seam for a later cut; a new one must be added
# here on purpose.
UPWARD_IN_FUNCTIONS = {
    ("symmetric_functions", "store"),  # self_chromatic_symmetric_function(store="a file name")
}

# Kernels importing another kernel's Python-level names (issue 17 wants none:
# an errors module both kernels and the package import). Known, inside functions.
KERNEL_TO_KERNEL = {
    ("enumerate_homs", "fiber_dp"),   # MemoryBudgetExceeded, format_bytes
    ("power_sums", "fiber_dp"),       # MemoryBudgetExceeded
    ("tree_cuts", "fiber_dp"),        # MemoryBudgetExceeded
}


def _module_name(target):
    """``sage_hcsf.x.y`` -> ``x`` (the top module of the package); ``sage_hcsf`` -> itself."""
    parts = target.split(".")
    return parts[1] if len(parts) > 1 else "sage_hcsf"


def python_imports(path):
    """Return ``{(imported module, at module level)}`` for a Python file."""
    tree = ast.parse(path.read_text())
    found = set()

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                       ast.Lambda))
            targets = []
            if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                targets = [child.module]
            elif isinstance(child, ast.ImportFrom) and child.level:   # relative: in the package
                targets = ["sage_hcsf." + (child.module or "")]
            elif isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            for target in targets:
                if target == "sage_hcsf" or target.startswith("sage_hcsf."):
                    found.add((_module_name(target), not in_function))
            visit(child, inside)
    visit(tree, False)
    return found


def pyx_imports(path):
    """Return ``{(imported module, at module level)}`` for a Cython file
    (lines ``from sage_hcsf... import`` or ``import sage_hcsf...``; an
    indented one is inside a function)."""
    found = set()
    for line in path.read_text().splitlines():
        match = re.match(r"(\s*)(?:from|import)\s+(sage_hcsf[\w.]*)", line)
        if match:
            found.add((_module_name(match.group(2)), not match.group(1)))
    return found


def import_graph():
    """Return ``{(importer, imported, at module level)}`` over the package's modules."""
    edges = set()
    for path in sorted((ROOT / "sage_hcsf").glob("*.py")):
        for imported, top in python_imports(path):
            edges.add((path.stem, imported, top))
    for path in sorted((ROOT / "sage_hcsf" / "claims").glob("*.py")):
        for imported, top in python_imports(path):
            edges.add(("claims", imported, top))
    for path in sorted((ROOT / "cython_ext").glob("*.pyx")):
        for imported, top in pyx_imports(path):
            edges.add((path.stem, imported, top))
    return edges


def test_every_module_has_a_layer():
    modules = {p.stem for p in (ROOT / "sage_hcsf").glob("*.py")} - {"__init__"}
    modules |= {p.stem for p in (ROOT / "cython_ext").glob("*.pyx")}
    modules |= {"claims", "sage_hcsf", "mechanics"}
    assert modules == set(LAYER), "declare the new module's layer in LAYERS (and docs/flow.rst)"


def test_the_graph_is_seen():
    """The scan finds imports of both kinds (else the tests below pass vacuously)."""
    edges = import_graph()
    assert ("symmetric_functions", "fiber_types", True) in edges
    assert ("symmetric_functions", "store", False) in edges
    assert ("enumerate_homs", "fiber_dp", False) in edges


def test_no_module_imports_a_higher_layer_when_loaded():
    upward = sorted((a, b) for a, b, top in import_graph()
                    if top and b in LAYER and a in LAYER and LAYER[b] > LAYER[a])
    assert upward == []


def test_upward_imports_inside_functions_are_the_listed_ones():
    upward = {(a, b) for a, b, top in import_graph()
              if not top and a in LAYER and LAYER.get(b, 6) > LAYER[a]}
    assert upward == UPWARD_IN_FUNCTIONS


def test_kernels_import_no_package_module():
    for a, b, top in import_graph():
        if a in KERNELS:
            assert b in KERNELS, (a, b)       # a kernel needs nothing of the package
            assert not top, (a, b)            # and loads no other kernel with itself
    kernel_to_kernel = {(a, b) for a, b, _ in import_graph() if a in KERNELS and b != a}
    assert kernel_to_kernel == KERNEL_TO_KERNEL


@pytest.mark.parametrize("layer", [0, 1, 2, 3])
def test_infrastructure_imports_no_claim(layer):
    for a, b, _ in import_graph():
        if LAYER.get(a) == layer:
            assert b not in ("claims", "report", "cli"), (a, b)


def test_mechanics_imports_none_of_the_graph_code():
    for path in sorted((ROOT / "sage_hcsf" / "mechanics").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("sage_hcsf"):
                    assert name.startswith("sage_hcsf.mechanics"), (path.name, name)
