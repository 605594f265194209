"""The in-process first pass over trees (sage_hcsf.kernels.tree_pass): every tree exactly
once, slices that fit together, and the keys of the kernels over gentreeg's text."""
import array
import random
import subprocess

import pytest

from sage_hcsf.certify.enumeration import number_of_trees
from sage_hcsf.graphs.trees import nauty_program, tree_from_parents, tree_parent_arrays
from sage_hcsf.kernels.tree_cuts import tree_functional, tree_functional_residues
from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues, tree_endomorphisms_mod64
from sage_hcsf.kernels.tree_pass import (MAX_ORDER, MIXER, audit_slice, canonical_code,
                                         code_residues, first_state, plan, slice_codes,
                                         slice_detail, slice_keys, slice_select, tree_codes,
                                         tree_line, tree_lines)
from sage_hcsf.symmetric_functions.stanley import csf_weights

P61 = 2**61 - 1
W0, W1 = csf_weights(MAX_ORDER, 0), csf_weights(MAX_ORDER, 1)


def words(data):
    return array.array("Q", data).tolist()


def all_codes(n):
    """The codes of all trees on n vertices, in generation order (one slice)."""
    starts, total = plan(n, 10**12)
    codes, following = slice_codes(n, starts, total)
    assert following == b""
    return words(codes)


def slices(n, per_slice):
    starts, total = plan(n, per_slice)
    return [(starts[16 * i:16 * i + 16], min(per_slice, total - per_slice * i))
            for i in range(len(starts) // 16)], total


def graph6(parents):
    """The graph6 string of the tree of a gentreeg parent line (vertices 1..n): nothing
    of the package or of Sage."""
    n = len(parents)
    length = n * (n - 1) // 2
    pad = -length % 6
    bits = 0
    for i, p in enumerate(parents):
        if p:
            a, b = min(i, p - 1), max(i, p - 1)   # bit (a, b), column b, row a, at b(b-1)/2 + a
            bits |= 1 << (length + pad - 1 - (b * (b - 1) // 2 + a))
    groups = (length + pad) // 6
    return chr(63 + n) + "".join(chr(63 + ((bits >> (6 * (groups - 1 - k))) & 63))
                                 for k in range(groups))


def canonical_graph6s(lines):
    """nauty's canonical forms (labelg) of graph6 lines, sorted."""
    out = subprocess.run([nauty_program("labelg"), "-q", "-g"], input="".join(lines).encode(),
                         capture_output=True, check=True).stdout
    return sorted(out.decode().split())


# -- the enumeration -------------------------------------------------------------------

@pytest.mark.parametrize("n", range(1, 19))
def test_the_trees_are_gentreegs(n):
    """Same trees as gentreeg: canonical graph6 (nauty's labelg over both lists), the
    canonical codes of gentreeg's trees, and the multisets of both keys."""
    codes = all_codes(n)
    assert len(codes) == len(set(codes)) == number_of_trees(n)
    ours = tree_lines(n, array.array("Q", codes).tobytes())
    theirs = tree_parent_arrays(n, "0/1")
    mine = canonical_graph6s(graph6([int(x) for x in line.split()]) + "\n"
                             for line in ours.decode().splitlines())
    assert mine == canonical_graph6s(graph6([int(x) for x in line.split()]) + "\n"
                                     for line in theirs.decode().splitlines())
    assert len(set(mine)) == len(mine)
    assert sorted(words(tree_codes(theirs))) == sorted(codes)
    hom, phi, _ = slice_keys(n, first_state(n), len(codes), weights=W0)
    assert sorted(words(hom)) == sorted(words(tree_endomorphisms_mod64(theirs)))
    assert sorted(words(phi)) == sorted(tree_functional_residues(theirs, W0, P61))


def test_counts_are_otters_up_to_24():
    for n in range(1, 25):
        assert plan(n, 10**6)[1] == number_of_trees(n), n


@pytest.mark.slow
@pytest.mark.parametrize("n", range(25, 29))
def test_counts_are_otters_25_to_28(n):
    starts, total = plan(n, 10**7)
    assert total == number_of_trees(n)
    assert len(starts) == 16 * -(-total // 10**7)


@pytest.mark.parametrize("n", range(1, 17))
def test_every_tree_is_generated_canonical(n):
    """plan(verify=True): the code of each generated parent array, recomputed from scratch
    (centres, sorted subtrees), is the code generated; codes strictly decrease."""
    assert plan(n, 7, verify=True)[1] == number_of_trees(n)
    codes = all_codes(n)
    assert all(a > b for a, b in zip(codes, codes[1:]))


def test_the_first_tree_is_the_path_and_the_last_the_star():
    for n in range(3, 33):
        codes, _ = slice_codes(n, first_state(n), 1)
        line = tree_line(n, words(codes)[0])
        assert tree_from_parents(line).is_isomorphic(tree_from_parents(
            " ".join(map(str, range(n)))))
    codes = all_codes(12)
    assert tree_line(12, codes[-1]) == "0" + " 1" * 11


# -- slices ------------------------------------------------------------------------------

@pytest.mark.parametrize("n, per_slice", [(9, 1), (11, 1), (12, 7), (13, 100), (14, 1301),
                                          (14, 3158), (14, 3159), (14, 10**6), (15, 997)])
def test_slices_partition_the_enumeration(n, per_slice):
    """Each slice gives exactly its trees; the slices one after the other are the whole
    enumeration, with no repeat; each slice ends where the next starts."""
    parts, total = slices(n, per_slice)
    assert total == number_of_trees(n) and len(parts) == -(-total // per_slice)
    whole = all_codes(n)
    seen = []
    for i, (start, count) in enumerate(parts):
        codes, following = slice_codes(n, start, count)
        seen += words(codes)
        assert following == (parts[i + 1][0] if i + 1 < len(parts) else b"")
    assert seen == whole and len(set(seen)) == total


def test_slice_errors():
    starts, total = plan(8, 5)
    with pytest.raises(ValueError, match="runs past the last tree"):
        slice_keys(8, starts[-16:], 5)
    with pytest.raises(ValueError, match="not the state of a tree on 9 vertices"):
        slice_keys(9, starts[:16], 1)
    with pytest.raises(ValueError, match="a state is 16 bytes"):
        slice_codes(8, starts[:8], 1)
    with pytest.raises(ValueError, match="1 to 32 vertices"):
        first_state(33)
    bad = bytearray(starts[:16])
    bad[15] ^= 1                                    # the tag
    with pytest.raises(ValueError, match="not the state"):
        slice_codes(8, bytes(bad), 1)
    assert slice_keys(8, starts[:16], 0) == (b"", None, starts[:16])


# -- keys --------------------------------------------------------------------------------

@pytest.mark.parametrize("n", range(1, 17))
def test_keys_are_the_old_kernels_tree_by_tree(n):
    """hom(T,T) mod 2^64 and Phi_0 of every tree, in slices of 37 trees (the functional's
    DP restarts at each slice and goes on from tree to tree inside), equal the kernels
    over gentreeg text, tree by tree; asked together or alone."""
    parts, total = slices(n, 37)
    for start, count in parts:
        codes, _ = slice_codes(n, start, count)
        text = tree_lines(n, codes)
        hom, phi, _ = slice_keys(n, start, count, weights=W0)
        assert hom == tree_endomorphisms_mod64(text)
        assert words(phi) == tree_functional_residues(text, W0, P61)
        assert slice_keys(n, start, count)[0] == hom
        assert slice_keys(n, start, count, hom=False, weights=W0) == (None, phi, _)


@pytest.mark.parametrize("n", [19, 22, 24, 26, 28, 30, 32])
def test_keys_on_random_slices_beyond(n):
    """Random stretches of the enumeration (from planned slices up to 24 vertices, from
    the first tree and from the end of long slices beyond)."""
    rng = random.Random(n)
    if n <= 24:
        starts, total = plan(n, 50000)
        chosen = [starts[16 * i:16 * i + 16] for i in rng.sample(range(len(starts) // 16), 3)]
    else:
        _, following = slice_codes(n, first_state(n), rng.randrange(10**5, 10**6))
        chosen = [first_state(n), following]
    for start in chosen:
        count = 3000
        codes, _ = slice_codes(n, start, count)
        text = tree_lines(n, codes)
        hom, phi, _ = slice_keys(n, start, count, weights=W1)
        assert hom == tree_endomorphisms_mod64(text)
        picked = sorted(rng.sample(range(count), 200))
        assert [words(phi)[i] for i in picked] == tree_functional_residues(
            b"".join(text.splitlines(keepends=True)[i] for i in picked), W1, P61)


def test_phi_is_tree_functional():
    """A few trees against tree_functional itself (the Python entry of the old DP)."""
    n = 15
    codes, _ = slice_codes(n, first_state(n), 40)
    phi = words(slice_keys(n, first_state(n), 40, hom=False, weights=W0)[1])
    for code, value in zip(words(codes), phi):
        parents = [int(x) - 1 for x in tree_line(n, code).split()]
        assert tree_functional(parents, W0, P61) == value


@pytest.mark.parametrize("n", range(1, 21))
def test_audit_every_tree_up_to_20(n):
    """Every tree: the incremental functional against the DP over the whole tree, and the
    code against the canonical code recomputed from the parent array."""
    parts, total = slices(n, 100000)
    for start, count in parts:
        audit_slice(n, start, count, csf_weights(n, n))


@pytest.mark.slow
@pytest.mark.parametrize("n", range(21, 33))
def test_audit_long_stretches(n):
    """The first million trees, and the million after the next (all trees on 21)."""
    if n == 21:
        assert audit_slice(n, first_state(n), number_of_trees(n), W0) == b""
        return
    following = audit_slice(n, first_state(n), 10**6, W0)
    audit_slice(n, slice_codes(n, following, 10**6)[1], 10**6, W1)


def test_code_residues_are_the_later_rungs():
    n = 13
    codes = slice_codes(n, first_state(n), 500)[0]
    text = tree_lines(n, codes)
    values = words(code_residues(n, codes, [W0, W1]))
    h64, h61 = tree_endomorphism_residues(text)
    assert values[0::4] == h64 and values[1::4] == h61
    assert values[2::4] == tree_functional_residues(text, W0, P61)
    assert values[3::4] == tree_functional_residues(text, W1, P61)
    assert words(code_residues(n, codes)) == [v for pair in zip(h64, h61) for v in pair]
    assert code_residues(n, b"") == b""


# -- select and detail -------------------------------------------------------------------

def mixed(key):
    return key * MIXER % 2**64


@pytest.mark.parametrize("passes, buckets", [(1, 1), (1, 8), (2, 4), (4, 1), (8, 16)])
def test_select_is_the_mixing_rule(passes, buckets):
    n = 13
    pbits, bbits = passes.bit_length() - 1, buckets.bit_length() - 1
    for start, count in slices(n, 500)[0][:3]:
        hom, phi, _ = slice_keys(n, start, count, weights=W0)
        for p in range(passes):
            hom_part, phi_part, following = slice_select(n, start, count, passes, p, buckets,
                                                         weights=W0)
            assert following == slice_keys(n, start, count, hom=False)[2]
            for keys, (records, counts) in ((hom, hom_part), (phi, phi_part)):
                chosen = [m for m in map(mixed, words(keys)) if (m >> (64 - pbits)) == p
                          or pbits == 0]
                bucket = [(m << pbits) % 2**64 >> (64 - bbits) if bbits else 0 for m in chosen]
                expected = [(m << (pbits + bbits)) % 2**64 >> 32
                            for b in range(buckets) for m, bm in zip(chosen, bucket) if bm == b]
                assert array.array("I", records).tolist() == expected
                assert array.array("I", counts).tolist() == [bucket.count(b)
                                                             for b in range(buckets)]
    only, none, _ = slice_select(n, first_state(n), 50, 2, 1, 2)
    assert none is None and only is not None


def test_select_errors():
    start = first_state(10)
    for passes, index, buckets in [(3, 0, 1), (2, 2, 1), (1, 0, 6), (2**20, 0, 2**13)]:
        with pytest.raises(ValueError):
            slice_select(10, start, 5, passes, index, buckets)


def test_detail_finds_exactly_the_candidates():
    n, rng = 14, random.Random(5)
    for bits in (33, 40, 64):
        for start, count in slices(n, 1000)[0][:2]:
            hom, phi, _ = slice_keys(n, start, count, weights=W0)
            codes = words(slice_codes(n, start, count)[0])
            hom, phi = words(hom), words(phi)

            def truncate(key):
                return mixed(key) >> (64 - bits)
            wanted_h = sorted({truncate(hom[i]) for i in rng.sample(range(count), 20)}
                              | {rng.randrange(2**bits)})
            wanted_p = sorted({truncate(phi[i]) for i in rng.sample(range(count), 5)})
            rows, _ = slice_detail(n, start, count, bits,
                                   hom_candidates=array.array("Q", wanted_h).tobytes(),
                                   weights=W0, phi_candidates=array.array("Q", wanted_p).tobytes())
            rows = words(rows)
            expected = [[i, hom[i], phi[i], codes[i]] for i in range(count)
                        if truncate(hom[i]) in wanted_h or truncate(phi[i]) in wanted_p]
            assert [rows[k:k + 4] for k in range(0, len(rows), 4)] == expected
            rows, _ = slice_detail(n, start, count, bits,
                                   hom_candidates=array.array("Q", wanted_h).tobytes())
            rows = words(rows)
            assert [rows[k:k + 4] for k in range(0, len(rows), 4)] == [
                [i, hom[i], 0, codes[i]] for i in range(count) if truncate(hom[i]) in wanted_h]
    with pytest.raises(ValueError, match="sorted"):
        slice_detail(n, first_state(n), 5, 40, hom_candidates=array.array("Q", [5, 3]).tobytes())
    with pytest.raises(ValueError, match="go together"):
        slice_detail(n, first_state(n), 5, 40, weights=W0)


# -- codes -------------------------------------------------------------------------------

@pytest.mark.parametrize("n", range(1, 13))
def test_decoding_round_trips(n):
    for code in all_codes(n):
        line = tree_line(n, code)
        parents = [int(x) - 1 for x in line.split()]
        assert canonical_code(parents) == code
        assert tree_codes(line.encode()) == code.to_bytes(8, "little")


def test_canonical_codes_are_invariants_that_separate():
    """Relabelled at random, a tree keeps its code; random trees on up to 32 vertices
    have equal codes exactly when they are isomorphic."""
    from sage.graphs.graph_generators import graphs
    rng = random.Random(2)
    trees, codes = [], []
    for _ in range(300):
        n = rng.randrange(1, 33)
        T = graphs.RandomTree(n, seed=rng.randrange(10**9))
        trees.append(T)
        labels = list(range(n))
        rng.shuffle(labels)
        order = [labels[0]]
        where = {labels[0]: 0}
        parents = [-1]
        for v in order:
            for u in sorted(T.neighbors(v), key=labels.index):
                if u not in where:
                    where[u] = len(order)
                    order.append(u)
                    parents.append(where[v])
        code = canonical_code(parents)
        assert tree_from_parents(tree_line(n, code)).is_isomorphic(T)
        codes.append(code)
    for S, s in zip(trees[:80], codes):
        for T, t in zip(trees[:80], codes):
            if S.order() == T.order():
                assert (s == t) == S.is_isomorphic(T)


def test_canonical_codes_do_not_depend_on_the_root():
    """From every vertex as the root (the centres found by heights from a centre, by
    peeling the leaves from anywhere else), one code."""
    from sage.graphs.graph_generators import graphs
    rng = random.Random(3)
    for n in list(range(1, 8)) + [rng.randrange(8, 33) for _ in range(40)]:
        T = graphs.RandomTree(n, seed=rng.randrange(10**9))
        codes = set()
        for root in T:
            order, where, parents = [root], {root: 0}, [-1]
            for v in order:
                for u in T.neighbors(v):
                    if u not in where:
                        where[u] = len(order)
                        order.append(u)
                        parents.append(where[v])
            codes.add(canonical_code(parents))
        assert len(codes) == 1


def test_bad_codes():
    with pytest.raises(ValueError, match="not the code"):
        tree_line(5, 1)
    with pytest.raises(ValueError, match="not the code"):
        code_residues(5, (2**64 - 1).to_bytes(8, "little"))
    with pytest.raises(ValueError, match="8 bytes"):
        tree_lines(5, b"123")
