"""``codegen``: the entry point, with a fast path for ``--version``.

``codegen --version`` answers before typer, rich, httpx or pydantic are imported; every other
invocation loads the typer app, which itself loads the API client only inside the commands that
talk to the API.
"""

from __future__ import annotations

import sys


def version_line() -> str:
    from . import __version__

    return f"codegen {__version__}"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        if args == ["--version"]:
            sys.stdout.write(version_line() + "\n")
            return
        from ._app import app

        app(args=args, prog_name="codegen")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
