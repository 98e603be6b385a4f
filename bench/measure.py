"""Timing and reporting helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    unit: str
    measured: float
    baseline: float
    baseline_name: str

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        return (
            f"{self.name:<44} {self.measured:>12.3f} {self.unit:<10} vs {self.baseline_name:<38} "
            f"{self.baseline:>12.3f}  ratio {self.ratio:8.3f}"
        )


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
