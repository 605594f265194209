"""Build the Cython kernels; metadata lives in pyproject.toml."""
from Cython.Build import cythonize
from setuptools import Extension, setup

kernels = ["dp_plan", "enumerate_homs", "fiber_dp", "power_sums", "residues", "tree_cuts", "tree_homs"]
# the .pxd files (inline code shared by the kernels: kernel_structures,
# parent_arrays, canonical_forms, reach, residues) are found and tracked here
inline = ["canonical_forms", "kernel_structures", "parent_arrays", "reach", "residues"]
extensions = [Extension(f"sage_hcsf.kernels.{name}", [f"cython_ext/{name}.pyx"], include_dirs=["cython_ext"],
                        depends=[f"cython_ext/{pxd}.pxd" for pxd in inline],
                        extra_compile_args=["-O3"]) for name in kernels]
setup(ext_modules=cythonize(extensions, compiler_directives={"language_level": "3"}))
