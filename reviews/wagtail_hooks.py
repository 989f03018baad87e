from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import DeletedReviewViewSet
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


@hooks.register("register_admin_viewset")
def register_deleted_reviews():
    return DeletedReviewViewSet("deleted_reviews")


@hooks.register("register_log_actions")
def register_restore_action(actions):
    actions.register_action("reviews.restore", "Restore", "Restored from deleted reviews")
