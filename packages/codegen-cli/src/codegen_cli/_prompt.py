"""The text a run starts or continues with: an argument, stdin (``-``) or a file (``--file``).

Long prompts rarely fit on a command line, so ``-`` and ``--file`` read them; an empty prompt is
refused here (exit 2) rather than by a round trip to the API.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from ._errors import usage_error

STDIN = "-"


def read_prompt(argument: str | None, file: str | None) -> str:
    """The prompt from exactly one of ``argument`` (``-``: stdin) and ``file`` (``-``: stdin)."""
    if argument is not None and file is not None:
        raise usage_error("give the prompt as an argument or with --file, not both")
    if argument is None and file is None:
        raise usage_error(
            "no prompt given", hint="pass it as an argument, '-' to read stdin, or --file PATH"
        )
    if argument == STDIN or file == STDIN:
        text = sys.stdin.read()
    elif file is not None:
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise usage_error(f"cannot read the prompt file {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise usage_error(f"the prompt file {file} is not UTF-8 text") from None
    else:
        text = argument or ""
    if not text.strip():
        raise usage_error("the prompt is empty")
    return text.strip()


def parse_metadata(text: str | None) -> dict[str, Any] | None:
    """``--metadata`` as a JSON object; anything else is a usage error."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise usage_error(
            f"--metadata is not valid JSON: {error.msg} (at character {error.pos})"
        ) from None
    if not isinstance(value, dict):
        raise usage_error('--metadata must be a JSON object, like \'{"ticket": "ENG-42"}\'')
    return value
