from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search backend (this package) and the database index its queries need."""

    name = "cms.search"
    label = "cms_search"
    verbose_name = "Search"
