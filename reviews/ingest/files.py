"""Which files an import reads, and which reader turns each into reviews."""

from pathlib import Path

from . import json_format, text
from .inputs import ReadContext, ReviewFormatError
from .parser import MAX_BYTES

# One reader per input shape, chosen by the file's suffix; each returns a list of ReviewInput.
READERS = {
    ".txt": text.read,
    ".json": json_format.read,
}


def review_files(path: Path):
    """The review files a path names: itself, or the readable files below a directory."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in READERS and p.is_file())
        if not files:
            kinds = ", ".join(READERS)
            raise ReviewFormatError(f"no review files ({kinds}) in this directory")
        return files
    if not path.exists():
        raise ReviewFormatError("no such file or directory")
    return [path]


def read_reviews(path: Path, context: ReadContext | None = None):
    """The ReviewInputs in one file; raises ReviewFormatError with a one-line reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReviewFormatError(f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        data = path.read_bytes()
    except OSError as error:
        raise ReviewFormatError(f"cannot read the file ({error.strerror})") from None
    # Any other suffix (a file named on the command line) is read as plain text.
    reader = READERS.get(path.suffix.lower(), text.read)
    return reader(data, context or ReadContext(path=path))
