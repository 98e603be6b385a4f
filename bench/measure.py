"""Timing and reporting helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Result:
    name: str
    unit: str
    measured: float
    baseline: float
    baseline_name: str
    goal: float | None = None  # the bound the figure must not exceed, if it has one (issue 13)
    goal_of: Literal["ratio", "measured"] = "ratio"  # a ratio to the baseline, or the figure itself

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    @property
    def holds(self) -> bool | None:
        if self.goal is None:
            return None
        return (self.ratio if self.goal_of == "ratio" else self.measured) <= self.goal

    @property
    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        return f"ratio ≤ {self.goal:g}" if self.goal_of == "ratio" else f"≤ {self.goal:g} {self.unit}"

    def line(self) -> str:
        verdict = {None: "", True: "holds", False: "FAILS"}[self.holds]
        return (
            f"{self.name:<44} {self.measured:>12.3f} {self.unit:<10} vs {self.baseline_name:<38} "
            f"{self.baseline:>12.3f}  ratio {self.ratio:8.3f}  {self.goal_text:<14} {verdict}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "measured": round(self.measured, 4),
            "baseline": round(self.baseline, 4),
            "baseline_name": self.baseline_name,
            "ratio": round(self.ratio, 4),
            "goal": self.goal_text or None,
            "holds": self.holds,
        }


def best_time(run: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """The best of `repeat` timings of `number` calls, in milliseconds per call: the least noisy figure."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            run()
        timings.append((time.perf_counter() - start) / number)
    return min(timings) * 1000


def median(values: list[float]) -> float:
    return statistics.median(values)
