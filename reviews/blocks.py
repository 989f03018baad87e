"""The review StreamBlock: editorial prose only; film facts live on the Film model."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from .images import BLOCK_IMAGE_SIZES, image_data

PROSE_FEATURES = ["bold", "italic", "link", "ol", "ul", "blockquote"]
BLOCK_TEMPLATES = "components/streamfield/blocks"


# A root-relative href or src in rendered rich text (Wagtail writes internal links that way).
ROOT_RELATIVE = re.compile(r'(\b(?:href|src)=")/(?!/)')
# The editor's block ids (Draftail's), which mean nothing outside the admin.
BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


class ProseBlock(blocks.RichTextBlock):
    """Rich text with the review features; in the API, links are absolute so front ends on
    other hosts can use the HTML as it is."""

    def __init__(self, **kwargs):
        super().__init__(features=PROSE_FEATURES, **kwargs)

    def get_api_representation(self, value, context=None):
        html = super().get_api_representation(value, context)
        return BLOCK_KEY.sub("", ROOT_RELATIVE.sub(rf"\1{settings.PUBLIC_BASE_URL}/", html))


class SummaryBlock(ProseBlock):
    class Meta:
        icon = "doc-full"
        label = "Summary"
        template = f"{BLOCK_TEMPLATES}/summary.html"
        help_text = "The opening paragraphs: what the film is and what you think of it."
        preview_value = "<p>A lean, stylish revenge thriller that never finds its heart.</p>"


class AnalysisBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="e.g. “Plot Summary”, “Performances”")
    body = ProseBlock()

    class Meta:
        icon = "pilcrow"
        label = "Analysis section"
        template = f"{BLOCK_TEMPLATES}/analysis.html"
        preview_value = {
            "heading": "Lack of Depth",
            "body": "<p>The relationship at the film’s centre is hinted at but never felt.</p>",
        }


class VerdictBlock(blocks.StructBlock):
    body = ProseBlock()

    class Meta:
        icon = "tick-inverse"
        label = "Verdict"
        template = f"{BLOCK_TEMPLATES}/verdict.html"
        preview_value = {"body": "<p>Striking to look at, and gone from memory by morning.</p>"}


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = "Pull quote"
        template = f"{BLOCK_TEMPLATES}/pull_quote.html"
        preview_value = {"quote": "Style over substance, in every frame.", "attribution": ""}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe the image for readers who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = f"{BLOCK_TEMPLATES}/image.html"
        preview_value = {"alt_text": "A still from the film", "caption": "A still from the film"}

    def get_api_representation(self, value, context=None):
        if value["image"] is None:
            return None
        data = image_data(value["image"], "max-1200x1200", value["alt_text"], [BLOCK_IMAGE_SIZES])
        return None if data is None else {**data, "caption": value["caption"]}


class ReviewStreamBlock(blocks.StreamBlock):
    summary = SummaryBlock()
    analysis = AnalysisBlock()
    verdict = VerdictBlock()
    pull_quote = PullQuoteBlock()
    image = ImageBlock()

    class Meta:
        # The structure rules below apply when publishing or submitting, not to drafts.
        required = False

    def clean(self, value):
        value = super().clean(value)
        if not self.is_deferred_validation:
            problems = structure_problems([child.block_type for child in value])
            if problems:
                raise StreamBlockValidationError(
                    non_block_errors=[ValidationError(problem) for problem in problems]
                )
        return value


def structure_problems(block_types):
    """Messages for every way a review body breaks the publishing rules (empty when it is fine)."""
    problems = []
    summaries = block_types.count("summary")
    verdicts = block_types.count("verdict")
    if summaries == 0:
        problems.append("Add a summary before publishing.")
    elif summaries > 1:
        problems.append("A review has one summary: merge or remove the extra summaries.")
    elif block_types[0] != "summary":
        problems.append("Move the summary to the top of the review.")
    if "analysis" not in block_types:
        problems.append("Add at least one analysis section before publishing.")
    if verdicts == 0:
        problems.append("Add a verdict before publishing.")
    elif verdicts > 1:
        problems.append("A review has one verdict: merge or remove the extra verdicts.")
    elif block_types[-1] != "verdict":
        problems.append("Move the verdict to the end of the review.")
    return problems
