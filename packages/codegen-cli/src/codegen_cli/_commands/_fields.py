"""``codegen api``'s request fields, as ``gh api`` reads them.

``-f key=value`` is a string; ``-F key=value`` is typed: ``true``, ``false``, ``null`` and numbers
become JSON values, and ``@FILE`` reads the value from a file (``@-``: stdin). A key may go deeper:
``key[]=v`` appends to a list, ``key[sub]=v`` sets a key of an object (``a[b][]=v`` too).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from codegen_cli._errors import usage_error

_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?")
_KEY = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)")
_TYPED = {"true": True, "false": False, "null": None}


def parse_fields(raw: Iterable[str], typed: Iterable[str]) -> dict[str, Any]:
    """The fields as one JSON object; a malformed field is a usage error (exit 2)."""
    fields: dict[str, Any] = {}
    for flag, items, convert in (("-f", raw, str), ("-F", typed, _typed_value)):
        for item in items:
            key, sep, text = item.partition("=")
            if not sep or not key:
                raise usage_error(f"{flag} {item!r}: expected KEY=VALUE")
            _assign(fields, _key_path(flag, key), convert(text), flag, item)
    return fields


def _typed_value(text: str) -> Any:
    if text in _TYPED:
        return _TYPED[text]
    if _NUMBER.fullmatch(text):
        return float(text) if any(c in text for c in ".eE") else int(text)
    if text.startswith("@"):
        return _read(text[1:])
    return text


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise usage_error(f"-F: cannot read {name!r}: {reason}") from None


def _key_path(flag: str, key: str) -> list[str]:
    """``a[b][]`` → ``["a", "b", ""]`` (``""``: append to a list)."""
    match = _KEY.fullmatch(key)
    if match is None:
        raise usage_error(f"{flag}: bad key {key!r}", hint="use KEY, KEY[] or KEY[SUB]")
    return [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]


def _assign(target: dict[str, Any], path: list[str], value: Any, flag: str, item: str) -> None:
    container: Any = target
    for index, part in enumerate(path):
        last = index == len(path) - 1
        nxt: Any = None if last else ([] if path[index + 1] == "" else {})
        if part == "":
            if not isinstance(container, list):
                raise usage_error(f"{flag} {item!r}: [] on a key that is not a list")
            if last:
                container.append(value)
                return
            container.append(nxt)
            container = nxt
            continue
        if not isinstance(container, dict):
            raise usage_error(f"{flag} {item!r}: [{part}] on a key that is not an object")
        if last:
            container[part] = value
            return
        existing = container.setdefault(part, nxt)
        if type(existing) is not type(nxt):
            raise usage_error(f"{flag} {item!r}: {part!r} is given both as a list and as a value")
        container = existing
