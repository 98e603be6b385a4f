"""Benchmarks, run on demand with `make bench`: each prints a ratio against a baseline measured in
the same run, on the same machine, so the numbers compare like with like. Tests assert behaviour,
never timings; these numbers are for people deciding."""
