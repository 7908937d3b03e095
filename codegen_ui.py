"""Launch the Codegen desktop app from a checkout: `python codegen_ui.py` (or `uv run codegen_ui.py`).

This file shares its name with the `codegen_ui` package. Run as a script, its folder is first on
sys.path, so a plain `import codegen_ui` would import this file again instead of the package. It
therefore takes its folder off sys.path and itself out of sys.modules before importing the app.
"""

import os
import sys


def _launch() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    if getattr(sys.modules.get("codegen_ui"), "__file__", None) == os.path.abspath(__file__):
        del sys.modules["codegen_ui"]
    try:
        from codegen_ui.app import main
    except ImportError as error:
        sys.exit(
            f"codegen_ui.py: the codegen-ui package is not installed ({error}); run `uv sync` first"
        )
    sys.exit(main())


if __name__ == "__main__":
    _launch()
