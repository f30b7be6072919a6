"""Run every benchmark under tests/benchmarks/ and print one table (Markdown)."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
import warnings
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("names", nargs="*", help="only these benchmarks (e.g. agenda directory)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    here = Path(__file__).parent
    rows: list[tuple[str, str, str]] = []
    failures = []
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        short = info.name.removeprefix("bench_")
        if args.names and short not in args.names:
            continue
        module = importlib.import_module(f"tests.benchmarks.{info.name}")
        started = time.perf_counter()
        print(f"running {info.name} ...", file=sys.stderr, flush=True)
        try:
            rows.extend(module.run(quick=args.quick))
        except Exception as exc:  # report and go on: one broken benchmark must not hide the others
            failures.append((info.name, repr(exc)))
        print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    width = [max(len(r[i]) for r in rows + [("benchmark", "measure", "value")]) for i in range(3)]
    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, width)) + " |"

    print(line(("benchmark", "measure", "value")))
    print("|" + "|".join("-" * (w + 2) for w in width) + "|")
    for row in rows:
        print(line(row))
    for name, error in failures:
        print(f"FAILED {name}: {error}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
