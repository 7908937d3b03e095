"""The run detail: following the log (through the client's follow) until the run ends, stopping it
at once, continuing, links, filters, the agent's question."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from codegen import InternalServerError, NotFoundError
from codegen_ui._detail_presenter import RETRY_GRACE_SECONDS, DetailPresenter

POLL = 0.01
"""The follow's interval here: real seconds, kept short."""


class Detail:
    def __init__(self, kit: Any, recorder_class: Any) -> None:
        self.kit = kit
        self.changed: list[Any] = []
        self.opened: list[str] = []
        self.presenter = DetailPresenter(
            kit.connection,
            kit.worker,
            kit.scheduler,
            kit.status,
            on_run_changed=self.changed.append,
            open_url=self._open_url,
            poll_seconds=POLL,
            max_poll_seconds=2 * POLL,
        )
        self.view = recorder_class()
        self.presenter.attach(self.view)

    def _open_url(self, url: str) -> bool:
        self.opened.append(url)
        return True

    def lines(self) -> list[Any]:
        return [line for (batch,) in self.view.all("append_logs") for line in batch]


@pytest.fixture
def detail(kit: Any, recorder_class: Any) -> Detail:
    return Detail(kit, recorder_class)


def test_open_shows_the_run_and_all_its_logs(kit: Any, detail: Detail) -> None:
    kit.client.logs[1] = [kit.make_log(1, i) for i in range(250)]
    detail.presenter.open(1, kit.client.run(1))
    kit.settle(lambda: not detail.presenter.following)
    lines = detail.lines()
    assert len(lines) == 250
    assert [line.type_key for line in lines[:3]] == ["ACTION", "PLAN_EVALUATION", "ERROR"]
    assert "thought 249" in lines[-1].text
    (shown,) = detail.view.last("show_run")
    assert shown.run_id == 1 and shown.status == "COMPLETE" and shown.summary == "Summary of run 1"
    assert shown.links[0].url == "https://codegen.com/agent/trace/1"
    # The client's own follow does the paging, with the app's intervals.
    assert kit.client.called("follow_agent_run_logs") == [
        {"org_id": 7, "agent_run_id": 1, "start": 0, "poll_interval": POLL,
         "max_poll_interval": 2 * POLL}
    ]  # fmt: skip
    assert len(detail.view.all("append_logs")) < 250  # entries come in batches
    assert detail.view.last("show_log_state") == ("250 log entries",)
    assert detail.view.last("set_follow_up")[0].enabled


def test_follows_a_running_run_until_it_ends(kit: Any, detail: Detail) -> None:
    kit.client.logs[3] = [kit.make_log(3, 0)]
    detail.presenter.open(3)
    kit.settle(lambda: len(detail.lines()) == 1)
    assert detail.presenter.following
    assert not detail.view.last("set_follow_up")[0].enabled
    assert detail.view.last("show_log_state") == ("1 log entry · live",)
    kit.client.logs[3].append(kit.make_log(3, 1))
    kit.settle(lambda: len(detail.lines()) == 2)
    # The run ends: the status change fetches the full run, the follow ends by itself.
    kit.client.set_run(kit.make_run(3, "COMPLETE", result="All done", github_pull_requests=[
        {"id": 5, "created_at": "2026-05-01T12:00:00Z", "title": "Fix it", "url": "https://github.com/a/b/pull/5"}
    ]))  # fmt: skip
    gets_before = len(kit.client.called("get_agent_run"))
    kit.settle(lambda: not detail.presenter.following)
    assert len(kit.client.called("get_agent_run")) == gets_before + 1
    (shown,) = detail.view.last("show_run")
    assert shown.result == "All done"
    assert [link.url for link in shown.links] == [
        "https://codegen.com/agent/trace/3",
        "https://github.com/a/b/pull/5",
    ]
    assert detail.changed[-1].status == "COMPLETE"  # the list's row is told
    assert len(detail.lines()) == 2
    assert detail.view.last("show_log_state") == ("2 log entries",)


def test_another_run_opened_stops_the_follow_and_drops_its_answers(
    kit: Any, detail: Detail
) -> None:
    kit.client.logs[1] = [kit.make_log(1, i) for i in range(5)]
    kit.client.logs[2] = [kit.make_log(2, i, "ERROR") for i in range(3)]
    gate = threading.Event()
    kit.client.gates["get_agent_run_logs"] = gate
    detail.presenter.open(1)
    kit.settle(lambda: len(kit.client.follows) == 1)
    detail.presenter.open(2)
    assert kit.client.follows[0].stop.is_set()  # closed from this thread, at once
    gate.set()
    kit.settle(lambda: not detail.presenter.following)
    assert {line.type_key for line in detail.lines()} == {"ERROR"}
    assert len(detail.lines()) == 3
    assert detail.view.last("show_run")[0].run_id == 2


def test_a_transient_failure_is_waited_out_a_permanent_one_stops(kit: Any, detail: Detail) -> None:
    kit.client.fail(
        "get_agent_run_logs",
        InternalServerError("Bad gateway", method="GET", url="u", status_code=502),
    )
    detail.presenter.open(3)
    kit.settle(lambda: bool(kit.status.all("show_error")))
    assert kit.status.last("show_error") == (
        "Logs of run 3: 502: Bad gateway; trying again in 1 s",
    )
    kit.settle(lambda: "retrying" in detail.view.last("show_log_state")[0])
    assert detail.presenter.following
    kit.scheduler.advance(POLL + RETRY_GRACE_SECONDS)  # no failure since: it works again
    assert kit.status.last("show_status") == ("Following run 3 again.",)
    assert detail.view.last("show_log_state") == ("0 log entries · live",)
    kit.client.fail(
        "get_agent_run_logs",
        NotFoundError("Agent run not found.", method="GET", url="u", status_code=404),
    )
    kit.settle(lambda: not detail.presenter.following)
    assert kit.status.last("show_error") == (
        "Could not load the logs of run 3: 404: Agent run not found.",
    )


def test_following_stops_while_minimised(kit: Any, detail: Detail) -> None:
    kit.client.logs[3] = [kit.make_log(3, 0)]
    detail.presenter.open(3)
    kit.settle(lambda: len(detail.lines()) == 1)
    detail.presenter.pause()
    assert kit.client.follows[-1].stop.is_set()
    assert detail.view.last("show_log_state") == ("1 log entry · paused while minimised",)
    calls = len(kit.client.called("get_agent_run_logs"))
    import time

    time.sleep(10 * POLL)
    assert len(kit.client.called("get_agent_run_logs")) <= calls + 1  # the one in flight at most
    detail.presenter.resume()
    kit.settle(lambda: len(kit.client.follows) == 2)
    assert kit.client.called("follow_agent_run_logs")[-1]["start"] == 1  # from where it was
    detail.presenter.close()
    assert kit.client.follows[-1].stop.is_set()


def test_a_follow_that_ends_while_the_run_goes_on_says_so(kit: Any, detail: Detail) -> None:
    """The client's follow ends by itself against a server that repeats its pages; the person
    is told, rather than shown a log that silently stopped."""
    detail.presenter.open(3)  # RUNNING
    kit.settle(lambda: len(kit.client.follows) == 1)
    kit.client.follows[0].give_up.set()  # what core's follow does after "nothing new"
    kit.settle(lambda: not detail.presenter.following)
    assert kit.status.last("show_error")[0].startswith("The log of run 3 stopped")


def test_continue_sends_the_follow_up_and_follows_again(kit: Any, detail: Detail) -> None:
    detail.presenter.open(1)
    kit.settle(lambda: not detail.presenter.following)
    detail.presenter.continue_run("  Now add tests  ")
    kit.settle()
    assert kit.client.called("resume_agent_run") == [
        {"org_id": 7, "agent_run_id": 1, "prompt": "  Now add tests  "}
    ]
    assert detail.view.all("clear_follow_up")
    assert kit.status.last("show_status") == ("Run 1 continues with your follow-up.",)
    assert detail.presenter.following
    assert detail.view.last("show_run")[0].status == "ACTIVE"
    assert not detail.view.last("set_follow_up")[0].enabled


def test_continue_needs_a_prompt_and_a_run_that_is_not_working(kit: Any, detail: Detail) -> None:
    detail.presenter.open(1)
    kit.settle(lambda: not detail.presenter.following)
    detail.presenter.continue_run("   ")
    assert kit.status.last("show_error") == ("Write a follow-up prompt first.",)
    detail.presenter.open(3)  # RUNNING
    kit.settle()
    detail.presenter.continue_run("more")
    assert "still working" in kit.status.last("show_error")[0]
    assert kit.client.called("resume_agent_run") == []


def test_a_failed_continue_keeps_the_text_and_says_why(kit: Any, detail: Detail) -> None:
    detail.presenter.open(2)
    kit.settle(lambda: not detail.presenter.following)
    kit.client.fail(
        "resume_agent_run",
        NotFoundError("Agent run not found.", method="POST", url="u", status_code=404),
    )
    detail.presenter.continue_run("again")
    kit.settle()
    assert kit.status.last("show_error") == ("Could not continue run 2: 404: Agent run not found.",)
    assert detail.view.all("clear_follow_up") == []
    assert detail.view.last("set_follow_up")[0].enabled


def test_links_open_in_the_browser_only_when_http(kit: Any, detail: Detail) -> None:
    detail.presenter.open_link("https://github.com/a/b/pull/5")
    kit.settle()
    assert detail.opened == ["https://github.com/a/b/pull/5"]
    detail.presenter.open_link("file:///etc/passwd")
    kit.settle()
    assert detail.opened == ["https://github.com/a/b/pull/5"]
    assert "only http(s) links" in kit.status.last("show_error")[0]


def test_copy_result(kit: Any, detail: Detail) -> None:
    kit.client.set_run(kit.make_run(1, result="The answer\nin two lines"))
    detail.presenter.open(1)
    kit.settle()
    detail.presenter.copy_result()
    assert detail.view.last("copy_to_clipboard") == ("The answer\nin two lines",)


def test_log_type_filter(kit: Any, detail: Detail) -> None:
    detail.presenter.set_log_type_visible("ACTION", False)
    detail.presenter.set_log_type_visible("ERROR", False)
    assert detail.view.last("set_hidden_log_types") == (frozenset({"ACTION", "ERROR"}),)
    detail.presenter.set_log_type_visible("ACTION", True)
    assert detail.view.last("set_hidden_log_types") == (frozenset({"ERROR"}),)
    detail.presenter.show_all_log_types()
    assert detail.view.last("set_hidden_log_types") == (frozenset(),)


def test_a_paused_run_shows_the_agents_question_and_takes_the_keyboard_to_the_answer(
    kit: Any, detail: Detail
) -> None:
    from codegen import AgentRunLog
    from codegen_ui._detail_presenter import FOLLOW_UP_ANSWER

    kit.client.runs.insert(0, kit.make_run(5, "PAUSED"))
    asked = "May its public signature change, or should I keep a wrapper? Waiting for you."
    kit.client.logs[5] = [
        kit.make_log(5, 0),
        AgentRunLog.model_validate({"agent_run_id": 5, "message_type": "PLAN_EVALUATION",
                                    "thought": asked}),
        AgentRunLog.model_validate({"agent_run_id": 5, "message_type": "ACTION",
                                    "thought": "Noting the plan."}),
    ]  # fmt: skip
    detail.presenter.open(5, kit.client.run(5), focus=True)
    kit.settle()
    assert detail.view.last("show_question") == (asked,)  # the last that asks, not the last said
    follow_up = detail.view.last("set_follow_up")[0]
    assert follow_up.enabled and follow_up.label == FOLLOW_UP_ANSWER
    assert len(detail.view.all("focus_follow_up")) == 1
    assert "live" not in detail.view.last("show_log_state")[0]


def test_a_run_that_pauses_while_shown_says_so_and_focuses_the_answer(
    kit: Any, detail: Detail
) -> None:
    detail.presenter.open(3, kit.client.run(3))  # RUNNING, opened by walking the list
    kit.settle(lambda: detail.view.all("show_log_state") != [])
    assert all(asked == (None,) for asked in detail.view.all("show_question"))  # no banner
    assert detail.view.all("focus_follow_up") == []
    assert detail.view.last("show_log_state") == ("0 log entries · live",)
    kit.client.logs[3] = [kit.make_log(3, 0, "PLAN_EVALUATION")]
    kit.client.set_run(kit.make_run(3, "PAUSED"))
    kit.settle(lambda: not detail.presenter.following)
    assert detail.view.last("show_question") == ("thought 0",)  # nothing asks: what it said last
    assert detail.view.all("focus_follow_up")
    assert kit.status.last("show_status") == ("Run 3 is waiting for your answer.",)
    kit.client.set_run(kit.make_run(3, "ACTIVE"))
    detail.presenter.continue_run("Keep a wrapper")
    kit.settle()
    assert detail.view.last("show_question") == (None,)


def test_the_log_state_counts_what_is_shown_and_says_live_only_while_the_run_works(
    kit: Any, detail: Detail
) -> None:
    kit.client.logs[1] = [kit.make_log(1, 0)]
    detail.presenter.open(1, kit.client.run(1))  # COMPLETE
    kit.settle()
    assert detail.view.last("show_log_state") == ("1 log entry",)  # not "0", not "following"
    detail.presenter.set_log_type_visible("ACTION", False)
    detail.presenter.set_log_type_visible("ERROR", False)
    assert detail.view.last("show_log_state") == ("1 log entry · 2 types hidden",)
    detail.presenter.show_all_log_types()
    assert detail.view.last("show_log_state") == ("1 log entry",)


def test_a_run_ending_while_shown_replaces_the_started_note(kit: Any, detail: Detail) -> None:
    detail.presenter.open(3, kit.client.run(3))
    kit.settle()
    kit.client.set_run(kit.make_run(3, "FAILED"))
    kit.settle(lambda: not detail.presenter.following)
    assert kit.status.last("show_status") == ("Run 3 ended: FAILED.",)
