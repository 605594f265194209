"""Where the benchmarks write their tables: ``bench/results/NAME``."""
import os


def write_results(name, parts):
    """Write the text blocks ``parts`` to ``bench/results/NAME``; return its path."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "w") as stream:
        stream.write("\n".join(parts))
    return path
