r"""
The first pass over all trees of an order, in bounded memory

`\hom(T, T) \bmod 2^{64}` of every tree on `n` vertices is computed by
tasks, one slice ``res/mod`` of nauty's ``gentreeg`` each
(:func:`tree_keys_task`). A task returns one *record* a tree -- the key
`\hom(T, T) \bmod 2^{64}`, the index of its slice and its index in the
slice, 16 bytes -- sorted into *buckets* by the top bits of a hash of the key. The
driver appends each bucket's records to a file of its own
(:class:`BucketFiles`); once every slice is in, each bucket is read alone,
its keys met more than once are kept and the file is removed
(:func:`colliding_records`). Memory holds one bucket at a time, at most
about `2^{23}` records (128 MB): :func:`number_of_buckets`.

Disk: 16 bytes a tree while the first pass runs (trees on 24 vertices:
0.6 GB; 26: 4.5 GB; 28: 32 GB), freed bucket by bucket; the store keeps
`4 B` bytes a slice (the records each slice put in each bucket, ``B``
buckets) and the colliding records.

Faults: the store commits a slice only after its records are on disk
(``fsync``); the committed length of a bucket is the sum of the records
the committed slices put in it. A file longer than that (a crash between
the write and the commit) is cut back, and its slices are run again; a
file shorter, or missing, is never trusted: the committed slices are run
again for the damaged buckets only.

EXAMPLES::

    sage: from sage_hcsf.certify.buckets import tree_keys_task, colliding_records, RECORD
    sage: import numpy
    sage: count, counts, records, seconds = tree_keys_task((7, "0/1", 0, 1))
    sage: count, counts.tolist()
    (11, [11])
    sage: colliding_records(numpy.frombuffer(records, RECORD)).size   # hom(T,T) tells 7-vertex trees apart
    0
"""

import os
import time

import numpy

from sage_hcsf.certify.names import Rung
from sage_hcsf.graphs.trees import tree_parent_arrays

#: A record of the first pass: the key, the slice, the index in the slice.
RECORD = numpy.dtype([("key", "<u8"), ("part", "<u4"), ("index", "<u4")])


#: The most records a bucket should hold (128 MB of records).
BUCKET_RECORDS = 1 << 23


def number_of_buckets(trees):
    r"""
    Return the number of buckets of an order with ``trees`` trees: the
    least power of 2 that keeps a bucket under :data:`BUCKET_RECORDS`
    records on average (:func:`bucket_of` spreads the keys evenly).

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import number_of_buckets
        sage: from sage_hcsf.certify.enumeration import number_of_trees
        sage: [number_of_buckets(number_of_trees(n)) for n in (20, 24, 26, 28, 30)]
        [1, 8, 64, 256, 2048]
    """
    buckets = 1
    while trees > buckets * BUCKET_RECORDS:
        buckets *= 2
    return buckets


#: An odd multiplier close to `2^{64} / \phi` (Fibonacci hashing).
MIXER = numpy.uint64(0x9E3779B97F4A7C15)


def bucket_of(keys, buckets):
    r"""
    Return the bucket of each key (an array of ``uint64``): the top
    `\log_2` ``buckets`` bits of the key times :data:`MIXER` modulo
    `2^{64}` -- the keys themselves are mostly far below `2^{64}` (a
    typical tree on 24 vertices has fewer than `2^{50}` endomorphisms), so
    their own top bits would put them all in one bucket.

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import bucket_of
        sage: import numpy
        sage: bucket_of(numpy.arange(8, dtype="u8"), 4).tolist()
        [0, 2, 0, 3, 1, 0, 2, 1]
        sage: bucket_of(numpy.array([5], dtype="u8"), 1).tolist()
        [0]
    """
    bits = buckets.bit_length() - 1
    if bits == 0:
        return numpy.zeros(len(keys), dtype=numpy.intp)
    with numpy.errstate(over="ignore"):
        return ((keys * MIXER) >> numpy.uint64(64 - bits)).astype(numpy.intp)


def tree_keys_task(task):
    r"""
    Return ``(number of trees, records in each bucket, records, seconds)``
    for a task ``(n, part, part index, buckets[, first rung])`` (the first
    rung of the ladder, `\hom(T, T) \bmod 2^{64}` by default, chooses the
    key: see :func:`_first_keys`): the records
    (:data:`RECORD`, as bytes) of the trees of the slice, sorted by bucket.

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import tree_keys_task, RECORD
        sage: import numpy
        sage: count, counts, records, _ = tree_keys_task((4, "0/1", 3, 2))
        sage: numpy.frombuffer(records, RECORD).tolist()   # P4: 16 walks of length 3; K_{1,3}: 3^3 + 3
        [(16, 3, 0), (30, 3, 1)]
        sage: counts.tolist()
        [0, 2]
    """
    start = time.perf_counter()
    n, part, index, buckets, *first = task
    keys = _first_keys(tree_parent_arrays(n, part), first[0] if first else Rung.HOM_MOD_2_64)
    records = numpy.empty(len(keys), RECORD)
    records["key"] = keys
    records["part"] = index
    records["index"] = numpy.arange(len(keys), dtype="<u4")
    which = bucket_of(keys, buckets)
    if buckets > 1:
        records = records[numpy.argsort(which, kind="stable")]
    counts = numpy.bincount(which, minlength=buckets).astype("<u4")
    return len(keys), counts, records.tobytes(), time.perf_counter() - start


def tree_details_task(task):
    r"""
    Return, for a task ``(n, part, indices[, first rung])``, the trees of
    the slice at those indices: ``(index, parent array line, first key,
    second key)`` each, the values of the first two rungs of the ladder:
    the residues of `\hom(T, T)` modulo `2^{64}` and `2^{61} - 1` (the
    self-CSF, by default), or the functionals `\Phi_0` and `\Phi_1` of
    Stanley's CSF.

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import tree_details_task
        sage: tree_details_task((4, "0/1", (1,)))
        [(1, '0 1 1 1', 30, 30)]
    """
    from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
    n, part, indices, *first = task
    lines = tree_parent_arrays(n, part).decode().splitlines()
    chosen = [lines[i] for i in indices]
    text = ("\n".join(chosen) + "\n").encode()
    if _first_rung(first) is Rung.PHI0:
        from sage_hcsf.symmetric_functions.stanley import csf_functional_residues
        values = [csf_functional_residues(text, seed) for seed in (0, 1)]
    else:
        values = tree_endomorphism_residues(text)
    return list(zip(indices, chosen, *values))


def _first_rung(first):
    r"""
    Return the first rung a task names (``first``: an empty list or a list
    of one rung): `\hom(T, T) \bmod 2^{64}` (the self-CSF) by default, or
    `\Phi_0` (Stanley's CSF); no other rung has a first pass of trees.

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import _first_rung
        sage: _first_rung([]), _first_rung(["Phi_0(X_T) mod 2^61-1"])
        ('hom(G,G) mod 2^64', 'Phi_0(X_T) mod 2^61-1')
        sage: _first_rung(["L_2"])
        Traceback (most recent call last):
        ...
        ValueError: no first pass of trees for the rung 'L_2'
    """
    rung = Rung(first[0]) if first else Rung.HOM_MOD_2_64
    if rung not in (Rung.HOM_MOD_2_64, Rung.PHI0):
        raise ValueError(f"no first pass of trees for the rung '{rung}'")
    return rung


def _first_keys(text, first):
    r"""
    Return the first-pass keys (a ``uint64`` array) of the trees of a
    parent-array text, for the first rung ``first`` of a ladder:
    `\hom(T, T) \bmod 2^{64}` (the self-CSF), or the functional
    `\Phi_0(X_T) \bmod 2^{61} - 1` (Stanley's CSF).

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import _first_keys
        sage: from sage_hcsf.symmetric_functions.stanley import csf_functional
        sage: _first_keys(b"0 1 1 1\n", "hom(G,G) mod 2^64").tolist()   # K_{1,3}: 3^3 + 3
        [30]
        sage: _first_keys(b"0 1 1 1\n", "Phi_0(X_T) mod 2^61-1").tolist() == \
        ....:     [csf_functional(graphs.StarGraph(3))]
        True
    """
    if _first_rung([first]) is Rung.PHI0:
        from sage_hcsf.symmetric_functions.stanley import csf_functional_residues
        return numpy.array(csf_functional_residues(text, 0), dtype="<u8")
    from sage_hcsf.kernels.tree_homs import tree_endomorphisms_mod64
    return numpy.frombuffer(tree_endomorphisms_mod64(text), "<u8")


def colliding_records(records):
    r"""
    Return the records whose key occurs more than once, sorted by key.

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import colliding_records, RECORD
        sage: import numpy
        sage: records = numpy.array([(5, 0, 0), (7, 0, 1), (5, 1, 0)], RECORD)
        sage: colliding_records(records).tolist()
        [(5, 0, 0), (5, 1, 0)]
    """
    if records.size < 2:
        return records[:0]
    ordered = records[numpy.argsort(records["key"], kind="stable")]
    keys = ordered["key"]
    same = keys[1:] == keys[:-1]
    keep = numpy.zeros(len(keys), dtype=bool)
    keep[1:] |= same
    keep[:-1] |= same
    return ordered[keep]


class BucketFiles:
    r"""
    The bucket files of one order: ``folder/bucket-J-of-B.bin``, records
    appended, checked against the lengths the store committed.

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import BucketFiles, RECORD
        sage: import numpy, tempfile
        sage: files = BucketFiles(tempfile.mkdtemp(), 2)
        sage: files.append(0, numpy.array([(1, 0, 0)], RECORD).tobytes()); files.sync()
        sage: files.check([16, 0], set())        # as committed
        set()
        sage: files.check([32, 0], set())        # shorter than committed: damaged
        {0}
        sage: files.read(1).size, files.remove(1)
        (0, None)
    """

    def __init__(self, folder, buckets):
        r"""
        See :class:`BucketFiles`; ``folder`` is made if missing.

        TESTS::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import os, tempfile
            sage: folder = os.path.join(tempfile.mkdtemp(), "trees-n9")
            sage: _ = BucketFiles(folder, 2); os.path.isdir(folder)
            True
        """
        self.folder, self.buckets = folder, buckets
        os.makedirs(folder, exist_ok=True)
        self._streams = {}

    def path(self, bucket):
        r"""
        Return the file of ``bucket``.

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import tempfile
            sage: BucketFiles(tempfile.mkdtemp(), 4).path(3)
            '.../bucket-3-of-4.bin'
        """
        return os.path.join(self.folder, f"bucket-{bucket}-of-{self.buckets}.bin")

    def check(self, committed, decided):
        r"""
        Return the damaged buckets: not ``decided``, and shorter than the
        ``committed`` length (bytes) or missing while something was
        committed; cut back the files longer than committed (records of
        slices that were not committed: they will be run again).

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import os, tempfile
            sage: files = BucketFiles(tempfile.mkdtemp(), 3)
            sage: files.append(0, b"x" * 32); files.append(1, b"y" * 16); files.sync()
            sage: files.check([16, 16, 16], {2})       # 0 is cut back, 2 is decided
            set()
            sage: os.path.getsize(files.path(0))
            16
            sage: files.check([16, 16, 16], set())     # 2 is missing but committed
            {2}
        """
        damaged = set()
        for bucket in range(self.buckets):
            if bucket in decided:
                continue
            path = self.path(bucket)
            size = os.path.getsize(path) if os.path.exists(path) else None
            if size is None:
                if committed[bucket]:
                    damaged.add(bucket)
                continue
            if size < committed[bucket]:
                damaged.add(bucket)
            elif size > committed[bucket]:
                with open(path, "r+b") as stream:
                    stream.truncate(committed[bucket])
        return damaged

    def reset(self, bucket):
        r"""
        Empty the file of ``bucket`` (to be written again).

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import os, tempfile
            sage: files = BucketFiles(tempfile.mkdtemp(), 1)
            sage: files.append(0, b"x" * 16); files.reset(0); os.path.getsize(files.path(0))
            0
        """
        self.close()
        open(self.path(bucket), "wb").close()

    def append(self, bucket, data):
        r"""
        Append ``data`` (records as bytes) to the file of ``bucket``.

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles, RECORD
            sage: import numpy, tempfile
            sage: files = BucketFiles(tempfile.mkdtemp(), 1)
            sage: files.append(0, numpy.array([(7, 1, 2)], RECORD).tobytes())
            sage: files.read(0).tolist()
            [(7, 1, 2)]
        """
        stream = self._streams.get(bucket)
        if stream is None:
            stream = self._streams[bucket] = open(self.path(bucket), "ab")
        stream.write(data)

    def sync(self):
        r"""
        Put everything appended so far on disk (``fsync``).

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import os, tempfile
            sage: files = BucketFiles(tempfile.mkdtemp(), 1)
            sage: files.append(0, b"x" * 16); files.sync(); os.path.getsize(files.path(0))
            16
        """
        for stream in self._streams.values():
            stream.flush()
            os.fsync(stream.fileno())

    def close(self):
        r"""
        Close the files (after :meth:`sync`).

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import tempfile
            sage: files = BucketFiles(tempfile.mkdtemp(), 1)
            sage: files.append(0, b"x" * 16); files.close(); files._streams
            {}
        """
        self.sync()
        for stream in self._streams.values():
            stream.close()
        self._streams = {}

    def read(self, bucket):
        r"""
        Return the records of ``bucket`` (an empty array if it has no file).

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import tempfile
            sage: BucketFiles(tempfile.mkdtemp(), 4).read(3).size
            0
        """
        self.close()
        path = self.path(bucket)
        if not os.path.exists(path):
            return numpy.zeros(0, RECORD)
        return numpy.fromfile(path, dtype=RECORD)

    def remove(self, bucket):
        r"""
        Remove the file of ``bucket`` (once decided), and the folder and
        its parent once they are empty.

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import os, tempfile
            sage: root = tempfile.mkdtemp()
            sage: files = BucketFiles(os.path.join(root, "trees-n9"), 1)
            sage: files.append(0, b"x" * 16); files.remove(0); os.path.exists(root)
            False
        """
        self.close()
        if os.path.exists(self.path(bucket)):
            os.remove(self.path(bucket))
        for folder in (self.folder, os.path.dirname(self.folder)):
            if os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)
