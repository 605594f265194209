"""``python -m sage_hcsf COMMAND``: the command line of :mod:`sage_hcsf.cli`."""
import sys

from sage_hcsf.cli.commands import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m sage_hcsf"))
