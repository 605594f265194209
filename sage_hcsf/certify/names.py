r"""
TODO: describe certify.names (from certify)
"""

# CERTIFICATES is also sage_hcsf.certify.ladder.CERTIFICATES, the ladder the sweeps walk


# the name of the first pass of each kind in the store, with the version of
# what computed it: a store written by another version is not reused
STAGE1 = {"trees": "hom mod 2^64 (tree_homs 2, buckets)", "graphs": "hom (fiber_types 1)",
          "connected": "hom (fiber_types 1)", "forests": "hom (fiber_types 1)",
          "file": "hom (fiber_types 1)"}


BUDGET_EXCEEDED = "full counts exceed a memory budget of"


def first_stage(kind, invariant="self-csf"):
    r"""
    Return the name in the store of the first pass of a family of kind
    ``kind`` for the ladder of ``invariant``: it names the kernel and its
    version, so that a store written by another version is not reused.

    EXAMPLES::

        sage: from sage_hcsf.certify.names import first_stage, STAGE1
        sage: first_stage("trees") == STAGE1["trees"], first_stage("trees", "csf")
        (True, 'Phi_0(X_T) mod 2^61-1 (tree_cuts 1, buckets)')
        sage: first_stage("file"), first_stage("file", "csf")
        ('hom (fiber_types 1)', 'Phi_0(X_T) mod 2^61-1 (tree_cuts 1)')
    """
    if invariant == "self-csf":
        return STAGE1[kind]
    return "Phi_0(X_T) mod 2^61-1 (tree_cuts 1" + (", buckets)" if kind == "trees" else ")")


def _bucket_stage(invariant):
    r"""
    Return the name in the store of the decided buckets of the first pass
    of trees for the ladder of ``invariant``: it names the first pass, with
    the version of the kernel that computed it, so that a store written by
    another version has its buckets computed again, never reused.

    EXAMPLES::

        sage: from sage_hcsf.certify.names import _bucket_stage
        sage: _bucket_stage("self-csf")
        'colliding records (buckets 1) of hom mod 2^64 (tree_homs 2, buckets)'
    """
    return f"colliding records (buckets 1) of {first_stage('trees', invariant)}"


LISTED_PAIRS = 100000   # the separated pairs a verdict lists by name, for each order
