"""Images for a run: file paths, raw bytes or data URIs, all sent as base64 data URIs.

The API takes ``images`` as data URIs (``data:image/png;base64,...``). The type is read from the
bytes themselves (a ``.png`` that is really a JPEG is sent as JPEG); anything that is not PNG, JPEG,
GIF or WebP, a missing file, or an image over :data:`MAX_IMAGE_BYTES` is an :class:`ImageError`
before any request is made.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ._exceptions import ArgumentTypeError, ImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
"""The largest image accepted, before base64 encoding."""

ImageInput = str | os.PathLike[str] | bytes
"""A path (``str`` or ``Path``), the image's bytes, or a ``data:`` URI."""

_DATA_URI = re.compile(r"^data:(?P<mime>[\w.+-]+/[\w.+-]+);base64,(?P<data>.*)$", re.DOTALL)


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type of PNG, JPEG, GIF or WebP bytes; ``None`` for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def to_data_uri(image: ImageInput) -> str:
    """One image as a ``data:`` URI with the right MIME type."""
    if isinstance(image, bytes):
        return _encode(image, "the given bytes")
    if isinstance(image, str) and image.startswith("data:"):
        return _check_data_uri(image)
    if not isinstance(image, str | os.PathLike):
        raise ArgumentTypeError(
            f"an image must be a path, bytes or a data URI, got {type(image).__name__}",
            argument="images",
        )
    path = Path(image)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImageError(f"image file not found: {path}") from None
    except IsADirectoryError:
        raise ImageError(f"image path is a directory: {path}") from None
    except OSError as error:
        raise ImageError(f"cannot read image {path}: {error.strerror}") from None
    except ValueError:  # a NUL byte or a lone surrogate in the path
        raise ImageError(f"not a usable file name: {str(path)!r}") from None
    return _encode(data, str(path))


def to_data_uris(images: Iterable[ImageInput] | None) -> list[str] | None:
    """Every image as a data URI; ``None`` stays ``None``. A lone path or bytes is refused."""
    if images is None:
        return None
    if isinstance(images, str | bytes | os.PathLike):
        raise ImageError("images must be a list (of paths, bytes or data URIs), not a single value")
    if not isinstance(images, Iterable):
        raise ArgumentTypeError(
            f"images must be a list (of paths, bytes or data URIs), got {type(images).__name__}",
            argument="images",
        )
    return [to_data_uri(image) for image in images]


def _encode(data: bytes, what: str) -> str:
    _check_size(len(data), what)
    mime = sniff_image_type(data)
    if mime is None:
        raise ImageError(f"{what} is not a PNG, JPEG, GIF or WebP image")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _check_data_uri(uri: str) -> str:
    match = _DATA_URI.match(uri)
    if match is None:
        raise ImageError("a data URI image must look like data:image/png;base64,...")
    try:
        data = base64.b64decode(match["data"], validate=True)
    except (binascii.Error, ValueError):
        raise ImageError("the data URI image is not valid base64") from None
    _check_size(len(data), "the data URI image")
    actual = sniff_image_type(data)
    if actual is None:
        raise ImageError("the data URI image is not a PNG, JPEG, GIF or WebP image")
    if actual != match["mime"].lower():
        return f"data:{actual};base64,{match['data']}"
    return uri


def _check_size(size: int, what: str) -> None:
    if size > MAX_IMAGE_BYTES:
        raise ImageError(
            f"{what} is {size / 1048576:.1f} MiB; images may be at most "
            f"{MAX_IMAGE_BYTES // 1048576} MiB"
        )
    if size == 0:
        raise ImageError(f"{what} is empty")
