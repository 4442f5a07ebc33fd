"""Full-text search: a SQLite FTS5 index derived from MongoDB.

The interface is small so a bigger deployment can put Atlas Search or OpenSearch behind it:
``SearchIndex(path).search(text) -> Results``, ``.rebuild(progress)``, ``.sync()`` and
``.related_lectures(words)``.

Tables: ``items`` holds one row per searchable thing (episode, transcript, guest, course)
with what a result needs to link and whether it is visible; each kind has its own FTS5
table whose rowid is the item's rid, so bm25 ranks within a kind and results come
grouped. Transcripts are indexed twice: whole (to rank episodes by what was said) and per
segment, rowid ``transcript rid << 20 | segment number``, so the moment a hit was said is
found with a rowid-range lookup and linked as ``?t=``.

Visibility is stored, not decided at write time: an episode row keeps ``visible_from`` (its
published_at, or NULL for a draft) and every query asks for ``visible_from <= now``, so a
scheduled episode turns up when its time comes without any re-indexing.

Staying current: every content save or delete is logged by data/core/changes.py (MongoEngine
signals). ``sync()`` compares the sequence number the index has reached (kept in the index's
``meta`` table) with MongoDB's stamp: one read by _id, done before each search. If behind,
it re-reads exactly the changed documents; if the log no longer reaches back, or the index
was built from another database, it rebuilds. The process that made a change syncs at once
(a listener), so its own writes show up immediately; other processes, sharing the index file
or each with their own, catch up at their next search.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import sqlite3
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from data.catalog.episode import DRAFT, Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.core import changes
from data.core.common import utcnow
from data.training.course import Course
from data.transcripts.transcript import Transcript

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

SEGMENT_BITS = 20
WINDOW_CHARS, WINDOW_SEGMENTS = 700, 10
_SPACES = re.compile(r"\s+")
MAX_QUERY_CHARS = 2000
MAX_TERMS = 12
SNIPPET_CHARS = 240
PER_KIND = 10
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"
_TOKENIZER = "tokenize = \"unicode61 remove_diacritics 2\""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS items(
    rid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    parent INTEGER, visible_from REAL, title TEXT, data TEXT);
CREATE INDEX IF NOT EXISTS items_parent ON items(parent);
CREATE VIRTUAL TABLE IF NOT EXISTS episode_fts USING fts5(title, summary, notes, people, {_TOKENIZER});
CREATE VIRTUAL TABLE IF NOT EXISTS transcript_fts USING fts5(body, {_TOKENIZER}, prefix='3 4 5');
CREATE VIRTUAL TABLE IF NOT EXISTS segment_fts USING fts5(body, starts UNINDEXED, {_TOKENIZER}, prefix='3 4 5');
CREATE VIRTUAL TABLE IF NOT EXISTS guest_fts USING fts5(name, bio, {_TOKENIZER});
CREATE VIRTUAL TABLE IF NOT EXISTS course_fts USING fts5(title, summary, description, lectures, {_TOKENIZER});
CREATE VIRTUAL TABLE IF NOT EXISTS lecture_fts USING fts5(title, chapter UNINDEXED, {_TOKENIZER});
"""
FTS_TABLES = ("episode_fts", "transcript_fts", "segment_fts", "guest_fts", "course_fts", "lecture_fts")
KINDS = ("episodes", "transcripts", "guests", "courses")


# ----------------------------------------------------------------------------- queries

_WORD = re.compile(r"[^\W_]", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PIECE = re.compile(r'"([^"]*)"?|(\S+)')


def _phrase(text: str, prefix: bool = False) -> str | None:
    text = _CONTROL.sub(" ", text)[:100]  # NUL would end the expression early; markers are ours
    if not _WORD.search(text):
        return None
    quoted = '"' + text.replace('"', '""') + '"'
    return quoted + "*" if prefix and len(text) >= 3 else quoted


def fts_query(text: str) -> str | None:
    """A user's words as a safe FTS5 expression, or None if there is nothing to look for.

    Every word or "quoted phrase" is sent as an FTS5 string, so no character a visitor
    types is ever read as syntax. On top: ``OR`` between words, ``-word`` or ``NOT word``
    to exclude, ``word*`` for a prefix (3+ characters). ``AND`` is what spaces mean anyway.
    """
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    negate = False
    terms = 0
    for match in _PIECE.finditer(str(text or "")[:MAX_QUERY_CHARS]):
        phrase_text, bare = match.group(1), match.group(2)
        if bare in ("OR", "|") and groups[-1]:
            groups.append([])
            continue
        if bare in ("AND", "&&", "+"):
            continue
        if bare == "NOT":
            negate = True
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = True, bare[1:]
        if phrase_text is not None:
            phrase = _phrase(phrase_text)
        else:
            phrase = _phrase(bare.rstrip("*"), prefix=bare.endswith("*"))
        if phrase is None or terms >= MAX_TERMS:
            negate = False
            continue
        terms += 1
        (excluded if negate else groups[-1]).append(phrase)
        negate = False
    groups = [group for group in groups if group]
    if not groups:
        return None
    expression = " OR ".join(f"({' '.join(group)})" for group in groups)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


def highlight(snippet: str | None) -> str:
    """Escape everything, then turn our own markers into <mark>."""
    return html.escape(snippet or "").replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


def _clean(text: str | None) -> str:
    return (text or "").replace(_MARK_OPEN, " ").replace(_MARK_CLOSE, " ")


# ----------------------------------------------------------------------------- results

@dataclass
class Hit:
    kind: str
    title: str
    snippet_html: str
    data: dict
    start_ms: int | None = None


@dataclass
class Results:
    query: str
    expression: str | None
    groups: dict[str, list[Hit]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(hits) for hits in self.groups.values())


def _epoch(value: dt.datetime | None) -> float | None:
    return value.replace(tzinfo=dt.timezone.utc).timestamp() if value else None


def _windows(segments: list[dict]) -> Iterable[tuple[str, str]]:
    """Consecutive segments in rows of about WINDOW_CHARS: one line per segment, and the
    lines' start times, so a match's line tells the second it was said."""
    lines: list[str] = []
    starts: list[str] = []
    size = 0
    for segment in segments:
        text = _SPACES.sub(" ", _clean(segment["text"])).strip()
        lines.append(text)
        starts.append(str(int(segment.get("start_ms") or 0)))
        size += len(text)
        if size >= WINDOW_CHARS or len(lines) >= WINDOW_SEGMENTS:
            yield "\n".join(lines), ",".join(starts)
            lines, starts, size = [], [], 0
    if lines:
        yield "\n".join(lines), ",".join(starts)


def _episode_visible_from(doc: dict) -> float | None:
    if doc.get("state", DRAFT) == DRAFT:
        return None
    return _epoch(doc.get("published_at"))


# ----------------------------------------------------------------------------- the index

class SearchIndex:
    def __init__(self, path: str | Path):
        path = str(path)
        if path == ":memory:":
            # One in-memory database every thread of this process shares.
            self._uri, self._is_uri = f"file:onair-search-{uuid.uuid4().hex}?mode=memory&cache=shared", True
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._uri, self._is_uri = path, False
        self.path = path
        self._local = threading.local()
        self._sync_lock = threading.RLock()
        self._keepalive = self._connect()  # holds a shared in-memory database open
        with self._keepalive:
            self._keepalive.executescript(SCHEMA)

    # -- plumbing
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._uri, uri=self._is_uri, timeout=10, check_same_thread=False)
        if not self._is_uri:
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    @property
    def db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    def close(self) -> None:
        for db in (getattr(self._local, "db", None), self._keepalive):
            if db is not None:
                db.close()
        self._local = threading.local()

    def _meta(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def _set_meta(self, db: sqlite3.Connection, **values) -> None:
        db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                       [(key, str(value)) for key, value in values.items()])

    # -- keeping current
    def sync(self) -> str:
        """Catch up with MongoDB. Returns what it did: 'current', 'caught up', 'rebuilt'."""
        stamp = changes.stamp()
        if self._meta("database") == stamp.database_token and int(self._meta("seq", "-1")) == stamp.seq:
            return "current"
        with self._sync_lock:
            reached = int(self._meta("seq", "-1"))
            if self._meta("database") != stamp.database_token or reached < 0:
                self.rebuild()
                return "rebuilt"
            pending = changes.since(reached)
            if pending is None:
                self.rebuild()
                return "rebuilt"
            with self.db as db:
                for _seq, kind, ref in pending:
                    self._apply(db, kind, ref)
                self._set_meta(db, seq=max([reached] + [seq for seq, _, _ in pending]))
            return "caught up"

    def _apply(self, db, kind: str, ref) -> None:
        if kind == "episode":
            doc = Episode.objects(id=ref).exclude("notes_html").as_pymongo().first()
            self._delete(db, f"episode:{ref}") if doc is None else self._put_episodes(db, [doc])
        elif kind == "transcript":
            doc = Transcript.objects(id=ref).as_pymongo().first()
            if doc is None:
                self._delete(db, f"transcript:{ref}")
            else:
                self._put_transcripts(db, [doc])
        elif kind == "guest":
            doc = Guest.objects(id=ref).exclude("bio_html").as_pymongo().first()
            self._delete(db, f"guest:{ref}") if doc is None else self._put_guests(db, [doc])
        elif kind == "course":
            doc = Course.objects(id=ref).exclude("description_html").as_pymongo().first()
            self._delete(db, f"course:{ref}") if doc is None else self._put_courses(db, [doc])
        elif kind == "show":
            docs = list(Episode.objects(show=ref).exclude("notes_html").as_pymongo())
            self._put_episodes(db, docs)

    def rebuild(self, progress: Progress | None = None) -> dict:
        """Index everything from scratch. Returns counts of what went in."""
        with self._sync_lock:
            stamp = changes.stamp()  # read first: what changes while we work is caught up later
            counts = {"episodes": 0, "transcripts": 0, "segments": 0, "guests": 0, "courses": 0}
            with self.db as db:
                for table in FTS_TABLES:
                    db.execute(f"DELETE FROM {table}")
                db.execute("DELETE FROM items")
                counts["guests"] = self._put_guests(db, Guest.objects.exclude("bio_html").as_pymongo())
                counts["courses"] = self._put_courses(
                    db, Course.objects.exclude("description_html").as_pymongo())
                episode_ids = [doc["_id"] for doc in Episode.objects.only("id").as_pymongo()]
                total, done = len(episode_ids), 0
                for start in range(0, total, 50):
                    batch = episode_ids[start:start + 50]
                    counts["episodes"] += self._put_episodes(
                        db, Episode.objects(id__in=batch).exclude("notes_html").as_pymongo())
                    for doc in Transcript.objects(episode__in=batch).as_pymongo():
                        counts["segments"] += self._put_transcripts(db, [doc])
                        counts["transcripts"] += 1
                    done += len(batch)
                    if progress:
                        progress(done, total, "episodes")
                self._set_meta(db, database=stamp.database_token, seq=stamp.seq,
                               built_at=utcnow().isoformat())
            for table in FTS_TABLES:
                self.db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            self.db.commit()
            return counts

    # -- writing rows
    def _rid(self, db, key: str, kind: str, parent: int | None, visible_from, title: str, data: dict) -> int:
        row = db.execute("SELECT rid FROM items WHERE key = ?", (key,)).fetchone()
        payload = json.dumps(data, default=str)
        if row:
            db.execute("UPDATE items SET kind=?, parent=?, visible_from=?, title=?, data=? WHERE rid=?",
                       (kind, parent, visible_from, title, payload, row[0]))
            return row[0]
        return db.execute("INSERT INTO items(key, kind, parent, visible_from, title, data) VALUES (?,?,?,?,?,?)",
                          (key, kind, parent, visible_from, title, payload)).lastrowid

    def _delete(self, db, key: str) -> None:
        row = db.execute("SELECT rid, kind FROM items WHERE key = ?", (key,)).fetchone()
        if not row:
            return
        rid, kind = row
        for child in db.execute("SELECT key FROM items WHERE parent = ?", (rid,)).fetchall():
            self._delete(db, child[0])
        self._clear_rows(db, kind, rid)
        db.execute("DELETE FROM items WHERE rid = ?", (rid,))

    def _clear_rows(self, db, kind: str, rid: int) -> None:
        if kind == "episode":
            db.execute("DELETE FROM episode_fts WHERE rowid = ?", (rid,))
        elif kind == "transcript":
            db.execute("DELETE FROM transcript_fts WHERE rowid = ?", (rid,))
            db.execute("DELETE FROM segment_fts WHERE rowid BETWEEN ? AND ?",
                       (rid << SEGMENT_BITS, ((rid + 1) << SEGMENT_BITS) - 1))
        elif kind == "guest":
            db.execute("DELETE FROM guest_fts WHERE rowid = ?", (rid,))
        elif kind == "course":
            db.execute("DELETE FROM course_fts WHERE rowid = ?", (rid,))
            db.execute("DELETE FROM lecture_fts WHERE rowid BETWEEN ? AND ?",
                       (rid << SEGMENT_BITS, ((rid + 1) << SEGMENT_BITS) - 1))

    def _put_episodes(self, db, docs: Iterable[dict]) -> int:
        docs = list(docs)
        shows = {row["_id"]: row for row in Show.objects(id__in=list({d["show"] for d in docs}))
                 .only("slug", "title").as_pymongo()}
        guest_ids = {g for d in docs for g in d.get("guests", ())}
        names = {row["_id"]: row["name"] for row in Guest.objects(id__in=list(guest_ids)).only("name").as_pymongo()}
        for doc in docs:
            show = shows.get(doc["show"], {})
            data = {"show_slug": show.get("slug", ""), "show_title": show.get("title", ""),
                    "number": doc.get("number"), "slug": doc.get("slug"),
                    "published_at": doc.get("published_at")}
            visible = _episode_visible_from(doc)
            rid = self._rid(db, f"episode:{doc['_id']}", "episode", None, visible, doc.get("title", ""), data)
            people = " ".join(names.get(g, "") for g in doc.get("guests", ()))
            self._clear_rows(db, "episode", rid)
            db.execute("INSERT INTO episode_fts(rowid, title, summary, notes, people) VALUES (?,?,?,?,?)",
                       (rid, _clean(doc.get("title")), _clean(doc.get("summary")), _clean(doc.get("notes")),
                        _clean(people)))
            # The transcript follows its episode: visibility, title and link.
            db.execute("UPDATE items SET visible_from = ?, title = ?, data = ? WHERE parent = ?",
                       (visible, doc.get("title", ""), json.dumps(data, default=str), rid))
        return len(docs)

    def _episode_rid(self, db, episode_id) -> tuple[int, dict] | None:
        row = db.execute("SELECT rid, visible_from, title, data FROM items WHERE key = ?",
                         (f"episode:{episode_id}",)).fetchone()
        if row is None:
            doc = Episode.objects(id=episode_id).exclude("notes_html").as_pymongo().first()
            if doc is None:
                return None
            self._put_episodes(db, [doc])
            row = db.execute("SELECT rid, visible_from, title, data FROM items WHERE key = ?",
                             (f"episode:{episode_id}",)).fetchone()
        return row

    def _put_transcripts(self, db, docs: Iterable[dict]) -> int:
        segments_written = 0
        for doc in docs:
            episode = self._episode_rid(db, doc.get("episode"))
            key = f"transcript:{doc['_id']}"
            if episode is None:
                self._delete(db, key)
                continue
            parent, visible, title, data = episode
            rid = self._rid(db, key, "transcript", parent, visible, title, json.loads(data))
            self._clear_rows(db, "transcript", rid)
            segments = [s for s in doc.get("segments", ()) if s.get("text")][: 1 << SEGMENT_BITS]
            segments.sort(key=lambda s: s.get("start_ms") or 0)
            db.execute("INSERT INTO transcript_fts(rowid, body) VALUES (?, ?)",
                       (rid, _clean(" ".join(s["text"] for s in segments))))
            base = rid << SEGMENT_BITS
            db.executemany("INSERT INTO segment_fts(rowid, body, starts) VALUES (?,?,?)",
                           [(base + n, body, starts) for n, (body, starts) in enumerate(_windows(segments))])
            segments_written += len(segments)
        return segments_written

    def _put_guests(self, db, docs: Iterable[dict]) -> int:
        count = 0
        for doc in docs:
            rid = self._rid(db, f"guest:{doc['_id']}", "guest", None, 0.0, doc.get("name", ""),
                            {"slug": doc.get("slug")})
            self._clear_rows(db, "guest", rid)
            db.execute("INSERT INTO guest_fts(rowid, name, bio) VALUES (?,?,?)",
                       (rid, _clean(doc.get("name")), _clean(doc.get("bio"))))
            count += 1
        return count

    def _put_courses(self, db, docs: Iterable[dict]) -> int:
        count = 0
        for doc in docs:
            visible = 0.0 if doc.get("published") else None
            rid = self._rid(db, f"course:{doc['_id']}", "course", None, visible, doc.get("title", ""),
                            {"slug": doc.get("slug")})
            self._clear_rows(db, "course", rid)
            lectures = [(chapter.get("title", ""), lecture.get("title", ""))
                        for chapter in doc.get("chapters", ()) for lecture in chapter.get("lectures", ())]
            db.execute("INSERT INTO course_fts(rowid, title, summary, description, lectures) VALUES (?,?,?,?,?)",
                       (rid, _clean(doc.get("title")), _clean(doc.get("summary")), _clean(doc.get("description")),
                        _clean(" · ".join(title for _, title in lectures))))
            base = rid << SEGMENT_BITS
            db.executemany("INSERT INTO lecture_fts(rowid, title, chapter) VALUES (?,?,?)",
                           [(base + n, _clean(title), chapter) for n, (chapter, title) in enumerate(lectures)])
            count += 1
        return count

    # -- reading
    def search(self, text: str, per_kind: int = PER_KIND, now: dt.datetime | None = None) -> Results:
        """Ranked hits grouped by kind. Never raises on what a visitor typed."""
        expression = fts_query(text)
        results = Results(query=str(text or ""), expression=expression)
        if expression is None:
            return results
        self.sync()
        moment = _epoch(now or utcnow())
        db = self.db
        limit = int(per_kind)
        results.groups["episodes"] = self._ranked(db, "episode", -1, "10.0, 3.0, 1.0, 5.0", expression, moment, limit)
        transcripts = []
        for rid, title, data in db.execute(
                "SELECT i.rid, i.title, i.data FROM transcript_fts JOIN items i ON i.rid = transcript_fts.rowid "
                "WHERE transcript_fts MATCH ? AND i.visible_from <= ? ORDER BY bm25(transcript_fts) LIMIT ?",
                (expression, moment, limit)).fetchall():
            start_ms, snip = self._moment(db, rid, expression)
            transcripts.append(Hit("transcript", title, highlight(snip), json.loads(data), start_ms))
        results.groups["transcripts"] = transcripts
        results.groups["guests"] = self._ranked(db, "guest", 1, "10.0, 1.0", expression, moment, limit)
        results.groups["courses"] = self._ranked(db, "course", -1, "10.0, 3.0, 1.0, 4.0", expression, moment, limit)
        return results

    @staticmethod
    def _ranked(db, kind: str, column: int, weights: str, expression: str, moment: float, limit: int) -> list[Hit]:
        """One kind's hits, best first (bm25 with per-column weights). Snippets are made for the
        rows shown only: asking for them in the ranking query would build one for every match."""
        table = f"{kind}_fts"
        top = db.execute(
            f"SELECT i.rid, i.title, i.data FROM {table} JOIN items i ON i.rid = {table}.rowid "
            f"WHERE {table} MATCH ? AND i.visible_from <= ? ORDER BY bm25({table}, {weights}) LIMIT ?",
            (expression, moment, limit)).fetchall()
        hits = []
        for rid, title, data in top:
            snip = db.execute(f"SELECT snippet({table}, {int(column)}, ?, ?, '…', 24) FROM {table} "
                              f"WHERE {table} MATCH ? AND rowid = ?",
                              (_MARK_OPEN, _MARK_CLOSE, expression, rid)).fetchone()
            hits.append(Hit(kind, title, highlight(snip[0] if snip else ""), json.loads(data)))
        return hits

    def _moment(self, db, rid: int, expression: str) -> tuple[int | None, str]:
        """Where in one transcript the words were said: the first window of segments that
        matches, highlighted; the line holding the first mark is the segment, and its start
        the moment."""
        low, high = rid << SEGMENT_BITS, ((rid + 1) << SEGMENT_BITS) - 1
        sql = ("SELECT highlight(segment_fts, 0, ?, ?), starts FROM segment_fts "
               "WHERE segment_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT 1")
        row = db.execute(sql, (_MARK_OPEN, _MARK_CLOSE, expression, low, high)).fetchone()
        if row is None:  # the words are spread further apart: point at the first of them
            words = re.findall(r'"(?:[^"]|"")*"\*?', expression)
            if len(words) > 1:
                row = db.execute(sql, (_MARK_OPEN, _MARK_CLOSE, " OR ".join(words), low, high)).fetchone()
        if row is None:
            return None, ""
        text, starts = row
        line = text.count("\n", 0, max(text.find(_MARK_OPEN), 0))
        said = text.split("\n")[line]
        at = said.find(_MARK_OPEN)
        if len(said) > SNIPPET_CHARS:  # keep the words around the first mark
            begin = max(0, at - SNIPPET_CHARS // 3)
            said = ("…" if begin else "") + said[begin:begin + SNIPPET_CHARS] + "…"
            if said.count(_MARK_OPEN) > said.count(_MARK_CLOSE):
                said += _MARK_CLOSE
        return int(starts.split(",")[line]), said

    def related_lectures(self, words: Iterable[str], limit: int = 3) -> list[dict]:
        """Published course lectures whose titles share words with ``words`` (an episode's topics)."""
        phrases = [p for p in (_phrase(str(w)) for w in list(words)[:MAX_TERMS]) if p]
        if not phrases:
            return []
        self.sync()
        rows = self.db.execute(
            "SELECT i.title, i.data, l.title, l.chapter FROM lecture_fts l JOIN items i ON i.rid = (l.rowid >> ?) "
            "WHERE lecture_fts MATCH ? AND i.visible_from <= ? ORDER BY bm25(lecture_fts) LIMIT ?",
            (SEGMENT_BITS, " OR ".join(phrases), _epoch(utcnow()), int(limit) * 4)).fetchall()
        found, seen = [], set()
        for course_title, data, lecture, chapter in rows:
            if lecture in seen:
                continue
            seen.add(lecture)
            found.append({"course": course_title, "lecture": lecture, "chapter": chapter, **json.loads(data)})
            if len(found) == limit:
                break
        return found

    def stats(self) -> dict:
        counts = dict(self.db.execute("SELECT kind, count(*) FROM items GROUP BY kind").fetchall())
        counts["segments"] = self.db.execute("SELECT count(*) FROM segment_fts").fetchone()[0]
        return counts


# ----------------------------------------------------------------------------- wiring

_active: SearchIndex | None = None


def _on_change(seq, kind, ref) -> None:
    if _active is not None:
        try:
            _active.sync()
        except sqlite3.Error:
            # The content is saved; the index catches up at the next search.
            log.exception("search index could not apply change %s (%s %s)", seq, kind, ref)


def activate(index: SearchIndex | None) -> None:
    """Make ``index`` the one this process keeps current as content is saved."""
    global _active
    _active = index
    changes.add_listener(_on_change)


def active() -> SearchIndex | None:
    return _active

