"""Batches: files read and checked up front, creates paced by the limit, runs watched in pages,
each result reported once, and a batch carried on after it was killed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from codegen import BatchInputError, BatchItem, read_batch
from codegen_models.api import CLIENT_REQUEST_ID_KEY, RateClass, RateLimit

ORG = 7
CREATE_PATH = f"/organizations/{ORG}/agent/run"
LIST_PATH = f"/organizations/{ORG}/agent/runs"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


class Killed(Exception):
    """Stands for SIGKILL: raised out of the client in the middle of a create."""


class Org:
    """An organization whose runs end after ``polls`` list requests; ignores Idempotency-Key."""

    def __init__(self, polls: int = 2, others: int = 0) -> None:
        self.polls = polls
        self.runs: list[dict[str, Any]] = [
            {"id": n, "organization_id": ORG, "status": "COMPLETE"} for n in range(1, others + 1)
        ][::-1]
        self.age: dict[int, int] = {}
        self.creates = 0
        self.lists = 0
        self.gets = 0
        self.kill_after_commit: set[int] = set()
        self.clock: datetime | None = None
        """The server's clock, when its runs say when they were created."""

    def create(self, request: httpx.Request) -> httpx.Response:
        self.creates += 1
        body = json.loads(request.content)
        run = {
            "id": 1000 + self.creates,
            "organization_id": ORG,
            "status": "PENDING",
            "metadata": body["metadata"],
            "web_url": f"https://codegen.test/x/{1000 + self.creates}",
            "summary": None,
            "created_at": self.clock.isoformat() if self.clock else None,
        }
        self.runs.insert(0, run)
        self.age[run["id"]] = 0
        if self.creates in self.kill_after_commit:
            raise Killed
        return httpx.Response(200, json=run)

    def list(self, request: httpx.Request) -> httpx.Response:
        self.lists += 1
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        if skip == 0:
            for run in self.runs:
                if run["id"] in self.age:
                    self.age[run["id"]] += 1
                    if self.age[run["id"]] >= self.polls:
                        prompt_ok = "fail" not in json.dumps(run["metadata"])
                        run["status"] = "COMPLETE" if prompt_ok else "FAILED"
                        run["summary"] = f"did {run['id']}"
                        run["github_pull_requests"] = [
                            {"id": run["id"], "created_at": "2026-01-01T00:00:00Z",
                             "url": f"https://github.test/pr/{run['id']}"}
                        ]  # fmt: skip
                    else:
                        run["status"] = "ACTIVE"
        items = self.runs[skip : skip + limit]
        return httpx.Response(
            200,
            json={"items": items, "total": len(self.runs), "page": 1, "size": limit, "pages": 1},
        )


@pytest.fixture
def org(router: respx.MockRouter) -> Org:
    server = Org()
    router.post(CREATE_PATH).mock(side_effect=lambda request: server.create(request))
    router.get(LIST_PATH).mock(side_effect=lambda request: server.list(request))

    def get(request: httpx.Request) -> httpx.Response:
        server.gets += 1
        run_id = int(request.url.path.rsplit("/", 1)[1])
        return httpx.Response(200, json=next(r for r in server.runs if r["id"] == run_id))

    router.get(url__regex=rf".*/organizations/{ORG}/agent/run/\d+$").mock(side_effect=get)
    return server


def test_read_batch_takes_text_and_json_lines(tmp_path: Path) -> None:
    (tmp_path / "shot.png").write_bytes(PNG)
    path = tmp_path / "prompts.txt"
    path.write_text(
        "# my batch\n"
        "Fix the flaky test\n"
        "\n"
        '{"prompt": "Add docs", "repo_id": 5, "metadata": {"t": 1}, "images": ["shot.png"]}\n'
    )
    items = read_batch(path)
    assert [(i.line, i.prompt, i.repo_id) for i in items] == [
        (2, "Fix the flaky test", None),
        (4, "Add docs", 5),
    ]
    assert items[1].images == (str(tmp_path / "shot.png"),)
    assert items[1].metadata == {"t": 1}


def test_every_bad_line_is_reported_with_its_number_before_anything_is_created(
    tmp_path: Path, api: Any, org: Org
) -> None:
    path = tmp_path / "prompts.jsonl"
    path.write_text(
        "fine\n"
        '{"prompt": ""}\n'
        "{oops\n"
        '{"prompt": "x", "images": ["missing.png"]}\n'
        '{"prompt": "x", "repo": 5}\n'
        '{"prompt": "x", "repo_id": "5"}\n'
    )
    with pytest.raises(BatchInputError) as info:
        api.collect("run_batch", read_batch(path))
    assert [line for line, _ in info.value.problems] == [2, 3, 4, 5, 6]
    message = str(info.value)
    assert "line 2: the prompt is missing or empty" in message
    assert "line 3: not valid JSON" in message
    assert "line 4:" in message and "missing.png" in message
    assert "line 5: unknown field 'repo'" in message
    assert "line 6: repo_id must be an integer" in message
    assert org.creates == 0


def test_a_batch_reports_each_run_once_as_it_ends_watching_in_pages(api: Any, org: Org) -> None:
    prompts = [f"task {n}" for n in range(5)] + [{"prompt": "x", "metadata": {"k": "fail"}}]
    results = api.collect("run_batch", prompts, poll_interval=1)
    assert sorted(r.line for r in results) == [1, 2, 3, 4, 5, 6]
    assert org.creates == 6 and org.gets == 0  # watched through list pages only
    by_line = {r.line: r for r in results}
    assert by_line[6].status == "FAILED" and not by_line[6].succeeded
    assert by_line[1].status == "COMPLETE" and by_line[1].pull_request_urls
    assert by_line[1].to_dict()["id"] == by_line[1].agent_run_id
    stamped = {r["metadata"][CLIENT_REQUEST_ID_KEY] for r in org.runs}
    assert len(stamped) == 6


def test_without_waiting_each_run_is_reported_as_it_is_created(api: Any, org: Org) -> None:
    results = api.collect("run_batch", ["a", "b"], wait=False)
    assert [(r.line, r.status) for r in results] == [(1, "PENDING"), (2, "PENDING")]
    assert org.lists == 0


def test_creates_are_paced_by_the_create_limit(make_api: Any, org: Org) -> None:
    api = make_api(rate_limit=True, rate_limits={RateClass.CREATE: RateLimit(2, 10.0)})
    progress: list[Any] = []
    results = api.collect("run_batch", [f"t{n}" for n in range(6)], on_progress=progress.append)
    assert len(results) == 6 and org.creates == 6
    assert api.clock.now - 1000 >= 2 * 10  # 6 creates at 2 per 10 s: two full windows waited
    assert progress[-1].created == 6 and progress[-1].finished == 6
    assert progress[-1].statuses == {"COMPLETE": 6}
    assert any(p.eta is not None and p.eta > 0 for p in progress)


def test_max_in_flight_bounds_the_runs_going_at_once(api: Any, org: Org) -> None:
    org.polls = 3
    going: list[int] = []
    original = org.create

    def create(request: httpx.Request) -> httpx.Response:
        going.append(sum(1 for r in org.runs if r["status"] in ("PENDING", "ACTIVE")))
        return original(request)

    org.create = create  # type: ignore[method-assign]
    api.collect("run_batch", [f"t{n}" for n in range(7)], max_in_flight=2, poll_interval=1)
    assert org.creates == 7
    assert max(going) == 1  # a create only starts when fewer than 2 are going


def _until_killed(api: Any, *args: Any, **kwargs: Any) -> list[int]:
    """The lines a batch reported before it was killed."""
    lines: list[int] = []

    def drain() -> None:
        for result in api.client.run_batch(*args, **kwargs):
            lines.append(result.line)

    async def adrain() -> None:
        async for result in api.client.run_batch(*args, **kwargs):
            lines.append(result.line)

    with pytest.raises(Killed):
        drain() if api.kind == "sync" else api.runner.run(adrain())
    return lines


def test_a_killed_batch_carried_on_creates_nothing_twice_and_reports_nothing_twice(
    api: Any, org: Org, tmp_path: Path
) -> None:
    state = tmp_path / "batch.state"
    prompts = [BatchItem(n, f"task {n}") for n in range(1, 9)]
    org.kill_after_commit = {5}  # killed after the 5th run was committed, before its answer
    reported = _until_killed(api, prompts, state=state, poll_interval=1, max_in_flight=2)
    assert org.creates == 5
    assert sorted(reported) == [1, 2, 3, 4]
    again = [r.line for r in api.collect("run_batch", prompts, state=state, poll_interval=1)]
    assert org.creates == 8  # lines 6-8; line 5's run was found by its request id
    assert sorted(reported + again) == list(range(1, 9))  # each line reported once in all
    assert api.collect("run_batch", prompts, state=state) == []  # nothing left to report
    replayed = api.collect("run_batch", prompts, state=state, replay=True)
    assert sorted(r.line for r in replayed) == list(range(1, 9))
    assert org.creates == 8


def test_a_journal_of_another_batch_is_refused(api: Any, org: Org, tmp_path: Path) -> None:
    state = tmp_path / "batch.state"
    api.collect("run_batch", ["a"], state=state, wait=False)
    with pytest.raises(BatchInputError, match="belongs to another batch"):
        api.collect("run_batch", ["b"], state=state)


def test_bad_options_are_refused(api: Any) -> None:
    with pytest.raises(ValueError, match="max_in_flight"):
        api.collect("run_batch", ["a"], max_in_flight=0)
    with pytest.raises(BatchInputError, match="empty"):
        api.collect("run_batch", ["a", " "])


def test_a_killed_batch_finds_its_lost_create_on_a_server_whose_clock_is_behind(
    api: Any, org: Org, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    org.runs = [  # older runs, an hour old: the search stops there
        {"id": n, "organization_id": ORG, "status": "COMPLETE",
         "created_at": (now - timedelta(hours=1)).isoformat()}
        for n in range(300, 0, -1)
    ]  # fmt: skip
    org.clock = now - timedelta(minutes=5)  # the server's clock runs five minutes behind ours
    org.kill_after_commit = {1}
    state = tmp_path / "batch.state"
    prompts = [BatchItem(1, "one"), BatchItem(2, "two")]
    assert _until_killed(api, prompts, state=state, poll_interval=1) == []
    org.runs[:0] = [  # a page of others' runs since, by the same clock: the lost one is on page 2
        {"id": 2000 + n, "organization_id": ORG, "status": "ACTIVE",
         "created_at": org.clock.isoformat()}
        for n in range(100, 0, -1)
    ]  # fmt: skip
    again = api.collect("run_batch", prompts, state=state, poll_interval=1)
    assert sorted(r.line for r in again) == [1, 2]
    assert org.creates == 2  # line 1's run was found, not started again
