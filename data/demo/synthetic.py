"""A large synthetic catalog for benchmarks, added on top of whatever is already stored.

``seed_synthetic(500)`` adds 500 published episodes (about 70% to Talk Python To Me, 30% to
Python Bytes), each with guests, tags, Markdown notes and a transcript of ``transcript_kb``
KB of text, plus a pool of guests and some courses. Text is built from a vocabulary of
Python and software words, so search has something real to find.

It is deterministic (``random.Random(42)``) and fast: documents are built in memory and
written with bulk inserts. Bulk inserts skip ``clean()``, so the derived fields it would
set (``notes_html``, ``bio_html``, ``description_html``, ``total_duration_s``) are filled
here by calling ``validate()``, which runs ``clean()`` and the field checks; transcripts,
the bulk of the data, are inserted as raw documents in exactly the shape MongoEngine writes.
"""
from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Callable

from data.catalog.episode import PUBLISHED, Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.catalog.sponsor import Sponsor
from data.core import changes
from data.core.common import Link, make_slug, utcnow
from data.training.course import Chapter, Course, Lecture
from data.transcripts.transcript import Transcript

Progress = Callable[[int, int, str], None]

BATCH = 25  # episodes per bulk insert, and how often progress() hears from us
SYNTHETIC_NAMESPACE = uuid.UUID("0b6f3c1e-8d7a-4b8e-9a0f-5e2d1c3b4a69")

TAGS = (
    "testing", "databases", "web", "performance", "community", "data-science", "async", "packaging",
    "devops", "security", "typing", "machine-learning", "cloud", "education", "tools", "cli",
    "science", "career", "apis", "visualization", "concurrency", "embedded", "open-source", "django",
)

# Words a Python podcast would actually say; everything searchable is made of these.
TOPICS = (
    "asyncio", "pytest", "hypothesis", "sqlalchemy", "mongoengine", "mongodb", "postgresql", "django",
    "flask", "pyramid", "fastapi", "pandas", "numpy", "jupyter", "matplotlib", "scikit-learn",
    "tensorflow", "pytorch", "cython", "pypy", "docker", "kubernetes", "celery", "redis", "graphql",
    "webassembly", "micropython", "packaging", "poetry", "pipx", "virtualenv", "mypy", "black",
    "ruff", "typing", "dataclasses", "pydantic", "requests", "httpx", "scrapy", "selenium",
    "gunicorn", "nginx", "uvicorn", "starlette", "opentelemetry", "logging", "profiling",
    "coverage", "tox", "nox", "cpython", "jit", "gil", "multiprocessing", "threading", "generators",
    "decorators", "metaclasses", "descriptors", "unicode", "regex", "sqlite", "elasticsearch",
    "kafka", "airflow", "dask", "spark", "xarray", "astropy", "biopython", "raspberry", "arduino",
    "pyqt", "tkinter", "kivy", "jinja", "chameleon", "markdown", "sphinx", "mkdocs", "github",
    "gitlab", "ci", "wheels", "pypi", "conda", "anaconda", "pycharm", "vscode", "vim", "emacs",
)
WORDS = TOPICS + (
    "python", "code", "library", "framework", "module", "package", "function", "class", "object",
    "method", "test", "tests", "fixture", "mock", "database", "query", "index", "schema", "migration",
    "server", "client", "request", "response", "template", "route", "view", "model", "api", "cache",
    "queue", "worker", "thread", "process", "event", "loop", "coroutine", "future", "task", "stream",
    "file", "path", "string", "bytes", "list", "dict", "tuple", "set", "iterator", "generator",
    "exception", "traceback", "debugger", "profiler", "benchmark", "memory", "latency", "throughput",
    "deployment", "container", "cluster", "pipeline", "notebook", "dataframe", "array", "matrix",
    "vector", "plot", "chart", "dashboard", "sensor", "device", "compiler", "interpreter",
    "bytecode", "runtime", "release", "version", "dependency", "environment", "configuration",
    "community", "maintainer", "contributor", "conference", "tutorial", "course", "book", "team",
    "startup", "company", "project", "issue", "feature", "bug", "refactoring", "design", "pattern",
    "architecture", "monolith", "service", "microservice", "security", "password", "token",
    "encryption", "hashing", "authentication", "permission", "user", "account", "payment", "email",
    "really", "actually", "basically", "pretty", "quite", "super", "just", "very", "often", "always",
    "fast", "slow", "simple", "clean", "readable", "powerful", "flexible", "robust", "tricky",
    "interesting", "important", "useful", "popular", "modern", "new", "old", "big", "small",
    "the", "the", "the", "a", "a", "and", "and", "of", "to", "to", "in", "is", "it", "that", "you",
    "we", "with", "for", "on", "this", "so", "but", "when", "how", "why", "what", "use", "using",
    "build", "write", "run", "ship", "learn", "try", "make", "think", "know", "see", "want", "need",
)
FIRST_NAMES = (
    "Ada", "Alan", "Amara", "Ana", "Arjun", "Beatriz", "Ben", "Carlos", "Chen", "Chloe", "Dana",
    "Daniel", "Dmitri", "Elena", "Emeka", "Eva", "Farah", "Felix", "Grace", "Hana", "Hiro", "Ines",
    "Ivan", "Jade", "Jonas", "Kai", "Kemal", "Lars", "Leila", "Lucia", "Malik", "Maya", "Mei",
    "Nadia", "Nils", "Noor", "Omar", "Priya", "Rafael", "Rosa", "Sam", "Sofia", "Tariq", "Tomas",
    "Uma", "Vera", "Wei", "Yara", "Yusuf", "Zoe",
)
LAST_NAMES = (
    "Abbott", "Adeyemi", "Alvarez", "Andersen", "Bauer", "Becker", "Brooks", "Castillo", "Chowdhury",
    "Costa", "Dubois", "Eriksson", "Fischer", "Garcia", "Haddad", "Hansen", "Ito", "Jansen", "Kaur",
    "Kim", "Kowalski", "Larsen", "Lindqvist", "Marino", "Moreau", "Nakamura", "Novak", "Okafor",
    "Olsen", "Park", "Petrov", "Quinn", "Rahman", "Reyes", "Rossi", "Sato", "Schmidt", "Silva",
    "Singh", "Tanaka", "Torres", "Umar", "Varga", "Wagner", "Walsh", "Weber", "Yamada", "Yilmaz",
    "Zhang", "Zimmer",
)
TITLE_FORMS = (
    "{A} and {B} in practice", "Inside {A}", "{A} at scale", "Testing {A} with {B}",
    "From {A} to {B}", "The state of {A}", "{A} for data teams", "Faster {A} with {B}",
    "{A} beyond the basics", "Shipping {A} to production", "{A}, {B} and the future of Python",
)
COURSE_FORMS = (
    "{A} for Python developers", "Mastering {A}", "{A} and {B} from scratch", "Practical {A}",
    "Building apps with {A}", "Getting started with {A}",
)

MK, BO = "Michael Kennedy", "Brian Okken"


class _Text:
    """Cheap deterministic prose: a pool of pre-built sentences, plus per-topic ones."""

    def __init__(self, rng: random.Random, pool_size: int = 4096):
        self.rng = rng
        self.pool = [self.sentence(80, 120) for _ in range(pool_size)]

    def sentence(self, low: int, high: int, must: tuple[str, ...] = ()) -> str:
        rng, target = self.rng, self.rng.randint(low, high)
        words = list(must)
        length = sum(len(w) + 1 for w in words)
        while length < target - 4:
            word = WORDS[int(rng.random() * len(WORDS))]
            words.append(word)
            length += len(word) + 1
        rng.shuffle(words)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, topics: tuple[str, ...], sentences: int) -> str:
        return " ".join(self.sentence(60, 140, must=(self.rng.choice(topics),)) for _ in range(sentences))


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _title(rng: random.Random, forms, topics) -> str:
    a, b = topics
    title = rng.choice(forms).format(A=a, B=b)
    return title[0].upper() + title[1:]


def _ensure_shows() -> tuple[dict[str, Show], int]:
    from data.demo.content import SHOWS  # the same show settings as the demo

    shows, created = {}, 0
    for spec in SHOWS:
        show = Show.objects(slug=spec["slug"]).first()
        if show is None:
            show = Show(**spec)
            show.save()
            created += 1
        shows[spec["slug"]] = show
    return shows, created


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _timeline(show: Show, count: int, now: dt.datetime) -> tuple[int, list[dt.datetime]]:
    """First free episode number, and `count` past publication times after the newest public one."""
    last = Episode.objects(show=show).order_by("-number").only("number").first()
    first_number = (last.number + 1) if last else 1
    newest = (Episode.objects.public(now).filter(show=show).order_by("-published_at")
              .only("published_at").first())
    end = now - dt.timedelta(hours=2)
    start = newest.published_at if newest else None
    if start is None or (end - start) < dt.timedelta(hours=count + 1):
        start = end - dt.timedelta(days=7 * max(count, 1))
    step = (end - start) / (count + 1)
    times = [(start + step * (i + 1)).replace(microsecond=0) for i in range(count)]
    return first_number, times


def _make_guests(rng: random.Random, text: _Text, count: int, now: dt.datetime) -> list[Guest]:
    taken = set(Guest.objects.distinct("slug"))
    guests = []
    for i in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        slug = _unique(make_slug(name), taken)
        topics = tuple(rng.sample(TOPICS, 3))
        guest = Guest(
            slug=slug, name=name,
            bio=f"{name} works on **{topics[0]}** and **{topics[1]}**. " + text.paragraph(topics, 2),
            photo_url=f"https://example.com/synthetic/guests/{slug}.jpg",
            links=[Link(title=f"{topics[0]} project", url=f"https://example.com/projects/{topics[0]}/{i}")],
            created_at=now, updated_at=now,
        )
        guest.validate()  # runs clean(): bio_html
        guests.append(guest)
    for start in range(0, len(guests), 200):
        Guest.objects.insert(guests[start:start + 200], load_bulk=False)
    return guests


def _make_courses(rng: random.Random, text: _Text, count: int, now: dt.datetime) -> int:
    taken = set(Course.objects.distinct("slug"))
    courses = []
    for i in range(count):
        topics = tuple(rng.sample(TOPICS, 2))
        title = _title(rng, COURSE_FORMS, topics)
        slug = _unique(make_slug(title), taken)
        chapters = []
        for c in range(rng.randint(3, 6)):
            lectures = [Lecture(title=text.sentence(20, 50, must=(rng.choice(topics),)).rstrip("."),
                                duration_s=rng.randint(120, 900), free_preview=(c == 0 and n == 0))
                        for n in range(rng.randint(2, 6))]
            chapters.append(Chapter(title=f"Chapter {c + 1}: {rng.choice(topics)} {rng.choice(WORDS)}",
                                    lectures=lectures))
        course = Course(
            slug=slug, title=title, summary=text.sentence(80, 160, must=topics),
            description=text.paragraph(topics, 3) + "\n\n## What you'll learn\n\n"
            + "\n".join(f"- {text.sentence(30, 70, must=(t,))}" for t in topics + topics),
            instructor=rng.choice((MK, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")),
            price=Decimal(rng.choice(("0.00", "29.00", "49.00", "59.00", "79.00", "99.00"))),
            image_url=f"https://example.com/synthetic/courses/{slug}.png",
            published=rng.random() < 0.9, featured=rng.random() < 0.15, chapters=chapters,
            created_at=now, updated_at=now,
        )
        course.validate()  # runs clean(): description_html and total_duration_s
        courses.append(course)
    if courses:
        Course.objects.insert(courses, load_bulk=False)
    return len(courses)


def _notes(rng: random.Random, text: _Text, topics: tuple[str, ...], duration_s: int) -> str:
    paragraphs = [text.paragraph(topics, rng.randint(2, 4)) for _ in range(rng.randint(2, 3))]
    links = "\n".join(f"- [{t}](https://example.com/links/{t})" for t in topics)
    marks = sorted(rng.sample(range(60, max(duration_s - 60, 120), 30), 5))
    chapters = "\n\n".join(f"[{_hms(s)}] {text.sentence(20, 45, must=(rng.choice(topics),)).rstrip('.')}"
                           for s in marks)
    return "\n\n".join(paragraphs) + f"\n\n## Links from the show\n\n{links}\n\n## Chapters\n\n{chapters}\n"


def _transcript_doc(rng: random.Random, text: _Text, episode: Episode, speakers: tuple[str, str],
                    topic_lines: list[str], target_chars: int, now: dt.datetime) -> tuple[dict, int]:
    """A raw transcript, shaped exactly as Transcript.to_mongo() would write it."""
    pool, pool_n, topic_n = text.pool, len(text.pool), len(topic_lines)
    random_ = rng.random
    segments, size, at, turn = [], 0, 1500, 0
    while size < target_chars:
        line = topic_lines[int(random_() * topic_n)] if random_() < 0.1 else pool[int(random_() * pool_n)]
        length = 4000 + int(random_() * 2000)  # about five seconds each
        segments.append({"start_ms": at, "end_ms": at + length - 150, "speaker": speakers[turn], "text": line})
        size += len(line)
        at += length
        turn ^= 1
    doc = {"created_at": now, "updated_at": now, "version": 1, "episode": episode.pk,
           "language": "en", "segments": segments}
    return doc, len(segments)


def seed_synthetic(episodes: int, transcript_kb: int = 100, guests: int = 300, courses: int = 20,
                   progress: Progress | None = None) -> dict:
    """Add a synthetic catalog on top of the stored one. Returns how many of each kind it made."""
    rng = random.Random(42)
    text = _Text(rng)
    now = utcnow()
    shows, shows_created = _ensure_shows()
    guest_pool = _make_guests(rng, text, guests, now) if guests > 0 else []
    course_count = _make_courses(rng, text, courses, now) if courses > 0 else 0
    sponsors = list(Sponsor.objects(active=True).only("id"))

    # ~70/30 split, interleaved so both shows fill in together.
    tp_total = round(episodes * 0.7)
    plan = []
    counters = {"talkpython": tp_total, "pythonbytes": episodes - tp_total}
    starts = {slug: _timeline(shows[slug], n, now) for slug, n in counters.items()}
    index = {"talkpython": 0, "pythonbytes": 0}
    for i in range(episodes):
        # Bresenham-style interleave: keep each show's share on target as we go.
        slug = "talkpython" if index["talkpython"] * episodes < (i + 1) * tp_total and \
            index["talkpython"] < tp_total else "pythonbytes"
        plan.append((slug, index[slug]))
        index[slug] += 1

    target_chars = transcript_kb * 1024
    transcript_collection = Transcript._get_collection()  # creates its indexes on first use
    made_episodes = made_transcripts = made_segments = 0
    done = 0
    while done < episodes:
        batch_plan = plan[done:done + BATCH]
        batch, transcripts = [], []
        for slug, k in batch_plan:
            show = shows[slug]
            first_number, times = starts[slug]
            number = first_number + k
            topics = tuple(rng.sample(TOPICS, 2))
            is_tp = slug == "talkpython"
            duration = rng.randint(3000, 4200) if is_tp else rng.randint(1200, 1900)
            episode_guests = rng.sample(guest_pool, rng.randint(1, 3)) if guest_pool else []
            title = _title(rng, TITLE_FORMS, topics)
            episode = Episode(
                show=show, number=number, slug=make_slug(title), title=title,
                summary=text.sentence(100, 200, must=topics),
                notes=_notes(rng, text, topics, duration), state=PUBLISHED, published_at=times[k],
                duration_s=duration, audio_url=f"https://example.com/audio/{slug}-{number}.mp3",
                audio_bytes=duration * 16_000 + rng.randint(20_000, 90_000), audio_type="audio/mpeg",
                tags=sorted(rng.sample(TAGS, rng.randint(1, 4))),
                links=[Link(title=t, url=f"https://example.com/links/{t}") for t in topics],
                guests=episode_guests,
                sponsors=[rng.choice(sponsors)] if sponsors and rng.random() < 0.5 else [],
                guid=str(uuid.uuid5(SYNTHETIC_NAMESPACE, f"{slug}/{number}")),
                has_transcript=target_chars > 0, created_at=now, updated_at=now,
            )
            episode.validate()  # runs clean(): notes_html
            batch.append(episode)
        Episode.objects.insert(batch, load_bulk=False)  # sets each episode's pk
        made_episodes += len(batch)
        if target_chars > 0:
            for episode in batch:
                speakers = (MK, episode.guests[0].name if episode.guests else BO) \
                    if episode.show.slug == "talkpython" else (MK, BO)
                topics = tuple(link.title for link in episode.links)
                topic_lines = [text.sentence(80, 120, must=(t, rng.choice(topics))) for t in topics * 4]
                doc, n = _transcript_doc(rng, text, episode, speakers, topic_lines, target_chars, now)
                transcripts.append(doc)
                made_segments += n
            transcript_collection.insert_many(transcripts)
            made_transcripts += len(transcripts)
        done += len(batch)
        if progress is not None:
            progress(done, episodes, "episodes")

    changes.record_bulk()  # bulk inserts skip the save signals: derived indexes must rebuild
    return {
        "shows": shows_created,
        "episodes": made_episodes,
        "guests": len(guest_pool),
        "transcripts": made_transcripts,
        "segments": made_segments,
        "courses": course_count,
    }
