"""Build the Cython kernels; metadata lives in pyproject.toml."""
from Cython.Build import cythonize
from setuptools import Extension, setup

kernels = ["enumerate_homs", "fiber_dp", "power_sums", "tree_cuts", "tree_homs", "tree_pass"]
# The .pxd files (inline code shared by the kernels) are found and tracked here
shared = [f"cython_ext/{pxd}.pxd" for pxd in ("cuts_dp", "homs_dp", "kernel_structures", "parent_arrays")]
extensions = [Extension(f"sage_hcsf.kernels.{name}", [f"cython_ext/{name}.pyx"], include_dirs=["cython_ext"],
                        depends=shared,
                        extra_compile_args=["-O3"]) for name in kernels]
setup(ext_modules=cythonize(extensions, compiler_directives={"language_level": "3"}))
