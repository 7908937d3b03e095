"""The runs list: pages, refresh merging, filters, auto-refresh cadence, pause while minimised."""

from __future__ import annotations

from typing import Any

import pytest

from codegen import APIConnectionError
from codegen_ui._palette import StatusClass
from codegen_ui._runs_presenter import PAGE_SIZE, REFRESH_SECONDS, RunsPresenter


def presenter(kit: Any, recorder_class: Any) -> tuple[RunsPresenter, Any]:
    runs = RunsPresenter(kit.connection, kit.worker, kit.scheduler, kit.status)
    view = recorder_class()
    runs.attach(view)
    return runs, view


def shown_ids(view: Any) -> list[int]:
    (rows,) = view.last("show_runs")
    return [row.run_id for row in rows]


def test_start_loads_the_first_page_newest_first(kit: Any, recorder_class: Any) -> None:
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    assert shown_ids(view) == [3, 2, 1]
    assert kit.client.called("list_agent_runs") == [{"org_id": 7, "skip": 0, "limit": PAGE_SIZE}]
    assert view.last("show_count") == ("3 runs", False)
    assert view.last("set_loading") == (False,)


def test_rows_carry_status_class_and_plain_text(kit: Any, recorder_class: Any) -> None:
    kit.client.runs.insert(0, kit.make_run(9, "paused", summary="multi\nline {braces} [exec x] $v"))
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    (rows,) = view.last("show_runs")
    first = rows[0]
    assert first.status_class is StatusClass.PAUSED
    assert first.summary == "multi line {braces} [exec x] $v"  # one line, nothing interpreted
    assert [row.status_class for row in rows[1:]] == [
        StatusClass.RUNNING,
        StatusClass.FAILED,
        StatusClass.COMPLETE,
    ]


def test_load_more_fetches_the_next_page_and_skips_runs_seen(kit: Any, recorder_class: Any) -> None:
    kit.client.runs = [kit.make_run(i) for i in range(250, 0, -1)]
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    assert view.last("show_count") == ("100 of 250 runs", True)
    kit.client.runs.insert(0, kit.make_run(251))  # a new run shifts every offset by one
    runs.load_more()
    kit.settle()
    runs.load_more()
    kit.settle()
    # The next page starts after the runs listed; one shifted in twice is listed once.
    assert [c["skip"] for c in kit.client.called("list_agent_runs")] == [0, 100, 199]
    ids = shown_ids(view)
    assert len(ids) == len(set(ids)) == 250  # run 151 came twice, is listed once; 251 not yet
    assert view.last("show_count") == ("250 runs", False)  # the end; new ones come on refresh
    runs.refresh()
    kit.settle()
    assert shown_ids(view)[0] == 251
    assert view.last("show_count") == ("251 runs", False)


def test_refresh_merges_new_runs_and_status_changes(kit: Any, recorder_class: Any) -> None:
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    kit.client.set_run(kit.make_run(3, "COMPLETE", summary="done now"))
    kit.client.runs.insert(0, kit.make_run(4, "PENDING"))
    runs.refresh()
    kit.settle()
    (rows,) = view.last("show_runs")
    assert [row.run_id for row in rows] == [4, 3, 2, 1]
    assert rows[1].status == "COMPLETE" and rows[1].summary == "done now"


@pytest.mark.parametrize(
    ("status_filter", "text", "expected"),
    [
        ("all", "", [3, 2, 1]),
        (StatusClass.FAILED.value, "", [2]),
        (StatusClass.RUNNING.value, "", [3]),
        ("all", "run 1", [1]),
        ("all", "SUMMARY OF RUN", [3, 2, 1]),
        ("all", "2", [2]),
        (StatusClass.COMPLETE.value, "run 2", []),
    ],
)
def test_filters_by_status_class_and_text(
    kit: Any, recorder_class: Any, status_filter: str, text: str, expected: list[int]
) -> None:
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    runs.set_status_filter(status_filter)
    runs.set_text_filter(text)
    assert shown_ids(view) == expected
    if expected != [3, 2, 1]:
        assert view.last("show_count")[0] == f"{len(expected)} shown · 3 runs"


def test_unknown_status_filter_is_refused(kit: Any, recorder_class: Any) -> None:
    runs, _ = presenter(kit, recorder_class)
    with pytest.raises(ValueError):
        runs.set_status_filter("bogus")


def test_auto_refresh_every_interval_one_request_each(kit: Any, recorder_class: Any) -> None:
    runs, _ = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    assert kit.scheduler.pending() == [REFRESH_SECONDS]
    for _ in range(3):
        kit.scheduler.advance(REFRESH_SECONDS)
        kit.settle()
    assert len(kit.client.called("list_agent_runs")) == 4
    # Within the standard class (60 requests / 30 s): one request per 10 s is 3 per window.
    assert REFRESH_SECONDS >= 30 / 60 * 10


def test_refresh_pauses_while_minimised_and_catches_up_on_restore(
    kit: Any, recorder_class: Any
) -> None:
    runs, _ = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    runs.pause()
    assert kit.scheduler.pending() == []
    kit.scheduler.advance(120)
    kit.settle()
    assert len(kit.client.called("list_agent_runs")) == 1
    runs.resume()
    kit.settle()
    assert len(kit.client.called("list_agent_runs")) == 2
    assert kit.scheduler.pending() == [REFRESH_SECONDS]


def test_failed_refresh_shows_the_error_and_backs_off(kit: Any, recorder_class: Any) -> None:
    runs, _ = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    error = APIConnectionError("connection error: refused", method="GET", url="u")
    kit.client.fail("list_agent_runs", error, times=2)
    runs.refresh()
    kit.settle()
    assert kit.status.last("show_error") == (
        "Could not refresh the runs: Cannot reach the API: connection error: refused; "
        "trying again in 20 s",
    )
    assert kit.scheduler.pending() == [2 * REFRESH_SECONDS]
    kit.scheduler.advance(2 * REFRESH_SECONDS)
    kit.settle()
    assert kit.scheduler.pending() == [4 * REFRESH_SECONDS]
    kit.scheduler.advance(4 * REFRESH_SECONDS)
    kit.settle()
    assert kit.scheduler.pending() == [REFRESH_SECONDS]  # success resets the interval
    assert kit.status.last("show_status") == ("The runs are up to date again.",)


def test_results_from_before_a_restart_are_dropped(kit: Any, recorder_class: Any) -> None:
    import threading

    gate = threading.Event()
    kit.client.gates["list_agent_runs"] = gate
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.client.runs = [kit.make_run(50)]
    runs.start()  # e.g. new settings: the first answer belongs to the old ones
    gate.set()
    kit.settle()
    assert all(
        ids == [50]
        for ids in ([r.run_id for r in rows] for (rows,) in view.all("show_runs"))
        if ids
    )


def test_add_run_puts_it_first_and_selects_it(kit: Any, recorder_class: Any) -> None:
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    runs.add_run(kit.make_run(77, "PENDING"))
    assert shown_ids(view)[0] == 77
    assert view.last("select_run") == (77,)
    assert view.last("show_count") == ("4 runs", False)


def test_a_fresh_start_forgets_the_backoff(kit: Any, recorder_class: Any) -> None:
    runs, _ = presenter(kit, recorder_class)
    kit.client.fail("list_agent_runs", APIConnectionError("down", method="GET", url="u"))
    runs.start()
    kit.settle()
    assert kit.scheduler.pending() == [2 * REFRESH_SECONDS]
    runs.start()  # new settings
    kit.settle()
    assert kit.scheduler.pending() == [REFRESH_SECONDS]
    assert kit.status.all("show_status") == []  # not "up to date again": nothing was recovered


def placeholder(view: Any) -> Any:
    (shown,) = view.last("show_placeholder")
    return shown


def test_an_empty_table_says_why_and_offers_the_next_step(
    kit: Any, recorder_class: Any, config: Any
) -> None:
    from codegen_ui._connection import Connection
    from codegen_ui._runs_presenter import EmptyAction

    signed_out = Connection(config.replace(api_token=None), factory=lambda _c: kit.client)
    runs = RunsPresenter(signed_out, kit.worker, kit.scheduler, kit.status)
    view = recorder_class()
    runs.attach(view)
    runs.start()
    assert placeholder(view).action is EmptyAction.SIGN_IN
    assert "not signed in" in placeholder(view).text
    assert view.last("show_count") == ("", False)  # not "0 runs": nothing was counted

    import threading

    gate = threading.Event()
    kit.client.gates["list_agent_runs"] = gate
    runs, view = presenter(kit, recorder_class)
    runs.start()
    assert placeholder(view).text == "Loading the runs…" and placeholder(view).action is None
    gate.set()
    kit.settle()
    assert placeholder(view) is None  # rows: no placeholder

    runs.set_text_filter("  Nothing Like It ")
    assert placeholder(view).text == "No run matches “Nothing Like It”."
    assert placeholder(view).action is EmptyAction.CLEAR_FILTERS
    runs.set_status_filter("paused")
    assert placeholder(view).text == "No run matches status “Needs input” and “Nothing Like It”."
    runs.set_status_filter("all")
    runs.set_text_filter("")
    assert placeholder(view) is None


def test_no_runs_yet_and_a_failed_first_load(kit: Any, recorder_class: Any) -> None:
    from codegen_ui._runs_presenter import EmptyAction

    kit.client.runs = []
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    assert placeholder(view).action is EmptyAction.NEW_RUN
    assert placeholder(view).text == "No runs yet in this organization."
    kit.client.fail("list_agent_runs", APIConnectionError("refused", method="GET", url="u"))
    runs.start()
    kit.settle()
    assert placeholder(view).action is EmptyAction.RETRY
    assert placeholder(view).text == "Could not load the runs.\nCannot reach the API: refused"


def test_a_filter_over_part_of_a_long_list_says_older_runs_were_not_searched(
    kit: Any, recorder_class: Any
) -> None:
    kit.client.runs = [kit.make_run(i) for i in range(150, 0, -1)]
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    runs.set_text_filter("zzz")
    assert placeholder(view).text == (
        "No run matches “zzz” among the 100 loaded; Load more looks at older ones."
    )


def test_load_more_ends_when_the_server_ignores_skip(kit: Any, recorder_class: Any) -> None:
    """A server (or a cache) that answers every page with the first must not page forever."""
    kit.client.runs = [kit.make_run(i) for i in range(300, 0, -1)]
    first_page = kit.client.list_agent_runs

    def ignores_skip(org_id: int | None = None, *, skip: int = 0, limit: int = 100) -> Any:
        return first_page(org_id, skip=0, limit=limit)

    kit.client.list_agent_runs = ignores_skip
    runs, view = presenter(kit, recorder_class)
    runs.start()
    kit.settle()
    assert runs.more_available
    runs.load_more()
    kit.settle()
    assert not runs.more_available
    assert view.last("show_count") == ("100 runs", False)
    assert kit.status.last("show_error") == (
        "The server sent only runs already listed; the list ends at 100 runs.",
    )
    runs.load_more()  # nothing more is asked for
    kit.settle()
    assert len(kit.client.called("list_agent_runs")) == 2
