"""Admin pages for shows (podcasts): admin.shows.index|new|edit|delete."""
from wtforms.fields import BooleanField, EmailField
from wtforms.validators import Length, Optional

from data.catalog import episode_service, show_service
from data.catalog.show import Show
from views.admin.crud import EntityAdmin, admin_views
from views.admin.fields import (
    EditForm,
    ListTextField,
    SlugField,
    URLField,
    email_address,
    long_text,
    strip,
    text,
    whole_number,
)


class ShowForm(EditForm):
    title = text("Title", 200, required=True)
    slug = SlugField(source="title", description="Used in the show's addresses (/shows/<slug>/…) and feeds. "
                                                 "Leave it blank to make one from the title.")
    description = long_text("Description", 4000, description="Plain text, used in the feed and on the site.")
    hosts = ListTextField("Hosts", item_max=120, max_items=20, description="Names, separated by commas.")
    artwork_url = URLField("Artwork address", description="A square image, 1400 to 3000 pixels wide.")
    website_url = URLField("Website")
    language = text("Language", 20, description="A language code such as en or de.")
    category = text("Category", 100, description="An Apple Podcasts category, e.g. Technology.")
    subcategory = text("Subcategory", 100)
    explicit = BooleanField("Explicit content")
    owner_name = text("Owner name", 120)
    owner_email = EmailField("Owner email", [Optional(), Length(max=254),
                                             email_address],
                             filters=[strip])
    funding_url = URLField("Support link")
    funding_text = text("Support link text", 200)
    sort_order = whole_number("Position in lists", minimum=0, description="Lower numbers come first.")


@admin_views
class ShowAdmin(EntityAdmin):
    name, singular, model, form_class = "shows", "show", Show, ShowForm
    columns = [("Title", "title"), ("Address", "slug"), ("Episodes", "episodes")]

    def rows(self):
        return show_service.admin_rows()

    def apply(self, doc, values):
        values = dict(values, sort_order=values["sort_order"] or 0, language=values["language"] or "en",
                      owner_email=values["owner_email"] or None)
        super().apply(doc, values)

    def blockers(self, doc):
        return episode_service.of_show(doc.pk)

    def blocked_message(self, count):
        return (f"the show still has {count} episode{'s' if count != 1 else ''}. Delete them, or move them "
                "to another show, first.")
