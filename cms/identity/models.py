"""What the publication calls itself: an editor changes it under Settings → Site settings."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

DEFAULT_SITE_NAME = "Movie Bunker"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(
        max_length=80,
        default=DEFAULT_SITE_NAME,
        help_text="Shown in the header, page titles, feeds and search-engine markup.",
    )
    tagline = models.CharField(
        max_length=160,
        blank=True,
        default="Film reviews with a score you can see first.",
        help_text="A line under the name on the home page and in the footer.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Replaces the drawn mark beside the name in the header (square works best).",
    )
    bluesky_url = models.URLField("Bluesky", blank=True)
    mastodon_url = models.URLField("Mastodon", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    letterboxd_url = models.URLField("Letterboxd", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("bluesky_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("instagram_url"),
                FieldPanel("letterboxd_url"),
                FieldPanel("youtube_url"),
            ],
            heading="Social links",
            help_text="Profiles linked from the footer; leave empty to hide one.",
        ),
    ]

    class Meta:
        verbose_name = "Site settings"

    def __str__(self):
        return self.site_name

    @property
    def social_links(self):
        """(label, URL) of each profile filled in, in the order of the form."""
        names = ("bluesky_url", "mastodon_url", "instagram_url", "letterboxd_url", "youtube_url")
        fields = [self._meta.get_field(name) for name in names]
        return [
            (field.verbose_name, getattr(self, field.name))
            for field in fields
            if getattr(self, field.name)
        ]


def site_settings(request=None):
    """The settings of the site a request is for (cached on it), else the default site's."""
    if request is not None:
        return SiteSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def site_name(request=None):
    return site_settings(request).site_name
