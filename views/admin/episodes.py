"""Admin pages for episodes: admin.episodes.index|new|edit|delete, with publishing and Markdown preview."""
from wtforms.fields import RadioField
from wtforms.validators import Regexp

from data.catalog import episode_service, guest_service, show_service, sponsor_service
from data.catalog.episode import DRAFT, EPISODE_TYPES, PUBLISHED, SCHEDULED, Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.catalog.sponsor import Sponsor
from data.core.common import Link, utcnow
from data.core.markdown import MAX_MARKDOWN_CHARS
from data.editing import edit_service
from data.transcripts import transcript_service
from views.admin.crud import EntityAdmin, admin_views
from views.admin.fields import (
    ChoiceField,
    DurationField,
    EditForm,
    LinksField,
    ListTextField,
    PickerField,
    SlugField,
    URLField,
    UTCDateTimeField,
    long_text,
    text,
    whole_number,
)

PUBLISHING = [
    (DRAFT, "Draft: only the admin sees it"),
    (SCHEDULED, "Scheduled: goes live by itself at the publish time"),
    (PUBLISHED, "Published: live now (or since the publish time, if you give an earlier one)"),
]


class EpisodeForm(EditForm):
    show = ChoiceField("Show", coerce=str, choices=[])
    number = whole_number("Episode number", minimum=0, required=True,
                          description="Unique within the show; it is part of the episode's address.")
    title = text("Title", 300, required=True)
    slug = SlugField(source="title", max_length=120)
    summary = long_text("Summary", 2000, description="One or two plain sentences for lists and feeds.")
    notes = long_text("Show notes", MAX_MARKDOWN_CHARS,
                      description="Markdown: ## headings, **bold**, lists, [links](https://…). "
                                  "Press Preview to see them rendered.")
    state = RadioField("Publishing", choices=PUBLISHING, default=DRAFT)
    published_at = UTCDateTimeField("Publish time (UTC)",
                                    description="In UTC, not your local time. Needed for Scheduled; "
                                                "left blank, Published means now.")
    duration_s = DurationField("Length")
    audio_url = URLField("Audio file address", description="The MP3 listeners download (http or https).")
    audio_bytes = whole_number("Audio file size (bytes)", minimum=0)
    audio_type = text("Audio type", 100, default="audio/mpeg")
    image_url = URLField("Episode image address")
    youtube_id = text("YouTube video id", 20, description="The part after watch?v= in the video's address.",
                      validators=[Regexp(r"^[A-Za-z0-9_-]{6,20}$", message="A YouTube id is 6 to 20 letters, "
                                                                            "digits, - or _ (e.g. dQw4w9WgXcQ).")])
    season = whole_number("Season", minimum=1)
    episode_type = ChoiceField("Episode type", choices=[(kind, kind.capitalize()) for kind in EPISODE_TYPES],
                               default="full")
    guests = PickerField("Guests")
    sponsors = PickerField("Sponsors")
    tags = ListTextField("Tags", description="Separated by commas, e.g. python, testing.")
    links = LinksField("Links from the show")
    markdown_fields = ("notes",)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        when, now = self.published_at.data, utcnow()
        message = None
        if self.published_at.errors:
            return False
        if self.state.data == SCHEDULED and when is None:
            message = "A scheduled episode needs a publish time (UTC) in the future."
        elif self.state.data == SCHEDULED and when <= now:
            message = ("That time has already passed. Choose Published to put the episode live now, "
                       "or pick a later time.")
        elif self.state.data == PUBLISHED and when is not None and when > now:
            message = "That time is still to come: choose Scheduled to publish the episode then."
        if message:
            self.published_at.errors = [*self.published_at.errors, message]
            return False
        return valid



@admin_views
class EpisodeAdmin(EntityAdmin):
    name, singular, model, form_class = "episodes", "episode", Episode, EpisodeForm
    link_column = "title"
    delete_note = "Its transcript, if it has one, is deleted with it."
    columns = [("Show", "show_title"), ("#", "number"), ("Title", "title"), ("Status", "status"),
               ("Publish time (UTC)", "published_at"), ("Transcript", "has_transcript")]

    def rows(self):
        return episode_service.admin_rows()

    def prepare(self, form):
        form.show.choices = show_service.choices()
        form.guests.choices = guest_service.choices()
        form.sponsors.choices = sponsor_service.choices()

    def build_form(self, formdata=None, obj=None):
        form = super().build_form(formdata, obj)
        if formdata is None and obj is not None:
            form.state.data = episode_service.status(obj.state, obj.published_at)
            form.show.data = str(obj.show.pk)
        elif formdata is None and form.show.choices:
            form.show.data = form.show.choices[0][0]
            form.number.data = episode_service.next_number(form.show.data)
        return form

    def apply(self, doc, values):
        values = dict(values, show=edit_service.by_id(Show, values["show"]),
                      guests=edit_service.by_ids(Guest, values["guests"]),
                      sponsors=edit_service.by_ids(Sponsor, values["sponsors"]),
                      links=[Link(**link) for link in values["links"]],
                      audio_bytes=values["audio_bytes"] or 0, audio_type=values["audio_type"] or "audio/mpeg",
                      youtube_id=values["youtube_id"] or None)
        super().apply(doc, values)

    def unique_clashes(self, doc):
        clashes = {}
        same_number = edit_service.other_with(Episode, doc.pk, show=doc.show.pk, number=int(doc.number))
        if same_number is not None:
            clashes["number"] = (f"{doc.show.title} already has an episode #{doc.number} (“{same_number.title}”). "
                                 "Numbers are unique within a show: pick another one.")
        # The number is an episode's key (its URL redirects any slug to the right one), so an
        # imported catalog may hold repeated slugs; only a new or changed slug must be unique.
        slug_changed = doc.pk is None or "slug" in doc._get_changed_fields()
        same_slug = slug_changed and edit_service.other_with(Episode, doc.pk, show=doc.show.pk, slug=str(doc.slug))
        if same_slug:
            clashes["slug"] = (f"The address “{doc.slug}” is already used by {same_slug} in {doc.show.title}. "
                               "Type a different one.")
        return clashes

    def before_delete(self, doc):
        transcript_service.delete_for_episode(doc)
