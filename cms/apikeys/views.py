"""The pages endpoint as a staging front end with a draft API key sees it."""

from django.http import Http404
from django.utils.cache import patch_cache_control
from wagtail.models import Page, Site

from reviews.api.views import ReviewPagesAPIViewSet

from .auth import reads_drafts


def latest(page):
    """A page as its latest revision has it (drafts and never-published pages included)."""
    return page.specific.get_latest_revision_as_object()


class DraftPagesMixin:
    """For a pages viewset: with a draft key, every page of the site, each in its latest
    revision, in the same shape; such responses are stored by no cache.

    Filters and ordering apply to the pages' stored rows (their live values, or a never-published
    page's first save); the items then show the latest revision.
    """

    def get_base_queryset(self):
        if not reads_drafts(self.request):
            return super().get_base_queryset()
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        return Page.objects.descendant_of(site.root_page, inclusive=True)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return [latest(item) for item in page] if reads_drafts(self.request) else page

    def get_object(self):
        found = super().get_object()
        return latest(found) if reads_drafts(self.request) else found

    def find_object(self, queryset, request):
        # Wagtail resolves html_path by routing, which skips pages that are not live.
        if reads_drafts(request) and "html_path" in request.GET:
            site = Site.find_for_request(request)
            if site is None:
                raise Http404("no site for this request")
            parts = [part for part in request.GET["html_path"].split("/") if part]
            url_path = site.root_page.url_path + "".join(f"{part}/" for part in parts)
            return queryset.filter(url_path=url_path).first()
        return super().find_object(queryset, request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if reads_drafts(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


class PagesWithDraftsAPIViewSet(DraftPagesMixin, ReviewPagesAPIViewSet):
    """The pages endpoint; a draft API key shows the latest revisions."""
