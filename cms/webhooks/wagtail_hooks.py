from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .forms import WebhookEndpointForm
from .models import EVENTS, WebhookAttempt, WebhookEndpoint

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
        ]


class WebhooksGroup(ViewSetGroup):
    items = (WebhookEndpointViewSet("webhook_endpoints"), WebhookAttemptViewSet())
    menu_icon = "link-external"
    menu_label = "Webhooks"
    menu_name = "webhooks"


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhooksGroup()
