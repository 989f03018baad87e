from django import forms

from .archive import UploadRefused, uploads
from .models import ReviewImport


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in data]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Review files",
        help_text=(
            "Plain text (.txt), JSON (.json), saved web pages (.html, .htm), WordPress exports "
            "(.xml), or a .zip of them. Nothing is written until you confirm."
        ),
    )
    action = forms.ChoiceField(
        label="Then",
        choices=ReviewImport.Action.choices,
        initial=ReviewImport.Action.DRAFT,
        widget=forms.RadioSelect,
    )
    category = forms.CharField(
        required=False,
        max_length=200,
        help_text="WordPress exports: only the posts in this category (name or slug).",
    )
    tag = forms.CharField(
        required=False,
        max_length=200,
        help_text="WordPress exports: only the posts with this tag (name or slug).",
    )

    def __init__(self, *args, can_publish, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = ".txt,.json,.html,.htm,.xml,.zip"
        if not can_publish:
            # Writers' imports are drafts: submitting and publishing are an editor's call.
            self.fields["action"].choices = [
                (value, label)
                for value, label in ReviewImport.Action.choices
                if value == ReviewImport.Action.DRAFT
            ]

    def clean_files(self):
        try:
            return uploads(self.cleaned_data["files"])
        except UploadRefused as error:
            raise forms.ValidationError(str(error)) from None
