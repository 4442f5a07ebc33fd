"""Admin pages for transcripts: admin.transcripts.index|new|edit|delete.

Paste a transcript or upload a .vtt, .srt, .txt or .json file. An uploaded file's text is put
into the text box, so after an error (which names the line) it can be fixed right there.
Preview shows the parsed segments before anything is saved. On edit, the text box holds the
stored transcript as WebVTT.
"""
from wtforms.fields import FileField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from data.catalog import episode_service
from data.catalog.episode import Episode
from data.editing import edit_service
from data.transcripts import formats as transcript_formats
from data.transcripts import transcript_service
from data.transcripts.transcript import Segment, Transcript
from views.admin.crud import EntityAdmin, admin_views
from views.admin.fields import ChoiceField, EditForm, text

PREVIEW_SEGMENTS = 20
FORMAT_CHOICES = [("", "Recognise it"), ("vtt", "WebVTT (.vtt)"), ("srt", "SubRip (.srt)"),
                  ("txt", "Timestamped text (.txt)"), ("json", "Podcast JSON (.json)")]


class TranscriptForm(EditForm):
    episode = ChoiceField("Episode", coerce=str, choices=[],
                          description="Episodes that have no transcript yet.")
    language = text("Language", 20, default="en", description="A language code such as en.")
    upload = FileField("Upload a file", description="A .vtt, .srt, .txt or .json file. Its text replaces "
                                                    "what is in the box below.")
    fmt = ChoiceField("Format", choices=FORMAT_CHOICES, default="")
    text = TextAreaField("Transcript", [InputRequired(message="Paste a transcript or upload a file.")],
                         # No browser-side "required": an uploaded file stands in for the text, and
                         # Chromium refused to send the form with a file and an empty box.
                         render_kw={"rows": 16, "spellcheck": "false", "required": False},
                         description="Paste WebVTT, SRT, timestamped lines like [00:01:02] Speaker: words, "
                                     "or podcast JSON.")
    segments: list[dict] = []
    filename: str | None = None

    def validate_text(self, field):
        try:
            self.segments = transcript_formats.parse_transcript(field.data, filename=self.filename,
                                                                fmt=self.fmt.data or None)
        except transcript_formats.TranscriptFormatError as exc:
            raise ValidationError(str(exc)) from None

    def values(self):
        values = {"language": self.language.data or "en", "segments": self.segments}
        if "episode" in self:
            values["episode"] = self.episode.data
        return values


@admin_views
class TranscriptAdmin(EntityAdmin):
    name, singular, model, form_class = "transcripts", "transcript", Transcript, TranscriptForm
    columns = [("Episode", "episode_label"), ("Language", "language"), ("Segments", "segments"),
               ("Updated", "updated_at")]
    audit_fields = ["episode", "language", "content_summary"]
    has_preview = True  # the parsed segments

    def rows(self):
        return transcript_service.admin_rows()

    def label(self, doc):
        return f"transcript of {doc.episode}" if doc.episode else "transcript"

    def prepare(self, form):
        if self.request.matched_route.name.endswith(".edit"):
            del form["episode"]  # a transcript stays with its episode
        else:
            form.episode.choices = episode_service.choices(without_transcript_only=True)

    def build_form(self, formdata=None, obj=None):
        upload = formdata.get("upload") if formdata is not None else None
        problem, filename = None, None
        if getattr(upload, "file", None) is not None:
            # The file's text goes into the box (and stays there for Save, or for fixing a line).
            formdata = formdata.copy()
            filename = upload.filename
            try:
                raw = upload.file.read(transcript_formats.MAX_INPUT_BYTES + 1)
                formdata["text"] = transcript_formats._decode(raw)  # the parser's own decoding rules
            except transcript_formats.TranscriptFormatError as exc:
                problem = str(exc)
        form = super().build_form(formdata, obj)
        form.filename = filename
        if problem:
            form.upload.process_errors = [problem]  # kept by validate(), shown beside the upload field
        if obj is not None and formdata is None:
            form.text.data = transcript_formats.to_vtt(obj.segments)
        elif formdata is None and self.request.GET.get("episode"):
            form.episode.data = str(self.request.GET["episode"])
        return form

    def unsaved(self, form, doc):
        if "preview" not in self.request.POST:
            return None
        if not form.validate():
            return self.page(form, doc, status=422)
        return self.page(form, doc, segments={"count": len(form.segments),
                                              "first": form.segments[:PREVIEW_SEGMENTS]})

    def apply(self, doc, values):
        if "episode" in values:
            doc.episode = edit_service.by_id(Episode, values["episode"])
        doc.language = values["language"]
        doc.segments = [Segment(**segment) for segment in values["segments"]]

    def unique_clashes(self, doc):
        if doc.episode is None:
            return {"episode": "That episode no longer exists; pick another one."}
        if edit_service.other_with(Transcript, doc.pk, episode=doc.episode.pk) is not None:
            return {"episode": f"{doc.episode} already has a transcript: open it from the list to replace it."}
        return {}

    def after_create(self, doc):
        transcript_service.set_episode_flag(doc.episode, True)

    def before_delete(self, doc):
        transcript_service.set_episode_flag(doc.episode, False)
