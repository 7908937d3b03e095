"""The token never shows: not in repr or str, not in any log record (DEBUG included, httpx's and
httpcore's too), not in exceptions, in none of its escaped forms."""

from __future__ import annotations

import html
import json
import logging
import pickle
import re
import traceback
import urllib.parse
from typing import Any

import httpx
import pytest
import respx

from codegen import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    ClientConfig,
    Profile,
)
from codegen._secrets import redact, redact_value, register_secret

SECRET = "cg-test-token-5f2a9c"  # the harness's token (conftest.TOKEN)


def test_not_in_repr_or_str(api: Any) -> None:
    for text in (
        repr(api.client),
        str(api.client),
        repr(api.client.config),
        str(api.client.config),
    ):
        assert SECRET not in text
    assert "***" in repr(api.client.config)
    assert SECRET not in repr(Profile(api_token=SECRET))


def test_not_in_any_log_record_at_debug(
    make_api: Any, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api = make_api(log_level="debug", max_retries=2, rate_limit=True)
    router.get("/organizations/7/agent/run/1").mock(
        side_effect=[
            httpx.Response(503),
            httpx.ConnectError("x"),
            httpx.Response(200, json={"id": 1, "organization_id": 7}),
        ]
    )
    with caplog.at_level(logging.DEBUG):
        api.call("get_agent_run", agent_run_id=1)
        logging.getLogger("codegen").debug("a careless line with %s", SECRET)
        logging.getLogger("codegen").debug(f"an f-string with Bearer {SECRET}")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /v1/organizations/7/agent/run/1 -> 503" in text
    assert "retrying GET" in text
    assert SECRET not in text
    assert text.count("***") >= 2


def test_not_in_exceptions(make_api: Any, router: respx.MockRouter) -> None:
    api = make_api(max_retries=0)
    router.get("/organizations/7/agent/run/1").respond(401, json={"detail": "Invalid token"})
    with pytest.raises(Exception) as info:
        api.call("get_agent_run", agent_run_id=1)
    error = info.value
    rendered = (
        "".join(traceback.format_exception(error)) + repr(error) + str(error) + repr(vars(error))
    )
    assert SECRET not in rendered
    assert SECRET.encode() not in pickle.dumps(vars(error))


def test_the_token_is_sent_only_in_the_authorization_header(
    api: Any, router: respx.MockRouter
) -> None:
    route = router.get("/organizations/7/agent/run/1").respond(json={"id": 1, "organization_id": 7})
    api.call("get_agent_run", agent_run_id=1)
    request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in str(request.url)
    assert SECRET not in repr(request.headers)


def test_config_token_is_hidden_when_set_in_code() -> None:
    config = ClientConfig(api_token="another-secret-value")
    assert "another-secret-value" not in repr(config)


def test_log_level_sends_lines_to_the_current_stderr(
    make_api: Any, router: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    api = make_api(log_level="debug")
    router.get("/organizations/7/agent/run/1").respond(json={"id": 1, "organization_id": 7})
    api.call("get_agent_run", agent_run_id=1)
    err = capsys.readouterr().err
    assert "[codegen DEBUG] GET /v1/organizations/7/agent/run/1 -> 200" in err
    assert SECRET not in err


def test_info_the_default_keeps_a_quiet_success_quiet_and_tells_of_retries(
    make_api: Any, router: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    api = make_api()
    assert api.client.config.log_level == "info"
    route = router.get("/organizations/7/agent/run/1")
    route.respond(json={"id": 1, "organization_id": 7})
    api.call("get_agent_run", agent_run_id=1)
    assert capsys.readouterr().err == ""
    route.side_effect = [
        httpx.Response(503),
        httpx.Response(200, json={"id": 1, "organization_id": 7}),
    ]
    api.call("get_agent_run", agent_run_id=1)
    err = capsys.readouterr().err
    assert err.startswith("[codegen INFO] retrying GET /v1/organizations/7/agent/run/1 in ")
    assert err.count("\n") == 1


# -- every form of a token with characters that escape differently ---------------------------

ODD = "cgODD7\"q'\\+/=%&<>Zk9Xw"
"""Printable ASCII, so a valid token, with a quote of each kind, a backslash and every character
that URL, JSON, repr and HTML encode differently."""
RUNS = ("cgODD7", "Zk9Xw")


def run_json(run_id: int, status: str, **extra: Any) -> dict[str, Any]:
    return {"id": run_id, "organization_id": 7, "status": status, **extra}


"""Its runs of letters and digits: every form of the token contains them, a redacted text none."""


def leaked(text: str) -> bool:
    return any(run in text for run in RUNS)


def forms_of(secret: str) -> dict[str, str]:
    header = f"Bearer {secret}"
    return {
        "raw": secret,
        "repr": repr(secret),
        "repr of repr": repr(repr(secret)),
        "bytes repr": repr(header.encode()),
        "exception repr": repr(ValueError(f"Illegal header value {header.encode()!r}")),
        "json": json.dumps(secret),
        "json twice": json.dumps(json.dumps(secret)),
        "json, Go style": json.dumps(secret)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026"),
        "json, ascii slash": json.dumps(secret).replace("/", "\\/"),
        "url": urllib.parse.quote(secret, safe=""),
        "url, lower-case hex": re.sub(
            "%[0-9A-F]{2}", lambda m: m[0].lower(), urllib.parse.quote(secret, safe="")
        ),
        "url plus": urllib.parse.quote_plus(secret),
        "url, path": urllib.parse.quote(secret),
        "url twice": urllib.parse.quote(urllib.parse.quote(secret, safe=""), safe=""),
        "html": html.escape(secret),
        "html, numeric": "".join(f"&#{ord(c)};" if not c.isalnum() else c for c in secret),
        "python \\x": "".join(f"\\x{ord(c):02x}" if not c.isalnum() else c for c in secret),
    }


@pytest.mark.parametrize(("form", "text"), forms_of(ODD).items())
def test_every_form_of_the_token_is_redacted(form: str, text: str) -> None:
    register_secret(ODD)
    assert leaked(text)  # the form really holds the token
    redacted = redact(f"before {text} after")
    assert not leaked(redacted), form
    assert redacted.startswith("before ") and redacted.endswith(" after") and "***" in redacted


def test_text_without_the_token_is_left_alone() -> None:
    register_secret(ODD)
    text = 'cgODD7 alone, Zk9Xw alone, "quotes" \\ %2B &amp; <>'
    assert redact(text) == text


def test_a_decoded_body_is_redacted_keys_and_all() -> None:
    register_secret(ODD)
    body = {"a": [ODD, {ODD: f"x{ODD}y"}], "n": 1, "none": None}
    assert redact_value(body) == {"a": ["***", {"***": "x***y"}], "n": 1, "none": None}


def test_httpx_and_httpcore_debug_records_are_redacted(
    hostile_api: Any, hostile: Any, helpers: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # The server echoes the Authorization header back in a header of its own: httpcore's debug
    # records show response headers as bytes reprs, httpx's info record the URL.
    hostile.reply = lambda seen: helpers.reply(
        body=helpers.run(1), headers={"X-Echo": seen.headers["authorization"]}
    )
    api = hostile_api(api_token=ODD, log_level="debug")
    with caplog.at_level(logging.DEBUG):
        api.call("get_agent_run", agent_run_id=1)
    names = {record.name for record in caplog.records}
    assert {"httpcore.http11", "httpx", "codegen"} <= names
    echoed = [r for r in caplog.records if "X-Echo" in r.getMessage()]
    assert echoed and all("***" in r.getMessage() for r in echoed)
    for record in caplog.records:
        assert not leaked(record.getMessage()), record.name


def test_a_record_with_a_traceback_or_a_bad_format_is_redacted(
    make_api: Any, caplog: pytest.LogCaptureFixture
) -> None:
    make_api(api_token=ODD)
    log = logging.getLogger("codegen")
    with caplog.at_level(logging.DEBUG):
        try:
            raise RuntimeError(f"inner {ODD!r}")
        except RuntimeError:
            log.exception("failed with %s", ODD)
        log.warning("%s %s", ODD)  # one argument short
    text = caplog.text
    assert "failed with ***" in text and "RuntimeError: inner '***'" in text
    assert not leaked(text)


def test_a_transport_error_that_shows_the_token_is_neither_shown_nor_chained(
    make_api: Any, router: respx.MockRouter
) -> None:
    api = make_api(api_token=ODD, max_retries=0)
    router.get("/organizations/7/agent/run/1").mock(
        side_effect=httpx.RemoteProtocolError(f"Illegal header value {f'Bearer {ODD}'.encode()!r}")
    )
    with pytest.raises(APIConnectionError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert "***" in str(info.value)
    assert not leaked("".join(traceback.format_exception(info.value)) + repr(info.value))


# -- a server that echoes the token back ----------------------------------------------------


def echo(seen: Any) -> str:
    """The token as the server received it."""
    return str(seen.headers["authorization"]).removeprefix("Bearer ")


def test_an_error_body_that_echoes_the_token_shows_it_nowhere(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    hostile.reply = lambda seen: helpers.reply(
        status=400,
        body={"message": f"bad token {echo(seen)}", "detail": [urllib.parse.quote(echo(seen))]},
        headers={"X-Token": echo(seen)},
    )
    api = hostile_api(api_token=ODD)
    with pytest.raises(APIStatusError) as info:
        api.call("get_agent_run", agent_run_id=1)
    error = info.value
    assert error.message == "bad token ***"
    assert error.body == {"message": "bad token ***", "detail": ["***"]}
    assert error.headers["x-token"] == "***"
    shown = "".join(traceback.format_exception(error)) + repr(error) + str(error)
    assert not leaked(shown + repr(vars(error)))
    assert not leaked(pickle.dumps(vars(error)).decode("latin-1"))


def test_a_text_error_body_that_echoes_the_token_late_is_redacted_before_it_is_cut(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    # The message is cut at 200 characters: cutting first would leave half a token showing.
    hostile.reply = lambda seen: helpers.reply(status=500, body="x" * 190 + echo(seen) + "y" * 50)
    api = hostile_api(api_token=ODD)
    with pytest.raises(APIStatusError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert "***" in info.value.message and not leaked(info.value.message + str(info.value.body))
    assert "cgODD" not in info.value.message


def test_a_body_that_is_not_the_promised_shape_is_redacted_in_the_error(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    hostile.reply = lambda seen: helpers.reply(body=f"<html>{html.escape(echo(seen))}</html>")
    api = hostile_api(api_token=ODD)
    with pytest.raises(APIResponseValidationError) as info:
        api.call("get_agent_run", agent_run_id=1)
    assert info.value.body == "<html>***</html>"


@pytest.mark.parametrize(
    ("method", "reply", "read"),
    [
        (
            "get_agent_run",
            lambda token: run_json(1, "COMPLETE", result=f"token={token}", summary=token),
            lambda run: [run.result, run.summary, run.to_json(), repr(run)],
        ),
        (
            "get_current_user",
            lambda token: {
                "id": 3,
                "github_user_id": "3",
                "github_username": "u",
                "full_name": json.dumps(token),
            },
            lambda user: [user.full_name, repr(user)],
        ),
        (
            "get_agent_run_logs",
            lambda token: {
                **run_json(1, "ACTIVE"),
                "logs": [{"agent_run_id": 1, "thought": token, token: 1}],
                "total_logs": 1,
            },
            lambda page: [page.logs[0].thought, page.to_json()],
        ),
    ],
)
def test_a_result_that_echoes_the_token_comes_back_redacted(
    hostile_api: Any, hostile: Any, helpers: Any, method: str, reply: Any, read: Any
) -> None:
    # The promise is kept for successful answers too: the caller never holds the token in a model.
    hostile.reply = lambda seen: helpers.reply(body=reply(echo(seen)))
    api = hostile_api(api_token=ODD)
    texts = read(
        api.call(method, agent_run_id=1) if method != "get_current_user" else api.call(method)
    )
    assert "***" in texts[0]
    assert not any(leaked(text) for text in texts)


def test_raw_requests_and_answers_without_the_token_are_untouched(
    hostile_api: Any, hostile: Any, helpers: Any
) -> None:
    hostile.reply = lambda seen: helpers.reply(
        body={"token": echo(seen), "other": "cgODD7 and Zk9Xw apart"}, headers={"X-T": echo(seen)}
    )
    api = hostile_api(api_token=ODD)
    answer = api.call("request", "GET", "/users/me")
    assert answer.body == {"token": "***", "other": "cgODD7 and Zk9Xw apart"}
    assert answer.headers["x-t"] == "***"
