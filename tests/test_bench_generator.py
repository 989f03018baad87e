"""The benchmark's review generator writes varied files that the parser reads."""

import re

from reviews.ingest.parser import parse_review_bytes
from tests.benchmarks.generate_reviews import generate

HANGUL = re.compile("[\uac00-\ud7a3]")
TITLE_DASH = re.compile(r"\(\d{4}\) Review\s*([–—:-])")


def score_form(value):
    if not value:
        return "blank"
    if "/" in value:
        return "N/10"
    return "N.N" if "." in value else "N"


def test_generated_reviews_parse_and_vary(tmp_path):
    paths = generate(tmp_path, 30)

    assert len(paths) == 30
    assert sorted(tmp_path.iterdir()) == sorted(paths)
    keys, dashes, scores = set(), set(), set()
    crlf = duplicated = hangul = copied = 0
    for path in paths:
        data = path.read_bytes()
        parsed = parse_review_bytes(data)
        keys.add(parsed.source_key)
        assert parsed.sections and parsed.verdict, path.name
        lines = data.decode("utf-8-sig").splitlines()
        if not TITLE_DASH.search(lines[0]):
            # A page copied from another site: its critic is read from the byline.
            assert parsed.critics, path.name
            copied += 1
            continue
        dashes.add(TITLE_DASH.search(lines[0])[1])
        scores.add(score_form(next(line for line in lines[1:] if line).split(":", 1)[1].strip()))
        crlf += b"\r\n" in data
        duplicated += sum(line.startswith("Release:") for line in lines) == 2
        hangul += bool(HANGUL.search(data.decode()))

    assert len(keys) == 30
    assert len(dashes) >= 3
    assert len(scores) >= 3
    assert crlf and crlf < 30
    assert duplicated and hangul
    assert 0 < copied < 30


def test_generation_is_deterministic(tmp_path):
    first = [path.read_bytes() for path in generate(tmp_path / "a", 5, seed=7)]
    again = [path.read_bytes() for path in generate(tmp_path / "b", 5, seed=7)]
    other = [path.read_bytes() for path in generate(tmp_path / "c", 5, seed=8)]

    assert first == again
    assert first != other
