"""Uploads that the server has no room to receive (FILE_UPLOAD_HANDLERS).

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file; when that
write fails (a full disk), the whole request is a 500. Here the rest of that file is read and
dropped, the temporary file removed, and the form gets an `UnkeptUpload` in its place, which
the project's upload forms (cms/files/forms.py) turn into an error on the field.
"""

import contextlib
import io
import logging

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

logger = logging.getLogger(__name__)


class UnkeptUpload(UploadedFile):
    """An upload the server could not keep: its name and why, no content."""

    def __init__(self, name, content_type, error):
        super().__init__(io.BytesIO(), name, content_type, size=0)
        self.error = error


class RoomCheckingTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.error = None

    def receive_data_chunk(self, raw_data, start):
        if self.error is not None:
            return None  # the rest of a file that cannot be kept
        try:
            self.file.write(raw_data)
        except OSError as error:
            self.drop(error)
        return None

    def file_complete(self, file_size):
        if self.error is None:
            try:
                return super().file_complete(file_size)  # the last buffered bytes go out here
            except OSError as error:
                self.drop(error)
        return UnkeptUpload(self.file_name, self.content_type, self.error)

    def drop(self, error):
        logger.error("Upload %r not received: %s", self.file_name, error)
        self.error = error
        with contextlib.suppress(OSError):
            self.file.close()  # a temporary file: closing removes it
