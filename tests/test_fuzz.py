"""Property-based tests: whatever the query string or the import file, never a server error.

Every API endpoint the router registers is covered, with every query parameter it declares, so a
new endpoint or parameter is fuzzed without touching this file.
"""

import json
from contextlib import suppress
from io import StringIO
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.api import api_router
from reviews.ingest.json_format import export_item

from .conftest import SAMPLE

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def api_paths():
    """Each registered endpoint's listing, detail and find paths (and the preview endpoint
    beside the router), with the query parameters its view knows."""
    paths = []
    for endpoint in api_router.get_urlpatterns():
        for route in endpoint.url_patterns:
            name = f"{api_router.url_namespace}:{endpoint.namespace}:{route.name}"
            path = reverse(name, kwargs={"pk": 1} if route.name == "detail" else {})
            paths.append((path, sorted(route.callback.cls.known_query_parameters)))
    preview = resolve(reverse("page_preview")).func.cls
    return [*paths, (reverse("page_preview"), sorted(preview.known_query_parameters))]


API_PATHS = api_paths()

# Text as a person or a script might type it: control characters, quotes, operators, huge numbers.
values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999", "*", "a,b", '"', "NaN"]),
    st.lists(st.sampled_from(["word", "AND", "OR", '"', "-"]), max_size=300).map(" ".join),
)
raw_bytes = st.binary(max_size=20).map(quote_from_bytes)


def test_the_fuzzer_covers_every_endpoint_of_the_router():
    prefixes = {path.split("/")[3] for path, _ in API_PATHS}
    assert {"pages", "images", "documents", "films"} <= prefixes
    assert any(path.endswith("/find/") for path, _ in API_PATHS)


@pytest.mark.parametrize(("path", "names"), API_PATHS, ids=[path for path, _ in API_PATHS])
@FUZZ
@given(data=st.data())
def test_api_query_strings_never_give_a_server_error(sample_review, path, names, data):
    chosen = data.draw(st.lists(st.sampled_from([*names, "unknown"]), max_size=4, unique=True))
    query = "&".join(
        f"{quote(name)}={data.draw(st.one_of(values.map(quote), raw_bytes))}" for name in chosen
    )
    response = Client(raise_request_exception=False).get(f"{path}?{query}")
    assert response.status_code < 500, (path, query, response.content[:300])
    assert b"Traceback" not in response.content
    if response.status_code == 400:
        assert response.json()["message"]


def run_import(path):
    # CommandError: a one-line refusal, the command's way to say the file was not imported.
    with suppress(CommandError):
        call_command("import_reviews", str(path), stdout=StringIO(), stderr=StringIO())


def mutated(text):
    """The sample review with a slice replaced by other text: nearly valid files."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, 200), st.text(max_size=60)).map(
        lambda cut: text[: cut[0]] + cut[2] + text[cut[0] + cut[1] :]
    )


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), mutated(SAMPLE.read_text()).map(str.encode)))
def test_plain_text_imports_never_crash(index, tmp_path, data):
    path = tmp_path / "review.txt"
    path.write_bytes(data)
    run_import(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@FUZZ
@given(data=st.data())
def test_json_imports_never_crash(sample_review, tmp_path, data):
    item = export_item(sample_review)
    # Replace one field (top level, film or a block) with any JSON value.
    target = data.draw(st.sampled_from([item, item["film"], item["body"][0], item["body"][1]]))
    target[data.draw(st.sampled_from(sorted(target)))] = data.draw(json_values)
    path = tmp_path / "review.json"
    path.write_text(json.dumps(item))
    run_import(path)
