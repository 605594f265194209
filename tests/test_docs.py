"""What a Sage user expects around the code: reference docs, license, a working `?`."""
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

import pytest


ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_docs_conf():
    """The Sphinx configuration module docs/conf.py."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("sage_hcsf_docs_conf", ROOT / "docs" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


DOCS = ROOT / "docs"


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory):
    """
    The HTML manual, built once a session as ``make docs`` builds it (every
    page read again, warnings as errors); the path of its folder.
    SAGE_HCSF_DOCS_HTML=DIR reuses a build instead.
    """
    reuse = os.environ.get("SAGE_HCSF_DOCS_HTML")
    if reuse:
        return pathlib.Path(reuse)
    out = tmp_path_factory.mktemp("docs") / "html"
    built = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-q",
                            "-b", "html", str(DOCS), str(out)],
                           capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr[-3000:]
    return out


def toctree_entries(page):
    """The entries of the toctrees of the docs page ``page`` (a name), in order."""
    entries = []
    lines = (DOCS / f"{page}.rst").read_text().splitlines()
    for i, line in enumerate(lines):
        if line.startswith(".. toctree::"):
            for entry in lines[i + 1:]:
                if entry and not entry.startswith("   "):
                    break
                if entry.strip() and not entry.strip().startswith(":"):
                    entries.append(entry.strip())
    return entries


def test_docs_reference_every_module_and_every_tutorial():
    """The module list is made from the package: nothing to forget."""
    conf = load_docs_conf()
    modules = set(conf.package_modules())
    package = ROOT / "sage_hcsf"
    on_disk = set()
    for path in package.rglob("*"):
        if path.suffix in (".py", ".so") and "__pycache__" not in path.parts:
            parts = path.relative_to(ROOT).with_name(path.name.split(".")[0]).parts
            on_disk.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    assert modules == on_disk
    assert {"sage_hcsf.mechanics.laws", "sage_hcsf.kernels.fiber_dp", "sage_hcsf.fiber_types"} <= modules
    assert "_generated/tutorials/*" in (DOCS / "tutorials.rst").read_text()
    assert sorted(p.name for p in (ROOT / "doctests").glob("*.rst"))
    assert sorted(p.name for p in (ROOT / "doctests" / "mechanics").glob("*.rst"))


def test_reference_keeps_the_internals_apart_from_the_public_api():
    """The reference was one flat list: `__main__`, `cli`, `dask_worker` and
    `buckets` beside the API, no module described."""
    conf = load_docs_conf()
    modules = conf.package_modules()
    assert set(conf.PUBLIC_MODULES) <= set(modules), "PUBLIC_MODULES names a missing module"
    public = [m for m in modules if conf.is_public(m)]
    internal = [m for m in modules if not conf.is_public(m)]
    for name in ("sage_hcsf.__main__", "sage_hcsf.cli", "sage_hcsf.cli.verify",
                 "sage_hcsf.parallel.dask_worker", "sage_hcsf.certify.buckets",
                 "sage_hcsf.kernels.fiber_dp"):
        assert name in internal, name
    for name in ("sage_hcsf", "sage_hcsf.fiber_types.counts", "sage_hcsf.mechanics",
                 "sage_hcsf.store", "sage_hcsf.certify.runs"):
        assert name in public, name
    api, internals = conf.module_list(public), conf.module_list(internal)
    assert "- :mod:`sage_hcsf.fiber_types.counts` -- " + conf.summary("sage_hcsf.fiber_types.counts") in api
    assert "sage_hcsf.cli.verify" in internals and "sage_hcsf.cli.verify" not in api
    assert "_generated/api_modules.inc" in (DOCS / "api.rst").read_text()
    assert "_generated/internal_modules.inc" in (DOCS / "internals.rst").read_text()


def test_manual_pages_come_in_a_newcomers_order():
    """"How a computation flows" came before the tutorials, the mechanics
    tutorial sat among the graph ones; the module reference comes last."""
    entries = toctree_entries("index")
    assert entries[:2] == ["getting_started", "functions"]
    for page in ("tutorials", "engines", "sweeps", "cli", "results", "benchmarks", "mechanics",
                 "flow", "api", "internals"):
        assert page in entries, page
        assert (DOCS / f"{page}.rst").exists()
    assert entries[-3:] == ["flow", "api", "internals"]
    assert entries.index("tutorials") < entries.index("flow")
    assert "_generated/mechanics/noether_learning_dynamics" in entries
    assert not (ROOT / "doctests" / "noether_learning_dynamics.rst").exists()
    conf = load_docs_conf()
    assert conf.html_theme in ("furo", "sphinx_rtd_theme")   # a fluid layout


def test_functions_page_documents_every_public_name_once():
    """`fiber_type_counts` was the 23rd of 33 entries of its module's page."""
    import sage_hcsf
    text = (DOCS / "functions.rst").read_text()
    for name in sage_hcsf.__all__:
        assert f".. public:: {name}\n" in text, name
    conf = load_docs_conf()
    page = conf.module_page("sage_hcsf.fiber_types.counts", ["count_homomorphisms", "fiber_type_counts"])
    assert ":exclude-members: count_homomorphisms, fiber_type_counts" in page
    assert ":doc:`/functions`" in page


def test_built_docs_typeset_every_formula_offline(built_docs):
    """Offline, MathJax from its CDN left every formula raw TeX (`\\(X_G^H\\)`)."""
    import re
    out = built_docs
    pages = {str(path.relative_to(out)): path.read_text() for path in out.rglob("*.html")}
    assert len(pages) > 10
    for name, html in pages.items():
        assert "\\(" not in html and "\\[" not in html, name      # raw inline or display TeX
        assert not re.search(r"<m[ion][^>]*>\\\\[A-Za-z]", html), name   # a command left as text
        assert not re.search(r"<script[^>]*(mathjax|cdn)", html, re.I), name
    assert pages["mathematics.html"].count("<math") > 20
    assert "custom.css" in pages["index.html"]
    css = (out / "_static" / "custom.css").read_text()
    assert "font-family" in css and "overflow-y: hidden" in css   # math fonts; no scroll widget


def test_built_manual_has_the_pages_and_the_reference(built_docs):
    pages = {str(p.relative_to(built_docs)) for p in built_docs.rglob("*.html")}
    for page in ("getting_started", "functions", "engines", "sweeps", "cli", "results",
                 "benchmarks", "mechanics", "flow", "api", "internals", "tutorials",
                 "_generated/mechanics/noether_learning_dynamics",
                 "_generated/modules/sage_hcsf.fiber_types.counts"):
        assert f"{page}.html" in pages, page
    functions = (built_docs / "functions.html").read_text()
    assert 'id="sage_hcsf.fiber_types.counts.fiber_type_counts"' in functions
    counts = (built_docs / "_generated" / "modules" / "sage_hcsf.fiber_types.counts.html").read_text()
    assert 'id="sage_hcsf.fiber_types.counts.fiber_type_counts"' not in counts
    def article(page):   # the page's own text, not the navigation beside it
        html = (built_docs / page).read_text()
        return html[html.index("<article"):html.index("</article>")]
    api, internals = article("api.html"), article("internals.html")
    assert "sage_hcsf.fiber_types.counts" in api and "dask_worker" not in api
    assert "dask_worker" in internals and "sage_hcsf.__main__" in internals
    cli = (built_docs / "cli.html").read_text()
    for command in ("reproduce", "verify", "db", "tour", "mechanics"):
        assert f"usage: sage-hcsf {command}" in cli, command
    assert "noether" not in article("tutorials.html").split('class="toctree-wrapper')[-1].lower()


def docs_pages_with_sessions():
    """The hand-written pages of docs/ that show Sage sessions."""
    return sorted(p for p in DOCS.glob("*.rst") if "sage: " in p.read_text())


def test_docs_pages_sessions_run_as_shown():
    """Every `sage:` example of the manual's own pages runs under the doctester
    (the tutorials and docstrings run in `make doctest`)."""
    pages = docs_pages_with_sessions()
    assert {p.name for p in pages} >= {"index.rst", "getting_started.rst", "functions.rst",
                                       "engines.rst", "sweeps.rst", "results.rst",
                                       "mechanics.rst"}
    sage = pathlib.Path(sys.executable).parent / "sage"
    done = subprocess.run([str(sage), "-t", "--force-lib", *map(str, pages)],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "[0 tests" not in done.stdout


def console_sessions(text):
    """The ``.. code-block:: console`` blocks of a page: lists of (command, expected output)."""
    sessions = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() != ".. code-block:: console":
            continue
        block = []
        for entry in lines[i + 1:]:
            if entry and not entry.startswith("    "):
                break
            block.append(entry[4:])
        steps = []
        for entry in "\n".join(block).strip("\n").splitlines():
            if entry.startswith("$ "):
                steps.append([entry[2:], []])
            else:
                steps[-1][1].append(entry)
        sessions.append([(command, "\n".join(out).rstrip() + "\n") for command, out in steps])
    return sessions


def test_docs_console_sessions_run_as_shown(tmp_path):
    """The shell sessions of the manual (``$ sage-hcsf ...``) run as shown, in one
    folder a page, with this package's ``sage-hcsf``; ``...`` stands for any text."""
    import doctest
    checker = doctest.OutputChecker()
    env = {**os.environ, "PATH": f"{pathlib.Path(sys.executable).parent}:{os.environ['PATH']}"}
    ran = 0
    for page in sorted(DOCS.glob("*.rst")):
        folder = tmp_path / page.stem
        folder.mkdir()
        status = 0
        for session in console_sessions(page.read_text()):
            for command, expected in session:
                done = subprocess.run(["bash", "-c", f"(exit {status}); {command}"], cwd=folder,
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True, timeout=600)
                status = done.returncode
                assert checker.check_output(expected, done.stdout, doctest.ELLIPSIS), \
                    f"{page.name}: $ {command}\nexpected:\n{expected}\ngot:\n{done.stdout}"
                ran += 1
    assert ran >= 8


def test_license_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "GPL-2.0-or-later"}
    license_text = (ROOT / "LICENSE").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in license_text and "Version 2, June 1991" in license_text
    assert "any later version" in license_text
    assert project["urls"] and all(u.startswith("https://") for u in project["urls"].values())
    assert "sage_hcsf" in (ROOT / "AUTHORS").read_text()


def test_readme_points_to_no_file_users_lack():
    import re
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert local, "the README links into the docs"
    for link in local:
        assert (ROOT / link).exists(), link


def test_readme_is_a_front_page():
    """967 lines, 17 sections, 128 table rows, the first example at line 71,
    no `pip install` for someone who has Sage."""
    readme = (ROOT / "README.md").read_text()
    lines = readme.splitlines()
    assert len(lines) < 250
    assert sum(line.startswith("## ") for line in lines) <= 8
    assert sum(line.startswith("|") for line in lines) <= 8     # one short table
    assert next(i for i, line in enumerate(lines) if line.startswith("sage: ")) < 70
    for needed in ("make demo", "make test", "sage -pip install .", "pip install", "[sage]",
                   "docs/getting_started.rst", "docs/functions.rst", "docs/results.rst"):
        assert needed in readme, needed


@pytest.mark.skipif(shutil.which("script") is None or shutil.which("make") is None,
                    reason="needs script(1) and make")
def test_make_sage_environment_lets_ipython_ask_the_screen_size():
    """`?` in `sage` with TERM=xterm: IPython asks curses for the screen size,
    and passagemath's ncurses finds no terminal database unless `make sage`
    sets the environment up (run in a pseudo-terminal, as a user would)."""
    sage = pathlib.Path(sys.executable).parent / "sage"
    if not sage.exists():
        pytest.skip("no sage next to this python")
    env = {**os.environ, "TERM": "xterm"}
    env.pop("TERMINFO_DIRS", None)
    shown = subprocess.run(["make", "-s", "-o", "build", "sage", "SAGE=env"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    variables = dict(line.split("=", 1) for line in shown.stdout.splitlines() if "=" in line)
    env["TERM"], env["TERMINFO_DIRS"] = variables["TERM"], variables["TERMINFO_DIRS"]
    check = ("from IPython.core.page import _detect_screen_size; "
             "print('screen lines', _detect_screen_size(25))")
    result = subprocess.run(["script", "-qec", f"{sage} -c \"{check}\"", "/dev/null"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert "screen lines" in result.stdout, result.stdout + result.stderr
    assert "could not find terminfo" not in result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_builds_quietly_and_only_when_a_kernel_changed():
    """`make sage` printed setuptools' _BetaConfiguration warning at every start."""
    build = ["make", "-s", "-o", ".venv/.sage_hcsf-installed", "build"]   # never pip install
    first = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr
    assert "BetaConfiguration" not in first.stdout + first.stderr
    again = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and again.stdout + again.stderr == ""


def test_package_docstring_is_shown_by_help():
    """``sage_hcsf?`` shows the overview (plain python: ``help``)."""
    result = subprocess.run([sys.executable, "-c", "import sage_hcsf; help(sage_hcsf)"],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PAGER": "cat"})
    assert "fiber_type_counts" in result.stdout and "Tutorials" in result.stdout


def test_package_docstring_points_to_what_a_pip_user_has():
    """`sage_hcsf?` sent a reader to "make docs in the source tree", which a
    `pip` user does not have: first the installed docstrings, then the manual."""
    import sage_hcsf
    doc = sage_hcsf.__doc__
    for name in sage_hcsf.__all__:
        assert name in doc, name
    assert "fiber_type_counts?" in doc and "sage-hcsf --help" in doc
    assert doc.index("fiber_type_counts?") < doc.index("make docs")
    for module in ("sage_hcsf.certify", "sage_hcsf.mechanics", "sage_hcsf.claims"):
        assert f"{module}?" in doc, module
        __import__(module)
