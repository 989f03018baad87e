"""Uploads and renditions written whole or not at all."""

import os
import secrets

from django.core.files.storage import FileSystemStorage


class WholeFileSystemStorage(FileSystemStorage):
    """Django's FileSystemStorage writes straight into the file's final name, so a write that
    fails half-way (a full disk) leaves a partial file that keeps the disk full and that nothing
    refers to. Here the bytes go to a hidden file beside it first; once all are written it is
    linked under its name (never over another file: a taken name gets the next free one) and
    the hidden name removed. A failed write removes the hidden file and raises the OSError."""

    def _save(self, name, content):
        directory = os.path.dirname(self.path(name))
        os.makedirs(directory, exist_ok=True)
        partial = os.path.join(directory, f".partial-{secrets.token_hex(8)}")
        # O_EXCL: the name is new; 0o666 less the umask, as Django creates files (the web
        # server must be able to read renditions).
        fd = os.open(
            partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
        )
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
            while True:
                try:
                    os.link(partial, self.path(name))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            os.unlink(partial)
        if self.file_permissions_mode is not None:
            os.chmod(self.path(name), self.file_permissions_mode)
        return os.path.relpath(self.path(name), self.location).replace("\\", "/")
