"""``python -m codegen_sim``: the ``codegen-sim`` command (see :mod:`codegen_sim._cli`)."""

import sys

from ._cli import main

if __name__ == "__main__":  # importing the module (as a walk of the package does) runs nothing
    sys.exit(main())
