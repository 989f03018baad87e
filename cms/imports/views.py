from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import UploadForm
from .models import ReviewImport, ReviewImportFile, review_index
from .runner import run
from .tasks import run_import


def import_permissions(user):
    """(may import, may publish): importing adds pages under the review index."""
    index = review_index()
    if index is None or not user.is_authenticated:
        return False, False
    permissions = index.permissions_for_user(user)
    return permissions.can_add_subpage(), permissions.can_publish_subpage()


def visible_imports(user):
    """Everyone sees their own imports; those who may publish see everybody's."""
    imports = ReviewImport.objects.select_related("user")
    return imports if import_permissions(user)[1] else imports.filter(user=user)


def start(review_import, dry_run):
    """Small imports run in the request; larger ones go to the worker and the page follows them."""
    if (
        review_import.files_total <= settings.REVIEW_IMPORT_INLINE_FILES
        and review_import.bytes_total <= settings.REVIEW_IMPORT_INLINE_BYTES
    ):
        run(review_import.pk, dry_run=dry_run)
    else:
        run_import.enqueue(review_import.pk, dry_run)


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        self.can_import, self.can_publish = import_permissions(request.user)
        if not self.can_import:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class Breadcrumbs(WagtailAdminTemplateMixin):
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        home = {"url": reverse("review_imports:index"), "label": "Import reviews"}
        items = [*self.breadcrumbs_items, home]
        if self.page_subtitle_label():
            items.append({"url": "", "label": self.page_subtitle_label()})
        return items

    def page_subtitle_label(self):
        return ""


class IndexView(ImportPermissionMixin, Breadcrumbs, TemplateView):
    page_title = "Import reviews"
    template_name = "imports/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(imports=visible_imports(self.request.user)[:50], **kwargs)


class UploadView(ImportPermissionMixin, Breadcrumbs, FormView):
    page_title = "Import reviews"
    template_name = "imports/upload.html"
    form_class = UploadForm

    def page_subtitle_label(self):
        return "Upload"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_publish": self.can_publish}

    def form_valid(self, form):
        files = form.cleaned_data["files"]
        with transaction.atomic():
            review_import = ReviewImport.objects.create(
                user=self.request.user,
                action=form.cleaned_data["action"],
                categories=form.cleaned_data["categories"],
                tags=form.cleaned_data["tags"],
                files_total=len(files),
                bytes_total=sum(len(f.data) for f in files),
            )
            ReviewImportFile.objects.bulk_create(
                ReviewImportFile(review_import=review_import, name=f.name, data=f.data)
                for f in files
            )
        start(review_import, dry_run=True)
        return redirect("review_imports:detail", review_import.pk)


class DetailView(ImportPermissionMixin, Breadcrumbs, TemplateView):
    page_title = "Import reviews"
    template_name = "imports/detail.html"

    def page_subtitle_label(self):
        return str(self.review_import)

    def get(self, request, pk):
        self.review_import = get_object_or_404(visible_imports(request.user), pk=pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        review_import = self.review_import
        report = review_import.current_report
        return super().get_context_data(
            review_import=review_import,
            rows=report_rows(report),
            counts=report.get("counts", {}),
            progress=round(100 * review_import.files_done / max(review_import.files_total, 1)),
            **kwargs,
        )


def report_rows(report):
    """The report as table rows: one per review, one per refused file."""
    rows = []
    for file in report.get("files", []):
        if file["refusal"]:
            refusal = file["refusal"]
            where = f"line {refusal['line']}: " if refusal["line"] else ""
            rows.append(
                {"file": file["file"], "outcome": "refused", "message": where + refusal["message"]}
            )
        for review in file["reviews"]:
            rows.append({"file": file["file"], **review})
        for reason in file["skipped"]:
            rows.append({"file": file["file"], "outcome": "skipped", "message": reason})
    return rows


class ConfirmView(ImportPermissionMixin, View):
    def post(self, request, pk):
        with transaction.atomic():
            review_import = get_object_or_404(
                visible_imports(request.user).select_for_update(), pk=pk, user=request.user
            )
            if review_import.status != ReviewImport.Status.CHECKED:
                messages.error(request, "This import is not waiting for confirmation.")
                return redirect("review_imports:detail", pk)
            if review_import.action == ReviewImport.Action.PUBLISH and not self.can_publish:
                raise PermissionDenied
            review_import.status = ReviewImport.Status.IMPORTING
            review_import.files_done = 0
            review_import.save(update_fields=["status", "files_done"])
        start(review_import, dry_run=False)
        return redirect("review_imports:detail", pk)
