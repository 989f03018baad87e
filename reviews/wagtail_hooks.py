from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .action_menu import ScheduleMenuItem
from .admin_listing import ReviewListingViewSet
from .admin_views import DeletedReviewViewSet
from .dashboard import dashboard_panels
from .models import Critic, Film, Genre

# The list searches use each model's own index (its `search_fields`): a viewset that names fields
# makes Wagtail's SQLite backend query columns its full-text table does not have (a 500).


class FilmViewSet(SnippetViewSet):
    model = Film
    icon = "media"
    menu_label = "Films"
    list_display = ["title", "year", "runtime_minutes"]
    list_filter = ["genres", "year"]


class GenreViewSet(SnippetViewSet):
    model = Genre
    icon = "tag"
    menu_label = "Genres"
    list_display = ["name", "slug"]


class CriticViewSet(SnippetViewSet):
    model = Critic
    icon = "user"
    menu_label = "Critics"
    list_display = ["name", "slug", "user"]


class FilmLibrary(SnippetViewSetGroup):
    items = (FilmViewSet, GenreViewSet, CriticViewSet)
    menu_icon = "media"
    menu_label = "Film library"
    menu_name = "film-library"


register_snippet(FilmLibrary)

hooks.register("construct_homepage_panels", dashboard_panels)


@hooks.register("register_admin_viewset")
def register_review_listing():
    return ReviewListingViewSet("reviews")


@hooks.register("register_admin_viewset")
def register_deleted_reviews():
    return DeletedReviewViewSet("deleted_reviews")


@hooks.register("register_log_actions")
def register_restore_action(actions):
    actions.register_action("reviews.restore", "Restore", "Restored from deleted reviews")


@hooks.register("register_page_action_menu_item")
def register_schedule_menu_item():
    return ScheduleMenuItem()


@hooks.register("before_unpublish")
def keep_films_of_live_reviews(request, instance):
    """A live review shows its film: taking the film down would leave the review showing a film
    that is not published. Unpublish or move the reviews first."""
    if isinstance(instance, Film) and (count := instance.reviews.live().count()):
        reviews = "1 live review shows it" if count == 1 else f"{count} live reviews show it"
        messages.error(request, f"“{instance}” cannot be unpublished: {reviews}.")
        return redirect(AdminURLFinder(request.user).get_edit_url(instance))
    return None
