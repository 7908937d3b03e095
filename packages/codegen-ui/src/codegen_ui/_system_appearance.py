"""Whether the desktop asks for dark colours, read off the Tk thread while the window is built.

``darkdetect`` reads it where it can (the macOS appearance, the Windows setting, GNOME's colour
scheme through ``gsettings``); where it cannot, the answer is ``None`` and the app is light. On Linux
reading it starts a ``gsettings`` process, so it runs on a thread started first thing.
"""

from __future__ import annotations

from collections.abc import Callable

from ._background import Background

WAIT_SECONDS = 1.0
"""How long the window waits for the answer before it gives up and is light."""


def system_prefers_dark() -> bool | None:
    try:
        import darkdetect  # type: ignore[import-untyped]

        theme = darkdetect.theme()
    except Exception:  # any failure to read it means "cannot tell", never a failed start
        return None
    return None if theme is None else theme.lower() == "dark"


def read_in_background(
    read: Callable[[], bool | None] = system_prefers_dark,
) -> Callable[[], bool | None]:
    """Start ``read`` on a thread now; the returned function waits for its answer (briefly)."""
    reading = Background(read, name="codegen-ui-appearance")

    def result() -> bool | None:
        try:
            return reading.result(WAIT_SECONDS)
        except TimeoutError:
            return None

    return result
