from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Critic, Film, Genre


class FilmViewSet(SnippetViewSet):
    model = Film
    icon = "media"
    menu_label = "Films"
    list_display = ["title", "year", "runtime_minutes"]
    list_filter = ["genres", "year"]
    # The model's own search fields (title and original title, as you type): naming fields
    # here makes Wagtail filter SQLite's index by columns it does not have, a server error.


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
    search_fields = ["name"]


class FilmLibrary(SnippetViewSetGroup):
    items = (FilmViewSet, GenreViewSet, CriticViewSet)
    menu_icon = "media"
    menu_label = "Film library"
    menu_name = "film-library"


register_snippet(FilmLibrary)
