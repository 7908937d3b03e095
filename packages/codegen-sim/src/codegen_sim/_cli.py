"""``codegen-sim``: serve the simulator, or run a command against a private one.

``codegen-sim serve`` serves until Ctrl-C and prints (on stdout) the URL, token and org id to use.
``codegen-sim exec [options] -- CMD ARGS...`` starts a simulator on a free loopback port, runs CMD
with ``CODEGEN_API_URL``, ``CODEGEN_API_TOKEN`` and ``CODEGEN_ORG_ID`` pointing at it, and returns
CMD's exit code; the server always stops, Ctrl-C included. Usage errors are one line and exit 2.

``exec`` starts CMD as soon as the port listens, before FastAPI and uvicorn are even imported (most
of its start-up): the two start side by side, and CMD's first request waits in the listen backlog
until the app serves. So ``exec -- true`` costs little more than the interpreter and the options.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import Any, NoReturn

from codegen_models.api import ENV_ALIASES, EnvVar

from . import __version__
from ._config import RATE_LIMITS, SimConfig
from ._server import SimServer, is_loopback

DEFAULT_PORT = 8765

_OTHER_TOOLS_VARIABLES = (
    "CODEGEN_API_KEY",
    "CODEGEN_BASE_URL",
    "CODEGEN_REPO_ID",
    "REPOSITORY_ORG_ID",
    "REPOSITORY_ID",
)
"""Variables that other Codegen tools (not this toolkit) read for a token, server or repository."""

OVERRIDING_VARIABLES: tuple[str, ...] = (
    *(alias for aliases in ENV_ALIASES.values() for alias in aliases),
    EnvVar.PROFILE,
    *_OTHER_TOOLS_VARIABLES,
)
"""Variables that would point a command at another server, token, org or repository: unset by exec."""

_RATE_LIMIT = re.compile(r"^(?P<name>\w+)=(?P<requests>\d+)/(?P<seconds>\d+(?:\.\d+)?)$")


class UsageError(Exception):
    """A bad command line: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def _rate_limit(text: str) -> tuple[str, tuple[int, float]]:
    match = _RATE_LIMIT.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"expected CLASS=REQUESTS/SECONDS, got {text!r}")
    return match["name"], (int(match["requests"]), float(match["seconds"]))


def _faults(text: str) -> tuple[str, ...]:
    return tuple(kind.strip() for kind in text.split(",") if kind.strip())


_SIMULATOR_OPTIONS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    # flag, the SimConfig field it sets, add_argument's other keywords
    ("--speed", "speed", {"type": float, "metavar": "X", "help": "simulated seconds per real second"}),
    ("--run-seconds", "run_seconds", {"type": float, "metavar": "T", "help": "how long a run takes, in simulated seconds"}),
    ("--seed", "seed", {"type": int, "metavar": "N", "help": "seed of the fault dice, for reproducible faults"}),
    ("--no-rate-limits", "rate_limits", {"action": "store_false", "help": "switch rate limiting off"}),
    ("--rate-limit", "rate_limit_overrides", {"type": _rate_limit, "action": "append", "metavar": "CLASS=N/SECONDS", "help": f"override a rate-limit class ({', '.join(RATE_LIMITS)}); repeatable"}),
    ("--fault-rate", "fault_rate", {"type": float, "metavar": "R", "help": "probability (0..1) that a request meets a fault"}),
    ("--faults", "faults", {"type": _faults, "metavar": "LIST", "help": "faults to inject, comma-separated"}),
    ("--slow-seconds", "slow_seconds", {"type": float, "metavar": "S", "help": "delay of a 'slow' fault"}),
    ("--latency", "latency", {"type": float, "metavar": "S", "help": "seconds added to every API response"}),
    ("--admin", "admin", {"action": "store_true", "help": "serve the admin API under /_sim"}),
    ("--state", "state_file", {"metavar": "FILE", "help": "keep the state in this SQLite file across restarts"}),
    ("--no-alpha-logs", "alpha_logs", {"action": "store_false", "help": "leave out the /v1/alpha logs route (only the documented alias remains)"}),
    ("--extra-users", "extra_users", {"type": int, "metavar": "N", "help": "N more users with tokens sim-token-2, sim-token-3, ..."}),
    ("--run-allotment", "run_allotment", {"type": int, "metavar": "N", "help": "runs an organization may create before creating answers 402"}),
    ("--honour-idempotency-keys", "honour_idempotency_keys", {"action": "store_true", "help": "answer a repeated Idempotency-Key with the first answer (the real API does not document the header, so by default it is ignored)"}),
)  # fmt: skip
"""The options of ``serve`` and ``exec``, one per field of :class:`SimConfig`."""


def _parser() -> _Parser:
    defaults = SimConfig()
    options = _Parser(add_help=False)
    group = options.add_argument_group("simulator options")
    for flag, field, keywords in _SIMULATOR_OPTIONS:
        default = None if keywords.get("action") == "append" else getattr(defaults, field)
        text = keywords["help"]
        if isinstance(default, tuple):
            text += f" (default {','.join(default)})"
        elif isinstance(default, int | float) and not isinstance(default, bool):
            text += f" (default {default})"
        group.add_argument(flag, dest=field, default=default, **{**keywords, "help": text})

    parser = _Parser(
        prog="codegen-sim", description="A local, stateful simulator of the Codegen Agent API."
    )
    parser.add_argument("--version", action="version", version=f"codegen-sim {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="{serve,exec}", parser_class=_Parser
    )
    serve = commands.add_parser(
        "serve",
        parents=[options],
        help="serve the simulator until Ctrl-C",
        description="Serve the simulator until Ctrl-C; print the URL, token and org id to use on stdout.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on; 0 for a free one (default {DEFAULT_PORT})",
    )
    serve.add_argument(
        "--allow-remote", action="store_true", help="allow a --host that is not a loopback address"
    )
    commands.add_parser(
        "exec",
        parents=[options],
        usage="codegen-sim exec [options] -- CMD [ARGS...]",
        help="run CMD against a simulator on a free loopback port",
        description="Start a simulator on a free loopback port, run CMD with CODEGEN_API_URL, CODEGEN_API_TOKEN and CODEGEN_ORG_ID pointing at it, stop the simulator, exit with CMD's status.",
    )
    return parser


def _config(args: argparse.Namespace) -> SimConfig:
    values = {field: getattr(args, field) for _, field, _ in _SIMULATOR_OPTIONS}
    values["rate_limit_overrides"] = dict(values["rate_limit_overrides"] or [])
    try:
        return SimConfig(**values)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _listen(server: SimServer) -> None:
    try:
        server.listen()
    except OSError as error:
        message = f"cannot listen on {server.host}:{server.port}: {error.strerror or error}"
        raise UsageError(message + " (pass --port 0 for a free port)") from None


def _unusable_state_file(config: SimConfig, error: sqlite3.Error) -> UsageError:
    return UsageError(f"cannot use the state file {config.state_file}: {error}")


def _check_state_file(config: SimConfig) -> None:
    """Open the state file as the server will (its tables made), before a command depends on it."""
    if config.state_file is None:
        return
    from ._persistence import SqliteStore

    try:
        SqliteStore(config.state_file).close()
    except sqlite3.Error as error:
        raise _unusable_state_file(config, error) from None


def serve(args: argparse.Namespace) -> int:
    if not args.allow_remote and not is_loopback(args.host):
        raise UsageError(
            f"--host {args.host} is not a loopback address; add --allow-remote to serve on it"
        )
    try:
        server = SimServer(_config(args), args.host, args.port, allow_remote=args.allow_remote)
    except ValueError as error:
        raise UsageError(str(error)) from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    _listen(server)
    try:
        server.start()
    except sqlite3.Error as error:
        raise _unusable_state_file(server.config, error) from None
    lines = [
        f"# codegen-sim {__version__} serving the Codegen API at {server.api_url} (Ctrl-C to stop)",
        *(f"export {name}={value}" for name, value in _pointing_at(server).items()),
    ]
    if server.config.extra_users:
        tokens = ", ".join(f"{server.token}-{n}" for n in range(2, server.config.extra_users + 2))
        lines.append(f"# more tokens: {tokens}")
    if server.config.admin:
        lines.append(f"# admin API: {server.base_url}/_sim/stats")
    print("\n".join(lines), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        server.stop()
    return 0


def child_environment(environ: dict[str, str], server: SimServer) -> dict[str, str]:
    """``environ`` pointing at ``server``, without variables that would point elsewhere."""
    unset = {*OVERRIDING_VARIABLES, EnvVar.TRUST_IDEMPOTENCY_KEYS}
    env = {name: value for name, value in environ.items() if name not in unset}
    env.update(_pointing_at(server))
    return env


def _pointing_at(server: SimServer) -> dict[str, str]:
    """The variables that point the toolkit at ``server``."""
    variables: dict[str, str] = {
        EnvVar.API_URL: server.api_url,
        EnvVar.API_TOKEN: server.token,
        EnvVar.ORG_ID: str(server.org_id),
    }
    if server.config.honour_idempotency_keys:
        # Only then may codegen-core retry a create whose answer may have been lost on the
        # strength of the key alone: a repeat creates nothing. Otherwise the variable is unset,
        # so a command never trusts a promise this server does not keep.
        variables[EnvVar.TRUST_IDEMPOTENCY_KEYS] = "1"
    return variables


def _terminal_sends_to_child(signum: int) -> bool:
    """Ctrl-C at a terminal reaches the whole foreground process group, the child included."""
    if signum not in (signal.SIGINT, signal.SIGQUIT):
        return False
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        try:
            return stream.isatty() and os.tcgetpgrp(stream.fileno()) == os.getpgrp()
        except (OSError, ValueError, AttributeError):
            continue
    return False


def exec_command(args: argparse.Namespace, command: list[str]) -> int:
    if not command:
        raise UsageError("exec needs a command: codegen-sim exec [options] -- CMD [ARGS...]")
    server = SimServer(_config(args))
    _check_state_file(server.config)
    _listen(server)
    received: list[int] = []
    previous = {}
    try:
        try:
            child = subprocess.Popen(command, env=child_environment(dict(os.environ), server))
        except FileNotFoundError:
            print(f"codegen-sim: command not found: {command[0]}", file=sys.stderr)
            return 127
        except PermissionError:
            print(f"codegen-sim: permission denied: {command[0]}", file=sys.stderr)
            return 126

        def forward(signum: int, frame: FrameType | None) -> None:
            received.append(signum)
            if not _terminal_sends_to_child(signum):
                child.send_signal(signum)

        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            previous[signum] = signal.signal(signum, forward)
        server.start(wait=False)  # while CMD starts up; its requests wait in the backlog
        status = child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        server.stop()
    if received:
        return 128 + received[0]
    code = status if status >= 0 else 128 - status
    if server.start_error is not None:  # CMD ran against a closed port: its result means nothing
        print(
            f"codegen-sim: error: the simulator did not start: {server.start_error}",
            file=sys.stderr,
        )
        return code or 1
    return code


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command: list[str] = []
    if arguments[:1] == ["exec"] and "--" in arguments:
        split = arguments.index("--")
        arguments, command = arguments[:split], arguments[split + 1 :]
    try:
        args = _parser().parse_args(arguments)
        if args.command == "serve":
            return serve(args)
        return exec_command(args, command)
    except UsageError as error:
        print(f"codegen-sim: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before serving or running anything: nothing to clean up
        return 130
