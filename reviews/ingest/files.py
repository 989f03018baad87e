"""Which files an import reads, and how each becomes reviews."""

from pathlib import Path

from .batch import SUFFIXES, read_upload
from .parser import ReviewFormatError
from .wordpress import MAX_WXR_BYTES


def review_files(path: Path):
    """The review files a path names: itself, or the review files below a directory."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        if not files:
            raise ReviewFormatError("no .txt, .json, .html or .xml files in this directory")
        return files
    if not path.exists():
        raise ReviewFormatError("no such file or directory")
    return [path]


def read_file(path: Path):
    """A review file's bytes; raises ReviewFormatError with a one-line reason."""
    try:
        # The largest format's limit: each reader checks its own.
        size = path.stat().st_size
        if size > MAX_WXR_BYTES:
            raise ReviewFormatError(f"the file is {size:,} bytes; the limit is {MAX_WXR_BYTES:,}")
        return path.read_bytes()
    except OSError as error:
        raise ReviewFormatError(f"cannot read the file ({error.strerror})") from None


def read_reviews(path: Path, **reading):
    """The ReviewInputs in one file; raises ReviewFormatError with a one-line reason."""
    return read_upload(path.name, read_file(path), **reading)
