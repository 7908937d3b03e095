"""The page a run's ``web_url`` points to: its status, answer, pull requests and log, in HTML.

Like the real web app's page it needs no API token (it is what ``codegen open`` shows in a browser),
but it asks for the key that the run's ``web_url`` carries: whoever was given the URL sees the run,
and guessing run ids (of any organization) shows nothing.
"""

from __future__ import annotations

import hmac
from html import escape

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from ._components import components_of

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Agent run {id}</title>
<style>body{{font:15px system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
pre{{white-space:pre-wrap;background:#f5f5f5;padding:.75rem}}td{{vertical-align:top;padding:.2rem .5rem}}
.type{{font-family:monospace;color:#555}}</style></head>
<body><h1>Agent run {id} <small>{status}</small></h1>
<p>{title} · created {created_at} · <i>codegen-sim</i></p>
{result}{prs}<h2>Log ({total} entries)</h2><table>{rows}</table></body></html>
"""
_SHOWN_ENTRIES = 500


def add_trace_page(app: FastAPI) -> None:
    @app.get("/x/{run_id}", response_class=HTMLResponse, include_in_schema=False)
    async def trace_page(request: Request, run_id: int, key: str = "") -> HTMLResponse:
        service = components_of(request).service
        run = service.runs.get(run_id)
        if run is None or not hmac.compare_digest(key.encode(), service.page_key(run_id).encode()):
            return HTMLResponse("<h1>Agent run not found</h1>", status_code=404)
        now = service.clock.now()
        shown = run.to_model(now, str(request.url))
        rows = "".join(
            f"<tr><td class=type>{escape(entry.message_type or '')}</td>"
            f"<td>{escape(entry.tool_name or '')}</td>"
            f"<td>{escape(str(entry.thought or entry.observation or ''))}</td></tr>"
            for entry in run.logs(now, 0, _SHOWN_ENTRIES, reverse=False)
        )
        prs = "".join(
            f'<li><a href="{escape(pr.url or "")}">{escape(pr.title or "")}</a></li>'
            for pr in shown.pull_requests
        )
        return HTMLResponse(
            _PAGE.format(
                id=run.id,
                status=escape(shown.status or ""),
                title=escape(run.title),
                created_at=escape(str(shown.created_at)),
                result=f"<h2>Result</h2><pre>{escape(shown.result)}</pre>" if shown.result else "",
                prs=f"<h2>Pull requests</h2><ul>{prs}</ul>" if prs else "",
                total=run.total_logs(now),
                rows=rows,
            )
        )
