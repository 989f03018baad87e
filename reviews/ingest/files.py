"""Which files an import reads, and how each becomes reviews."""

from pathlib import Path

from . import json_format
from .importer import from_parsed
from .parser import MAX_BYTES, ReviewFormatError, parse_review_bytes

SUFFIXES = (".txt", ".json")


def review_files(path: Path):
    """The review files a path names: itself, or the .txt/.json files below a directory."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        if not files:
            raise ReviewFormatError("no .txt or .json review files in this directory")
        return files
    if not path.exists():
        raise ReviewFormatError("no such file or directory")
    return [path]


def read_reviews(path: Path):
    """The ReviewInputs in one file; raises ReviewFormatError with a one-line reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReviewFormatError(f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        data = path.read_bytes()
    except OSError as error:
        raise ReviewFormatError(f"cannot read the file ({error.strerror})") from None
    if path.suffix.lower() == ".json":
        return json_format.read_document(data)
    return [from_parsed(parse_review_bytes(data))]
