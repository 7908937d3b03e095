"""``python -m codegen_sim``: the ``codegen-sim`` command (see :mod:`codegen_sim._cli`)."""

import sys

from ._cli import main

sys.exit(main())
