r"""
Command line: ``python -m sage_hcsf COMMAND``

Commands:

- ``reproduce [--max-n N] [--only CLAIMS] [--json FILE] [--plot DIR]`` --
  check every published claim (the main job); exit status 1 if a claim is
  contradicted.
- ``tour`` -- compute and print the worked examples of the definition.
- ``mechanics [--plot DIR]`` -- simulate gradient descent and heavy ball on
  a scale-invariant loss and compare the norm with Noether's learning
  dynamics; exit status 1 if a law fails.

EXAMPLES::

    sage: from sage_hcsf.__main__ import main
    sage: main(["tour"])
    H-chromatic symmetric functions: a short tour
    ...
    P3 and K2+K1 have the same self-CSF: True
"""
import argparse
import sys


def tour():
    r"""
    Print the worked examples of the definition and check the `P_3`,
    `K_2 + K_1` coincidence.

    OUTPUT: ``True`` if every check holds

    EXAMPLES::

        sage: from sage_hcsf.__main__ import tour
        sage: tour()
        H-chromatic symmetric functions: a short tour
        <BLANKLINE>
        G = P3 (path a-b-c), H = P3
          fiber-type counts  N_lambda(G, H) = {[1, 1, 1]: 2, [2, 1]: 4}
          X_G^H in m         12*m[1, 1, 1] + 4*m[2, 1]
          X_G^H in p         2*p[1, 1, 1] - 2*p[2, 1]
          chi_G^H(x)         2*x^3 - 2*x^2
        G = K2+K1, H = K2+K1
          fiber-type counts  N_lambda(G, H) = {[1, 1, 1]: 2, [2, 1]: 4}
          X_G^H in m         12*m[1, 1, 1] + 4*m[2, 1]
          X_G^H in p         2*p[1, 1, 1] - 2*p[2, 1]
          chi_G^H(x)         2*x^3 - 2*x^2
        G = C5, H = K3
          fiber-type counts  N_lambda(G, H) = {[2, 2, 1]: 30}
          X_G^H in m         60*m[2, 2, 1]
          X_G^H in p         30*p[2, 2, 1] - 60*p[3, 2] - 30*p[4, 1] + 60*p[5]
          chi_G^H(x)         30*x^3 - 90*x^2 + 60*x
        G = K_{1,20}, H = K_{1,20}
          homomorphisms      104857600000000000000000020 = 20^20 + 20
        <BLANKLINE>
        P3 and K2+K1 have the same self-CSF: True
        True
    """
    from sage.graphs.graph import Graph
    from sage.graphs.graph_generators import graphs

    from sage_hcsf import (count_homomorphisms, fiber_type_counts, h_chromatic_polynomial,
                           h_chromatic_symmetric_function, self_chromatic_symmetric_function)

    print("H-chromatic symmetric functions: a short tour")
    print()
    P3 = graphs.PathGraph(3)
    K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
    examples = [("P3 (path a-b-c)", P3, "P3", P3), ("K2+K1", K2K1, "K2+K1", K2K1),
                ("C5", graphs.CycleGraph(5), "K3", graphs.CompleteGraph(3))]
    for g_name, G, h_name, H in examples:
        print(f"G = {g_name}, H = {h_name}")
        print(f"  fiber-type counts  N_lambda(G, H) = {fiber_type_counts(G, H)}")
        print(f"  X_G^H in m         {h_chromatic_symmetric_function(G, H, basis='m')}")
        print(f"  X_G^H in p         {h_chromatic_symmetric_function(G, H)}")
        print(f"  chi_G^H(x)         {h_chromatic_polynomial(G, H)}")
    star = graphs.StarGraph(20)
    homs = count_homomorphisms(star, star)
    print("G = K_{1,20}, H = K_{1,20}")
    print(f"  homomorphisms      {homs} = 20^20 + 20")
    print()
    same = self_chromatic_symmetric_function(P3) == self_chromatic_symmetric_function(K2K1)
    print(f"P3 and K2+K1 have the same self-CSF: {same}")
    return same and homs == 20**20 + 20


def reproduce(arguments):
    r"""
    Run the claim checkers and print the table; return the exit status.

    EXAMPLES::

        sage: from sage_hcsf.__main__ import main
        sage: main(["reproduce", "--only", "2,10", "--max-n", "5"])
        claim | published range | range verified here | verdict | time
        ...
        2. self-CSF detects the number of components of a forest, one exception | ...
        10. m, p, e are realised as H-CSFs (up to scalars) | ... | holds | ...
        0
    """
    from sage_hcsf.claims import run_claims
    from sage_hcsf.report import claims_table, write_json, write_plots

    only = [int(x) for x in arguments.only.split(",")] if arguments.only else None
    results = run_claims(only, arguments.max_n, progress=sys.stderr.isatty(),
                         processes=arguments.processes, checkpoint=arguments.checkpoint)
    print(claims_table(results))
    if arguments.json:
        write_json(results, arguments.json)
    if arguments.plot:
        write_plots(results, arguments.plot)
    failed = [r.number for r in results if not r.passed]
    if failed:
        print(f"contradicted or not reproduced: claims {failed}")
    return 1 if failed else 0


def main(argv=None):
    r"""
    Run the command line; return the exit status.

    INPUT:

    - ``argv`` -- list of strings (default: ``sys.argv[1:]``)

    EXAMPLES::

        sage: from sage_hcsf.__main__ import main
        sage: main(["--help"])
        Traceback (most recent call last):
        ...
        SystemExit: 0
        sage: main(["mechanics", "--steps", "300"])
        run ...
        0
    """
    parser = argparse.ArgumentParser(prog="python -m sage_hcsf",
                                     description="H-chromatic symmetric functions for Sage")
    commands = parser.add_subparsers(dest="command", required=True)
    claims = commands.add_parser("reproduce", help="check the published claims")
    claims.add_argument("--max-n", type=int, default=14,
                        help="largest trees for the tree-distinguishing claim "
                             "(default 14; published: 12)")
    claims.add_argument("--only", help="comma-separated claim numbers (default: all)")
    claims.add_argument("--json", metavar="FILE", help="write the full results as JSON")
    claims.add_argument("--plot", metavar="DIR", help="write PNG figures into DIR")
    claims.add_argument("--processes", type=int, default=None,
                           help="worker processes for the tree sweep (default: all cores)")
    claims.add_argument("--checkpoint", metavar="FILE",
                           help="JSON-lines file: resume the tree sweep from it and append to it")
    commands.add_parser("tour", help="print the worked examples of the definition")
    mechanics = commands.add_parser("mechanics", help="norm laws of learning rules, simulated")
    mechanics.add_argument("--plot", metavar="DIR", help="write PNG curves into DIR")
    mechanics.add_argument("--steps", type=int, default=1000)
    arguments = parser.parse_args(argv)
    if arguments.command == "reproduce":
        return reproduce(arguments)
    if arguments.command == "tour":
        return 0 if tour() else 1
    if arguments.command == "mechanics":
        from sage_hcsf.mechanics.simulation import norm_law_checks, report
        return 0 if report(norm_law_checks(steps=arguments.steps), arguments.plot) else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
