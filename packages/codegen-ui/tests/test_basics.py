"""Pure parts: status classes and colours, formatting, error messages, the worker and its guard."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from codegen import (
    AgentRunLog,
    LogMessageType,
    NotFoundError,
    PermissionDeniedError,
)
from codegen_ui._errors import describe
from codegen_ui._format import compact, log_line, one_line, run_row, timestamp
from codegen_ui._palette import (
    DARK,
    LIGHT,
    LOG_TYPES,
    OTHER_LOG_TYPE,
    Appearance,
    Palette,
    StatusClass,
)
from codegen_ui._theme import log_type_key, status_class
from codegen_ui._worker import Generation, Worker


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("PENDING", StatusClass.RUNNING),
        ("active", StatusClass.RUNNING),
        ("RUNNING", StatusClass.RUNNING),
        ("EVALUATION", StatusClass.RUNNING),
        ("PAUSED", StatusClass.PAUSED),
        ("COMPLETE", StatusClass.COMPLETE),
        ("completed", StatusClass.COMPLETE),
        ("FAILED", StatusClass.FAILED),
        ("ERROR", StatusClass.FAILED),
        ("CANCELLED", StatusClass.FAILED),
        ("OUT_OF_TOKENS", StatusClass.FAILED),
        ("SOMETHING_NEW", StatusClass.UNKNOWN),
        (None, StatusClass.UNKNOWN),
    ],
)
def test_status_classes(status: str | None, expected: StatusClass) -> None:
    assert status_class(status) is expected


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_status_class_and_log_type_has_a_distinct_enough_colour(palette: Palette) -> None:
    assert set(palette.statuses) == set(StatusClass)
    assert len(set(palette.statuses.values())) == len(StatusClass)
    assert (*(t.value for t in LogMessageType), OTHER_LOG_TYPE) == LOG_TYPES
    assert set(palette.log_types) == set(LOG_TYPES)
    assert all(palette.log_types[key].startswith("#") for key in LOG_TYPES)
    assert (
        palette.log_types["ERROR"]
        == palette.log_types["PR_CREATION_FAILED"]
        == palette.statuses[StatusClass.FAILED]
    )


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_text_colours_are_readable_on_their_backgrounds(palette: Palette) -> None:
    """WCAG AA for body text (4.5:1) wherever text is drawn in a palette colour."""
    texts = [*palette.statuses.values(), palette.foreground, palette.link, palette.muted]
    for colour in texts:
        assert _contrast(colour, palette.background) >= 4.5, colour
    for colour in palette.log_types.values():
        assert _contrast(colour, palette.surface) >= 4.5, colour
    assert _contrast(palette.error, palette.error_background) >= 4.5
    assert _contrast(palette.banner_foreground, palette.banner_background) >= 4.5


def test_appearance_follows_the_system_only_when_asked() -> None:
    assert Appearance.SYSTEM.is_dark(True) and not Appearance.SYSTEM.is_dark(False)
    assert not Appearance.SYSTEM.is_dark(None)  # cannot tell: light
    assert Appearance.DARK.is_dark(False) and not Appearance.LIGHT.is_dark(True)


def test_log_type_keys() -> None:
    assert log_type_key("action") == "ACTION"
    assert log_type_key("BRAND_NEW") == OTHER_LOG_TYPE
    assert log_type_key(None) == OTHER_LOG_TYPE


def test_log_line_shows_what_the_agent_did_as_plain_text() -> None:
    entry = AgentRunLog.model_validate(
        {
            "agent_run_id": 1,
            "created_at": "2026-05-01T12:00:00Z",
            "message_type": "ACTION",
            "tool_name": "run_command",
            "thought": "Run the tests\nagain",
            "tool_input": {"command": "pytest -q"},
            "tool_output": {"exit_code": 0, "stdout": "x" * 1000},
            "observation": "[exec rm -rf /] {braces} $HOME",
        }
    )
    line = log_line(entry)
    assert line.type_key == "ACTION"
    assert line.head.endswith("  ACTION  run_command")
    assert line.body.splitlines() == [
        "    Run the tests",
        "    again",
        '    → {"command": "pytest -q"}',
        "    ← " + compact({"exit_code": 0, "stdout": "x" * 1000}),
        "    [exec rm -rf /] {braces} $HOME",
    ]
    assert len(compact({"stdout": "x" * 1000})) == 400 and compact({"a": "x" * 1000}).endswith("…")


def test_unknown_type_and_bare_entry() -> None:
    line = log_line(AgentRunLog.model_validate({"agent_run_id": 1, "message_type": "NEW_KIND"}))
    assert line.type_key == OTHER_LOG_TYPE and "NEW_KIND" in line.head and line.body == ""
    assert line.text == line.head


def test_run_row_and_small_helpers(kit: Any) -> None:
    row = run_row(
        kit.make_run(5, "RUNNING", summary=None, result="first\nsecond", source_type=None)
    )
    assert row.cells[0] == "5" and row.cells[1] == "● RUNNING"
    assert row.summary == "first second" and row.source == ""
    assert one_line("a  b\n c", 10) == "a b c"
    assert one_line("abcdefghijk", 5) == "abcd…"
    assert timestamp("not a time") == "not a time"
    assert timestamp(None) == ""


def test_error_messages_are_the_errors_own_plus_advice() -> None:
    not_found = NotFoundError(
        "Agent run not found.",
        method="GET",
        url="u",
        status_code=404,
        headers={"x-request-id": "req-9"},
    )
    assert describe(not_found) == "404: Agent run not found. (request id req-9)"
    denied = PermissionDeniedError("You do not have access", method="GET", url="u", status_code=403)
    assert (
        describe(denied)
        == "No access (403: You do not have access). Check the organization in Settings"
    )
    assert describe(ValueError("boom")) == "ValueError: boom"


def test_worker_runs_jobs_off_this_thread_and_callbacks_on_it() -> None:
    worker = Worker(threads=2)
    seen: dict[str, Any] = {}
    main = threading.current_thread()

    def job() -> str:
        seen["job"] = threading.current_thread()
        return "ok"

    worker.submit(job, lambda value: seen.update(done=(value, threading.current_thread())), print)
    worker.submit(lambda: 1 / 0, print, lambda error: seen.update(error=type(error)))
    deadline = time.monotonic() + 5
    while worker.busy and time.monotonic() < deadline:
        worker.run_callbacks()
        time.sleep(0.001)
    assert seen["job"] is not main
    assert seen["done"] == ("ok", main)
    assert seen["error"] is ZeroDivisionError
    worker.shutdown()


def test_worker_runs_callbacks_in_bounded_slices() -> None:
    worker = Worker(threads=1)
    done: list[int] = []

    def slow_callback(value: int) -> None:
        time.sleep(0.004)
        done.append(value)

    for n in range(20):
        worker.submit(lambda n=n: n, slow_callback, print)
    while len(worker._results.__class__.__name__) and worker.busy and len(done) < 20:
        before = len(done)
        started = time.perf_counter()
        worker.run_callbacks(budget=0.01)
        assert time.perf_counter() - started < 0.01 + 0.004 + 0.02  # one callback past the budget
        assert len(done) - before <= 3
        time.sleep(0.001)
    assert done == list(range(20))
    worker.shutdown()


def test_a_callback_that_raises_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    worker = Worker(threads=1)
    done: list[int] = []

    def broken(_value: int) -> None:
        raise RuntimeError("bug")

    worker.submit(lambda: 1, broken, print)
    worker.submit(lambda: 2, done.append, print)
    deadline = time.monotonic() + 5
    while worker.busy and time.monotonic() < deadline:
        worker.run_callbacks()
    assert done == [2]
    assert "an update of the window failed" in caplog.text
    worker.shutdown()


def test_generation_guard_drops_superseded_answers() -> None:
    generation = Generation()
    got: list[int] = []
    old = generation.guard(got.append)
    generation.bump()
    new = generation.guard(got.append)
    old(1)
    new(2)
    assert got == [2]


def test_the_connection_builds_one_client_however_many_workers_ask(config: Any) -> None:
    from codegen_ui._connection import Connection

    built: list[object] = []

    def factory(_config: Any) -> Any:
        time.sleep(0.01)  # slow enough for the threads to overlap
        built.append(object())
        return built[-1]

    connection = Connection(config, factory=factory)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(connection.client())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and all(client is built[0] for client in got)


def test_background_gives_the_outcome_later_and_early_answers_are_taken_once(
    config: Any, kit: Any
) -> None:
    from codegen_ui._background import Background
    from codegen_ui._connection import Connection

    assert Background(lambda: 41 + 1).result() == 42
    with pytest.raises(ZeroDivisionError):
        Background(lambda: 1 / 0).result()
    gate = threading.Event()
    slow = Background(gate.wait)
    with pytest.raises(TimeoutError):
        slow.result(timeout=0.01)
    gate.set()
    assert slow.result() is True

    connection = Connection(config, factory=lambda _c: kit.client)
    connection.start_early("me", lambda client: client.get_current_user())
    first = connection.answer("me", lambda client: client.get_current_user())
    again = connection.answer("me", lambda client: client.get_current_user())
    assert first.full_name == again.full_name == "Ada Lovelace"
    assert len(kit.client.called("get_current_user")) == 2  # the early one, then one asked now
    held = threading.Event()
    kit.client.gates["get_current_user"] = held
    connection.start_early("me", lambda client: client.get_current_user())
    deadline = time.monotonic() + 5
    while len(kit.client.called("get_current_user")) < 3 and time.monotonic() < deadline:
        time.sleep(0.001)  # the early request is on its way, held
    kit.client.fail("get_current_user", ValueError("asked now"))
    connection.replace(config)  # other settings: the early answer is not theirs
    held.set()
    with pytest.raises(ValueError, match="asked now"):
        connection.answer("me", lambda client: client.get_current_user())
