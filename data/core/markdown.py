"""Markdown in, sanitized HTML out: markdown-it-py renders, nh3 (ammonia) cleans.

Rendering is linear in the input but not cheap: markdown-it-py spends about 10 µs on each line
break or unclosed bracket and a few on each emphasis mark, so 200 KB of ``![[`` took seconds.
``markdown_problem`` estimates the cost from the characters before anything is parsed, and
caps the size and the bracket nesting; forms refuse what it names (views/admin/fields.py), and
``render_markdown`` shows such text as plain paragraphs instead (stored before the limits).
The weights were measured with bench/markdown_bench.py.
"""
from __future__ import annotations

import html as html_lib
import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}


MAX_MARKDOWN_CHARS = 100_000
MAX_BRACKET_DEPTH = 32
# Microseconds of rendering per character, roughly (others cost ~0.05), and per line that
# opens a list item, heading or quote; the budget is ~100 ms on the machine that measured it.
_WEIGHTS = {"\n": 11, "[": 20, "|": 10, "*": 7, "_": 7, "`": 4, "&": 3, "\\": 3, "<": 2, "]": 1.5,
            "#": 1.5, "-": 1.5, ">": 1.5, "~": 2, "!": 1, "=": 1, ":": 1, "+": 1}
_BLOCK_LINE = re.compile(r"^[ \t]{0,3}(?:[-*+>]|\d{1,9}[.)]|#{1,6})", re.MULTILINE)
BLOCK_LINE_WEIGHT = 25
MARKUP_BUDGET = 90_000
_BRACKETS = re.compile(r"\\.|[\[\]]")


def markup_cost(text: str) -> float:
    """Estimated rendering time of ``text`` in microseconds, from counts alone (a few ms for 100 KB)."""
    return (len(text) * 0.05 + sum(text.count(char) * weight for char, weight in _WEIGHTS.items())
            + len(_BLOCK_LINE.findall(text)) * BLOCK_LINE_WEIGHT)


def bracket_depth(text: str) -> int:
    """How deep unclosed [ nest (escaped \\[ aside); stops counting past the limit."""
    depth = deepest = 0
    for token in _BRACKETS.findall(text):
        if token == "[":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_BRACKET_DEPTH:
                    break
        elif token == "]" and depth:
            depth -= 1
    return deepest


def markdown_problem(text: str | None) -> str | None:
    """Why ``text`` is too big or too tangled to render quickly, in words; None if it is fine."""
    if not text:
        return None
    if len(text) > MAX_MARKDOWN_CHARS:
        return (f"That is {len(text):,} characters; Markdown here may be at most {MAX_MARKDOWN_CHARS:,}. "
                "Shorten it or split it up.")
    if bracket_depth(text) > MAX_BRACKET_DEPTH:
        return (f"The text has square brackets [ nested more than {MAX_BRACKET_DEPTH} deep without closing; "
                "close them with ] or write \\[ for a literal bracket.")
    if markup_cost(text) > MARKUP_BUDGET:
        return ("The text has too much Markdown markup to show quickly (very many line breaks, brackets, "
                "asterisks or table rows). Shorten it or split it up.")
    return None


def _plain(text: str) -> str:
    """Text that is refused as Markdown, shown as escaped paragraphs (linear, no parsing)."""
    paragraphs = (part.strip() for part in text.replace("\r\n", "\n").split("\n\n"))
    return "".join(f"<p>{html_lib.escape(part)}</p>" for part in paragraphs if part)


def render_markdown(text: str | None) -> str:
    """Safe HTML for ``structure:`` in templates; script, handlers and javascript: never survive."""
    if not text:
        return ""
    if markdown_problem(text):
        return _plain(text)
    html = _md.render(text)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
