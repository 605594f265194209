"""The distributions carry every subpackage and every kernel (pyproject.toml finds them)."""
import os
import pathlib
import subprocess
import sys
import zipfile

import pytest

from test_readme import run_readme_sessions

ROOT = pathlib.Path(__file__).resolve().parent.parent


def package_folders():
    return sorted(".".join(p.parent.relative_to(ROOT).parts)
                  for p in (ROOT / "sage_hcsf").rglob("__init__.py"))


def test_setuptools_finds_every_subpackage():
    """The packages pyproject.toml declares (a find over sage_hcsf*) are the folders."""
    from setuptools import find_packages
    assert sorted(find_packages(str(ROOT), include=["sage_hcsf*"])) == package_folders()


def test_setup_builds_every_kernel_into_the_kernels_subpackage():
    script = ("import setuptools, sys; sys.argv = ['setup.py', '--name'];"
              "import runpy; setuptools.setup = lambda **kw: print(sorted(e.name for e in "
              "kw['ext_modules'])); runpy.run_path('setup.py')")
    names = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout
    kernels = sorted(f"sage_hcsf.kernels.{p.stem}" for p in (ROOT / "cython_ext").glob("*.pyx"))
    assert names.strip().splitlines()[-1] == repr(kernels)


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_kernel(tmp_path):
    """``pip wheel .`` (a real build, a few minutes): every .py of the package, every kernel."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True)
    [wheel] = tmp_path.glob("sage_hcsf-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "sage_hcsf").rglob("*.py"):
        assert str(path.relative_to(ROOT)) in names, path
    for pyx in (ROOT / "cython_ext").glob("*.pyx"):
        assert any(n.startswith(f"sage_hcsf/kernels/{pyx.stem}.") and n.endswith(".so")
                   for n in names), pyx


@pytest.mark.slow
def test_the_wheel_installed_beside_sage_runs_the_readme_session(tmp_path):
    """The wheel, installed into a folder of its own beside this Sage (``pip install
    --target``, as ``sage -pip install`` would add it), runs the README's first session
    from outside the source tree: nothing of the checkout is imported."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "wheel"), str(ROOT)], check=True)
    [wheel] = (tmp_path / "wheel").glob("sage_hcsf-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True)
    environment = dict(os.environ, PYTHONPATH=str(target))
    where = subprocess.run([sys.executable, "-c", "import sage_hcsf; print(sage_hcsf.__file__)"],
                           cwd=tmp_path, env=environment, check=True, capture_output=True,
                           text=True).stdout
    assert where.startswith(str(target)), where
    run_readme_sessions(tmp_path, cwd=tmp_path, env=environment)
