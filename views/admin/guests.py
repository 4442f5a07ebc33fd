"""Admin pages for guests: admin.guests.index|new|edit|delete."""
from data.catalog import episode_service, guest_service
from data.catalog.guest import Guest
from data.core.common import Link
from views.admin.crud import EntityAdmin, admin_views
from views.admin.fields import EditForm, LinksField, SlugField, URLField, long_text, text


class GuestForm(EditForm):
    name = text("Name", 120, required=True)
    slug = SlugField(source="name")
    bio = long_text("Biography", 10000, description="Markdown: **bold**, *italic*, [links](https://…).")
    photo_url = URLField("Photo address")
    links = LinksField()
    markdown_fields = ("bio",)


@admin_views
class GuestAdmin(EntityAdmin):
    name, singular, model, form_class = "guests", "guest", Guest, GuestForm
    columns = [("Name", "name"), ("Address", "slug"), ("Episodes", "episodes")]

    def rows(self):
        return guest_service.admin_rows()

    def apply(self, doc, values):
        values = dict(values, links=[Link(**link) for link in values["links"]])
        super().apply(doc, values)

    def blockers(self, doc):
        return episode_service.using(guests=doc.pk)
