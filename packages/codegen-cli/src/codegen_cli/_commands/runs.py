"""Starting, continuing, showing, listing, waiting for and opening agent runs."""

from __future__ import annotations

import time
from itertools import islice
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from codegen_cli._errors import CliError, ExitCode, usage_error
from codegen_cli._options import (
    FileOption,
    FollowOption,
    ImageOption,
    JsonOption,
    LimitOption,
    QuietOption,
    RunIdArgument,
    TimeoutOption,
    WaitOption,
    parse_choice,
)
from codegen_cli._output import Output
from codegen_cli._prompt import parse_metadata, read_prompt
from codegen_cli._run_view import show_outcome, show_run, show_runs
from codegen_cli._session import Session
from codegen_cli._waiting import conclude, exit_code, follow_run, follow_up_hint, wait_for_run

if TYPE_CHECKING:
    from codegen import AgentRun

PromptArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="PROMPT", show_default=False, help="What the agent should do ('-' reads stdin)."
    ),
]
DEFAULT_LIST_LIMIT = 30


def run(
    session: Session,
    prompt: PromptArgument = None,
    file: FileOption = None,
    repo_id: Annotated[
        int | None,
        typer.Option(
            "--repo-id", min=1, metavar="ID", help="Repository to work in (`codegen repos`)."
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", metavar="NAME", help="Model [default: the org's].")
    ] = None,
    agent_type: Annotated[
        Literal["codegen", "claude_code"] | None,
        typer.Option("--agent-type", help="Agent to run [default: the org's]."),
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
    """Start an agent run with PROMPT; print its id and web URL.

    Examples:

        codegen run "Add type hints to utils.py" --repo-id 5 --wait

        ID=$(codegen run -q --file task.md)

        git diff | codegen run - --follow
    """
    out = _run_output(json=json, quiet=quiet, follow=follow)
    text = read_prompt(prompt, file)
    fields = parse_metadata(metadata)
    started = session.client.create_agent_run(
        text,
        org_id=session.org_id,
        repo_id=repo_id,
        model=model,
        agent_type=agent_type,
        metadata=fields,
        images=image or None,
    )
    _after_start(session, out, started, wait=wait, follow=follow, timeout=timeout)


def continue_(
    session: Session,
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
    """Continue agent run ID with a follow-up PROMPT (a paused run, or a finished one).

    Example:

        codegen continue 1234 "Also update the changelog" --follow
    """
    out = _run_output(json=json, quiet=quiet, follow=follow)
    text = read_prompt(prompt, file)
    client = session.client
    # Following shows only what the follow-up adds: the entries written from here on.
    start = 0
    if follow:
        start = client.get_agent_run_logs(session.org_id, run_id, limit=1).total_logs or 0
    resumed = client.resume_agent_run(session.org_id, run_id, text, images=image or None)
    _after_start(session, out, resumed, wait=wait, follow=follow, timeout=timeout, start=start)


def _run_output(*, json: bool, quiet: bool, follow: bool) -> Output:
    if quiet and (json or follow):
        raise usage_error("-q prints only the id; it cannot be combined with --json or --follow")
    return Output(json=json, quiet=quiet)


def _after_start(
    session: Session,
    out: Output,
    run: AgentRun,
    *,
    wait: bool,
    follow: bool,
    timeout: float | None,
    start: int = 0,
) -> None:
    """Report a started (or resumed) run, then follow or wait for it as asked; exit with its
    outcome."""
    if follow:
        out.note(f"agent run {run.id}: {run.web_url or ''}")
        final = follow_run(session, out, run.id, start=start)
    else:
        if out.quiet:
            out.fields(str(run.id))
        elif not (out.json and wait):
            _show_started(out, run)
        if not wait:
            out.note(
                f"follow it with `codegen logs {run.id} --follow`, "
                f"or wait for it with `codegen wait {run.id}`"
            )
            return
        final = wait_for_run(session, out, run.id, timeout)
        if not out.quiet:
            show_run(out, final)
    code = conclude(out, final)
    if code:
        raise typer.Exit(code)


def _show_started(out: Output, run: AgentRun) -> None:
    if out.json:
        out.emit_json(run.to_dict())
    elif out.tty:
        out.line(("agent run ", "bold"), (str(run.id), "bold"), "  ", run.web_url or "")
    else:
        out.fields(str(run.id), run.web_url or "")


def show(session: Session, run_id: RunIdArgument, json: JsonOption = False) -> None:
    """Show agent run ID: status, summary, pull requests, web URL and result."""
    show_run(Output(json=json), session.client.get_agent_run(session.org_id, run_id))


def wait(
    session: Session,
    run_ids: Annotated[list[int], typer.Argument(metavar="ID...", min=1, help="Agent run ids.")],
    timeout: TimeoutOption = None,
    json: JsonOption = False,
) -> None:
    """Wait until every run ID has ended (or paused for input); print how each ended.

    Exits 0 if all completed (or paused), 1 if any ended otherwise, 8 if any was still running
    when --timeout passed.

        codegen wait 1234 1235 --timeout 30m && echo all done
    """
    from codegen import WaitTimeoutError

    out = Output(json=json)
    deadline = None if timeout is None else time.monotonic() + timeout
    finals: list[AgentRun] = []
    for run_id in run_ids:
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            final = wait_for_run(session, out, run_id, remaining)
        except WaitTimeoutError as error:
            final = error.run or session.client.get_agent_run(session.org_id, run_id)
        finals.append(final)
        if not out.json:
            show_outcome(out, final)
        hint = follow_up_hint(final)
        if hint is not None:
            out.say(hint)
    if out.json:
        out.emit_json([run.to_dict() for run in finals])
    codes = {exit_code(run) for run in finals}
    code = next((c for c in (ExitCode.ERROR, ExitCode.PENDING) if c in codes), ExitCode.OK)
    if code:
        raise typer.Exit(code)


def open_(session: Session, run_id: RunIdArgument, json: JsonOption = False) -> None:
    """Open agent run ID in the web browser (prints the URL where there is none)."""
    import webbrowser

    out = Output(json=json)
    found = session.client.get_agent_run(session.org_id, run_id)
    if out.json:
        out.emit_json(found.to_dict())
        return
    url = found.web_url
    if not url:
        raise CliError(f"agent run {run_id} has no web URL")
    if out.tty and webbrowser.open(url):
        out.note(f"Opening {url} in your browser.")
    else:
        out.fields(url)


def list_(
    session: Session,
    limit: LimitOption = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Every run (pages through them all).")
    ] = False,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status", "-s", metavar="STATUS", help="Only runs with this status. Repeatable."
        ),
    ] = None,
    source_type: Annotated[
        str | None,
        typer.Option(
            "--source-type",
            metavar="TYPE",
            help="Only runs from this source (API, SLACK, GITHUB, ...).",
        ),
    ] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only runs of the logged-in user.")] = False,
    user_id: Annotated[
        int | None, typer.Option("--user-id", min=1, metavar="ID", help="Only runs of this user.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """List recent agent runs, newest first (30 unless --limit or --all)."""
    from codegen import AgentRunStatus, SourceType

    if all_ and limit is not None:
        raise usage_error("give --limit or --all, not both")
    if mine and user_id is not None:
        raise usage_error("give --mine or --user-id, not both")
    wanted = {parse_choice(AgentRunStatus, value, "--status") for value in status or ()}
    source = None if source_type is None else parse_choice(SourceType, source_type, "--source-type")
    client = session.client
    if mine:
        user_id = client.get_current_user().id
    count = None if all_ else limit or DEFAULT_LIST_LIMIT
    page_size = 100 if wanted or count is None else min(count, 100)
    runs = client.iter_agent_runs(
        session.org_id, user_id=user_id, source_type=source, page_size=page_size
    )
    matching = (r for r in runs if not wanted or r.status_value in wanted)
    show_runs(Output(json=json), islice(matching, count))
