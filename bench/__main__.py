"""`make bench`: run every benchmark, print one line each (ratio, goal, whether it holds) and write
bench/results.json with the machine it ran on."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]

from . import cold_start, deadlines, first_run, intake, lambda_package, monitor, package_size, site  # noqa: E402 - after the path setup


def _machine() -> dict[str, object]:
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


if __name__ == "__main__":
    print(f"{'benchmark':<44} {'measured':>12} {'unit':<10}    {'baseline':<38} {'':>12}  ratio     goal")
    results = []
    try:
        for module in (first_run, intake, cold_start, package_size, site, deadlines, monitor):
            for result in module.run():
                print(result.line(), flush=True)
                results.append(result)
    finally:
        lambda_package.remove()
    report = {"machine": _machine(), "results": [result.as_json() for result in results]}
    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    failing = [result.name for result in results if result.holds is False]
    print(f"\n{len(failing)} goal(s) not met" + (f": {', '.join(failing)}" if failing else ""))
