"""Which files an import reads, and which reader turns each into reviews."""

from pathlib import Path

from . import json_format, text, web_page, wordpress
from .inputs import ReadContext, ReviewFormatError
from .parser import MAX_BYTES

# One reader per input shape, chosen by the file's suffix; each returns a list of ReviewInput.
READERS = {
    ".txt": text.read,
    ".json": json_format.read,
    ".html": web_page.read,
    ".htm": web_page.read,
    ".xml": wordpress.read,
}
# A WordPress export holds a whole site; every other file holds one review or a few.
SIZE_LIMITS = {".xml": wordpress.MAX_WXR_BYTES, ".html": web_page.MAX_PAGE_BYTES}


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


def read_file(path: Path) -> bytes:
    """A review file's bytes, within its format's size limit; ReviewFormatError says why not."""
    limit = size_limit(path.name)
    try:
        size = path.stat().st_size
        if size > limit:
            raise ReviewFormatError(f"the file is {size:,} bytes; the limit is {limit:,}")
        return path.read_bytes()
    except OSError as error:
        raise ReviewFormatError(f"cannot read the file ({error.strerror})") from None


def size_limit(name):
    suffix = Path(name).suffix.lower()
    return SIZE_LIMITS.get(".html" if suffix == ".htm" else suffix, MAX_BYTES)


def read_data(data: bytes, context: ReadContext):
    """The ReviewInputs in a file's bytes, by the reader its name's suffix chooses."""
    # Any other suffix (a file named on the command line) is read as plain text.
    reader = READERS.get(context.path.suffix.lower(), text.read)
    return reader(data, context)
