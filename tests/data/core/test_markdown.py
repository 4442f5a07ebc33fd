"""Show notes are Markdown rendered by markdown-it-py and cleaned by nh3."""
import pytest

from data.core.markdown import render_markdown
from tests.inert import script_vectors

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "![x](javascript:alert(1))",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markdown_renders_inert(payload):
    html = render_markdown(payload)
    assert html  # the text is kept, as text
    assert script_vectors(html) == []


def test_ordinary_markdown_survives():
    html = render_markdown("## Topics\n\n* **Hypothesis** and [docs](https://hypothesis.works)\n\n`code`")
    assert "<h2>Topics</h2>" in html
    assert "<strong>Hypothesis</strong>" in html
    assert '<a href="https://hypothesis.works" rel="noopener nofollow">docs</a>' in html
    assert "<code>code</code>" in html


def test_empty_notes_render_nothing():
    assert render_markdown("") == "" and render_markdown(None) == ""


# Shapes that took markdown-it-py seconds (bench/markdown_bench.py has the numbers).
PATHOLOGICAL = {
    "![[ x 66,000": "![[" * 66_000,
    "![[ x 30,000": "![[" * 30_000,
    "[ x 100,000": "[" * 100_000,
    "[a  x 33,000": "[a " * 33_000,
    "[]( x 33,000": "[](" * 33_000,
    "*_ x 50,000": "*_" * 50_000,
    "table of 16,000 rows": "|a|b|\n|-|-|\n" + "|x|y|\n" * 16_000,
    "list of 20,000 items": "- a\n" * 20_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_markdown_is_named_before_it_is_parsed(name):
    from data.core.markdown import markdown_problem

    assert markdown_problem(PATHOLOGICAL[name])


def test_refused_markdown_stored_earlier_is_shown_as_escaped_text():
    html = render_markdown("<b>x</b> " + "[" * 100 + "\n\nsecond")
    assert html.startswith("<p>&lt;b&gt;x&lt;/b&gt; [[[") and html.endswith("<p>second</p>")


def test_ordinary_long_notes_and_escaped_brackets_are_accepted():
    from data.core.markdown import bracket_depth, markdown_problem

    notes = "## Links\n\n" + "* [A project](https://example.com/p) and **more**\n" * 400
    assert markdown_problem(notes) is None and "<strong>more</strong>" in render_markdown(notes)
    assert bracket_depth("\\[" * 100 + "[[a]]") == 2
