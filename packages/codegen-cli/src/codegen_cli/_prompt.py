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
MAX_METADATA_DEPTH = 32


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
        raise usage_error(
            "the prompt is empty",
            hint='say what the agent should do, e.g. codegen run "Fix the flaky test"',
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise usage_error(
            "the prompt holds bytes that are not UTF-8 text", hint="check its encoding"
        ) from None
    return text.strip()


def parse_metadata(text: str | None) -> dict[str, Any] | None:
    """``--metadata`` as a JSON object of at most :data:`MAX_METADATA_DEPTH` levels; anything
    else is a usage error (a deeper one would fail in the JSON encoder, after the prompt was read
    and the images encoded)."""
    if text is None:
        return None
    example = 'like \'{"ticket": "ENG-42"}\''
    too_deep = False
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise usage_error(
            f"--metadata is not valid JSON: {error.msg} (at character {error.pos})",
            hint=f"give a JSON object, {example}",
        ) from None
    except RecursionError:  # deeper than the decoder goes
        value, too_deep = None, True
    if too_deep or _depth(value) > MAX_METADATA_DEPTH:
        raise usage_error(
            f"--metadata is nested too deeply (more than {MAX_METADATA_DEPTH} levels)",
            hint="flatten it",
        )
    if not isinstance(value, dict):
        raise usage_error("--metadata must be a JSON object", hint=example)
    return value


def _depth(value: Any) -> int:
    """How many levels of objects and arrays ``value`` nests (0 for a plain value)."""
    deepest, level = 0, [(value, 0)]
    while level:
        item, depth = level.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        )
        if children is not None:
            deepest = max(deepest, depth + 1)
            level.extend((child, depth + 1) for child in children)
    return deepest
