r"""
The families a certified sweep walks, and how many graphs each has

A :class:`Family` is all trees (nauty's ``gentreeg``), all graphs, connected
graphs or forests (``geng``), or the graph6 lines of a file; it cuts the
graphs on `n` vertices into slices ``res/mod`` (one task each) and knows how
many there must be, so that a sweep checks it saw them all: Otter's formula
for trees (:func:`number_of_trees`), the OEIS counts of graphs, and Euler
transforms between them (:func:`euler_transform`).

EXAMPLES::

    sage: from sage_hcsf.certify.enumeration import family, number_of_trees
    sage: graphs = family("graphs"); graphs.parts(9)[:2], len(graphs.parts(9))
    (['0/69', '1/69'], 69)
    sage: number_of_trees(30)
    14830871802
"""

import hashlib
import os

from sage_hcsf.graphs.graph_data import canonical_graph6
from sage_hcsf.settings import checked_integer, non_negative_integer, positive_integer, refusal

#: The graphs of a task of the first pass of a ``geng`` or file family.
GRAPHS_PER_TASK = 4000

#: The families of nauty, by name, and the largest order a sweep of each takes (for
#: trees, the limit of the in-process generator, ``kernels.tree_pass.MAX_ORDER``).
FAMILIES = {"trees": 32, "graphs": 10, "connected": 10, "forests": 14}


#: The kinds of :class:`Family`: those of nauty, and the graph6 lines of a file.
KINDS = (*FAMILIES, "file")


#: What a family argument (``verify FAMILY``) accepts, in the words of its refusals.
FAMILY_NAMES = "trees, graphs, connected, forests, or the path of a file of graph6 strings"


def checked_kind(kind, kinds=KINDS):
    r"""
    Return ``kind`` if it is one of ``kinds`` (default: every kind of
    :class:`Family`); raise an error naming ``kind`` otherwise.

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import checked_kind
        sage: checked_kind("file")
        'file'
        sage: checked_kind("cubic")
        Traceback (most recent call last):
        ...
        ValueError: kind must be one of 'trees', 'graphs', 'connected', 'forests', 'file'; got 'cubic'
        sage: checked_kind(None)
        Traceback (most recent call last):
        ...
        TypeError: kind must be one of 'trees', 'graphs', 'connected', 'forests', 'file'; got None
    """
    if not isinstance(kind, str) or kind not in kinds:
        raise refusal("kind", f"one of {', '.join(map(repr, kinds))}", kind,
                      ValueError if isinstance(kind, str) else TypeError)
    return kind


def number_of_trees(n):
    r"""
    Return the number of unlabelled trees on `n` vertices (OEIS A000055),
    by Otter's formula from the rooted trees (A000081).

    Certified sweeps check that they saw exactly this many trees.

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import number_of_trees
        sage: [number_of_trees(n) for n in range(1, 11)]
        [1, 1, 1, 2, 3, 6, 11, 23, 47, 106]
        sage: all(number_of_trees(n) == len(list(graphs.trees(n))) for n in range(1, 13))
        True
        sage: number_of_trees(22), number_of_trees(24)
        (5623756, 39299897)
    """
    n = non_negative_integer("n", n)
    if n == 0:
        return 1
    rooted = [0, 1]   # rooted[k]: rooted trees on k vertices
    for k in range(2, n + 1):
        total = 0
        for j in range(1, k):
            total += sum(d * rooted[d] for d in range(1, j + 1) if j % d == 0) * rooted[k - j]
        rooted.append(total // (k - 1))
    # Otter: t(n) = r(n) - (sum_{i+j=n} r(i) r(j) - r(n/2)) / 2, r(n/2) for even n only
    half = rooted[n // 2] if n % 2 == 0 else 0
    return rooted[n] - (sum(rooted[i] * rooted[n - i] for i in range(1, n)) - half) // 2


# OEIS A000088 and A001349: graphs and connected graphs on n = 1..11 vertices (the sweeps of
# the families take 10 at most; claim 1 sweeps the 11 with one certificate)
NUMBER_OF_GRAPHS = (1, 2, 4, 11, 34, 156, 1044, 12346, 274668, 12005168, 1018997864)


NUMBER_OF_CONNECTED_GRAPHS = (1, 1, 2, 6, 21, 112, 853, 11117, 261080, 11716571, 1006700565)


def euler_transform(sequence):
    r"""
    Return the Euler transform `b` of `a = ` ``sequence`` (`a_1, a_2,
    \dots`): `b_n` counts the multisets of objects of total size `n` when
    there are `a_k` kinds of object of size `k` (forests from trees,
    graphs from connected graphs).

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import euler_transform, number_of_trees, NUMBER_OF_GRAPHS, NUMBER_OF_CONNECTED_GRAPHS
        sage: euler_transform([number_of_trees(n) for n in range(1, 11)])   # forests, A005195
        [1, 2, 3, 6, 10, 20, 37, 76, 153, 329]
        sage: euler_transform(NUMBER_OF_CONNECTED_GRAPHS) == list(NUMBER_OF_GRAPHS)
        True
    """
    a = list(sequence)
    c = [sum(d * a[d - 1] for d in range(1, k + 1) if k % d == 0) for k in range(1, len(a) + 1)]
    b = [1]
    for n in range(1, len(a) + 1):
        b.append(sum(c[k - 1] * b[n - k] for k in range(1, n + 1)) // n)
    return b[1:]


def family_size(kind, n):
    r"""
    Return how many graphs on `n` vertices a family of that kind has
    (``"trees"``, ``"graphs"``, ``"connected"``, ``"forests"``), as a sweep
    must find them.

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import family_size
        sage: [family_size(kind, 9) for kind in ("trees", "graphs", "connected", "forests")]
        [47, 274668, 261080, 153]
        sage: family_size("graphs", 11)
        1018997864
        sage: family_size("graphs", 12)
        Traceback (most recent call last):
        ...
        ValueError: n must be an integer from 1 to 11 for graphs; got 12
        sage: family_size("cubic", 4)
        Traceback (most recent call last):
        ...
        ValueError: kind must be one of 'trees', 'graphs', 'connected', 'forests'; got 'cubic'
    """
    checked_kind(kind, tuple(FAMILIES))
    known = len(NUMBER_OF_GRAPHS) if kind in ("graphs", "connected") else None
    n = checked_integer("n", n, 1, most=known, accepts=None if known is None else
                        f"an integer from 1 to {known} for {kind}")
    if kind == "trees":
        return number_of_trees(n)
    if kind == "forests":
        return euler_transform([number_of_trees(k) for k in range(1, n + 1)])[-1]
    return (NUMBER_OF_GRAPHS if kind == "graphs" else NUMBER_OF_CONNECTED_GRAPHS)[n - 1]


def graph6_order(text):
    r"""
    Return the number of vertices of a graph6 or sparse6 string, read from
    its header.

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import graph6_order
        sage: graph6_order("Bw"), graph6_order(graphs.PathGraph(100).graph6_string())
        (3, 100)
        sage: graph6_order(Graph([(0, 0)], loops=True).sparse6_string())
        1
    """
    data = text[1:] if text.startswith(":") else text
    if ord(data[0]) < 126:
        return ord(data[0]) - 63
    digits = data[2:8] if ord(data[1]) == 126 else data[1:4]
    value = 0
    for char in digits:
        value = 64 * value + ord(char) - 63
    return value


def _graph6_line(path, number, raw):
    r"""
    Return the graph of line ``number`` of the file ``path`` (``raw``, its
    bytes) as ``(graph6 string, the line as written)``, or ``("", ...)`` for
    a line without a graph: blank, a header alone, or a ``#`` comment (a
    comment may also end a line). Raise ``ValueError``, one short line with
    the line number, for anything else.

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import _graph6_line
        sage: _graph6_line("f.g6", 1, b">>graph6<<Bw  # K3\n"), _graph6_line("f.g6", 2, b"# P3\n")
        (('Bw', '>>graph6<<Bw  # K3'), ('', '# P3'))
        sage: _graph6_line("f.g6", 3, b"B!\n")
        Traceback (most recent call last):
        ...
        ValueError: f.g6, line 3: not a graph6 or sparse6 string: 'B!'
        sage: _graph6_line("f.g6", 4, b"x" * 100)
        Traceback (most recent call last):
        ...
        ValueError: f.g6, line 4: not a graph6 or sparse6 string: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'
    """
    from sage_hcsf.graphs.graph_data import as_graph_data, strip_header
    try:
        written = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        raise ValueError(f"{path}, line {number}: not text (a binary file?); a graph6 or "
                         "sparse6 string a line") from None
    line = strip_header(written.partition("#")[0])   # ">>graph6<<" alone or before the graph
    if line:
        try:
            as_graph_data(line)
        except (ValueError, TypeError):
            shown = line if len(line) <= 40 else line[:40] + "..."
            raise ValueError(f"{path}, line {number}: not a graph6 or sparse6 string: "
                             f"{shown!r}") from None
    return line, written


class Family:
    r"""
    A family of graphs that a certified sweep can walk through.

    - ``name`` -- how the store and the report call it
    - ``kind`` -- ``"trees"`` (the C path over ``gentreeg``), ``"graphs"``,
      ``"connected"``, ``"forests"`` (nauty's ``geng``) or ``"file"``
      (the graph6 lines of a file)
    - ``max_order`` -- the largest order a sweep may take
    - ``path`` -- the file of a ``"file"`` family
    - ``label`` -- how messages and reports call it (default: ``name``; a
      file family: the path as given)

    A file family reads and checks its file once, when it is made: every
    line a graph6 or sparse6 string (with or without a ``>>graph6<<``
    header), a blank line or a ``#`` comment; anything else is refused on
    one line naming its line number.

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import family
        sage: family("connected")
        the family connected (graphs on at most 10 vertices)
        sage: family("forests").parts(12), family("trees").size(20)
        (['0/1'], 823065)
    """

    def __init__(self, name, kind, max_order, path=None, label=None):
        r"""
        See :class:`Family`.

        TESTS::

            sage: from sage_hcsf.certify.enumeration import Family
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
            sage: _ = open(path, "w").write("Bw\nnot a graph\n")
            sage: Family("mine", "file", 255, path)
            Traceback (most recent call last):
            ...
            ValueError: .../mine.g6, line 2: not a graph6 or sparse6 string: 'not a graph'
            sage: _ = open(path, "w").write(">>graph6<<\nBw\n>>graph6<<BW\n>>sparse6<<:An\n")
            sage: Family("mine", "file", 255, path).lines(3)
            ['Bw', 'BW']
            sage: _ = open(path, "w").write("# trees on 3 vertices\n\nBg  # the path\n  # end\n")
            sage: Family("mine", "file", 255, path).lines(3)
            ['Bg']
            sage: _ = open(path, "wb").write(b"Bw\n\x89PNG\x00\xff\n")
            sage: Family("mine", "file", 255, path)
            Traceback (most recent call last):
            ...
            ValueError: .../mine.g6, line 2: not text (a binary file?); a graph6 or sparse6 string a line
            sage: Family("mine", "cubic", 12)
            Traceback (most recent call last):
            ...
            ValueError: kind must be one of 'trees', 'graphs', 'connected', 'forests', 'file'; got 'cubic'
        """
        self.name, self.kind, self.path = name, checked_kind(kind), path
        self.max_order = positive_integer("max_order", max_order)
        self.label = name if label is None else label
        self._lines, self._written = {}, {}   # by order: graph6 strings; (line number, text)
        if kind == "file":
            with open(path, "rb") as stream:
                for number, raw in enumerate(stream, 1):
                    line, written = _graph6_line(path, number, raw)
                    if line:
                        order = graph6_order(line)
                        self._lines.setdefault(order, []).append(line)
                        self._written.setdefault(order, []).append((number, written))

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: family("trees")
            the family trees (graphs on at most 32 vertices)
        """
        return f"the family {self.label} (graphs on at most {self.max_order} vertices)"

    def size(self, n):
        r"""
        Return how many graphs of the family have `n` vertices.

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: family("forests").size(10)
            329
        """
        return len(self.lines(n)) if self.kind == "file" else family_size(self.kind, n)

    def parts(self, n):
        r"""
        Return the slices ``"res/mod"`` of a ``geng`` or file family on `n`
        vertices: one task each. They depend on `n` only, so that a resumed
        sweep finds the same tasks. (The trees are sliced by the plan of
        their first pass: :mod:`sage_hcsf.certify.first_pass`.)

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: family("graphs").parts(9)[-1], family("forests").parts(5)
            ('68/69', ['0/1'])
        """
        if self.kind == "trees":
            raise ValueError("the trees are sliced by the plan of their first pass")
        mod = max(1, -(-self.size(n) // GRAPHS_PER_TASK))
        return [f"{res}/{mod}" for res in range(mod)]

    def lines(self, n):
        r"""
        Return the graph6 strings of a file family with `n` vertices.

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
            sage: _ = open(path, "w").write("Bw\nBg\n\nCF\n")
            sage: family(path).lines(3), family(path).orders()
            (['Bw', 'Bg'], [3, 4])
        """
        return list(self._lines.get(n, []))

    def written(self, graph6_list):
        r"""
        Return, for a file family, ``{canonical graph6: [(line number, the
        line as written), ...]}`` for the graphs of ``graph6_list``
        (canonical graph6, as a sweep reports them); ``{}`` for the other
        kinds.

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
            sage: _ = open(path, "w").write(">>graph6<<Bw\nBG\n\n  BW\nBg\n")
            sage: family(path).written(["BG", "BW"])
            {'BG': [(2, 'BG')], 'BW': [(4, 'BW'), (5, 'Bg')]}
            sage: family("trees").written(["BG"])
            {}
        """
        wanted = set(graph6_list)
        found = {}
        for n in sorted({graph6_order(g6) for g6 in wanted}):
            for line, written in zip(self._lines.get(n, []), self._written.get(n, [])):
                g6 = canonical_graph6(line)
                if g6 in wanted:
                    found.setdefault(g6, []).append(written)
        return {g6: found[g6] for g6 in sorted(found)}

    def check_domain(self, certificate, orders, invariant):
        r"""
        Raise ``ValueError`` naming the first line of a file family, among
        the graphs on ``orders`` vertices, to which ``certificate`` (the
        first rung of the ladder of ``invariant``) does not apply; the
        families of nauty are what their ladders take.

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: from sage_hcsf.certify.csf_ladder import CSF_CERTIFICATES
            sage: import os, tempfile
            sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
            sage: _ = open(path, "w").write("BW\nBw\n")
            sage: family(path).check_domain(CSF_CERTIFICATES["Phi_0(X_T) mod 2^61-1"], [3], "csf")
            Traceback (most recent call last):
            ...
            ValueError: .../mine.g6, line 2: 'Bw' is not a forest; the ladder of 'csf' takes forests only
        """
        if self.kind != "file":
            return
        for n in orders:
            for line, (number, written) in zip(self._lines.get(n, []), self._written.get(n, [])):
                if not certificate.applies_to(line):
                    raise ValueError(f"{self.path}, line {number}: {written!r} is not a "
                                     f"{certificate.domain}; the ladder of {invariant!r} takes "
                                     f"{certificate.domain}s only")

    def orders(self):
        r"""
        Return the orders present in a file family (sorted); all orders up
        to ``max_order`` for the other kinds.

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: family("connected").orders()
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        """
        if self.kind == "file":
            return sorted(self._lines)
        return list(range(1, self.max_order + 1))

    def task(self, n, part):
        r"""
        Return the task of slice ``part`` of a ``geng`` or file family on
        `n` vertices: ``(n, part, kind, lines)``, with the graph6 lines of
        the slice for a file family (so that workers need no shared file
        system) and ``None`` for ``geng``.

        EXAMPLES::

            sage: from sage_hcsf.certify.enumeration import family
            sage: family("forests").task(4, "0/1")
            (4, '0/1', 'forests', None)
        """
        res, mod = (int(x) for x in part.split("/"))
        return (n, part, self.kind, self.lines(n)[res::mod] if self.kind == "file" else None)




def family(name):
    r"""
    Return the :class:`Family` called ``name``: ``"trees"`` (up to 32
    vertices), ``"graphs"``, ``"connected"`` (up to 10), ``"forests"`` (up
    to 14), or the path of a file of graph6 strings (one graph a line).

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import family
        sage: family("trees").kind
        'trees'
        sage: family("cubic")
        Traceback (most recent call last):
        ...
        ValueError: unknown family 'cubic': use trees, graphs, connected, forests, or the path of a file of graph6 strings
        sage: family("/tmp/nosuch/mine.g6")
        Traceback (most recent call last):
        ...
        ValueError: no such file: /tmp/nosuch/mine.g6
        sage: family(graphs.PathGraph(3))
        Traceback (most recent call last):
        ...
        TypeError: family must be trees, graphs, connected, forests, or the path of a file of graph6 strings; got Path graph: Graph on 3 vertices (Graph)
    """
    if not isinstance(name, (str, os.PathLike)) or isinstance(os.fspath(name), bytes):
        raise refusal("family", FAMILY_NAMES, name)
    name = os.fspath(name)
    if name in FAMILIES:
        return Family(name, name, FAMILIES[name])
    if os.path.exists(name) and not os.path.isfile(name):
        raise ValueError(f"{name} is not a file of graph6 strings (a folder?)")
    if (os.sep in name or name.endswith((".g6", ".s6", ".txt"))) and not os.path.exists(name):
        raise ValueError(f"no such file: {name}")
    if os.path.isfile(name):
        try:
            with open(name, "rb") as stream:
                digest = hashlib.sha256(stream.read()).hexdigest()[:16]
            return Family(f"file:{os.path.basename(name)}:{digest}", "file", 255,
                          os.path.abspath(name), label=name)
        except OSError as error:   # unreadable: one line, as every other refusal
            raise ValueError(f"cannot read {name}: {error.strerror}") from None
    raise ValueError(f"unknown family {name!r}: use {FAMILY_NAMES}")


GENG_OPTIONS = {"graphs": (), "connected": ("-c",), "forests": ("-tf",)}
