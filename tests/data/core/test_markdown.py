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
