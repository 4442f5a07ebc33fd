"""Progress for long-running commands: one line that updates in place, then a newline at the end."""
import sys
import time


def progress_printer(stream=None):
    """A progress callback: one updating line with a count, a percentage and a rate."""
    started = time.monotonic()

    def report(done: int, total: int, what: str = "") -> None:
        out = stream or sys.stderr
        elapsed = max(time.monotonic() - started, 1e-6)
        percent = 100 * done / total if total else 100
        end = "\n" if done >= total else ""
        out.write(f"\r  {what} {done}/{total} ({percent:5.1f}%) {done / elapsed:7.1f}/s{end}")
        out.flush()

    return report
