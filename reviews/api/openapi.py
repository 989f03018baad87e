"""The OpenAPI 3.1 document of the read API, served at /api/v2/openapi.json.

Generated, never kept by hand, so that it cannot drift from the API: endpoints, parameters and
fields come from the views in the router; value types, nullability, lengths, choices and bounds
from the model fields; the body from the review StreamBlock's child blocks; and custom values from
the `openapi_schema` that each serializer field and block declares beside the code that writes
it. Whatever the generator cannot map raises while building, so a new field or block fails the
tests until it has a schema.
"""

import functools
import re
from decimal import Decimal
from typing import get_args

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import JsonResponse
from django.urls import reverse
from rest_framework import serializers
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v2 import serializers as wagtail_fields
from wagtail.api.v2.serializers import get_serializer_class
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.fields import StreamField
from wagtail.images.api.v2.serializers import ImageDownloadUrlField
from wagtail.models import Page, get_page_models
from wagtail_headless_preview.models import HeadlessPreviewMixin

from ..blocks import ImageBlock
from ..models import SLUG, ReviewPage
from .fields import FilmSerializer, ScoreField, image_schema
from .filters import SEARCH_QUERY, SEARCH_TYPES, YEAR_RANGE
from .views import (
    MAX_OFFSET,
    REVIEW_ORDERINGS,
    UNDOCUMENTED_PARAMETERS,
    PagePreviewAPIViewSet,
)

URL = {"type": "string", "format": "uri"}
REVIEWS_ONLY = "Lists reviews only (implies `type=reviews.ReviewPage`)."
RICH_TEXT = "Rich text: HTML, or what `rich_text_format` asks for."
# jQuery's cache-buster and DRF's renderer switch: accepted, but not part of the contract.
# "Image" is the form with renditions that posters and image blocks carry; the images endpoint
# lists the library's records.
ITEM_NAMES = {"wagtailimages.Image": "LibraryImage"}


class Unmapped(TypeError):
    def __init__(self, thing):
        name = type(thing).__name__
        super().__init__(f"no JSON Schema for {name}: map it here, or give it `openapi_schema`")


class OpenAPI:
    """Builds the document. Serializer fields and blocks call back into it as `openapi`."""

    URL = URL

    def __init__(self, router, endpoints, extra_paths=()):
        self.router, self.endpoints, self.extra_paths = router, endpoints, extra_paths
        self.partial = False  # while describing a listing item, whose nested film `fields` narrows
        self.schemas = {"Error": self.object({"message": {"type": "string"}})}

    # What `openapi_schema` implementations use

    def component(self, name, schema):
        if self.schemas.setdefault(name, schema) != schema:
            raise ValueError(f"two different schemas are named {name}")
        return {"$ref": f"#/components/schemas/{name}"}

    @staticmethod
    def object(properties, required=None):
        """An object with exactly these properties, all of them required unless listed."""
        return {
            "type": "object",
            "properties": properties,
            "required": list(properties) if required is None else required,
            "additionalProperties": False,
        }

    @staticmethod
    def nullable(schema):
        kind = schema.get("type")
        if kind == "null" or {"type": "null"} in schema.get("anyOf", []):
            return schema
        if isinstance(kind, list):
            return {**schema, "type": [*kind, "null"]}
        if kind and "enum" not in schema and "const" not in schema:
            return {**schema, "type": [kind, "null"]}
        return {"anyOf": [schema, {"type": "null"}]}

    def block(self, block):
        """A block's value as its get_api_representation() writes it."""
        if isinstance(block, ImageBlock):
            # null when the chosen image has been deleted
            caption = self.block(block.child_blocks["caption"])
            return self.nullable(image_schema(self, caption=caption))
        if isinstance(block, blocks.StreamBlock):
            children = [
                self.stream_child(name, child) for name, child in block.child_blocks.items()
            ]
            return {"type": "array", "items": {"oneOf": children}}
        if isinstance(block, blocks.StructBlock):
            return self.object(
                {name: self.block(child) for name, child in block.child_blocks.items()}
            )
        if isinstance(block, blocks.RichTextBlock):
            return {"type": "string", "contentMediaType": "text/html", "description": RICH_TEXT}
        if isinstance(block, blocks.CharBlock | blocks.TextBlock):
            schema = {"type": "string"}
            if block.field.max_length:
                schema["maxLength"] = block.field.max_length
            # An optional child missing from stored data comes out as null.
            return schema if block.required else self.nullable(schema)
        raise Unmapped(block)

    def model_field(self, model, name, serializer=None):
        """`model`'s field `name` as `serializer` writes it, by default as Wagtail's API does."""
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None  # a method, such as ReviewPage.seo
        field = field if isinstance(field, models.Field) else None  # not a reverse relation
        if serializer is None:
            return self.field(field)
        if isinstance(serializer, serializers.Serializer):
            schema = self.nested(serializer, field.related_model)
        elif hasattr(serializer, "openapi_schema"):
            schema = serializer.openapi_schema
            schema = schema(self) if callable(schema) else schema
        else:
            schema = self.wagtail_field(serializer)
        if field is None:
            return schema
        if schema.get("type") in ("integer", "number"):
            schema = {**schema, **bounds(field)}
        # DRF writes None as null without asking the serializer.
        return self.nullable(schema) if is_nullable(field) else schema

    def stream_child(self, name, block):
        schema = {**self.block(block), "title": str(block.meta.label)}
        if help_text := getattr(block.meta, "help_text", None):
            schema["description"] = str(help_text)
        value = self.component(type(block).__name__, schema)
        return self.object({"type": {"const": name}, "value": value, "id": {"type": "string"}})

    def field(self, field, allow_null=True):
        """A model field's value as Wagtail's serializers write it."""
        if isinstance(field, StreamField):
            schema = self.block(field.stream_block)
        elif isinstance(field, TaggableManager):
            schema = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
        elif isinstance(field, models.BooleanField):
            schema = {"type": "boolean"}
        elif isinstance(field, models.IntegerField):
            schema = {"type": "integer", **bounds(field)}
        elif isinstance(field, models.DecimalField):
            schema = {"type": "string", "format": "decimal"}  # DRF writes decimals as strings
        elif isinstance(field, models.DateTimeField):
            schema = {"type": "string", "format": "date-time"}
        elif isinstance(field, models.DateField):
            schema = {"type": "string", "format": "date"}
        elif isinstance(field, models.CharField | models.TextField):
            schema = {"type": "string"}
            if field.max_length:
                schema["maxLength"] = field.max_length
            if field.choices:
                schema["enum"] = [value for value, _ in field.flatchoices]
        else:
            raise Unmapped(field)
        return self.nullable(schema) if allow_null and is_nullable(field) else schema

    def nested(self, serializer, model):
        """A plain serializer of a related object: its DRF fields pass the model's values on."""
        properties = {
            name: self.model_field(model, name, child if hasattr(child, "openapi_schema") else None)
            for name, child in serializer.fields.items()
        }
        if self.partial:
            # In a listing, `fields=film(…)` chooses which of these appear.
            name = f"{serializer.openapi_component}Fields"
            return self.component(name, self.object(properties, required=[]))
        return self.component(serializer.openapi_component, self.object(properties))

    def wagtail_field(self, serializer):
        """Wagtail's own meta fields, by the serializer field that writes them."""
        link = self.object(
            {
                "id": self.model_field(Page, "id"),
                "meta": self.object(
                    {"type": page_type(), "detail_url": URL, "html_url": self.nullable(URL)}
                ),
                "title": self.model_field(Page, "title"),
            }
        )
        page_link = self.nullable(self.component("PageLink", link))
        schemas = {
            wagtail_fields.DetailUrlField: URL,
            wagtail_fields.PageHtmlUrlField: self.nullable(URL),
            wagtail_fields.PageLocaleField: {"type": "string", "description": "language code"},
            wagtail_fields.PageParentField: page_link,
            wagtail_fields.PageAliasOfField: page_link,
            ImageDownloadUrlField: {"type": "string", "format": "uri-reference"},
            DocumentDownloadUrlField: URL,
        }
        # The nearest mapped class: a subclass that only changes how it fetches writes the same.
        for cls in type(serializer).__mro__:
            if cls in schemas:
                return schemas[cls]
        raise Unmapped(serializer)

    def item(self, view, model, detail, type_schema):
        """An item as a detail (every default field, all required) or in a listing (every field
        but `meta.type` optional: `fields` chooses which appear)."""
        written_by = serializer_fields(view, model)
        if detail:
            shown = set(view.get_detail_default_fields(model))
        else:
            shown = set(view.get_available_fields(model)) - set(view.detail_only_fields)
        schemas = {"type": type_schema}
        self.partial = not detail
        for field in view.get_body_fields(model) + view.get_meta_fields(model):
            if field.name not in schemas and field.name in shown:
                serializer = written_by[field.name]
                if not isinstance(serializer, WAGTAIL_FIELDS) and field.serializer is None:
                    serializer = None  # a plain model field: its schema comes from the model
                schemas[field.name] = self.model_field(model, field.name, serializer)
        self.partial = False
        meta_names = [n for n in view.get_meta_fields_names(model) if n in schemas]
        meta = {name: schemas[name] for name in meta_names}
        body = {n: schemas[n] for n in view.get_body_fields_names(model) if n in schemas}
        properties = {"id": body.pop("id"), "meta": self.object(meta, required=[]), **body}
        if detail:
            return self.object(properties)
        properties["meta"]["required"] = ["type"]
        listing = ", ".join(view.get_listing_default_fields(model))
        return {
            **self.object(properties, required=["meta"]),
            "description": f"By default a listing item carries {listing}.",
        }

    def items(self, view, detail):
        """The schema of an endpoint's items: one per type whose API adds fields, then the
        others together (pages), told apart by `meta.type`."""
        models_ = item_models(view)
        suffix = "" if detail else "Item"
        schemas = []
        for model in models_:
            if model is Page:
                others = [label(m) for m in get_page_models() if m not in models_]
                type_schema, title = {"enum": sorted({*others, label(Page)})}, "Page"
            else:
                type_schema, title = {"const": label(model)}, ITEM_NAMES.get(label(model))
            name = (title or model.__name__) + suffix
            schemas.append(self.component(name, self.item(view, model, detail, type_schema)))
        return schemas[0] if len(schemas) == 1 else {"oneOf": schemas}

    def endpoint(self, name, view):
        models_ = item_models(view)
        listing = self.object(
            {
                "meta": self.object({"total_count": {"type": "integer", "minimum": 0}}),
                "items": {"type": "array", "items": self.items(view, detail=False)},
            }
        )
        known = self.query_parameters(view, models_)
        names = sorted(view.known_query_parameters - UNDOCUMENTED_PARAMETERS)
        listing_parameters = [parameter(p, *known[p]) for p in names]
        listing_parameters += self.field_filters(view, models_)
        # get_object_or_404 looks up the locale.
        not_found = {"404": ERROR} if "locale" in view.known_query_parameters else {}
        find_parameters = [parameter(p, *known[p]) for p in sorted(view.find_query_parameters)]
        path = reverse(f"{self.router.url_namespace}:{name}:listing")
        noun, plural = view.model._meta.verbose_name, view.model._meta.verbose_name_plural
        detail_id = f"{name}_detail"
        first_item = {
            "operationId": detail_id,
            "parameters": {"path.id": "$response.body#/items/0/id"},
            "description": "The first item's detail.",
        }
        return {
            path: operation(
                f"{name}_listing",
                f"List {plural}",
                listing_parameters,
                {
                    "200": {**ok(listing), "links": {"FirstItem": first_item}},
                    "304": NOT_MODIFIED,
                    "400": ERROR,
                    **not_found,
                },
                description=f"By default {default_order(view)}.",
            ),
            f"{path}{{id}}/": operation(
                detail_id,
                f"One {noun}",
                [
                    {"name": "id", "in": "path", "required": True, "schema": self.id_schema()},
                    *(parameter(p, *known[p]) for p in sorted(view.detail_query_parameters)),
                ],
                {
                    "200": ok(self.items(view, detail=True)),
                    "304": NOT_MODIFIED,
                    "404": ERROR,
                    "400": ERROR,
                },
            ),
            f"{path}find/": operation(
                f"{name}_find",
                f"Find a {noun} by {' or '.join(p['name'] for p in find_parameters)}",
                find_parameters,
                {"302": FOUND, "400": ERROR, "404": ERROR},
                description="Redirects to the detail URL, keeping the other query parameters"
                " (a detail takes only `rich_text_format`).",
            ),
        }

    def id_schema(self):
        """An id: a whole number within the database's range (past it, nothing is found)."""
        return {"type": "integer", **bounds(Page._meta.pk), "minimum": 0}

    def page_preview(self):
        """/api/v2/page_preview/, beside the router: what a front end's preview page reads."""
        view = PagePreviewAPIViewSet
        models_ = [m for m in get_page_models() if issubclass(m, HeadlessPreviewMixin)]
        items = []
        for model in models_:
            schema = self.item(view, model, detail=True, type_schema={"const": label(model)})
            # A page never saved yet has no id (and so, through its serializer, no detail URL).
            schema["properties"]["id"] = self.nullable(schema["properties"]["id"])
            schema["description"] = (
                f"The unsaved edit in the shape of a {model.__name__} detail; `id` and"
                " `meta.detail_url` are null while the page has never been saved."
            )
            items.append(self.component(f"{model.__name__}Preview", schema))
        max_age = settings.HEADLESS_PREVIEW_MAX_AGE
        parameters = [
            {
                **parameter(
                    "content_type",
                    {"enum": sorted(label(model).lower() for model in models_)},
                    "The type of the page being previewed, as the preview URL names it.",
                ),
                "required": True,
            },
            {
                **parameter(
                    "token",
                    {"type": "string", "minLength": 1},
                    "The signed token from the preview URL; valid for"
                    f" {max_age} seconds (`HEADLESS_PREVIEW_MAX_AGE`).",
                ),
                "required": True,
            },
            parameter(
                "rich_text_format", *self.query_parameters(view, models_)["rich_text_format"]
            ),
        ]
        return {
            reverse("page_preview"): operation(
                "preview_detail",
                "An editor's unsaved edit of a page",
                parameters,
                {
                    "200": {
                        "description": "OK: never cached (`Cache-Control: no-store`).",
                        "content": {
                            "application/json": {
                                "schema": items[0] if len(items) == 1 else {"anyOf": items}
                            }
                        },
                    },
                    "400": ERROR,
                    "403": ERROR,
                    "404": ERROR,
                },
                description="The editor's preview panel sends the front end to"
                " `HEADLESS_PREVIEW_URL?content_type=…&token=…`; the front end reads the edit"
                " here with the same two parameters. No sign-in: the token is the key."
                " 400: a parameter is missing or names no previewable type; 403: the token is"
                " forged, malformed or expired (open the preview again); 404: no stored preview.",
            )
        }

    def field_filters(self, view, models_):
        """Wagtail's FieldsFilter: `?<field>=<value>` keeps the items whose field equals it."""
        filters = {}
        for model in reversed(models_):  # the generic page first
            for name in view.get_available_fields(model, db_fields_only=True):
                if name in view.known_query_parameters or name in filters:
                    continue
                field = model._meta.get_field(name)
                if isinstance(field, StreamField):
                    continue  # refused: a body is not a value to compare
                if isinstance(field, TaggableManager):
                    schema, description = {"type": "string"}, "Only items with all these tags"
                    description += " (comma-separated names)."
                elif field.is_relation:
                    schema = self.id_schema()
                    description = f"Only items whose {name} has this id."
                elif isinstance(field, models.DecimalField):
                    schema = {"type": "number", **bounds(field)}
                    description = f"Only items whose {name} equals this."
                else:
                    schema = self.field(field, allow_null=False)
                    description = f"Only items whose {name} equals this."
                if model is not view.model:
                    description += f" {REVIEWS_ONLY}"
                filters[name] = parameter(name, schema, description)
        return list(filters.values())

    def query_parameters(self, view, models_):
        """What each parameter a view knows means: views list the names only."""
        shown = {
            name
            for model in models_
            for name in view.get_available_fields(model)
            if name not in getattr(view, "detail_only_fields", [])
        }
        fields = names_pattern(shown)
        named = fields
        if "film" in shown:
            film = fields_pattern(names_pattern(FilmSerializer().fields))
            named = rf"({fields}|film\({film}\))"
        order = names_pattern(view.all_orderings())
        page_or_root = {"anyOf": [self.id_schema(), {"const": "root"}]}
        # The score's bounds; a filter value is never null.
        score = {**self.model_field(ReviewPage, "score", ScoreField()), "type": "number"}
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        rich_text_formats = list(get_args(RichTextOutputFormat))
        return {
            "type": (
                {"enum": [label(ReviewPage)]},
                "`reviews.ReviewPage`: reviews only, with their fields. A filter, order or field"
                " that only reviews have implies it.",
            ),
            "fields": (
                string(rf"^{fields_pattern(named, fields)}$", "*"),
                "Fields to include, comma-separated: `*` for all, `-name` to leave one out, `_`"
                " to start from none (`*,-seo`, `_,id,title`); `film(title,year)` narrows the"
                " nested film the same way. Items carry only those chosen (and `meta.type`).",
            ),
            "limit": (
                {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": limit_max,
                    "default": min(20, limit_max),
                },
                f"How many items to return (at most {limit_max}, `API_LIMIT_MAX`).",
            ),
            "offset": (
                {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
                "How many items to skip.",
            ),
            "order": (
                string(rf"^(random|-?{order}(,-?{order})*)$", "title"),
                "Sort by these fields, comma-separated, `-` first to reverse, or `random`;"
                " nulls (unscored, undated) last. Reviews also sort by"
                f" {', '.join(REVIEW_ORDERINGS)}.",
            ),
            "search": (
                string(SEARCH_QUERY.pattern, "ballerina"),
                "Full-text search; by relevance unless ordered. At least one word; no NUL"
                " character; quotation marks (phrases) in pairs.",
            ),
            "search_type": (
                {"enum": list(SEARCH_TYPES), "default": "full"},
                "`autocomplete`: search as you type, by the beginnings of words (`parasit`"
                " finds Parasite); over reviews' titles, their films' titles, cast and crew, and"
                " their critics.",
            ),
            "search_operator": (
                {"enum": ["and", "or"]},
                "`and`: every search term must match; `or` (the default): any.",
            ),
            "rich_text_format": (
                {"enum": rich_text_formats, "default": settings.WAGTAILAPI_RICH_TEXT_FORMAT},
                "How rich text is written: `html` is front-end-ready HTML.",
            ),
            "published_since": (
                {"type": "string", "format": "date-time", "examples": ["2026-12-01T21:00:00Z"]},
                "Only pages that went live (first or again) at or after this time"
                " (`meta.last_published_at`); without an offset, UTC.",
            ),
            "child_of": (page_or_root, "Only the children of this page (`root`: the site's)."),
            "descendant_of": (page_or_root, "Only this page's descendants (`root`: the site's)."),
            "ancestor_of": (self.id_schema(), "Only the ancestors of this page."),
            "translation_of": (self.id_schema(), "Only the translations of this page."),
            "locale": (string(example="en"), "Only pages in this locale (a language code)."),
            "site": (string(), "Only pages of the site with this hostname (`host[:port]`)."),
            "genre": (
                string(rf"^{SLUG.pattern}$", "action"),
                f"Only items whose film has the genre with this slug. Pages: {REVIEWS_ONLY}",
            ),
            "min_score": (score, f"Only reviews scored at least this. {REVIEWS_ONLY}"),
            "max_score": (score, f"Only reviews scored at most this. {REVIEWS_ONLY}"),
            "year": (
                {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]},
                f"Only reviews of films from this year. {REVIEWS_ONLY}",
            ),
            "id": (self.id_schema(), "The id of the object to find."),
            "html_path": (
                string(example="/reviews/ballerina-2023-review/"),
                "The path of a page's reader URL (a page's own, not a genre or tag listing).",
            ),
        }

    def document(self):
        paths = {}
        for name, view in self.endpoints:
            paths.update(self.endpoint(name, view))
        paths.update(self.page_preview())
        for extra in self.extra_paths:
            paths.update(extra(self))
        return {
            "openapi": "3.1.0",
            "info": {
                "title": f"{settings.WAGTAIL_SITE_NAME} API",
                "version": "2",
                "description": "The public, read-only headless API: reviews, films, genres,"
                " tags, critics, images and documents. docs/api.md describes it with examples.",
            },
            "servers": [{"url": settings.PUBLIC_BASE_URL}],
            # Anonymous, or a staging front end with a draft API key (docs/api.md).
            "security": [{}, {"draftKey": []}],
            "paths": paths,
            "components": {
                "schemas": dict(sorted(self.schemas.items())),
                "responses": RESPONSES,
                "headers": HEADERS,
                "securitySchemes": {
                    "draftKey": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A draft API key (Settings → API tokens): the pages"
                        " endpoint then answers with every page's latest revision, never cached."
                        " A key that is unknown or revoked answers 401.",
                    }
                },
            },
        }


# Wagtail's own serializer fields, whose values wagtail_field() describes.
WAGTAIL_FIELDS = (
    wagtail_fields.DetailUrlField,
    wagtail_fields.PageHtmlUrlField,
    wagtail_fields.PageLocaleField,
    wagtail_fields.PageParentField,
    wagtail_fields.PageAliasOfField,
    ImageDownloadUrlField,
    DocumentDownloadUrlField,
)


def serializer_fields(view, model):
    """The serializer fields that write each of `model`'s fields in `view`, built as Wagtail
    builds the serializer of a request for all of them."""
    serializer = get_serializer_class(
        model,
        view.get_available_fields(model),
        meta_fields=view.get_meta_fields_names(model),
        field_serializer_overrides=view.get_field_serializer_overrides(model),
        base=view.base_serializer_class,
    )
    return serializer().fields


def default_order(view):
    """What a listing of `view` is sorted by when `order` is not given, in words."""
    if issubclass(view.model, Page):
        return "reviews come newest first (`-first_published_at`), other pages in tree order"
    names = [name.replace("pk", "id") for name in view.default_order]
    return f"items are sorted by {', '.join(names)}"


def label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def page_type():
    return {"enum": sorted(label(model) for model in get_page_models())}


def is_nullable(field):
    # Tags and other many-to-many fields say null=True but are written as lists.
    return field.null and not field.many_to_many


def bounds(field):
    # The tightest of the field's own limits and the database's integer range.
    minimums, maximums = [], []
    for validator in field.validators:
        if isinstance(validator, MinValueValidator | MaxValueValidator):
            value = validator.limit_value
            value = float(value) if isinstance(value, Decimal) else value
            limits = minimums if isinstance(validator, MinValueValidator) else maximums
            limits.append(value)
    limits = {}
    if minimums:
        limits["minimum"] = max(minimums)
    if maximums:
        limits["maximum"] = min(maximums)
    return limits


def item_models(view):
    """The page types whose API adds fields, then the generic page; or the endpoint's model."""
    if not issubclass(view.model, Page):
        return [view.model]
    generic = view.get_body_fields_names(Page)
    return [*(m for m in get_page_models() if view.get_body_fields_names(m) != generic), Page]


def names_pattern(names, separator=None):
    """A regular expression for one of `names`, or a list of them joined by `separator`."""
    one = f"({'|'.join(re.escape(name) for name in sorted(names))})"
    return f"{one}({re.escape(separator)}{one})*" if separator else one


def fields_pattern(named, negatable=None):
    """A `fields` value in Wagtail's syntax, where `named` matches a field (perhaps with a
    selection inside) and `negatable` a name that `-` may leave out: `*` then `-names` only, `_`
    then names only, or a list of names and `-names`."""
    minus = rf"-{negatable or named}"
    any_ = rf"({named}|{minus})"
    return rf"(\*(,{minus})*|_(,{named})*|{any_}(,{any_})*)"


def string(pattern=None, example=None):
    schema = {"type": "string"}
    if pattern:
        schema["pattern"] = pattern
    if example:
        schema["examples"] = [example]
    return schema


# No query value may hold a NUL character (the server refuses it; PostgreSQL cannot store it).
NO_NUL = "^[^\\x00]*$"


def parameter(name, schema, description):
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
        schema = {**schema, "pattern": NO_NUL}
    return {"name": name, "in": "query", "schema": schema, "description": description}


def operation(operation_id, summary, parameters, responses, **extra):
    return {
        "get": {
            "operationId": operation_id,
            "tags": [operation_id.split("_")[0]],
            "summary": summary,
            **extra,
            "parameters": parameters,
            # Only a request that sends Authorization can be refused; a bad key always is.
            "responses": {**responses, "401": ERROR},
        }
    }


def ok(schema):
    return {
        "description": "OK",
        "headers": {name: {"$ref": f"#/components/headers/{name}"} for name in HEADERS},
        "content": {"application/json": {"schema": schema}},
    }


HEADERS = {
    "ETag": {"description": "For If-None-Match.", "schema": {"type": "string"}},
    "Last-Modified": {"description": "For If-Modified-Since.", "schema": {"type": "string"}},
    "Cache-Control": {
        "description": "`public, max-age=…` when anonymous, `private, no-cache` when signed in,"
        " `private, no-store` with a draft API key.",
        "schema": {"type": "string"},
    },
}
RESPONSES = {
    "Error": {
        "description": "A bad parameter (400), a refused draft API key (401), a refused preview"
        " token (403) or nothing to show (404).",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "NotModified": {"description": "Unchanged since the ETag or date of a conditional request."},
    "Found": {
        "description": "Found: `Location` is its detail URL.",
        "headers": {"Location": {"required": True, "schema": URL}},
    },
}
ERROR = {"$ref": "#/components/responses/Error"}
NOT_MODIFIED = {"$ref": "#/components/responses/NotModified"}
FOUND = {"$ref": "#/components/responses/Found"}


@functools.cache
def openapi_document(router, endpoints, extra_paths):
    return OpenAPI(router, endpoints, extra_paths).document()


def openapi_view(request, router, endpoints, extra_paths=()):
    """The document of `endpoints`, (name, viewset) pairs that `router` serves, and of the paths
    each of `extra_paths` describes beside the router (functions given this generator; see
    cms/urls.py)."""
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"message": f"method {request.method} not allowed"}, status=405)
        response["Allow"] = "GET, HEAD"
        return response
    return JsonResponse(openapi_document(router, endpoints, extra_paths))
