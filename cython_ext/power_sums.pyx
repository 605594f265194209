# cython: language_level=3, boundscheck=False, wraparound=False
r"""
Power-sum expansion of augmented monomials: the block-insertion step

The expansion

.. MATH::

    \widetilde{m}_\lambda = \sum_{\sigma} \prod_{B \in \sigma}
    (-1)^{|B|-1} (|B|-1)!\; p_{(\sum_{i \in B} \lambda_i)_{B}}

is computed by inserting the parts of `\lambda` one at a time into blocks
(see :func:`sage_hcsf.symmetric_functions.expansion.augmented_monomial_power_sum_expansion`).
This kernel does one insertion step over all states. A state is a multiset of
blocks ``(sum, size)``, stored as a byte string of 4 bytes a block (sum and
size as big-endian 16-bit integers), blocks sorted, so that byte order is
tuple order. Weights are exact Python integers. No Sage.

Widths: a block sum is at most the sum of the parts inserted so far, so
every block fits in 16 bits when the parts sum to less than `2^{16}`
(checked on each insertion); a block size is at most the number of parts,
at most 510.

EXAMPLES::

    sage: from sage_hcsf.kernels.power_sums import insert_part, block_sums
    sage: states = insert_part(insert_part({b"": 1}, 1), 1)
    sage: sorted((block_sums(key), weight) for key, weight in states.items())
    [((1, 1), 1), ((2,), -1)]
"""

from sage_hcsf.errors import MemoryBudgetExceeded

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.object cimport PyObject
from cysignals.signals cimport sig_check
from libc.string cimport memcpy


cdef inline unsigned int _read(const unsigned char* key, Py_ssize_t i) noexcept:
    """Return block ``i`` of ``key`` as ``sum << 16 | size``."""
    return ((<unsigned int> key[4 * i] << 24) | (<unsigned int> key[4 * i + 1] << 16)
            | (<unsigned int> key[4 * i + 2] << 8) | key[4 * i + 3])


cdef inline void _write(unsigned char* key, Py_ssize_t i, unsigned int block) noexcept:
    key[4 * i] = (block >> 24) & 255
    key[4 * i + 1] = (block >> 16) & 255
    key[4 * i + 2] = (block >> 8) & 255
    key[4 * i + 3] = block & 255


cdef bytes _with_block(const unsigned char* key, Py_ssize_t blocks, Py_ssize_t skip,
                       unsigned int block, unsigned char* buffer):
    """
    Return ``key`` without its block number ``skip`` (none if ``-1``) and
    with ``block`` inserted in sorted position.
    """
    cdef Py_ssize_t i, out = 0
    cdef bint placed = False
    cdef unsigned int current
    for i in range(blocks):
        if i == skip:
            continue
        current = _read(key, i)
        if not placed and block <= current:
            _write(buffer, out, block)
            out += 1
            placed = True
        _write(buffer, out, current)
        out += 1
    if not placed:
        _write(buffer, out, block)
        out += 1
    return PyBytes_FromStringAndSize(<char*> buffer, 4 * out)


cdef inline void _accumulate(dict table, bytes key, object amount):
    cdef PyObject* previous = PyDict_GetItem(table, key)
    if previous is NULL:
        PyDict_SetItem(table, key, amount)
    else:
        PyDict_SetItem(table, key, <object> previous + amount)


def insert_part(dict states, int part, max_states=None):
    r"""
    Return the states after inserting one more part of size ``part``.

    A new part opens a block (weight unchanged) or joins a block of size `z`
    (weight times `-z`, once for each of the equal blocks).

    INPUT:

    - ``states`` -- ``{key: weight}`` (``{b"": 1}`` before the first part)
    - ``part`` -- a positive integer; with the parts inserted before, the
      sum must stay below `2^{16}`
    - ``max_states`` -- integer or ``None`` (default: no limit); raise
      :class:`~sage_hcsf.errors.MemoryBudgetExceeded` as soon as the new
      states are more

    OUTPUT: a new dictionary of the same kind

    EXAMPLES::

        sage: from sage_hcsf.kernels.power_sums import insert_part, block_sums
        sage: three = insert_part(insert_part(insert_part({b"": 1}, 1), 1), 1)
        sage: sorted((block_sums(k), w) for k, w in three.items())
        [((1, 1, 1), 1), ((2, 1), -3), ((3,), 2)]

    TESTS::

        sage: insert_part(insert_part({b"": 1}, 40000), 40000)
        Traceback (most recent call last):
        ...
        ValueError: block sums must stay below 65536; the parts sum to 80000
        sage: insert_part(three, 1, max_states=3)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: more than 3 states
    """
    if part <= 0:
        raise ValueError(f"parts must be positive; got {part}")
    cdef Py_ssize_t total = part
    for key in states:  # every state holds the same parts: the first tells their sum
        total += sum(block_sums(key))
        break
    if total >= 65536:
        raise ValueError(f"block sums must stay below 65536; the parts sum to {total}")
    cdef Py_ssize_t limit = -1 if max_states is None else max_states
    cdef dict following = {}
    cdef Py_ssize_t blocks, i, multiplicity, j
    cdef unsigned int block, size, opened = (<unsigned int> part << 16) | 1
    cdef const unsigned char* raw
    cdef unsigned char[4 * 512] buffer
    for key, weight in states.items():
        sig_check()
        if 0 <= limit < len(following):
            raise MemoryBudgetExceeded(f"more than {limit} states")
        raw = <const unsigned char*> PyBytes_AS_STRING(key)
        blocks = PyBytes_GET_SIZE(key) // 4
        if blocks >= 511:
            raise ValueError("at most 510 parts are supported")
        _accumulate(following, _with_block(raw, blocks, -1, opened, buffer), weight)
        i = 0
        while i < blocks:
            block = _read(raw, i)
            multiplicity = 1
            j = i + 1
            while j < blocks and _read(raw, j) == block:
                multiplicity += 1
                j += 1
            size = block & 65535
            _accumulate(following,
                        _with_block(raw, blocks, i, block + (<unsigned int> part << 16) + 1, buffer),
                        -(<long long> size * multiplicity) * weight)
            i = j
    if 0 <= limit < len(following):
        raise MemoryBudgetExceeded(f"more than {limit} states")
    return following


def block_sums(bytes key):
    r"""
    Return the block sums of a state, in decreasing order (a partition).

    EXAMPLES::

        sage: from sage_hcsf.kernels.power_sums import block_sums
        sage: block_sums(bytes([0, 1, 0, 1, 0, 3, 0, 2]))
        (3, 1)
    """
    cdef const unsigned char* raw = <const unsigned char*> PyBytes_AS_STRING(key)
    cdef Py_ssize_t i, blocks = PyBytes_GET_SIZE(key) // 4
    return tuple((raw[4 * i] << 8) | raw[4 * i + 1] for i in range(blocks - 1, -1, -1))
