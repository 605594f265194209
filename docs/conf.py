"""
Sphinx configuration of the sage_hcsf reference (``make docs``).

The module list is not written anywhere: at every build, each module of the
package ``sage_hcsf`` (found by walking the package, so a new module or
subpackage appears by itself) gets a page ``_generated/modules/<module>.rst``
with ``automodule``, which ``reference.rst`` collects by a glob; each
tutorial ``../doctests/*.rst`` is copied to ``_generated/tutorials/``, which
``tutorials.rst`` collects the same way. ``_generated/`` is build output
(ignored by git).
"""
import os
import pkgutil
import sys

# Sage's core must be initialised from sage.rings.integer before any other
# Sage module (passagemath 10.8); importing sage_hcsf does that.
import sage_hcsf
from docutils.parsers.rst import Directive

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)
GENERATED = os.path.join(DOCS, "_generated")
TUTORIALS = os.path.join(ROOT, "doctests")

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
extlinks = {
    "arxiv": ("https://arxiv.org/abs/%s", "arXiv:%s"),
    "doi": ("https://doi.org/%s", "doi:%s"),
    "oeis": ("https://oeis.org/%s", "OEIS %s"),
    "wikipedia": ("https://en.wikipedia.org/wiki/%s", "Wikipedia: %s"),
}
todo_include_todos = False

templates_path = []
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = ["_static"]   # custom.css: code blocks scroll, the sidebar wraps
html_title = f"sage_hcsf {release}"
html_show_sourcelink = False


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


def generate_sources():
    """Write the module pages and copy the tutorials into _generated/."""
    modules_dir = os.path.join(GENERATED, "modules")
    tutorials_dir = os.path.join(GENERATED, "tutorials")
    for folder in (modules_dir, tutorials_dir):
        os.makedirs(folder, exist_ok=True)
    modules = package_modules()
    for name in modules:
        title = f":mod:`{name}`"
        write_if_changed(os.path.join(modules_dir, name + ".rst"),
                         f"{title}\n{'=' * len(title)}\n\n.. automodule:: {name}\n")
    tutorials = [f[:-4] for f in os.listdir(TUTORIALS) if f.endswith(".rst")]
    for name in tutorials:
        with open(os.path.join(TUTORIALS, name + ".rst"), encoding="utf-8") as f:
            write_if_changed(os.path.join(tutorials_dir, name + ".rst"), f.read())
    # Pages of modules or tutorials that no longer exist.
    for folder, keep in ((modules_dir, modules), (tutorials_dir, tutorials)):
        for f in os.listdir(folder):
            if f.endswith(".rst") and f[:-4] not in keep:
                os.remove(os.path.join(folder, f))


def setup(app):
    app.add_directive("linkall", LinkAll)
    generate_sources()
    return {"parallel_read_safe": True}

