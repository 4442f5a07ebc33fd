"""onair import-transcripts, import-feed and reindex, run as an operator would."""
import textwrap

import mongoengine
import pytest

from app import cli
from data.catalog.episode import Episode
from data.catalog.show import Show
from data.transcripts.transcript import Transcript

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Michael Kennedy>Welcome to the show about {topic}.\n"
TXT = "[00:01] Michael Kennedy: A plain text version about {topic}.\n"


@pytest.fixture
def ini(tmp_path, demo_snapshot):
    import shutil

    shutil.copytree(demo_snapshot, tmp_path / "store")
    path = tmp_path / "test.ini"
    path.write_text(textwrap.dedent(f"""
        [app:main]
        use = egg:onair
        onair.store_dir = {tmp_path / 'store'}
        onair.main_show = talkpython
        onair.demo_on_empty = false
    """))
    yield path
    mongoengine.disconnect()


def _numbers(slug="talkpython"):
    show = Show.objects(slug=slug).first()
    return [e.number for e in Episode.objects(show=show).order_by("number")]


def _run(ini, *argv):
    return cli.main(["-c", str(ini), *argv])


def test_import_transcripts_prefers_vtt_reports_and_is_idempotent(ini, tmp_path, capsys):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    from app.cli import load_settings
    from app.database import open_from_settings

    store = open_from_settings(load_settings(str(ini)))
    first, second = _numbers()[:2]
    store.close()
    (folder / f"{first:03d}_first-episode.vtt").write_text(VTT.format(topic="zebras"))
    (folder / f"{first:03d}-first-episode.txt").write_text(TXT.format(topic="zebras"))
    (folder / f"{second}-second.txt").write_text(TXT.format(topic="llamas"))
    (folder / "9999_missing.vtt").write_text(VTT.format(topic="nobody"))
    (folder / f"{second}_broken.srt").write_text("1\n00:00:01,000 --> nonsense\nhello\n")
    (folder / "notes.md").write_text("not a transcript")
    (folder / "intro.vtt").write_text(VTT.format(topic="no number"))

    assert _run(ini, "import-transcripts", str(folder)) == 1  # some failed
    captured = capsys.readouterr()
    assert "3/3" in captured.err  # progress reached the end
    out = captured.out
    assert "Imported 1, skipped 4, failed 2." in out
    assert f"skipped: {first:03d}-first-episode.txt: {first:03d}_first-episode.vtt is preferred" in out
    assert "failed: 9999_missing.vtt: Talk Python To Me has no episode 9999" in out
    assert f"{second}_broken.srt" in out and "Line 2:" in out
    assert f"skipped: {second}-second.txt: {second}_broken.srt is preferred" in out

    store = open_from_settings(load_settings(str(ini)))
    episode = Episode.objects(number=first, show=Show.objects(slug="talkpython").first()).first()
    assert episode.has_transcript
    segments = Transcript.objects(episode=episode).first().segments
    assert [(s.speaker, s.text) for s in segments] == [("Michael Kennedy", "Welcome to the show about zebras.")]
    store.close()

    assert _run(ini, "import-transcripts", str(folder)) == 1
    assert "Imported 0, skipped 5, failed 2." in capsys.readouterr().out  # unchanged now


def test_import_transcripts_into_unknown_show_or_folder_is_a_clear_error(ini, tmp_path, capsys):
    assert _run(ini, "import-transcripts", str(tmp_path / "nope")) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert _run(ini, "import-transcripts", str(tmp_path), "--show", "nope") == 2
    assert "There is no show 'nope'" in capsys.readouterr().err


def test_reindex_shows_progress_and_summary(ini, capsys):
    assert _run(ini, "reindex") == 0
    captured = capsys.readouterr()
    assert "episodes" in captured.err and "Indexed" in captured.out and " s." in captured.out


def test_import_feed_command_summary_and_clear_failure(ini, capsys):
    from pathlib import Path

    fixtures = Path(__file__).parent.parent / "fixtures" / "feeds"
    assert _run(ini, "import-feed", str(fixtures / "broken_xml.xml"), "--show", "pythonbytes") == 1
    assert "the feed was not imported: the feed is not well-formed XML at line" in capsys.readouterr().err
    assert _run(ini, "import-feed", str(fixtures / "other_host.xml"), "--show", "pythonbytes") == 0
    captured = capsys.readouterr()
    assert "2/2" in captured.err
    assert "Created 2, updated 0, unchanged 0 episodes; 2 new guests; 2 transcript links; skipped 0 items." \
        in captured.out
    assert "Search index " in captured.err
    assert _run(ini, "import-feed", str(fixtures / "other_host.xml"), "--show", "pythonbytes") == 0
    assert "Created 0, updated 0, unchanged 2 episodes" in capsys.readouterr().out


def test_after_an_import_the_search_index_is_current(ini, capsys):
    from pathlib import Path

    from app.cli import load_settings
    from app.database import open_from_settings
    from app.search import index_path
    from data.search.index import SearchIndex

    settings = load_settings(str(ini))
    assert _run(ini, "reindex") == 0
    fixtures = Path(__file__).parent.parent / "fixtures" / "feeds"
    assert _run(ini, "import-feed", str(fixtures / "other_host.xml"), "--show", "pythonbytes") == 0
    store = open_from_settings(settings)
    index = SearchIndex(index_path(settings))
    try:
        assert index.sync() == "current"  # nobody's first search has to catch up
        assert index.search("wheelwright").total  # a guest named only in the imported feed
    finally:
        index.close()
        store.close()


def test_import_feed_dry_run_and_strict(ini, capsys):
    from pathlib import Path

    fixtures = Path(__file__).parent.parent / "fixtures" / "feeds"
    assert _run(ini, "import-feed", str(fixtures / "missing_enclosure.xml"), "--show", "pythonbytes",
                "--dry-run") == 0
    out = capsys.readouterr().out
    assert "skipped: item 2 ('Episode 2: Type hints at scale'): no enclosure" in out
    assert "Would create 1" in out and "Dry run: nothing was written." in out
    assert _run(ini, "import-feed", str(fixtures / "missing_enclosure.xml"), "--show", "pythonbytes",
                "--strict") == 1
    assert "strict: nothing was imported" in capsys.readouterr().err


def test_import_notes_command(ini, tmp_path, capsys):
    from app.cli import load_settings
    from app.database import open_from_settings

    store = open_from_settings(load_settings(str(ini)))
    first = _numbers()[0]
    store.close()
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / f"{first}-intro.md").write_text(f"---\ntitle: x\nlayout: post\n---\nNotes about zebras.\n")
    (folder / "99999.md").write_text("# Nobody\n")
    assert _run(ini, "import-notes", str(folder), "--dry-run") == 0
    assert "Would fill 1" in capsys.readouterr().out
    assert _run(ini, "import-notes", str(folder)) == 0
    captured = capsys.readouterr()
    assert "2/2" in captured.err and "Search index " in captured.err
    assert "Filled 1, created 0, unchanged 0, skipped 1, failed 0" in captured.out
    assert "ignored: front matter key 'layout'" in captured.out
    assert _run(ini, "import-notes", str(folder), "--create") == 0
    assert "created 1, unchanged 1" in capsys.readouterr().out
    assert _run(ini, "import-notes", str(tmp_path / "nope")) == 2


def test_import_feed_resolves_relative_urls_against_base_url(ini, capsys):
    from pathlib import Path

    corpus = Path(__file__).parent.parent / "fixtures" / "feeds" / "corpus"
    assert _run(ini, "import-feed", str(corpus / "relative_without_base.xml"), "--show", "pythonbytes") == 0
    assert "skipped: item 1 ('Next to the feed'): the enclosure URL 'episodes/1.mp3' is relative" \
        in capsys.readouterr().out
    assert _run(ini, "import-feed", str(corpus / "relative_without_base.xml"), "--show", "pythonbytes",
                "--base-url", "https://feeds.example.com/show/feed.xml", "--numbering", "order") == 0
    out = capsys.readouterr().out
    assert "Created 1," in out and "numbered: item 1 ('Next to the feed') has no episode number; numbered " in out
    from app.cli import load_settings
    from app.database import open_from_settings

    store = open_from_settings(load_settings(str(ini)))
    try:
        assert Episode.objects(guid="rn-1").first().audio_url == "https://feeds.example.com/show/episodes/1.mp3"
    finally:
        store.close()


def test_import_transcripts_skips_json_nested_too_deep_with_a_reason(ini, tmp_path, capsys):
    from app.cli import load_settings
    from app.database import open_from_settings

    store = open_from_settings(load_settings(str(ini)))
    first, second = _numbers()[:2]
    store.close()
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / f"{first:03d}_deep.json").write_text('{"segments": ' + "[" * 1000 + "]" * 1000 + "}")
    (folder / f"{second:03d}_fine.vtt").write_text(VTT.format(topic="otters"))
    assert _run(ini, "import-transcripts", str(folder)) == 1
    out = capsys.readouterr().out
    assert "Imported 1, skipped 0, failed 1." in out
    assert f"failed: {first:03d}_deep.json: The JSON is nested more than 32 levels deep" in out
    assert "Traceback" not in out and "RecursionError" not in out
