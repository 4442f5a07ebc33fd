"""Admin pages for sponsors: admin.sponsors.index|new|edit|delete."""
from wtforms.fields import BooleanField

from app.routes import ROUTES, SHOW_PAGES
from data.catalog import episode_service, sponsor_service
from data.catalog.sponsor import Sponsor
from views.admin.crud import EntityAdmin, admin_views
from views.admin.fields import EditForm, SlugField, URLField, long_text, text

TOP_LEVEL_PATHS = {pattern.strip("/").split("/")[0] for _, pattern in ROUTES + SHOW_PAGES} | {"static"}


class SponsorForm(EditForm):
    name = text("Name", 120, required=True)
    slug = SlugField(source="name", description="Also the tracked short link: /<slug> sends visitors on.")
    description = long_text("Description", 4000, description="Markdown, shown on the sponsors page.")
    target_url = URLField("Sponsor's address", required=True,
                          description="Where the short link sends visitors.")
    logo_url = URLField("Logo address")
    active = BooleanField("Active (listed on the sponsors page, short link works)", default=True)
    markdown_fields = ("description",)


@admin_views
class SponsorAdmin(EntityAdmin):
    name, singular, model, form_class = "sponsors", "sponsor", Sponsor, SponsorForm
    columns = [("Name", "name"), ("Address", "slug"), ("Active", "active"), ("Clicks", "clicks"),
               ("Episodes", "episodes")]

    def rows(self):
        return sponsor_service.admin_rows()

    def unique_clashes(self, doc):
        """/<slug> is a catch-all: a slug that is a page of the site, or a number, would never be reached."""
        if doc.slug in TOP_LEVEL_PATHS or doc.slug.isdigit():
            return {"slug": f"“{doc.slug}” is already a page of the site (/{doc.slug}), so the short link "
                            "would never reach the sponsor. Choose another address."}
        return super().unique_clashes(doc)

    def blockers(self, doc):
        return episode_service.using(sponsors=doc.pk)
