"""Uploaded files and zip archives as (name, bytes) pairs the importer reads.

Nothing is ever written to disk, so a member named "../../etc/passwd" cannot escape anywhere; it
is still refused, as are archives that would unpack past the size limits (zip bombs): the sizes
in a zip's directory can lie, so reading stops at the limit rather than trusting them.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings

SUFFIXES = (".txt", ".json", ".html", ".htm", ".xml")
# A text review compresses about 3:1 and a WordPress export about 10:1; a bomb, thousands to one.
MAX_RATIO = 200


class UploadRefused(ValueError):
    """One line for the form: which upload and why."""


@dataclass
class Upload:
    name: str
    data: bytes


def uploads(files):
    """The review files in the uploaded files (zips unpacked), in name order."""
    found, total = [], 0
    for file in files:
        if file.name.lower().endswith(".zip"):
            members = unzip(file)
        elif file.name.lower().endswith(SUFFIXES):
            members = [Upload(PurePosixPath(file.name).name, read_limited(file, file.name))]
        else:
            raise UploadRefused(f"{file.name}: not a .txt, .json, .html, .xml or .zip file")
        for member in members:
            total += len(member.data)
            if total > settings.REVIEW_IMPORT_MAX_BYTES:
                raise UploadRefused(
                    f"the files come to more than {settings.REVIEW_IMPORT_MAX_BYTES:,} bytes"
                )
            found.append(member)
            if len(found) > settings.REVIEW_IMPORT_MAX_FILES:
                raise UploadRefused(
                    f"more than {settings.REVIEW_IMPORT_MAX_FILES:,} files: split the import"
                )
    if not found:
        raise UploadRefused("no .txt, .json, .html or .xml files in the upload")
    names = [upload.name for upload in found]
    if len(set(names)) < len(names):
        # Report rows are per file name: two files of one name would be indistinguishable.
        twice = sorted({name for name in names if names.count(name) > 1})
        raise UploadRefused(f"two files are named {twice[0]}: rename one")
    return sorted(found, key=lambda upload: upload.name)


def read_limited(file, name):
    data = file.read(settings.REVIEW_IMPORT_MAX_BYTES + 1)
    if len(data) > settings.REVIEW_IMPORT_MAX_BYTES:
        raise UploadRefused(f"{name} is larger than {settings.REVIEW_IMPORT_MAX_BYTES:,} bytes")
    return data


def unzip(file):
    """The archive's review files, read one at a time so the caller's total limit stops a bomb."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError):
        raise UploadRefused(f"{file.name}: not a readable zip archive") from None
    with archive:
        for info in archive.infolist():
            path = PurePosixPath(info.filename.replace("\\", "/"))
            if info.is_dir() or path.name.startswith(".") or "__MACOSX" in path.parts:
                continue
            if path.is_absolute() or ".." in path.parts:
                raise UploadRefused(f"{file.name}: the member {info.filename} points outside it")
            if not path.name.lower().endswith(SUFFIXES):
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise UploadRefused(f"{file.name}: {info.filename} unpacks suspiciously large")
            try:
                with archive.open(info) as member:
                    data = read_limited(member, f"{file.name}: {info.filename}")
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
                # RuntimeError: encrypted; NotImplementedError: an unsupported compression.
                raise UploadRefused(f"{file.name}: cannot read {info.filename} ({error})") from None
            yield Upload(str(path), data)
