"""import-notes: a folder of Markdown show notes, with front matter, title lines and gaps."""
import datetime as dt
import shutil
from pathlib import Path

import pytest

from data.catalog.episode import DRAFT, PUBLISHED, Episode
from data.catalog.guest import Guest
from data.catalog.notes_importer import NotesImportError, import_notes, read_note
from data.catalog.show import Show

NOTES = Path(__file__).parents[2] / "fixtures" / "notes"


@pytest.fixture
def show(app):
    show = Show(slug="notesshow", title="Talk Python To Me Notes")
    show.save()
    for number in (182, 183, 184):
        Episode(show=show, number=number, slug=f"e{number}", title=f"Episode {number} as stored",
                summary="Kept summary." if number == 184 else "", state=PUBLISHED).save()
    return show


def _episode(show, number):
    return Episode.objects(show=show, number=number).first()


def test_notes_fill_episodes_report_gaps_and_are_idempotent(show):
    report = import_notes(NOTES, "notesshow")
    text = "\n".join(report.lines())
    e182, e183, e184 = (_episode(show, n) for n in (182, 183, 184))
    assert e182.notes.startswith("We talk about **front matter**.") and "[00:05:00] The first topic" in e182.notes
    assert e182.title == "Episode 182 as stored"  # a stored title is never overwritten
    assert (e182.summary, e182.tags) == ("A summary from the front matter.", ["packaging", "testing"])
    assert [g.name for g in e182.guests] == ["Nora Notes", "Ana Packager"]
    assert e183.notes == "Notes written without front matter." and e184.summary == "Kept summary."
    assert "ignored: front matter key 'layout' (first in 182-front-matter.md)" in text
    assert "ignored: front matter key 'permalink'" in text and text.count("'layout'") == 1
    assert "skipped: 182.txt: not a Markdown file (.md)" in text
    assert "skipped: 182_duplicate.md: 182-front-matter.md is used for episode 182" in text
    assert "skipped: 9999-missing.md: Talk Python To Me Notes has no episode 9999 (--create makes it a draft)" in text
    assert "failed: 185-broken-yaml.md: the front matter is not valid YAML at line" in text
    assert "Filled 3, created 0, unchanged 0, skipped 3, failed 1; 2 new guests." in text

    again = import_notes(NOTES, "notesshow")
    assert (len(again.filled), len(again.unchanged)) == (0, 3)
    assert Guest.objects(name="Nora Notes").count() == 1


def test_create_makes_missing_episodes_as_drafts_and_dry_run_writes_nothing(show, tmp_path):
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    dry = import_notes(folder, "notesshow", create=True, dry_run=True)
    assert dry.created and "Dry run: nothing was written." in dry.lines()
    assert _episode(show, 9999) is None and _episode(show, 182).notes == ""
    import_notes(folder, "notesshow", create=True)
    made = _episode(show, 9999)
    assert (made.title, made.state, made.notes) == ("Nobody", DRAFT, "No such episode.")
    (folder / "186-new.md").write_text("---\ntitle: New one\ndate: 2024-05-01T10:00:00Z\n---\nBody.\n")
    import_notes(folder, "notesshow", create=True)
    assert _episode(show, 186).published_at == dt.datetime(2024, 5, 1, 10, 0)


@pytest.mark.parametrize("text,title,body", [
    ("# Talk Python To Me 182: Real title\n\nBody", "Real title", "Body"),
    ("# Episode 182 - Dashed\nBody", "Dashed", "Body"),
    ("# #182: Hashed\nBody", "Hashed", "Body"),
    ("# 182. Dotted\nBody", "Dotted", "Body"),
    ("# A title that mentions 1820 things\nBody", "A title that mentions 1820 things", "Body"),
    ("No heading here\n# Later heading", "", "No heading here\n# Later heading"),
    ("---\ntitle: 'Show 182: From YAML'\n---\n# Kept heading\nBody", "From YAML", "# Kept heading\nBody"),
])
def test_titles_from_front_matter_or_the_first_heading(text, title, body):
    note = read_note(text, 182)
    assert (note.title, note.body) == (title, body)


def test_bad_front_matter_values_are_named():
    with pytest.raises(ValueError, match="front matter date 'next tuesday' is not a date"):
        read_note("---\ndate: next tuesday\n---\n", 1)
    with pytest.raises(ValueError, match="'guests' must be a list of names"):
        read_note("---\nguests: {a: 1}\n---\n", 1)
    assert read_note("---\nguests: Ana, Ben\ntags: x\n---\n", 1).guests == ["Ana", "Ben"]


def test_unknown_folder_or_show(app, tmp_path):
    with pytest.raises(NotesImportError, match="is not a folder"):
        import_notes(tmp_path / "nope", "talkpython")
    with pytest.raises(NotesImportError, match="no show 'nope'"):
        import_notes(tmp_path, "nope")
