"""Build the Cython kernels; metadata lives in pyproject.toml."""
from Cython.Build import cythonize
from setuptools import Extension, setup

kernels = ["enumerate_homs", "fiber_dp", "power_sums", "tree_cuts", "tree_homs"]
# kernel_structures.pxd and parent_arrays.pxd (inline code shared by the kernels) are
# found and tracked here
extensions = [Extension(f"sage_hcsf.kernels.{name}", [f"cython_ext/{name}.pyx"], include_dirs=["cython_ext"],
                        depends=["cython_ext/kernel_structures.pxd", "cython_ext/parent_arrays.pxd"],
                        extra_compile_args=["-O3"]) for name in kernels]
setup(ext_modules=cythonize(extensions, compiler_directives={"language_level": "3"}))
