"""Transcript parsers and writers: round trips, messy real-world input, line-numbered errors."""
import json

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from data.transcripts.formats import (
    MAX_LINE_CHARS,
    TranscriptFormatError,
    detect_format,
    parse_transcript,
    to_json,
    to_srt,
    to_txt,
    to_vtt,
)

SEGMENTS = [
    {"start_ms": 0, "end_ms": 4200, "speaker": "Michael Kennedy", "text": "Welcome to the show."},
    {"start_ms": 4200, "end_ms": 9050, "speaker": "Brian Okken", "text": "Thanks. Let's talk about pytest & fixtures <today>."},
    {"start_ms": 9050, "end_ms": 15000, "speaker": None, "text": "Ünïcödé — works, “quotes” too."},
    {"start_ms": 3_725_123, "end_ms": 3_730_000, "speaker": "Michael Kennedy", "text": "See you next time."},
]


@pytest.mark.parametrize("writer,fmt", [(to_vtt, "vtt"), (to_srt, "srt"), (to_json, "json")])
def test_round_trip_keeps_every_field(writer, fmt):
    assert parse_transcript(writer(SEGMENTS), fmt=fmt) == SEGMENTS
    assert parse_transcript(writer(SEGMENTS).encode("utf-8")) == SEGMENTS  # detected from content


def test_txt_round_trip_keeps_starts_speakers_and_text():
    parsed = parse_transcript(to_txt(SEGMENTS), filename="001_show.txt")
    assert [(s["start_ms"] // 1000 * 1000, s["speaker"], s["text"]) for s in parsed] == [
        (s["start_ms"] // 1000 * 1000, s["speaker"], s["text"]) for s in SEGMENTS
    ]
    assert all(s["end_ms"] is None for s in parsed)


def test_writers_fill_missing_ends_from_the_next_start():
    segments = [{"start_ms": 1000, "end_ms": None, "speaker": None, "text": "one"},
                {"start_ms": 3000, "end_ms": None, "speaker": None, "text": "two"}]
    assert "00:00:01.000 --> 00:00:03.000" in to_vtt(segments)
    assert "00:00:03,000 --> 00:00:08,000" in to_srt(segments)
    assert json.loads(to_json(segments))["segments"][0] == {"startTime": 1.0, "endTime": 3.0, "body": "one"}


words = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60)


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**8), st.integers(0, 60_000), words), min_size=1, max_size=8))
def test_vtt_and_json_round_trip_any_text(items):
    segments = [{"start_ms": start, "end_ms": start + length, "speaker": None, "text": text}
                for start, length, text in items]
    expected = [s | {"text": " ".join(s["text"].split())} for s in segments if s["text"].split()]
    expected.sort(key=lambda s: s["start_ms"])
    for writer in (to_vtt, to_json):
        if expected:
            assert parse_transcript(writer(segments)) == expected


def test_vtt_voice_tags_styles_notes_and_settings():
    vtt = (
        "WEBVTT - a header\nKind: captions\n\n"
        "STYLE\n::cue { color: lime }\n\n"
        "NOTE this is\na comment\n\n"
        "intro\n00:01.000 --> 00:04.500 align:start position:10%\n<v.loud Michael Kennedy>Hello <b>there</b></v>\n\n"
        "00:00:05.000 --> 00:00:07.000\n<v Guest>Two\nlines &amp; more</v>\n\n"
        "00:00:08.000 --> 00:00:09.000\n\n"
    )
    assert parse_transcript(vtt) == [
        {"start_ms": 1000, "end_ms": 4500, "speaker": "Michael Kennedy", "text": "Hello there"},
        {"start_ms": 5000, "end_ms": 7000, "speaker": "Guest", "text": "Two lines & more"},
    ]


def test_messy_srt_bom_crlf_missing_hours_dots_and_no_blank_lines():
    srt = (
        "\ufeff1\r\n00:01,000 --> 00:02,500\r\nMichael Kennedy: first\r\n\r\n"
        "2\r\n00:00:03.000 --> 00:00:04.000\r\n<i>second</i>\r\n"
        "00:00:05,000 --> 00:00:06,000\r\nthird\r\n\r\n"
        "4\r\n00:00:07,000 --> 00:00:08,000\r\n   \r\n"
    ).encode("utf-8")
    assert parse_transcript(srt, filename="x.srt") == [
        {"start_ms": 1000, "end_ms": 2500, "speaker": "Michael Kennedy", "text": "first"},
        {"start_ms": 3000, "end_ms": 4000, "speaker": None, "text": "second"},
        {"start_ms": 5000, "end_ms": 6000, "speaker": None, "text": "third"},
    ]


def test_plain_text_both_styles_and_continuation_lines():
    text = "00:00:02 Hello there\n\n00:01:02 Second line\nwraps here\n\n[01:05] Brian Okken: Named\n\n(1:02:03) later"
    assert parse_transcript(text) == [
        {"start_ms": 2000, "end_ms": None, "speaker": None, "text": "Hello there"},
        {"start_ms": 62000, "end_ms": None, "speaker": None, "text": "Second line wraps here"},
        {"start_ms": 65000, "end_ms": None, "speaker": "Brian Okken", "text": "Named"},
        {"start_ms": 3723000, "end_ms": None, "speaker": None, "text": "later"},
    ]


def test_results_are_sorted_by_start():
    text = "00:00:09 later\n\n00:00:01 earlier\n"
    assert [s["text"] for s in parse_transcript(text)] == ["earlier", "later"]


def test_cp1252_bytes_fall_back():
    data = "00:00:01 caf\u00e9 \u2014 na\u00efve \u201cquoted\u201d\n".encode("cp1252")
    assert parse_transcript(data)[0]["text"] == "caf\u00e9 \u2014 na\u00efve \u201cquoted\u201d"


def test_utf16_with_bom():
    data = "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n".encode("utf-16")
    assert parse_transcript(data)[0]["text"] == "hi"


def test_long_lines_under_the_limit_are_fine():
    text = "00:00:01 " + "word " * 1500
    assert len(parse_transcript(text)[0]["text"]) > 7000


def test_json_podcast_namespace_with_string_times_and_no_end():
    doc = {"version": "1.0.0", "segments": [
        {"startTime": "1.5", "speaker": "A", "body": "x"},
        {"startTime": 0, "endTime": 1.25, "body": "y"},
        {"startTime": 3, "endTime": 4, "body": "  "},
    ]}
    assert parse_transcript(json.dumps(doc), filename="t.json") == [
        {"start_ms": 0, "end_ms": 1250, "speaker": None, "text": "y"},
        {"start_ms": 1500, "end_ms": None, "speaker": "A", "text": "x"},
    ]


@pytest.mark.parametrize("text,fmt,line,fragment", [
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\nthis has no time\nstill none\n", None, 7, "00:01:02.000 --> 00:01:05.000"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:03 -> 00:00:04\n", "vtt", 6, "expected a timestamp"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:05.000 --> 00:00:04.000\nx\n", None, 6, "before it starts"),
    ("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:0x,000 --> 00:00:03,000\nbad\n", "srt", 6, "00:01:02,000"),
    ("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n", "srt", 5, "expected a timestamp"),
    ("Episode 12 transcript\n\n00:00:01 hello\n", "txt", 1, "timestamp like 00:01:02"),
    ("00:00:01 hello\n\n00:75:00 bad minutes\n", "txt", 3, "minutes"),
    ('{"version": "1.0.0",\n "segments": [\n {"startTime": 1,, "body": "x"}]}', None, 3, "not valid JSON"),
])
def test_malformed_input_names_the_line(text, fmt, line, fragment):
    with pytest.raises(TranscriptFormatError) as caught:
        parse_transcript(text, fmt=fmt)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"Line {line}: ")
    assert fragment in str(caught.value)


@pytest.mark.parametrize("data,fragment", [
    (b"", "empty"),
    (b"   \r\n\r\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (bytes(range(1, 32)) * 40, "binary"),
    ("WEBVTT\n\nNOTE only a note\n", "No transcript text"),
    ('{"version": "1.0.0", "segments": []}', "No transcript text"),
    ('{"version": "1.0.0", "segments": [{"body": "x"}]}', "startTime is missing"),
    ('{"version": "1.0.0"}', '"segments" list'),
])
def test_refuses_garbage_and_empty_results(data, fragment):
    with pytest.raises(TranscriptFormatError) as caught:
        parse_transcript(data)
    assert fragment in str(caught.value)


def test_a_ten_megabyte_line_is_refused_quickly():
    with pytest.raises(TranscriptFormatError) as caught:
        parse_transcript(b"00:00:01 " + b"a" * (10 * 1024 * 1024), filename="big.txt")
    assert caught.value.line == 1 and f"{MAX_LINE_CHARS:,}" in str(caught.value)


def test_format_detection():
    assert detect_format("WEBVTT\n", "x.txt") == "vtt"
    assert detect_format('{"segments": []}', None) == "json"
    assert detect_format("1\n00:00:01,000 --> 00:00:02,000\nx", None) == "srt"
    assert detect_format("00:00:01.000 --> 00:00:02.000\nx", None) == "vtt"
    assert detect_format("00:00:01 x", "a.srt") == "srt"
    assert detect_format("00:00:01 x", None) == "txt"
    assert detect_format("[00:01] Name: x", None) == "txt"
    assert detect_format('[{"startTime": 1, "body": "x"}]', None) == "json"


def test_unknown_format_is_a_clear_error():
    with pytest.raises(TranscriptFormatError, match="Unknown transcript format"):
        parse_transcript("00:00:01 x", fmt="docx")


def test_json_depth_and_size_are_bounded_before_parsing(monkeypatch):
    from data.transcripts import formats

    with pytest.raises(formats.TranscriptFormatError, match="nested more than 32 levels"):
        formats.parse_json('{"segments": [' + '{"a": ' * 40 + "1" + "}" * 40 + "]}")
    # Brackets inside strings are words, not nesting.
    assert formats.parse_json('[{"startTime": 1, "body": "' + "[{" * 100 + '\\" ]"}]')[0]["text"].startswith("[{")
    monkeypatch.setattr(formats, "MAX_JSON_CHARS", 100)
    with pytest.raises(formats.TranscriptFormatError, match="JSON transcripts may be at most"):
        formats.parse_json('[{"startTime": 1, "body": "' + "x" * 200 + '"}]')
