"""How long one password hash and one verification take with onair's argon2id settings.

    .venv/bin/python bench/argon2_hash_time.py [--runs 20]

Prints the median (and the spread) of hashing and of verifying, and the machine's load,
since a busy machine makes every number larger. Each login pays for one verification.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.accounts.passwords import CONTEXT, hash_password  # noqa: E402

PASSWORD = "a typical passphrase of five words"


def timed(work, runs: int) -> list[float]:
    times = []
    for number in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
        print(f"\r  {number + 1}/{runs}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    stored = hash_password(PASSWORD)
    print(f"settings: {stored.rsplit('$', 2)[0]}  ({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f})")
    work = {"hash": lambda: hash_password(PASSWORD), "verify": lambda: CONTEXT.verify(PASSWORD, stored)}
    for name, step in work.items():
        times = timed(step, args.runs)
        print(f"{name:6}  median {statistics.median(times):6.1f} ms   min {min(times):6.1f}"
              f"   max {max(times):6.1f}   ({args.runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
