from django import forms
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
            "print(secrets.token_urlsafe(32))'`). Leave blank when editing to keep the current one."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secret"].required = not self.instance.pk

    def clean_secret(self):
        return self.cleaned_data["secret"] or self.instance.secret
