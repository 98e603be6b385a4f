"""`make bench`: run every benchmark and print one line each, ratio last (lower is better)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]

from . import deadlines, monitor, package_size  # noqa: E402 - after the path setup

if __name__ == "__main__":
    print(f"{'benchmark':<44} {'measured':>12} {'unit':<10}    {'baseline':<38} {'':>12}  ratio")
    for module in (deadlines, monitor, package_size):
        for result in module.run():
            print(result.line(), flush=True)
