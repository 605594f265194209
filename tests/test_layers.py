"""The import graph of the package follows its layers (docs/flow.rst).

Each module belongs to a *part*: a subpackage (``sage_hcsf.certify``), a
top module (``sage_hcsf.store``) or the kernels. The parts are layered; a
module may import its own part and the parts of lower layers -- at load
time and inside functions alike -- and nothing above. Over the graph of
files: no cycle, and no private name (``_x``) imported from another part.
Computed with ``ast`` over ``sage_hcsf/`` and a line scan of ``cython_ext/``.
"""
import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

LAYERS = {
    0: ("errors", "settings"),
    1: ("kernels",),
    2: ("graphs", "parallel", "mechanics"),
    3: ("fiber_types", "store"),
    4: ("symmetric_functions",),
    5: ("certify",),
    6: ("claims",),
    7: ("cli",),
    8: ("sage_hcsf", "__main__"),   # the package's front (its names load lazily), python -m
}
LAYER = {part: level for level, parts in LAYERS.items() for part in parts}
# What a part of the lowest layers may import besides itself: they share
# nothing sideways (the kernels raise the package's exceptions, nothing more).
MAY_IMPORT = {
    "errors": set(), "settings": set(), "kernels": {"errors"},
    "graphs": {"errors", "settings"}, "parallel": {"errors", "settings"},
    "mechanics": set(),
}


def module_name(path):
    """``sage_hcsf/certify/sweep.py`` -> ``sage_hcsf.certify.sweep``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def part_of(module):
    """``sage_hcsf.certify.sweep`` -> ``certify``; ``sage_hcsf`` -> itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "sage_hcsf"


def modules():
    """Return ``{module name: path}`` of the package's Python files and kernels."""
    found = {module_name(p): p for p in (ROOT / "sage_hcsf").rglob("*.py")}
    for p in (ROOT / "cython_ext").glob("*.pyx"):
        found[f"sage_hcsf.kernels.{p.stem}"] = p
    return found


KNOWN = modules()


def resolve(target, name=None):
    """Return the module of the package an import statement names (or None)."""
    if name and f"{target}.{name}" in KNOWN:
        return f"{target}.{name}"
    return target if target in KNOWN else None


def imports(path):
    """Return ``[(imported module, names, at load time)]`` of a file."""
    if path.suffix == ".pyx":
        found = []
        for line in path.read_text().splitlines():
            match = re.match(r"(\s*)from\s+(sage_hcsf[\w.]*)\s+import\s+([\w, ]+)", line) or \
                re.match(r"(\s*)import\s+(sage_hcsf[\w.]*)()", line)
            if match:
                names = [n.strip() for n in match.group(3).split(",") if n.strip()]
                found.append((match.group(2), names, not match.group(1)))
        return found
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                       ast.Lambda))
            if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module, [a.name for a in child.names], not in_function))
            elif isinstance(child, ast.Import):
                found.extend((a.name, [], not in_function) for a in child.names)
            visit(child, inside)
    visit(ast.parse(path.read_text()), False)
    return found


def edges():
    """Return ``[(importer, imported, names, at load time)]`` between modules of the package."""
    found = []
    for module, path in KNOWN.items():
        for target, names, top in imports(path):
            if not target.startswith("sage_hcsf"):
                continue
            for name in names or [None]:
                imported = resolve(target, name)
                assert imported is not None, f"{module} imports {target}: no such module"
                found.append((module, imported, name, top))
    return found


EDGES = edges()


def test_every_part_has_a_layer():
    parts = {part_of(m) for m in KNOWN}
    assert parts == set(LAYER), "declare the new part's layer in LAYERS (and docs/flow.rst)"


def test_the_graph_is_seen():
    """The scan finds imports of every kind (else the tests below pass vacuously)."""
    pairs = {(a, b, top) for a, b, _, top in EDGES}
    assert ("sage_hcsf.symmetric_functions.h_chromatic", "sage_hcsf.fiber_types.counts",
            True) in pairs
    assert ("sage_hcsf.kernels.fiber_dp", "sage_hcsf.errors", True) in pairs
    assert any(not top for _, _, _, top in EDGES)
    assert len(EDGES) > 200


def test_no_module_imports_a_higher_layer():
    upward = sorted({(a, b) for a, b, _, _ in EDGES if LAYER[part_of(b)] > LAYER[part_of(a)]})
    assert upward == []


def test_the_lowest_layers_import_only_what_they_may():
    for a, b, _, _ in EDGES:
        pa, pb = part_of(a), part_of(b)
        if pa in MAY_IMPORT and pb != pa:
            assert pb in MAY_IMPORT[pa], (a, b)


def test_parts_of_one_layer_do_not_import_each_other():
    for a, b, _, _ in EDGES:
        pa, pb = part_of(a), part_of(b)
        if pa != pb:
            assert LAYER[pa] != LAYER[pb], (a, b)


def strongly_connected_components(graph):
    """Tarjan's algorithm over ``{node: set of nodes}``; the components of two or more."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return components


@pytest.mark.parametrize("at_load_only", [True, False])
def test_no_cycle_between_files(at_load_only):
    graph = {}
    for a, b, _, top in EDGES:
        if a != b and (top or not at_load_only):
            graph.setdefault(a, set()).add(b)
    assert strongly_connected_components(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert strongly_connected_components({1: {2}, 2: {3}, 3: {1}, 4: {1}}) == [[1, 2, 3]]


def test_no_private_name_is_imported_from_another_part():
    crossing = sorted((a, b, name) for a, b, name, _ in EDGES
                      if name and name.startswith("_") and part_of(a) != part_of(b))
    assert crossing == []


def test_mechanics_imports_none_of_the_graph_code():
    for a, b, _, _ in EDGES:
        if part_of(a) == "mechanics":
            assert part_of(b) == "mechanics", (a, b)
