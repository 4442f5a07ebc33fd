"""The transcript page's list of segments, written in one pass.

A 100 KB transcript is about a thousand segments; through a Chameleon loop each costs
~15 µs, so the list alone took 15-20 ms. This writes the same markup as the template did
(templates/episodes/transcript.pt includes it with ``structure``), escaping every value
with ``html.escape``: speakers and text are never markup.
"""
from __future__ import annotations

from html import escape

from app.formatting import timestamp


def segment_items(segments, episode_url: str) -> str:
    """``<li>`` for each segment: an anchor (#t-<s>), a timestamp that seeks the player, speaker, text."""
    url = escape(episode_url, quote=True)
    parts = []
    append = parts.append
    for segment in segments:
        start_ms = int(segment.get("start_ms") or 0)
        seconds = start_ms // 1000
        speaker = segment.get("speaker")
        append(f'<li id="t-{seconds}"><a class="ts" href="{url}?t={seconds}" data-t="{seconds}">'
               f'{timestamp(start_ms)}</a>')
        if speaker:
            append(f' <span class="speaker">{escape(speaker)}:</span>')
        append(f' <span class="text">{escape(segment.get("text") or "")}</span></li>\n')
    return "".join(parts)
