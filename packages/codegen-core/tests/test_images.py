from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
import respx

from codegen import MAX_IMAGE_BYTES, ImageError
from codegen._images import sniff_image_type, to_data_uri, to_data_uris

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 24
GIF = b"GIF89a" + b"\x00" * 24
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 16


@pytest.mark.parametrize(
    ("data", "mime"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (GIF, "image/gif"), (WEBP, "image/webp")],
)
def test_type_comes_from_the_bytes(tmp_path: Path, data: bytes, mime: str) -> None:
    assert sniff_image_type(data) == mime
    path = tmp_path / "mislabelled.png"
    path.write_bytes(data)
    for value in (path, str(path), data):
        uri = to_data_uri(value)
        assert uri.startswith(f"data:{mime};base64,")
        assert base64.b64decode(uri.split(",", 1)[1]) == data


def test_data_uris_pass_through_and_get_their_type_corrected() -> None:
    good = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert to_data_uri(good) == good
    relabelled = "data:image/jpeg;base64," + base64.b64encode(PNG).decode()
    assert to_data_uri(relabelled) == good


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("missing.png", "image file not found: missing.png"),
        (b"plain text", "not a PNG, JPEG, GIF or WebP image"),
        (b"", "is empty"),
        ("data:image/png;base64,@@@", "not valid base64"),
        ("data:text/plain,hello", "must look like data:image/png;base64"),
        ("data:image/png;base64," + base64.b64encode(b"text").decode(), "not a PNG, JPEG"),
    ],
)
def test_bad_images_are_clear_errors(value: Any, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        to_data_uri(value)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="is a directory"):
        to_data_uri(tmp_path)


def test_oversize_images_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(PNG + b"\x00" * MAX_IMAGE_BYTES)
    with pytest.raises(ImageError, match=r"big.png is 10.0 MiB; images may be at most 10 MiB"):
        to_data_uri(big)


def test_a_single_path_instead_of_a_list_is_refused() -> None:
    with pytest.raises(ImageError, match="must be a list"):
        to_data_uris("shot.png")  # type: ignore[arg-type]
    assert to_data_uris(None) is None


def test_bad_images_fail_before_any_request(api: Any, router: respx.MockRouter) -> None:
    route = router.route()
    with pytest.raises(ImageError, match="not found"):
        api.call("create_agent_run", "look", images=["nope.png"])
    with pytest.raises(ImageError, match="not a PNG"):
        api.call("resume_agent_run", agent_run_id=1, prompt="more", images=[b"text"])
    assert route.call_count == 0
