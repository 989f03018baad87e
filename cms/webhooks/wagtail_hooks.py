from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .forms import WebhookEndpointForm
from .models import EVENTS, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .tasks import redeliver

EVENT_LABELS = dict(EVENTS)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Attempts are a record: whoever may see them may only look, superusers included."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(
    WebhookAttempt, ReadOnlyPermissionPolicy(WebhookAttempt), exact_class=True
)


def exact_time(attempt):
    # Retries come seconds apart: minutes alone would show two attempts at the same time.
    return localtime(attempt.retry_at).strftime("%Y-%m-%d %H:%M:%S") if attempt.retry_at else ""


def delivery_log_link(endpoint):
    url = reverse("webhook_attempts:index") + f"?delivery__endpoint={endpoint.pk}"
    return format_html('<a href="{}">Delivery log</a>', url)


def redeliver_link(attempt):
    url = reverse("webhook_attempts:redeliver", args=[attempt.delivery_id])
    return format_html('<a href="{}">Redeliver</a>', url)


class RedeliverView(WagtailAdminTemplateMixin, TemplateView):
    """Send a delivery again on request (the receiver lost it, or was fixed after the retries
    ran out). Who may change endpoints may do this; the log itself stays read-only."""

    template_name = "webhooks/confirm_redeliver.html"
    page_title = "Redeliver"
    header_icon = "resubmit"

    def dispatch(self, request, pk):
        if not request.user.has_perm("webhooks.change_webhookendpoint"):
            raise PermissionDenied
        self.delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
        return super().dispatch(request)

    def get_page_subtitle(self):
        return str(self.delivery)

    def get_context_data(self, **kwargs):
        cancel_url = (
            reverse("webhook_attempts:index") + f"?delivery__endpoint={self.delivery.endpoint_id}"
        )
        return super().get_context_data(delivery=self.delivery, cancel_url=cancel_url, **kwargs)

    def post(self, request):
        copy = redeliver(self.delivery)
        messages.success(request, f"Queued again as delivery {copy.pk}: {copy}.")
        url = reverse("webhook_attempts:index") + f"?delivery__endpoint={copy.endpoint_id}"
        return redirect(url)


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Endpoints"
    add_to_admin_menu = False
    copy_view_enabled = False
    # No secret here: it never leaves the server once saved (see WebhookEndpointForm).
    list_display = [
        "name",
        "url",
        Column("events", accessor=lambda e: ", ".join(EVENT_LABELS.get(x, x) for x in e.events)),
        BooleanColumn("active"),
        Column("log", label="Attempts", accessor=delivery_log_link),
    ]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("secret"),
            FieldPanel("events"),
            FieldPanel("active"),
        ],
        base_form_class=WebhookEndpointForm,
    )


class WebhookAttemptViewSet(ModelViewSet):
    model = WebhookAttempt
    name = "webhook_attempts"
    icon = "list-ul"
    menu_label = "Delivery log"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    # Absolute times: the first column links to the attempt's details, the last is in the future.
    list_display = [
        "started_at",
        Column("endpoint", accessor="delivery.endpoint"),
        Column("event", accessor="delivery.event"),
        Column("object_id", label="Page", accessor="delivery.object_id"),
        Column("number", label="Attempt"),
        Column("outcome"),
        Column("duration_ms", label="ms"),
        Column("retry_at", label="Next attempt", accessor=exact_time),
        Column("redeliver", label="", accessor=redeliver_link),
    ]
    list_filter = ["delivery__endpoint", "succeeded", "delivery__event"]
    inspect_view_fields = [
        "delivery",
        "idempotency_key",
        "request_body",
        "number",
        "started_at",
        "duration_ms",
        "status_code",
        "error",
        "response_excerpt",
        "succeeded",
        "retry_at",
    ]

    def get_queryset(self, request):
        return WebhookAttempt.objects.select_related("delivery__endpoint")

    def get_permissions_to_register(self):
        # Settings → Groups would offer add/change/delete too, which the read-only policy ignores.
        return super().get_permissions_to_register().filter(codename="view_webhookattempt")

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{self.pk_path_converter}:pk>/", self.inspect_view, name="inspect"),
            path("redeliver/<int:pk>/", RedeliverView.as_view(), name="redeliver"),
        ]


class WebhooksGroup(ViewSetGroup):
    items = (WebhookEndpointViewSet("webhook_endpoints"), WebhookAttemptViewSet())
    menu_icon = "link-external"
    menu_label = "Webhooks"
    menu_name = "webhooks"


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhooksGroup()
