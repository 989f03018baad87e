"""The admin's image and document forms (WAGTAILIMAGES_IMAGE_FORM_BASE,
WAGTAILDOCS_DOCUMENT_FORM_BASE): Wagtail's, with the file written while the form is validated."""

import errno
import logging

from django.utils.datastructures import MultiValueDict
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .uploads import UnkeptUpload

logger = logging.getLogger(__name__)

NO_ROOM = (errno.ENOSPC, errno.EDQUOT)


def not_saved_message(error):
    if error.errno in NO_ROOM:
        return (
            "The server has no room left for this file, so it was not saved. Try again later, "
            "and tell the site's administrator."
        )
    return f"The file could not be saved ({error.strerror}). Try again later."


class RefusesUnkeptUploads:
    """A form whose uploads the server could not receive (cms/files/uploads.py) says so on the
    field, instead of checking a file that is not there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unkept = {}
        if not self.files:
            return
        kept = MultiValueDict()
        for name, uploads in (
            self.files.lists() if hasattr(self.files, "lists") else self.files.items()
        ):
            for upload in uploads if isinstance(uploads, list) else [uploads]:
                if isinstance(upload, UnkeptUpload):
                    self.unkept.setdefault(name, upload.error)
                else:
                    kept.appendlist(name, upload)
        self.files = kept

    def clean(self):
        cleaned_data = super().clean()
        for name, error in self.unkept.items():
            field = name if name in self.fields else None
            # Only this message: "This field is required" would be about the missing file.
            self.errors.pop(field, None)
            self.add_error(field, not_saved_message(error))
        return cleaned_data


class FileWrittenOnValidation(RefusesUnkeptUploads):
    """Wagtail writes an upload when it saves the object, where a full disk is a 500. Written at
    the end of validation instead (once every field is valid), a failed write becomes an error
    on the file field: the editor keeps the form, nothing is created, and the storage
    (cms/files/storage.py) leaves no partial file. The object's save then finds the file
    written and does not write it again.

    ModelForm's public validate_unique() is the last step of validation: the instance is built
    and every field and model check has passed or been recorded by then."""

    def validate_unique(self):
        super().validate_unique()
        if self.errors or "file" not in self.changed_data:
            return
        upload = self.cleaned_data["file"]
        try:
            self.instance.file.save(upload.name, upload, save=False)
        except OSError as error:
            logger.error("Upload %r not saved: %s", upload.name, error)
            self.add_error("file", not_saved_message(error))


class ImageForm(FileWrittenOnValidation, BaseImageForm):
    pass


class DocumentForm(FileWrittenOnValidation, BaseDocumentForm):
    pass
