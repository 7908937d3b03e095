"""``python -m codegen_ui``: the same as the ``codegen-ui`` command."""

import sys

from .app import main

if __name__ == "__main__":
    sys.exit(main())
