r"""
The ``tour`` and ``mechanics`` commands: the worked examples, and the
norm laws of learning rules

``tour`` computes and prints the worked examples of the definition of
`X_G^H` and checks the coincidence of `P_3` and `K_2 + K_1`; ``mechanics``
simulates gradient descent and heavy ball on a scale-invariant loss and
compares the growth of the norm with Noether's learning dynamics
(:mod:`sage_hcsf.mechanics`). Each exits with status 1 if a check fails.

EXAMPLES::

    sage: from sage_hcsf.cli.commands import main
    sage: main(["tour"])
    H-chromatic symmetric functions: a short tour
    ...
    P3 and K2+K1 have the same self-CSF: True
    0
"""

from sage_hcsf.cli.options import output_folder, positive_integer


def print_example(g_name, G, h_name, H):
    r"""
    Print a worked example of the definition: the fiber-type counts of
    `G \to H`, `X_G^H` in the monomial and power-sum bases and
    `\chi_G^H(x)`.

    EXAMPLES::

        sage: from sage_hcsf.cli.tour import print_example
        sage: print_example("K2", graphs.CompleteGraph(2), "K2", graphs.CompleteGraph(2))
        G = K2, H = K2
          fiber-type counts  N_lambda(G, H) = {[1, 1]: 2}
          X_G^H in m         4*m[1, 1]
          X_G^H in p         2*p[1, 1] - 2*p[2]
          chi_G^H(x)         2*x^2 - 2*x
    """
    from sage_hcsf.fiber_types.counts import fiber_type_counts
    from sage_hcsf.symmetric_functions.h_chromatic import (h_chromatic_polynomial,
                                                           h_chromatic_symmetric_function)
    print(f"G = {g_name}, H = {h_name}")
    print(f"  fiber-type counts  N_lambda(G, H) = {fiber_type_counts(G, H)}")
    print(f"  X_G^H in m         {h_chromatic_symmetric_function(G, H, basis='m')}")
    print(f"  X_G^H in p         {h_chromatic_symmetric_function(G, H)}")
    print(f"  chi_G^H(x)         {h_chromatic_polynomial(G, H)}")


def tour():
    r"""
    Print the worked examples of the definition and check the `P_3`,
    `K_2 + K_1` coincidence.

    OUTPUT: ``True`` if every check holds

    EXAMPLES::

        sage: from sage_hcsf.cli.tour import tour
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

    from sage_hcsf.fiber_types.counts import count_homomorphisms
    from sage_hcsf.symmetric_functions.h_chromatic import self_chromatic_symmetric_function

    print("H-chromatic symmetric functions: a short tour")
    print()
    P3 = graphs.PathGraph(3)
    K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
    examples = [("P3 (path a-b-c)", P3, "P3", P3), ("K2+K1", K2K1, "K2+K1", K2K1),
                ("C5", graphs.CycleGraph(5), "K3", graphs.CompleteGraph(3))]
    for example in examples:
        print_example(*example)
    star = graphs.StarGraph(20)
    homs = count_homomorphisms(star, star)
    print("G = K_{1,20}, H = K_{1,20}")
    print(f"  homomorphisms      {homs} = 20^20 + 20")
    print()
    same = self_chromatic_symmetric_function(P3) == self_chromatic_symmetric_function(K2K1)
    print(f"P3 and K2+K1 have the same self-CSF: {same}")
    return same and homs == 20**20 + 20


def run_tour(arguments):
    r"""
    Run ``tour``; return the exit status.

    EXAMPLES::

        sage: from sage_hcsf.cli.tour import run_tour
        sage: run_tour(None)
        H-chromatic symmetric functions: a short tour
        ...
        0
    """
    return 0 if tour() else 1


def mechanics_arguments(parser):
    r"""
    Add the options of ``mechanics`` to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import CommandLineParser
        sage: from sage_hcsf.cli.tour import mechanics_arguments
        sage: parser = CommandLineParser(prog="mechanics")
        sage: mechanics_arguments(parser)
        sage: parser.parse_args([]).steps
        1000
    """
    parser.add_argument("--steps", type=positive_integer("--steps"), default=1000, metavar="N",
                        help="optimiser steps of each simulation (default 1000)")
    parser.add_argument("--plot", type=output_folder, metavar="DIR",
                        help="write PNG curves into DIR (created if missing)")


def mechanics(arguments):
    r"""
    Run the norm-law simulations and print the table; return the exit status.

    EXAMPLES::

        sage: from sage_hcsf.cli.commands import main
        sage: main(["mechanics"])
        run ...
        0
    """
    from sage_hcsf.mechanics.simulation import norm_law_checks, report
    return 0 if report(norm_law_checks(steps=arguments.steps), arguments.plot) else 1
