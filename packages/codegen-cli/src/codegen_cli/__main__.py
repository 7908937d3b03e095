"""``codegen``: the entry point, with a fast path for ``--version``.

``codegen --version`` answers before typer, rich, httpx or pydantic are imported; every other
invocation loads the typer app, which loads only the module of the command it runs, and that
loads the API client only when it talks to the API.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Run ``codegen`` with ``argv`` (default: ``sys.argv[1:]``): the console script's entry
    point. It exits with the command's exit code."""
    args = sys.argv[1:] if argv is None else argv
    try:
        if args == ["--version"]:
            from ._version import version_line

            sys.stdout.write(version_line() + "\n")
            return
        from ._app import app

        app(args=args, prog_name="codegen")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
