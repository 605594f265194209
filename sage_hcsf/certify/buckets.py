r"""
Bucket files: records appended on disk, one file a bucket, checked on resume

The first pass of a sweep over the trees of an order
(:mod:`sage_hcsf.certify.first_pass`) writes each tree's record into the
file of its bucket; once every slice is in, each bucket is read alone and
removed. :class:`BucketFiles` keeps the files of one pass.

Faults: the store commits a slice only after its records are on disk
(:meth:`BucketFiles.sync`, ``fsync``); the committed length of a bucket is
the sum of the records the committed slices put in it. A file longer than
that (a crash between the write and the commit) is cut back, and its slices
are run again; a file shorter, or missing, is never trusted: the committed
slices are run again for the damaged buckets only (:meth:`BucketFiles.check`).

EXAMPLES::

    sage: from sage_hcsf.certify.buckets import BucketFiles
    sage: import numpy, tempfile
    sage: files = BucketFiles(tempfile.mkdtemp(), 2, 4)
    sage: files.append(1, numpy.array([7, 7, 9], "<u4").tobytes()); files.sync()
    sage: files.read(1, "<u4").tolist(), files.check([0, 12], set())
    ([7, 7, 9], set())
"""
import os

import numpy



def bucket_folder(root, key, n):
    r"""
    Return the folder, below ``root`` (``STORE.buckets`` beside a store), of
    the bucket files of the sweeps called ``key`` over the trees on `n`
    vertices.

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import bucket_folder
        sage: bucket_folder("trees.db.buckets", "trees:csf", 29)
        'trees.db.buckets/trees-csf-n29'
    """
    return os.path.join(root, f"{key}-n{n}".replace(":", "-"))

class BucketFiles:
    r"""
    The bucket files of one pass: ``folder/bucket-J-of-B.bin``, records of
    ``record_bytes`` bytes appended, checked against the lengths the store
    committed.

    EXAMPLES::

        sage: from sage_hcsf.certify.buckets import BucketFiles
        sage: import numpy, tempfile
        sage: files = BucketFiles(tempfile.mkdtemp(), 2, 4)
        sage: files.append(0, numpy.array([1, 2, 3, 4], "<u4").tobytes()); files.sync()
        sage: files.check([16, 0], set())        # as committed
        set()
        sage: files.check([32, 0], set())        # shorter than committed: damaged
        {0}
        sage: files.read(1, "<u4").size, files.remove(1)
        (0, None)
    """

    def __init__(self, folder, buckets, record_bytes=4):
        r"""
        See :class:`BucketFiles`; ``folder`` is made if missing.

        TESTS::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import os, tempfile
            sage: folder = os.path.join(tempfile.mkdtemp(), "trees-n9")
            sage: _ = BucketFiles(folder, 2); os.path.isdir(folder)
            True
        """
        self.folder, self.buckets, self.record_bytes = folder, buckets, record_bytes
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

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import numpy, tempfile
            sage: files = BucketFiles(tempfile.mkdtemp(), 1)
            sage: files.append(0, numpy.array([7, 1, 2], "<u4").tobytes())
            sage: files.read(0, "<u4").tolist()
            [7, 1, 2]
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

    def close_quietly(self):
        r"""
        Close the files without putting their buffers on disk (a full disk:
        what is not written is dropped; :meth:`check` cuts the files back).

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import tempfile
            sage: files = BucketFiles(tempfile.mkdtemp(), 1)
            sage: files.append(0, b"x" * 16); files.close_quietly(); files._streams
            {}
        """
        for stream in self._streams.values():
            try:
                stream.close()
            except OSError:   # the buffer could not be written
                pass
        self._streams = {}

    def read(self, bucket, dtype):
        r"""
        Return the records of ``bucket`` as an array of ``dtype`` (empty if
        it has no file).

        EXAMPLES::

            sage: from sage_hcsf.certify.buckets import BucketFiles
            sage: import tempfile
            sage: BucketFiles(tempfile.mkdtemp(), 4).read(3, "<u4").size
            0
        """
        self.close()
        path = self.path(bucket)
        if not os.path.exists(path):
            return numpy.zeros(0, dtype)
        return numpy.fromfile(path, dtype=dtype)

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
