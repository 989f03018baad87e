from django import forms

from cms.files.forms import RefusesUnkeptUploads

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


class UploadForm(RefusesUnkeptUploads, forms.Form):
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
    categories = forms.CharField(
        label="Only these categories",
        required=False,
        max_length=500,
        help_text="WordPress exports: import only the posts in these categories (names or slugs, "
        "separated by commas). Leave empty for every post.",
    )
    tags = forms.CharField(
        label="Only these tags",
        required=False,
        max_length=500,
        help_text="WordPress exports: import only the posts with these tags (names or slugs, "
        "separated by commas).",
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

    def clean_categories(self):
        return names(self.cleaned_data["categories"])

    def clean_tags(self):
        return names(self.cleaned_data["tags"])


def names(value):
    return [name.strip() for name in value.split(",") if name.strip()]
