"""Starting, continuing, showing, listing, waiting for and opening agent runs."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Annotated

import typer

from codegen_cli._errors import CliError, ExitCode, usage_error
from codegen_cli._invocation import Invocation
from codegen_cli._options import (
    FileOption,
    FollowOption,
    ImageOption,
    JsonOption,
    LimitOption,
    PromptArgument,
    QuietOption,
    RunIdArgument,
    RunIdsArgument,
    StatusOption,
    TimeoutOption,
    WaitOption,
)
from codegen_cli._output import Output
from codegen_cli._prompt import parse_metadata, read_prompt
from codegen_cli._values import model_choice, one_of, whole_number

if TYPE_CHECKING:
    from codegen import AgentRun, AgentRunWithLogs

AGENT_TYPES = ("codegen", "claude_code")
DEFAULT_LIST_LIMIT = 30


def run(
    invocation: Invocation,
    prompt: PromptArgument = None,
    file: FileOption = None,
    repo_id: Annotated[
        int | None,
        typer.Option(
            "--repo-id",
            metavar="ID",
            parser=whole_number,
            help="Repository to work in (`codegen repos` lists them).",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", metavar="NAME", help="Model to use (default: the org's)."),
    ] = None,
    agent_type: Annotated[
        str | None,
        typer.Option(
            "--agent-type",
            metavar="TYPE",
            parser=one_of(AGENT_TYPES, "an agent type"),
            autocompletion=lambda: list(AGENT_TYPES),
            help="Agent to run: codegen or claude_code (default: the org's).",
        ),
    ] = None,
    image: ImageOption = None,
    metadata: Annotated[
        str | None,
        typer.Option("--metadata", metavar="JSON", help="JSON object stored with the run."),
    ] = None,
    wait: WaitOption = False,
    follow: FollowOption = False,
    timeout: TimeoutOption = None,
    quiet: QuietOption = False,
    json: JsonOption = False,
) -> None:
    """Start an agent run with a prompt; print its id and web URL.

    The prompt is an argument, stdin ('-') or a file (-F). With --wait, a live line on stderr
    shows the run's progress and the run is printed as `codegen show` prints it when it ends;
    with --follow, its log is printed as the agent writes it. Both exit with how it ended.

    Examples:
        codegen run "Add type hints to utils.py" --repo-id 5 --wait
        ID=$(codegen run -q -F task.md)
        git diff | codegen run - --follow
    """
    out = _run_output(json=json, quiet=quiet, follow=follow)
    text = read_prompt(prompt, file)
    fields = parse_metadata(metadata)
    client, org_id = invocation.client, invocation.org_id
    with starting("agent run") as request_id:
        started = client.create_agent_run(
            text,
            org_id=org_id,
            repo_id=repo_id,
            model=model,
            agent_type=agent_type,
            metadata=fields,
            images=image or None,
            idempotency_key=request_id,
        )
    _after_start(invocation, out, started, "started", wait=wait, follow=follow, timeout=timeout)


def continue_(
    invocation: Invocation,
    run_id: RunIdArgument,
    prompt: PromptArgument = None,
    file: FileOption = None,
    image: ImageOption = None,
    wait: WaitOption = False,
    follow: FollowOption = False,
    timeout: TimeoutOption = None,
    quiet: QuietOption = False,
    json: JsonOption = False,
) -> None:
    """Continue a run with a follow-up prompt (answer a paused run).

    Takes the prompt, -F, --image, --wait, --follow, --timeout, -q and --json as `codegen run`
    does; --follow shows only the log entries the follow-up adds.

    Examples:
        codegen continue 1234 "Keep the old signature as a wrapper" --wait
        codegen continue 1234 -F review.md --follow
    """
    out = _run_output(json=json, quiet=quiet, follow=follow)
    text = read_prompt(prompt, file)
    client = invocation.client
    # Following shows only what the follow-up adds: the entries written from here on.
    start = 0
    if follow:
        start = client.get_agent_run_logs(invocation.org_id, run_id, limit=1).total_logs or 0
    with starting(f"follow-up of agent run {run_id}") as request_id:
        resumed = client.resume_agent_run(
            invocation.org_id, run_id, text, images=image or None, idempotency_key=request_id
        )
    _after_start(
        invocation, out, resumed, "continued", wait=wait, follow=follow, timeout=timeout,
        start=start,
    )  # fmt: skip


@contextmanager
def starting(what: str) -> Iterator[str]:
    """Around a request that starts work: the request id it is sent with, and on Ctrl-C, before
    its answer came, that it may have started and how to tell — never to simply run it again."""
    request_id = uuid.uuid4().hex
    try:
        yield request_id
    except KeyboardInterrupt:
        raise CliError(
            f"interrupted before the answer came: the {what} may have started "
            f"(request id {request_id})",
            hint="`codegen list` shows the newest runs; look there before running this again",
            code=ExitCode.INTERRUPTED,
        ) from None


def _run_output(*, json: bool, quiet: bool, follow: bool) -> Output:
    if quiet and (json or follow):
        raise usage_error(
            "-q prints only the id; it cannot be combined with --json or --follow",
            hint="drop -q, or the other flag",
        )
    return Output(json=json, quiet=quiet)


def _after_start(
    invocation: Invocation,
    out: Output,
    run: AgentRun,
    verb: str,
    *,
    wait: bool,
    follow: bool,
    timeout: float | None,
    start: int = 0,
) -> None:
    """Report a started (or continued) run, then follow or wait for it as asked; exit with its
    outcome. Waiting and following print the same header on stderr; stdout carries the data
    (the log, or the final run). What they need is imported after the request that started it."""
    from codegen_cli._run_view import show_run
    from codegen_cli._waiting import announce, conclude, follow_run, question, wait_for_run

    if not (wait or follow):
        _show_started(out, run)
        out.note(
            f"follow it with `codegen logs {run.id} -f`, or wait for it with `codegen wait {run.id}`"
        )
        return
    if out.quiet:
        out.fields(str(run.id))
    announce(out, run, verb)
    final: AgentRun | AgentRunWithLogs
    if follow:
        final = follow_run(invocation, out, run.id, start=start)
        asked = question(invocation, run.id) if final.needs_input else None
    else:
        final = wait_for_run(invocation, out, run.id, timeout)
        asked = question(invocation, run.id) if final.needs_input else None
        if not out.quiet:
            show_run(out, final, asked)
    code = conclude(out, final, asked)
    if code:
        raise typer.Exit(code)


def _show_started(out: Output, run: AgentRun) -> None:
    if out.quiet:
        out.fields(str(run.id))
    elif out.json:
        out.emit_json(run.to_dict())
    elif out.tty:
        out.line(("agent run ", "bold"), (str(run.id), "bold"), "  ", run.web_url or "")
    else:
        out.fields(str(run.id), run.web_url or "")


def show(invocation: Invocation, run_id: RunIdArgument, json: JsonOption = False) -> None:
    """Show a run: status, summary, pull requests, web URL and result.

    A paused run shows the agent's question too, and how to answer it.

    Examples:
        codegen show 1234
        codegen show 1234 --json | jq -r .result
    """
    from codegen_cli._run_view import show_run
    from codegen_cli._waiting import question

    out = Output(json=json)
    found = invocation.client.get_agent_run(invocation.org_id, run_id)
    asked = question(invocation, run_id) if found.needs_input and not out.json else None
    show_run(out, found, asked)
    if found.needs_input and not out.json:
        out.note(f'answer it with: codegen continue {run_id} "…"')


def wait(
    invocation: Invocation, run_ids: RunIdsArgument, timeout: TimeoutOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Wait until runs end or pause; print them like `codegen list`.

    Exits 0 if all completed (or paused), 1 if any ended otherwise, 8 if any was still running
    when --timeout passed (which covers them all).

    Examples:
        codegen wait 1234
        codegen wait 1234 1235 --timeout 30m && echo all done
    """
    from codegen import WaitTimeoutError
    from codegen_cli._run_view import show_runs
    from codegen_cli._waiting import exit_code, follow_up_hint, question, wait_for_run

    out = Output(json=json)
    deadline = None if timeout is None else time.monotonic() + timeout
    finals: list[AgentRun] = []
    for run_id in run_ids:
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            final = wait_for_run(invocation, out, run_id, remaining)
        except WaitTimeoutError as error:
            final = error.run or invocation.client.get_agent_run(invocation.org_id, run_id)
        finals.append(final)
    show_runs(out, finals)
    for final in finals:
        asked = question(invocation, final.id) if final.needs_input else None
        hint = follow_up_hint(final, asked)
        if hint is not None:
            out.say(hint)
    codes = {exit_code(run) for run in finals}
    code = next((c for c in (ExitCode.ERROR, ExitCode.PENDING) if c in codes), ExitCode.OK)
    if code:
        raise typer.Exit(code)


def open_(invocation: Invocation, run_id: RunIdArgument, json: JsonOption = False) -> None:
    """Open a run's web page in the browser (or print its URL).

    Examples:
        codegen open 1234
    """
    import webbrowser

    out = Output(json=json)
    found = invocation.client.get_agent_run(invocation.org_id, run_id)
    if out.json:
        out.emit_json(found.to_dict())
        return
    url = found.web_url
    if not url:
        raise CliError(f"agent run {run_id} has no web URL", hint=f"see `codegen show {run_id}`")
    if out.tty and webbrowser.open(url):
        out.note(f"Opening {url} in your browser.")
    else:
        out.fields(url)


def list_(
    invocation: Invocation,
    limit: LimitOption = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Every run (pages through them all).")
    ] = False,
    status: StatusOption = None,
    source_type: Annotated[
        str | None,
        typer.Option(
            "--source-type",
            metavar="TYPE",
            parser=model_choice("SourceType", "a source type"),
            help="Only runs from this source (API, SLACK, GITHUB, LINEAR, ...).",
        ),
    ] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only the logged-in user's runs.")] = False,
    user_id: Annotated[
        int | None,
        typer.Option("--user-id", metavar="ID", parser=whole_number, help="Only this user's runs."),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List recent agent runs, newest first.

    30 of them, or --limit N, or --all; --status and the other filters narrow them down.

    Examples:
        codegen list
        codegen list --status active --status paused --mine
        codegen list --all --json | jq length
    """
    if all_ and limit is not None:
        raise usage_error("give --limit or --all, not both", hint="drop one of them")
    if mine and user_id is not None:
        raise usage_error("give --mine or --user-id, not both", hint="drop one of them")
    wanted = set(status or ())
    client = invocation.client
    if mine:
        user_id = client.get_current_user().id
    count = None if all_ else limit or DEFAULT_LIST_LIMIT
    page_size = 100 if wanted or count is None else min(count, 100)
    runs = client.iter_agent_runs(
        invocation.org_id, user_id=user_id, source_type=source_type, page_size=page_size
    )
    matching = (r for r in runs if not wanted or r.status_value in wanted)
    from codegen_cli._run_view import show_runs

    show_runs(Output(json=json), islice(matching, count))
