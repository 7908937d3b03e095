"""The baseline of bench_cli_commands.py: what a person would write with httpx alone to do what
`codegen list`, `show ID`, `logs ID`, `whoami` and `run PROMPT` do — the same requests, and piped,
the same bytes on stdout (the benchmark checks it). On a terminal it prints the same cells as an
aligned table with a header, without colour.

    python bench/_raw_commands.py list | show ID | logs ID | whoami | run PROMPT

Reads CODEGEN_API_URL, CODEGEN_API_TOKEN and CODEGEN_ORG_ID, as the command does.
"""

import json
import os
import re
import shutil
import sys
import uuid
from datetime import UTC, datetime

import httpx

BREAKS = re.compile(r"[\t\n]+")


def one_line(value):
    return BREAKS.sub(" ", value or "").strip()


def iso(text):
    if not text:
        return ""
    when = datetime.fromisoformat(text).astimezone(UTC).isoformat()
    return when.removesuffix("+00:00") + "Z"


def compact(value):
    if value is None or isinstance(value, str):
        return value or ""
    return json.dumps(value, ensure_ascii=False, default=str)


def table(rows, header):
    if not sys.stdout.isatty():
        for row in rows:
            print("\t".join(one_line(str(cell)) for cell in row))
        return
    rows = [header, *([one_line(str(cell)) for cell in row] for row in rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    width = shutil.get_terminal_size().columns
    for row in rows:
        line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        print(line.rstrip()[:width])


def main():
    command, *args = sys.argv[1:]
    api, org = os.environ["CODEGEN_API_URL"], os.environ["CODEGEN_ORG_ID"]
    headers = {"Authorization": f"Bearer {os.environ['CODEGEN_API_TOKEN']}"}
    with httpx.Client(base_url=api, headers=headers, timeout=60) as http:

        def get(path, **params):
            response = http.get(path, params=params)
            response.raise_for_status()
            return response.json()

        if command == "list":
            runs = get(f"/organizations/{org}/agent/runs", skip=0, limit=30)["items"]
            rows = [
                [r["id"], r["status"], iso(r["created_at"]),
                 r.get("summary") or (r.get("result") or "").strip().split("\n", 1)[0],
                 r.get("web_url") or ""]
                for r in runs
            ]  # fmt: skip
            table(rows, ["ID", "STATUS", "CREATED", "SUMMARY", "URL"])
        elif command == "show":
            run = get(f"/organizations/{org}/agent/run/{args[0]}")
            rows = [
                ["id:", run["id"]],
                ["status:", run["status"]],
                ["created:", iso(run["created_at"])],
                ["source:", run.get("source_type") or ""],
                ["url:", run.get("web_url") or ""],
            ]
            if run.get("summary"):
                rows.append(["summary:", run["summary"]])
            for pr in run.get("github_pull_requests") or []:
                rows.append(["pull_request:", pr.get("url") or f"#{pr['id']}",
                             pr.get("head_branch_name") or "", pr.get("title") or ""])  # fmt: skip
            for row in rows:
                print("\t".join(one_line(str(cell)) for cell in row))
            if run.get("result"):
                print("--")
                print(run["result"])
        elif command == "logs":
            path = f"/alpha/organizations/{org}/agent/run/{args[0]}/logs"
            for entry in get(path, skip=0, limit=100)["logs"]:
                row = [iso(entry["created_at"]), entry.get("message_type") or "",
                       entry.get("tool_name") or "", entry.get("thought") or "",
                       compact(entry.get("observation")), compact(entry.get("tool_input")),
                       compact(entry.get("tool_output"))]  # fmt: skip
                print("\t".join(one_line(cell) for cell in row))
        elif command == "whoami":
            user = get("/users/me")
            rows = [
                ["user:", user["github_username"]],
                ["name:", user.get("full_name") or ""],
                ["email:", user.get("email") or ""],
                ["role:", user.get("role") or ""],
                ["organization:", org],
                ["api:", api],
                ["profile:", ""],
            ]
            for row in rows:
                print("\t".join(one_line(str(cell)) for cell in row))
        elif command == "run":
            body = {"prompt": args[0], "metadata": {"codegen_client_request_id": uuid.uuid4().hex}}
            response = http.post(f"/organizations/{org}/agent/run", json=body)
            response.raise_for_status()
            run = response.json()
            print(f"{run['id']}\t{run.get('web_url') or ''}")
            print(f"follow it with `codegen logs {run['id']} -f`", file=sys.stderr)
        else:
            sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
