"""CPU time of rendering hostile and ordinary Markdown, with and without the limits.

    .venv/bin/python -m bench.markdown_bench

"unbounded" is markdown-it-py plus nh3 on the raw text (what render_markdown did before the
limits); "bounded" is render_markdown now (the check, then Markdown or escaped paragraphs);
"check" is data.core.markdown.markdown_problem alone, and what it says. Process time, best of
three, so other load on the machine counts less.
"""
from __future__ import annotations

import time

import nh3

from data.core import markdown

ORDINARY = ("Some **bold** text with a [link](https://example.com) and `code`.\n\n"
            "* [Project page](https://example.com/p) and *notes*\n")


def cases() -> dict[str, str]:
    return {
        "![[ x 66,000 (198 KB)": "![[" * 66_000,
        "![[ x 30,000 (90 KB)": "![[" * 30_000,
        "[ x 100,000": "[" * 100_000,
        "[a  x 33,000": "[a " * 33_000,
        "[]( x 33,000": "[](" * 33_000,
        "*_ x 50,000": "*_" * 50_000,
        "table, 16,000 rows": "|a|b|\n|-|-|\n" + "|x|y|\n" * 16_000,
        "blank lines x 99,000": "\n" * 99_000,
        "ordinary notes 10 KB": ORDINARY * (10_000 // len(ORDINARY)),
        "ordinary notes 95 KB": ORDINARY * (95_000 // len(ORDINARY)),
    }


# Repeated units: the bench finds the longest repetition the limits accept and times that,
# the slowest input of each shape that still gets rendered.
UNITS = ["[", "![[", "[a ", "[](", "[a](b ", "[a]: b\n", "*_", "**a ", "*a ", "_a ", "`a", "<", "<a ", "&#",
         "\\a", "|x|y|\n", "\n", "a\n", "> a\n", "- a\n", "1. a\n", "# a\n", "    a\n", "[x]", "![x](y)\n",
         "~a", "]", "a" * 80 + "\n", ORDINARY]


def longest_accepted(unit: str) -> str:
    low, high = 0, markdown.MAX_MARKDOWN_CHARS // len(unit) + 1
    while low < high:
        middle = (low + high + 1) // 2
        if markdown.markdown_problem(unit * middle) is None:
            low = middle
        else:
            high = middle - 1
    return unit * low


def best_of(call, text, rounds=3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        call(text)
        best = min(best, time.process_time() - started)
    return best


def unbounded(text: str) -> str:
    return nh3.clean(markdown._md.render(text), tags=markdown._ALLOWED_TAGS)


def main() -> None:
    print(f"{'input':24} {'chars':>8} {'unbounded':>10} {'bounded':>9} {'check':>8}  outcome")
    for name, text in cases().items():
        before = best_of(unbounded, text, rounds=1 if len(text) > 50_000 else 3)
        after = best_of(markdown.render_markdown, text)
        check = best_of(markdown.markdown_problem, text)
        problem = markdown.markdown_problem(text)
        outcome = "refused: " + problem[:50] if problem else "rendered"
        print(f"{name:24} {len(text):8,} {before * 1000:8.0f}ms {after * 1000:7.1f}ms {check * 1000:6.2f}ms  {outcome}")
    print("\nthe longest accepted input of each shape, rendered:")
    worst = 0.0
    for unit in UNITS:
        text = longest_accepted(unit)
        spent = best_of(markdown.render_markdown, text)
        worst = max(worst, spent)
        print(f"  {unit[:12]!r:16} x {len(text) // len(unit):7,} = {len(text):7,} chars  {spent * 1000:6.1f}ms")
    print(f"slowest accepted: {worst * 1000:.1f}ms")


if __name__ == "__main__":
    main()
