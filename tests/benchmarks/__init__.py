"""Benchmarks: each ``bench_<name>.py`` has ``run(quick=False) -> [(benchmark, measure, value)]``.
``python -m tests.benchmarks`` runs them all and prints one table. They print figures; they never
assert timings."""
