"""Which images readers may see, and who may fetch an image's original."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q
from django.db.models.functions import Cast
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from cms.identity.models import SiteSettings
from reviews.models import Critic, Film, ReviewPage


def public_images():
    """Images that live, public content shows: anything a live, public page refers to (a
    review's listing image, image blocks, images in rich text: Wagtail's reference index, which
    records a page's live row, never its drafts), the posters of reviewed films, the photos of
    critics with a live review and the site's logo. An image only a draft uses is editors' data."""
    Image = get_image_model()
    live_pages = Page.objects.live().public().annotate(key=Cast("pk", CharField()))
    from_pages = (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(Image),
            object_id__in=live_pages.values("key"),
        )
        .annotate(image=Cast("to_object_id", IntegerField()))
        .values("image")
    )
    bylines = Critic.objects.filter(review_links__page__in=ReviewPage.objects.published())
    return Image.objects.filter(
        Q(pk__in=from_pages)
        | Q(pk__in=Film.objects.reviewed().values("poster"))
        | Q(pk__in=bylines.values("photo"))
        | Q(pk__in=SiteSettings.objects.values("logo"))
    )


def passes_restrictions(request, collection):
    """Whether the request satisfies every view restriction on the collection and its ancestors
    (signed in, in a group, or the password given), as Wagtail checks them for documents."""
    return all(r.accept_request(request) for r in collection.get_view_restrictions())


def may_fetch_original(request, image):
    """Editors who may choose or change the image fetch it; anyone else only an image that live
    content shows and whose collection lets them in."""
    policy = policy_registry.get_by_type(type(image))
    if policy.user_has_any_permission_for_instance(request.user, ["choose", "change"], image):
        return True
    return (
        passes_restrictions(request, image.collection)
        and public_images().filter(pk=image.pk).exists()
    )
