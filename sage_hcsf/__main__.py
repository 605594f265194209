"""``python -m sage_hcsf COMMAND``: the command line of :mod:`sage_hcsf.cli`."""
import sys

from sage_hcsf.cli import main   # light: the commands load inside main (Ctrl-C: one line)

if __name__ == "__main__":
    sys.exit(main(prog="python -m sage_hcsf"))
