"""Profile one page type in-process with pyinstrument (pip install -e '.[dev]').

    python -m bench.profile --catalog /tmp/onair-catalog episode [--requests 50]

Builds the catalog into --catalog if it is not there yet (like ``bench.run --catalog``),
then prints pyinstrument's call tree for ``--requests`` requests of that page.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench import inprocess, report
from bench.run import app_settings, get_catalog, throwaway_secrets


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.profile")
    parser.add_argument("page", choices=report.PAGES)
    parser.add_argument("--catalog", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--episodes", type=int, default=500)
    parser.add_argument("--transcript-kb", type=int, default=100)
    parser.add_argument("--paths", type=int, default=50)
    args = parser.parse_args(argv)
    from pyinstrument import Profiler

    from app import main as make_app
    from bench.catalog import page_paths

    throwaway_secrets()
    folder, _ = get_catalog(args, Path(tempfile.gettempdir()))
    app = make_app({}, **app_settings(folder, args.set))
    try:
        paths = page_paths(app, args.paths)[args.page.replace("_304", "")]
        for path in paths:
            inprocess.get(app, path)
        profiler = Profiler(interval=0.0005)
        with profiler:
            for i in range(args.requests):
                inprocess.get(app, paths[i % len(paths)])
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    finally:
        app.registry.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
