"""Shell completion scripts."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_cli._completion import SHELLS, script
from codegen_cli._invocation import Invocation
from codegen_cli._values import one_of


def completion(
    invocation: Invocation,
    shell: Annotated[
        str,
        typer.Argument(
            metavar="SHELL",
            parser=one_of(SHELLS, "a shell"),
            autocompletion=lambda: list(SHELLS),
            show_default=False,
            help="bash, zsh or fish.",
        ),
    ],
) -> None:
    """Print a shell script that completes codegen's commands.

    It completes command names, flags, --status and --type values, and the ids of the newest
    runs (asked of the API when you press TAB). Load it from your shell's start-up file.

    Examples:
        echo 'eval "$(codegen completion bash)"' >> ~/.bashrc
        echo 'eval "$(codegen completion zsh)"' >> ~/.zshrc
        codegen completion fish > ~/.config/fish/completions/codegen.fish
    """
    typer.echo(script(shell))
