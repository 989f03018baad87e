from datetime import timedelta

from django import forms
from django.conf import settings
from wagtail.admin.forms import WagtailAdminModelForm

from .models import EVENTS


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=EVENTS,
        widget=forms.CheckboxSelectMultiple,
        help_text="The events this endpoint receives.",
    )
    # Never sent back to the browser: an edit leaves the secret as it is unless one is typed.
    secret = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        min_length=16,
        max_length=200,
        required=False,
        help_text=(
            "Shared with the receiver, which checks the X-Webhook-Signature header with it; "
            "16 characters or more (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'`). Leave blank when editing to keep the current "
            "one. "
            "A new secret replaces the old one gradually: deliveries carry signatures with both "
            "for a day (WEBHOOK_SECRET_OVERLAP), so the receiver can switch in its own time."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_secret = self.instance.secret
        self.fields["secret"].required = not self.instance.pk

    def clean_secret(self):
        return self.cleaned_data["secret"] or self.instance.secret

    def save(self, commit=True):
        endpoint = super().save(commit=False)
        if self.saved_secret:
            endpoint.secret = self.saved_secret
            overlap = timedelta(seconds=settings.WEBHOOK_SECRET_OVERLAP)
            endpoint.rotate_secret(self.cleaned_data["secret"], overlap)
        if commit:
            endpoint.save()
        return endpoint
