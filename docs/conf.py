"""
Sphinx configuration of the sage_hcsf manual (``make docs``).

Nothing here lists the modules by hand except which of them are the public
API. At every build (``generate_sources``):

- each module of the package ``sage_hcsf`` (found by walking the package,
  so a new module or subpackage appears by itself) gets a page
  ``_generated/modules/<module>.rst`` with ``automodule``;
- the modules are split into the public API (:data:`PUBLIC_MODULES`) and
  the internals (every other module), and each part gets a list, grouped
  by subpackage, with the first line of each module's docstring
  (``_generated/api_modules.inc`` and ``_generated/internal_modules.inc``,
  included by ``api.rst`` and ``internals.rst``);
- the names of ``from sage_hcsf import *`` are documented once, on the page
  ``functions.rst`` (directive ``.. public:: NAME``, which finds the module
  that defines the name); their modules' pages leave them out and point
  there;
- ``sage-hcsf --help`` and each command's ``--help`` are written to
  ``_generated/cli_help.inc`` (included by ``cli.rst``);
- each graph tutorial ``../doctests/*.rst`` is copied to
  ``_generated/tutorials/`` and each mechanics tutorial
  ``../doctests/mechanics/*.rst`` to ``_generated/mechanics/``.

``_generated/`` is build output (ignored by git).
"""
import argparse
import os
import pkgutil
import re
import sys

# Sage's core must be initialised from sage.rings.integer before any other
# Sage module (passagemath 10.8); importing sage_hcsf does that.
import sage_hcsf
from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.util import logging

logger = logging.getLogger(__name__)

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)
GENERATED = os.path.join(DOCS, "_generated")
TUTORIALS = os.path.join(ROOT, "doctests")
MECHANICS_TUTORIALS = os.path.join(TUTORIALS, "mechanics")

project = "sage_hcsf"
author = "the sage_hcsf developers (see AUTHORS)"
copyright = "the sage_hcsf developers; GPL-2.0-or-later"
version = release = sage_hcsf.__version__

sys.path.insert(0, DOCS)   # mathml.py: formulas as MathML, rendered when the docs are built
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.extlinks",
    "sphinx.ext.todo",
    "mathml",
]
html_math_renderer = "mathml"   # no MathJax: nothing loaded from a CDN, nothing raw offline

# Sage's docstring conventions: `x^2` is LaTeX, ``code`` is code.
default_role = "math"
autodoc_member_order = "bysource"
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    # A package's __all__ re-exports names documented in their own module;
    # document each object once, where it is defined.
    "ignore-module-all": True,
}
autodoc_inherit_docstrings = False
autoclass_content = "both"
add_module_names = False   # each page is one module: `fiber_type_counts(G, H, ...)`
extlinks = {
    "arxiv": ("https://arxiv.org/abs/%s", "arXiv:%s"),
    "doi": ("https://doi.org/%s", "doi:%s"),
    "oeis": ("https://oeis.org/%s", "OEIS %s"),
    "wikipedia": ("https://en.wikipedia.org/wiki/%s", "Wikipedia: %s"),
}
todo_include_todos = False

templates_path = []
exclude_patterns = ["_build"]
# Furo: a fluid layout (the text column narrows with the window, the
# sidebars fold away on a phone); code blocks and tables scroll inside
# themselves. custom.css: the formulas (fonts, display style, no scroll
# widget).
html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_title = f"sage_hcsf {release}"
html_show_sourcelink = False
html_theme_options = {"navigation_with_keys": True}

# The public API: the modules a user imports from (their pages are listed
# in api.rst). Every other module of the package is an internal (listed in
# internals.rst): the command line, the kernels, the machinery of sweeps.
PUBLIC_MODULES = (
    "sage_hcsf",
    "sage_hcsf.settings",
    "sage_hcsf.errors",
    "sage_hcsf.fiber_types",
    "sage_hcsf.fiber_types.counts",
    "sage_hcsf.fiber_types.engines",
    "sage_hcsf.fiber_types.progress",
    "sage_hcsf.symmetric_functions",
    "sage_hcsf.symmetric_functions.h_chromatic",
    "sage_hcsf.symmetric_functions.stanley",
    "sage_hcsf.symmetric_functions.bases",
    "sage_hcsf.symmetric_functions.expansion",
    "sage_hcsf.symmetric_functions.graph_methods",
    "sage_hcsf.symmetric_functions.spans",
    "sage_hcsf.graphs",
    "sage_hcsf.graphs.families",
    "sage_hcsf.graphs.graph_data",
    "sage_hcsf.graphs.trees",
    "sage_hcsf.certify",
    "sage_hcsf.certify.runs",
    "sage_hcsf.certify.report",
    "sage_hcsf.certify.ladder",
    "sage_hcsf.certify.certificate",
    "sage_hcsf.certify.csf_ladder",
    "sage_hcsf.store",
    "sage_hcsf.store.results",
    "sage_hcsf.parallel",
    "sage_hcsf.parallel.executors",
    "sage_hcsf.parallel.dask_cluster",
    "sage_hcsf.claims",
    "sage_hcsf.claims.registry",
    "sage_hcsf.claims.distinguishability",
    "sage_hcsf.claims.stars",
    "sage_hcsf.claims.bases",
    "sage_hcsf.claims.polynomial",
    "sage_hcsf.mechanics",
    "sage_hcsf.mechanics.lagrangian",
    "sage_hcsf.mechanics.laws",
    "sage_hcsf.mechanics.symmetry",
    "sage_hcsf.mechanics.simulation",
)


def sage_console_lexer():
    """The IPython console lexer with Sage's prompts, or None without IPython."""
    try:
        from ipython_pygments_lexers import IPythonConsoleLexer
    except ImportError:
        try:
            from IPython.lib.lexers import IPythonConsoleLexer
        except ImportError:
            return None
    return IPythonConsoleLexer(in1_regex=r"sage: ", in2_regex=r"[.][.][.][.]: ")


if sage_console_lexer() is not None:
    from sphinx.highlighting import lexers

    lexers["sage"] = sage_console_lexer()
    highlight_language = "sage"


class LinkAll(Directive):
    """Sage's ``.. linkall`` (link every name in the code): accepted, no output."""

    def run(self):
        return []


def public_names():
    """
    The names of ``from sage_hcsf import *``: name -> (the module that
    defines the object, the name it is defined under, autodoc directive).
    An alias (``StateBudgetExceeded``) maps to the name it aliases.
    """
    names = {}
    for name in sage_hcsf.__all__:
        value = getattr(sage_hcsf, name)
        defined = getattr(value, "__name__", name)
        kind = "autoclass" if isinstance(value, type) else "autofunction"
        names[name] = (value.__module__, defined, kind)
    return names


class PublicName(Directive):
    """
    ``.. public:: NAME``: the docstring of ``sage_hcsf.NAME``, from the module
    that defines it (found at build time, so that a function that moves
    keeps its place here). The one place it is documented: the module's own
    page leaves it out. An alias is one line naming what it aliases.
    """
    required_arguments = 1

    def run(self):
        name = self.arguments[0]
        names = public_names()
        if name not in names:
            raise self.error(f"{name!r} is not a name of `from sage_hcsf import *`")
        module, defined, kind = names[name]
        if defined != name:
            text = [f"``{name}`` is another name of :class:`~{module}.{defined}` (the same "
                    f"object), kept for older code."]
        else:
            text = [f".. {kind}:: {module}.{name}"]
        node = nodes.container()
        self.state.nested_parse(StringList(text, source=f"public:{name}"),
                                self.content_offset, node)
        return node.children


class NameList(Directive):
    """
    ``.. names:: MODULE``: a list of the names of ``MODULE.__all__``, each
    linked to its docstring (in the module that defines it) with the first
    line of that docstring.
    """
    required_arguments = 1

    def run(self):
        import importlib
        module = importlib.import_module(self.arguments[0])
        lines = []
        for name in module.__all__:
            value = getattr(module, name)
            role = "class" if isinstance(value, type) else "func"
            first = first_paragraph(getattr(value, "__doc__", None))
            lines.append(f"- :{role}:`~{value.__module__}.{name}` -- {first}")
        node = nodes.container()
        self.state.nested_parse(StringList(lines, source=f"names:{module.__name__}"),
                                self.content_offset, node)
        return node.children


def write_if_changed(path, text):
    """Write ``text`` to ``path`` unless it holds it already (keeps builds incremental)."""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def package_modules():
    """Every module and subpackage of sage_hcsf, by name."""
    def fail(name):
        raise ImportError(f"cannot import {name} to document it: {sys.exc_info()[1]}")
    names = {sage_hcsf.__name__}
    names.update(m.name for m in pkgutil.walk_packages(sage_hcsf.__path__, "sage_hcsf.",
                                                       onerror=fail))
    return sorted(names)


def is_public(name):
    """Whether the module ``name`` is listed with the public API (else: the internals)."""
    return name in PUBLIC_MODULES


def first_paragraph(doc):
    """
    The first paragraph of the docstring ``doc``, on one line, to be shown
    out of its module: a cross-reference to a bare name (``:func:`name```,
    relative to the module) becomes one searched everywhere (``.name``).
    """
    paragraph = (doc or "").strip().split("\n\n")[0]
    text = " ".join(line.strip() for line in paragraph.splitlines())
    return re.sub(r"(:[a-z]+:`~?)(?=[A-Za-z_]\w*`)", r"\1.", text)


def summary(name):
    """The first line of the docstring of the module ``name`` (its one-line description)."""
    import importlib
    return first_paragraph(importlib.import_module(name).__doc__) or "(no description)"


def module_page(name, excluded):
    """The reST of the page of module ``name``, leaving out the public names ``excluded``."""
    title = f":mod:`{name}`"
    lines = [title, "=" * len(title), ""]
    if excluded:
        links = ", ".join(f":func:`~{name}.{e}`" if e[0].islower() else f":class:`~{name}.{e}`"
                          for e in excluded)
        lines += [".. note::", "", f"   The public names defined here, {links}, are documented "
                  f"with the other functions of ``from sage_hcsf import *`` on :doc:`/functions`.",
                  ""]
    lines.append(f".. automodule:: {name}")
    if excluded:
        lines.append(f"   :exclude-members: {', '.join(excluded)}")
    return "\n".join(lines) + "\n"


def module_list(modules):
    """
    The reST of a list of ``modules``: a hidden toctree of their pages and,
    grouped by subpackage (the package itself, then its subpackages in the
    order of :data:`PUBLIC_MODULES`), each module with its description.
    """
    import importlib
    subpackages = [m for m in package_modules() if m.count(".") == 1
                   and hasattr(importlib.import_module(m), "__path__")]
    order = ["sage_hcsf"] + [m for m in PUBLIC_MODULES if m in subpackages]
    groups = {}
    for name in modules:
        key = ".".join(name.split(".")[:2])
        groups.setdefault(key if key in subpackages else "sage_hcsf", []).append(name)
    keys = sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g))
    for key in keys:
        groups[key].sort(key=lambda m: (m != key, m))
    lines = [".. toctree::", "   :hidden:", ""]   # the sidebar, in the order of the list
    lines += [f"   _generated/modules/{name}" for key in keys for name in groups[key]]
    for key in keys:
        heading = f"``{key}``"
        lines += ["", heading, "-" * len(heading), ""]
        if key not in groups[key]:   # a public subpackage, among the internals
            lines += [f"Internals of :mod:`{key}`.", ""]
        lines += [f"- :mod:`{name}` -- {summary(name)}" for name in groups[key]]
    return "\n".join(lines) + "\n"


def command_line_help():
    """The reST of ``sage-hcsf --help`` and of each command's ``--help`` (80 columns)."""
    from sage_hcsf.cli.commands import command_line_parser
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    try:
        parser = command_line_parser("sage-hcsf")
        sections = [("sage-hcsf --help", parser)]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                sections += [(f"sage-hcsf {name} --help", sub)
                             for name, sub in action.choices.items()]
        lines = []
        for title, sub in sections:
            lines += [f"``{title}``", "~" * (len(title) + 4), "", ".. code-block:: text", ""]
            lines += ["   " + line if line else "" for line in sub.format_help().splitlines()]
            lines.append("")
        return "\n".join(lines)
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def generate_sources():
    """Write the module pages, the module lists and the CLI help; copy the tutorials."""
    modules_dir = os.path.join(GENERATED, "modules")
    tutorials_dir = os.path.join(GENERATED, "tutorials")
    mechanics_dir = os.path.join(GENERATED, "mechanics")
    for folder in (modules_dir, tutorials_dir, mechanics_dir):
        os.makedirs(folder, exist_ok=True)
    modules = package_modules()
    unknown = [m for m in PUBLIC_MODULES if m not in modules]
    if unknown:
        logger.warning(f"docs/conf.py: PUBLIC_MODULES names modules that do not exist: "
                       f"{', '.join(unknown)}")
    excluded = {}
    for module, defined, _ in public_names().values():
        excluded.setdefault(module, set()).add(defined)
    for name in modules:
        write_if_changed(os.path.join(modules_dir, name + ".rst"),
                         module_page(name, sorted(excluded.get(name, ()))))
    write_if_changed(os.path.join(GENERATED, "api_modules.inc"),
                     module_list([m for m in modules if is_public(m)]))
    write_if_changed(os.path.join(GENERATED, "internal_modules.inc"),
                     module_list([m for m in modules if not is_public(m)]))
    write_if_changed(os.path.join(GENERATED, "cli_help.inc"), command_line_help())
    copied = {}
    for source, target in ((TUTORIALS, tutorials_dir), (MECHANICS_TUTORIALS, mechanics_dir)):
        names = [f[:-4] for f in os.listdir(source) if f.endswith(".rst")]
        for name in names:
            with open(os.path.join(source, name + ".rst"), encoding="utf-8") as f:
                write_if_changed(os.path.join(target, name + ".rst"), f.read())
        copied[target] = names
    # Pages of modules or tutorials that no longer exist.
    for folder, keep in ((modules_dir, modules), *copied.items()):
        for f in os.listdir(folder):
            if f.endswith(".rst") and f[:-4] not in keep:
                os.remove(os.path.join(folder, f))


def setup(app):
    app.add_directive("linkall", LinkAll)
    app.add_directive("public", PublicName)
    app.add_directive("names", NameList)
    generate_sources()
    return {"parallel_read_safe": True}
