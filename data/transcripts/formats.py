"""Transcripts in and out: WebVTT, SRT, podcast-namespace JSON and timestamped plain text.

Every parser returns the same segments: ``{"start_ms", "end_ms", "speaker", "text"}`` dicts
sorted by start (``end_ms`` and ``speaker`` may be None). Every writer accepts them.

Real files are messy, so the parsers accept a byte order mark, CRLF or CR line ends, cue
times without hours, comma or dot before the milliseconds, long lines, empty cues (skipped),
cues without the blank line between them, and bytes in UTF-8, UTF-16 (with BOM) or, failing
those, Windows-1252. What they cannot make sense of raises ``TranscriptFormatError`` naming
the line. Work is bounded: input size and line length are capped before any pattern runs.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable, Mapping

FORMATS = ("vtt", "srt", "json", "txt")
EXTENSIONS = {".vtt": "vtt", ".webvtt": "vtt", ".srt": "srt", ".json": "json", ".txt": "txt", ".text": "txt"}
MEDIA_TYPES = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json": "application/json",
    "txt": "text/plain",
}

MAX_INPUT_BYTES = 32 * 1024 * 1024
MAX_LINE_CHARS = 10_000
MAX_SPEAKER_CHARS = 120
# A podcast-namespace transcript is three levels deep ({"segments": [{...}]}); a three-hour one
# is about 2 MB. Deeper or larger JSON is not a transcript, and Python's parser recurses per level.
MAX_JSON_DEPTH = 32
MAX_JSON_CHARS = 16 * 1024 * 1024
JSON_VERSION = "1.0.0"

VTT_EXAMPLE = "00:01:02.000 --> 00:01:05.000"
SRT_EXAMPLE = "00:01:02,000 --> 00:01:05,000"
TXT_EXAMPLE = "00:01:02 or [01:02]"


class TranscriptFormatError(ValueError):
    """A transcript that cannot be read; ``line`` is the 1-based line at fault, or None."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        self.reason = message
        super().__init__(f"Line {line}: {message}" if line else message)


# ----------------------------------------------------------------------------- decoding

def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        text = data
        if len(text) > MAX_INPUT_BYTES:
            raise TranscriptFormatError(_too_big(len(text)))
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if len(raw) > MAX_INPUT_BYTES:
            raise TranscriptFormatError(_too_big(len(raw)))
        text = _decode_bytes(raw)
    else:
        raise TypeError(f"transcript data must be str or bytes, not {type(data).__name__}")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise TranscriptFormatError("The file is empty.")
    _refuse_binary(text)
    return text


def _too_big(size: int) -> str:
    return f"The file is {size / 1048576:.1f} MB; transcripts may be at most {MAX_INPUT_BYTES // 1048576} MB."


def _decode_bytes(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise TranscriptFormatError("The file starts with a UTF-16 byte order mark but is not UTF-16 text.")
    if b"\x00" in raw[:65536]:
        raise TranscriptFormatError("This looks like a binary file, not a transcript (it contains NUL bytes).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # control characters bar tab, newlines, form feed


def _refuse_binary(text: str) -> None:
    sample = text[:65536]
    controls = len(_CONTROLS.findall(sample))
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise TranscriptFormatError("This looks like a binary file, not a transcript (it is full of control characters).")


def _lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise TranscriptFormatError(
                f"this line is {len(line):,} characters long; transcript lines may be at most "
                f"{MAX_LINE_CHARS:,} characters.", number)
    return lines


# ----------------------------------------------------------------------------- times

_TS = r"(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^{_TS}\s*-->\s*{_TS}(?:\s.*)?$")
_LOOKS_LIKE_TIMING = re.compile(r"^[\d:.,\s]*-->")


def _ms(hours: str | None, minutes: str, seconds: str, fraction: str | None, line: int) -> int:
    h, m, s = int(hours or 0), int(minutes), int(seconds)
    if s >= 60:
        raise TranscriptFormatError(f"{s} is not a valid number of seconds (0-59).", line)
    if hours is not None and m >= 60:
        raise TranscriptFormatError(f"{m} is not a valid number of minutes (0-59).", line)
    ms = int((fraction or "0").ljust(3, "0"))
    return ((h * 60 + m) * 60 + s) * 1000 + ms


def _clock(ms: int, separator: str = ".", always_hours: bool = True) -> str:
    ms = max(0, int(ms))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if not always_hours and not hours:
        return f"{minutes:02d}:{seconds:02d}"
    if separator:
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


# ----------------------------------------------------------------------------- speakers

_SPEAKER_PREFIX = re.compile(r"^((?:[A-Z][\w.'\u2019-]*)(?: [A-Z][\w.'\u2019-]*){0,3}):\s+(\S.*)$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")
_SRT_TAG = re.compile(r"</?(?:i|b|u|s|c|v|font|lang|ruby|rt)(?:[.\s][^>]*)?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def _split_speaker(text: str) -> tuple[str | None, str]:
    """``Name: words`` (one to four capitalised words before the colon) names the speaker."""
    match = _SPEAKER_PREFIX.match(text) if len(text) > 2 else None
    if match and len(match.group(1)) <= 40:
        return match.group(1), match.group(2)
    return None, text


def _segment(start_ms: int, end_ms: int | None, speaker: str | None, text: str) -> dict | None:
    text = _SPACE.sub(" ", text).strip()
    if not text:
        return None
    speaker = _SPACE.sub(" ", speaker or "").strip()[:MAX_SPEAKER_CHARS] or None
    return {"start_ms": start_ms, "end_ms": end_ms, "speaker": speaker, "text": text}


# ----------------------------------------------------------------------------- cue formats

def _vtt_payload(lines: list[str]) -> tuple[str | None, str]:
    joined = " ".join(lines)
    voice = _VOICE.search(joined)
    speaker = html.unescape(voice.group(1)) if voice else None
    return speaker, html.unescape(_TAG.sub("", joined))


def _srt_payload(lines: list[str]) -> tuple[str | None, str]:
    joined = " ".join(lines)
    voice = _VOICE.search(joined)
    text = _SRT_TAG.sub("", joined).strip()
    if voice:
        return voice.group(1), text
    return _split_speaker(text)


def _parse_cues(text: str, kind: str) -> list[dict]:
    """WebVTT and SRT share their shape: blocks of [identifier,] timing line, payload lines."""
    example = VTT_EXAMPLE if kind == "vtt" else SRT_EXAMPLE
    payload = _vtt_payload if kind == "vtt" else _srt_payload
    lines = _lines(text)
    segments: list[dict] = []
    cue: dict | None = None
    pending_id: int | None = None
    skipping = False
    first = 0

    if kind == "vtt" and lines and lines[0].startswith("WEBVTT"):
        first, skipping = 1, True  # the header block runs to the first blank line

    def expected(number: int) -> TranscriptFormatError:
        found = lines[number - 1].strip()
        shown = f"{found[:60]}..." if len(found) > 60 else found
        return TranscriptFormatError(f"expected a timestamp like {example}, found {shown!r}", number)

    def close():
        if cue is not None:
            segment = _segment(cue["start"], cue["end"], *payload(cue["lines"]))
            if segment:
                segments.append(segment)

    for index in range(first, len(lines)):
        number = index + 1
        line = lines[index].strip()
        if not line:
            if pending_id is not None and cue is None:
                raise expected(pending_id)
            close()
            cue, pending_id, skipping = None, None, False
            continue
        timing = _TIMING.match(line) if "-->" in line else None
        if timing:
            close()
            g = timing.groups()
            start, end = _ms(*g[0:4], number), _ms(*g[4:8], number)
            if end < start:
                raise TranscriptFormatError(
                    f"the cue ends ({_clock(end)}) before it starts ({_clock(start)}).", number)
            cue, pending_id, skipping = {"start": start, "end": end, "lines": []}, None, False
            continue
        if skipping:
            continue
        if _LOOKS_LIKE_TIMING.match(line):
            raise expected(number)
        if cue is not None:
            cue["lines"].append(line)
        elif kind == "vtt" and pending_id is None and line.split(None, 1)[0] in ("NOTE", "STYLE", "REGION"):
            skipping = True
        elif pending_id is None:
            pending_id = number  # a cue identifier (SRT's counter, or any VTT id)
        else:
            raise expected(number)
    if pending_id is not None and cue is None:
        raise expected(pending_id)
    close()
    return segments


def parse_vtt(text: str) -> list[dict]:
    return _parse_cues(text, "vtt")


def parse_srt(text: str) -> list[dict]:
    return _parse_cues(text, "srt")


# ----------------------------------------------------------------------------- plain text

_TXT_LINE = re.compile(
    r"^[\[(]?(?:(\d{1,3}):)?(\d{1,3}):(\d{2})(?:[.,](\d{1,3}))?[\])]?(?:\s*[-\u2013\u2014|]?\s+|$)(.*)$"
)


def parse_txt(text: str) -> list[dict]:
    """Lines starting with a time (``00:01:02 words``, ``[01:02] Name: words``); lines
    without one continue the segment above them."""
    segments: list[dict] = []
    current: dict | None = None
    for number, raw in enumerate(_lines(text), 1):
        line = raw.strip()
        if not line:
            continue
        match = _TXT_LINE.match(line)
        if match:
            start = _ms(*match.groups()[:4], number)
            current = {"start": start, "parts": [match.group(5)]}
            segments.append(current)
        elif current is None:
            raise TranscriptFormatError(f"expected a line starting with a timestamp like {TXT_EXAMPLE}", number)
        else:
            current["parts"].append(line)
    result = []
    for item in segments:
        speaker, words = _split_speaker(" ".join(p for p in item["parts"] if p).strip())
        segment = _segment(item["start"], None, speaker, words)
        if segment:
            result.append(segment)
    return result


# ----------------------------------------------------------------------------- JSON

def _seconds_to_ms(value: Any, what: str, index: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TranscriptFormatError(f"Segment {index}: {what} must be a number of seconds.")
    try:
        seconds = float(value)
    except ValueError:
        raise TranscriptFormatError(f"Segment {index}: {what} must be a number of seconds, not {str(value)[:40]!r}.")
    if not 0 <= seconds < 10**7:
        raise TranscriptFormatError(f"Segment {index}: {what} must be between 0 and 10,000,000 seconds.")
    return round(seconds * 1000)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _json_depth(text: str) -> int:
    """How deep the arrays and objects nest, counted before parsing (brackets in strings aside);
    stops counting once past the limit."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                break
    return deepest


def parse_json(text: str) -> list[dict]:
    """The podcast namespace's transcript JSON: ``{"version", "segments": [{startTime, endTime,
    speaker, body}]}``; a bare list of segments is accepted too."""
    if len(text) > MAX_JSON_CHARS:
        raise TranscriptFormatError(f"The JSON file is {len(text) / 1048576:.1f} MB; JSON transcripts may be "
                                    f"at most {MAX_JSON_CHARS // 1048576} MB.")
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise TranscriptFormatError(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep; a transcript "
                                    'needs three ({"segments": [{...}]}).')
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise TranscriptFormatError(f"this is not valid JSON ({error.msg}).", error.lineno) from None
    except RecursionError:  # not reached past the depth check; kept so no traceback can escape
        raise TranscriptFormatError("The JSON is nested too deeply to be a transcript.") from None
    items = document.get("segments") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise TranscriptFormatError('Expected a JSON object with a "segments" list (podcast namespace transcript).')
    result = []
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise TranscriptFormatError(f"Segment {index}: expected an object with startTime and body.")
        start = _seconds_to_ms(item.get("startTime"), "startTime", index)
        if start is None:
            raise TranscriptFormatError(f"Segment {index}: startTime is missing.")
        end = _seconds_to_ms(item.get("endTime"), "endTime", index)
        if end is not None and end < start:
            raise TranscriptFormatError(f"Segment {index}: endTime is before startTime.")
        body, speaker = item.get("body"), item.get("speaker")
        if body is not None and not isinstance(body, str) or speaker is not None and not isinstance(speaker, str):
            raise TranscriptFormatError(f"Segment {index}: body and speaker must be text.")
        segment = _segment(start, end, speaker, body or "")
        if segment:
            result.append(segment)
    return result


# ----------------------------------------------------------------------------- detection

PARSERS = {"vtt": parse_vtt, "srt": parse_srt, "json": parse_json, "txt": parse_txt}


def detect_format(text: str, filename: str | None = None) -> str:
    """Strong content signatures win, then the file extension, then a look at the content."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("WEBVTT"):
        return "vtt"
    if re.match(r"(?:\{|\[\s*[{\]])", head):
        return "json"
    if filename:
        dot = filename.rfind(".")
        extension = filename[dot:].lower() if dot >= 0 else ""
        if extension in EXTENSIONS:
            return EXTENSIONS[extension]
    for line in head.splitlines():
        if "-->" in line:
            return "srt" if re.search(r"\d,\d", line) else "vtt"
    return "txt"


def parse_transcript(data: str | bytes, filename: str | None = None, fmt: str | None = None) -> list[dict]:
    """Segments from any supported format, sorted by start time."""
    if fmt is not None and fmt not in PARSERS:
        raise TranscriptFormatError(f"Unknown transcript format {fmt!r}; expected one of {', '.join(FORMATS)}.")
    text = _decode(data)
    segments = PARSERS[fmt or detect_format(text, filename)](text)
    if not segments:
        raise TranscriptFormatError("No transcript text found: the file has no timed lines with words in them.")
    segments.sort(key=lambda s: s["start_ms"])
    return segments


# ----------------------------------------------------------------------------- writing

def _get(segment: Any, name: str):
    if isinstance(segment, Mapping):
        return segment.get(name)
    return getattr(segment, name, None)


def normalized(segments: Iterable[Any]) -> list[dict]:
    """Plain dicts with one-line text, and an end for every segment (the next start, or a few
    seconds on), as cue formats need."""
    items = []
    for segment in segments:
        text = _SPACE.sub(" ", str(_get(segment, "text") or "")).strip()
        if text:
            end = _get(segment, "end_ms")
            items.append({"start_ms": int(_get(segment, "start_ms") or 0),
                          "end_ms": None if end is None else int(end),
                          "speaker": _SPACE.sub(" ", str(_get(segment, "speaker") or "")).strip() or None,
                          "text": text})
    items.sort(key=lambda s: s["start_ms"])
    for index, item in enumerate(items):
        if item["end_ms"] is None or item["end_ms"] < item["start_ms"]:
            following = items[index + 1]["start_ms"] if index + 1 < len(items) else None
            item["end_ms"] = following if following and following > item["start_ms"] else item["start_ms"] + 5000
    return items


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(segments: Iterable[Any]) -> str:
    blocks = ["WEBVTT\n"]
    for item in normalized(segments):
        voice = f"<v {_vtt_escape(item['speaker'])}>" if item["speaker"] else ""
        blocks.append(f"{_clock(item['start_ms'])} --> {_clock(item['end_ms'])}\n{voice}{_vtt_escape(item['text'])}\n")
    return "\n".join(blocks)


def _with_speaker(item: dict) -> str:
    return f"{item['speaker']}: {item['text']}" if item["speaker"] else item["text"]


def to_srt(segments: Iterable[Any]) -> str:
    return "\n".join(
        f"{number}\n{_clock(item['start_ms'], ',')} --> {_clock(item['end_ms'], ',')}\n{_with_speaker(item)}\n"
        for number, item in enumerate(normalized(segments), 1))


def to_txt(segments: Iterable[Any]) -> str:
    return "\n".join(f"[{_clock(item['start_ms'], '')}] {_with_speaker(item)}\n" for item in normalized(segments))


def to_json(segments: Iterable[Any]) -> str:
    out = []
    for item in normalized(segments):
        entry = {"startTime": item["start_ms"] / 1000, "endTime": item["end_ms"] / 1000}
        if item["speaker"]:
            entry["speaker"] = item["speaker"]
        entry["body"] = item["text"]
        out.append(entry)
    return json.dumps({"version": JSON_VERSION, "segments": out}, ensure_ascii=False)


WRITERS = {"vtt": to_vtt, "srt": to_srt, "json": to_json, "txt": to_txt}
