from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.import_permissions(request.user)[0]


@hooks.register("register_admin_urls")
def register_import_urls():
    urls = [
        path("", views.IndexView.as_view(), name="index"),
        path("new/", views.UploadView.as_view(), name="upload"),
        path("<int:pk>/", views.DetailView.as_view(), name="detail"),
        path("<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    ]
    return [path("import-reviews/", include((urls, "review_imports")))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import reviews", reverse("review_imports:index"), icon_name="upload", order=250
    )
