"""Build the Cython kernels; metadata lives in pyproject.toml."""
import glob

from Cython.Build import cythonize
from setuptools import Extension, setup

# every cython_ext/NAME.pyx is the kernel sage_hcsf.kernels.NAME
kernels = sorted(path[len("cython_ext/"):-len(".pyx")] for path in glob.glob("cython_ext/*.pyx"))
# the .pxd files (inline code shared by the kernels) are found and tracked here
shared = sorted(glob.glob("cython_ext/*.pxd"))
extensions = [Extension(f"sage_hcsf.kernels.{name}", [f"cython_ext/{name}.pyx"],
                        include_dirs=["cython_ext"], depends=shared,
                        extra_compile_args=["-O3"]) for name in kernels]
setup(ext_modules=cythonize(extensions, compiler_directives={"language_level": "3"}))
