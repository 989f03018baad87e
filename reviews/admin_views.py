"""Deleted reviews in the admin: editors list, inspect and restore them (reviews.archive)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from .archive import restore
from .models import DeletedReview


class RestoreView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    model = DeletedReview
    permission_required = "restore"
    template_name = "reviews/admin/restore_deleted_review.html"
    header_icon = "undo"
    permission_policy = None
    index_url_name = None

    @property
    def index_url(self):
        return reverse(self.index_url_name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, index_url=self.index_url, **kwargs)

    def get_page_title(self):
        return f"Restore “{self.object.title}”"

    def post(self, request, pk):
        try:
            page = restore(self.object, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.index_url)
        messages.success(request, f"“{page.title}” is restored as a draft.")
        return redirect("wagtailadmin_pages:edit", page.pk)


class DeletedReviewIndexView(IndexView):
    restore_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "restore"):
            url = reverse(self.restore_url_name, args=[instance.pk])
            buttons.insert(0, ListingButton("Restore", url=url, icon_name="undo", priority=5))
        return buttons


class DeletedReviewViewSet(ModelViewSet):
    model = DeletedReview
    icon = "bin"
    menu_label = "Deleted reviews"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "deleted_at", "deleted_by", "was_live"]
    list_filter = ["was_live"]
    search_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_fields = ["title", "page_id", "owner", "deleted_by", "deleted_at", "was_live"]
    copy_view_enabled = False
    # Nobody may add or change one (Meta.default_permissions): a form is only declared.
    form_fields = ["title"]
    index_view_class = DeletedReviewIndexView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            restore_url_name=self.get_url_name("restore"), **kwargs
        )

    @property
    def restore_view(self):
        return self.construct_view(RestoreView, permission_policy=self.permission_policy)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("restore/<int:pk>/", self.restore_view, name="restore"),
        ]
