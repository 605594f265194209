"""Build the Cython kernels; metadata lives in pyproject.toml."""
from Cython.Build import cythonize
from setuptools import Extension, setup

kernels = ["enumerate_homs", "fiber_dp", "power_sums", "tree_homs"]
extensions = [Extension(f"sage_hcsf.{name}", [f"cython_ext/{name}.pyx"],
                        extra_compile_args=["-O3"]) for name in kernels]
setup(ext_modules=cythonize(extensions, compiler_directives={"language_level": "3"}))
