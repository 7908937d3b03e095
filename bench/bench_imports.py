"""What importing the client costs, against importing what it is built on.

- `python -c "import codegen"` / `python -c "import httpx, pydantic"`  (target <= 1.2x);
- `from codegen import CodegenClient` / the same baseline: what a program that uses the client
  imports before its first call (every name of `codegen` loads on first use, so the line above
  pays for almost nothing; this one pays for httpx, pydantic's models and the client);
- making a client, `CodegenClient(api_token=...)` for the real https API, against `httpx.Client()`:
  httpcore and the TLS context, which both make.

Each runs N times as a fresh process of the interpreter, interleaved, with warm bytecode caches
(PYTHONDONTWRITEBYTECODE unset, as on a user's machine); medians are printed, never asserted.

    uv run python bench/bench_imports.py [-n 30] [--python PATH]

`--python` measures another environment's interpreter: `nox -s bench` passes one holding only
codegen-cli and its dependencies (which include codegen-core's), as `pip install` gives a user.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from _support import machine

TARGET = 1.2
CASES = {
    "python -c pass": "pass",
    "import httpx, pydantic": "import httpx, pydantic",
    "import codegen": "import codegen",
    "from codegen import CodegenClient": "from codegen import CodegenClient",
    "import httpx; httpx.Client()": "import httpx; httpx.Client()",
    "CodegenClient(api_token=...)": "from codegen import CodegenClient; CodegenClient(api_token='t')",
}


def seconds(python: str, code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([python, "-c", code], env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=30, help="runs of each (30)")
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["CODEGEN_API_URL"] = "https://api.codegen.com/v1"  # nothing is sent
    for code in CASES.values():  # warm the file and bytecode caches
        seconds(args.python, code, env)
    samples: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.runs):
        for name, code in CASES.items():
            samples[name].append(seconds(args.python, code, env))
    ms = {name: statistics.median(times) * 1000 for name, times in samples.items()}
    print(f"# import and client start-up, median of {args.runs} runs each — {machine()}")
    print(f"# interpreter: {args.python}")
    for name, value in ms.items():
        print(f"  {name:<36} {value:7.1f} ms")
    base = ms["import httpx, pydantic"]
    print(
        f"import codegen / import httpx, pydantic:                    {ms['import codegen'] / base:.2f}x"
        f" (target <= {TARGET}x)"
    )
    ratio = ms["from codegen import CodegenClient"] / base
    print(f"from codegen import CodegenClient / import httpx, pydantic: {ratio:.2f}x")
    made = ms["CodegenClient(api_token=...)"] / ms["import httpx; httpx.Client()"]
    print(f"making a CodegenClient / making an httpx.Client:            {made:.2f}x")


if __name__ == "__main__":
    main()
