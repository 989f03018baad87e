"""A review's body from HTML (a saved page's main content, a WordPress post): blocks by headings.

The HTML readers hand over the article's content; this module keeps prose (paragraphs, lists,
quotes) and headings, drops what is page furniture (share buttons, captions, "Related", ads),
and splits it into summary / analysis sections / verdict the way an editor would: text before
the first heading is the summary, each heading opens a section, and a section headed like a
verdict ("Verdict", "Final Thoughts", "Conclusion", "Bottom line"…) is the verdict.
"""

import re
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree, html

from . import chrome
from .inputs import Notes
from .parser import is_verdict_heading
from .richtext import rich_text
from .scores import TEN, read_score
from .titles import Title, parse_title

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
PROSE = {"p", "ul", "ol", "blockquote", "pre"}
# Elements whose content is read as a sequence of blocks rather than kept as one.
CONTAINERS = {"div", "section", "article", "main", "body", "span", "center", "header"}
# Never prose: the reader's page around the review, embedded media and forms.
DROPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "svg",
    "canvas",
    "select",
    "textarea",
    "input",
    "figcaption",
    "table",
}
INLINE_KEPT = {"a", "b", "strong", "i", "em", "br", "li", "ul", "ol", "p", "blockquote"}


@dataclass
class Section:
    heading: str
    parts: list[str] = field(default_factory=list)  # HTML of each paragraph, list or quote


@dataclass
class Image:
    """An image met in the content: the reader decides where its file comes from."""

    src: str
    alt: str
    caption: str
    after_section: int  # -1: after the summary; n: after analysis section n; the verdict never


@dataclass
class SplitBody:
    summary: list[str]
    sections: list[Section]
    verdict: list[str]
    verdict_heading: str  # "" when the verdict came from a labelled paragraph or is missing
    images: list[Image]
    dropped: list[str]  # furniture lines left out, for the report
    score: str = ""  # a rating written as a paragraph of its own ("★★★★☆", "Rating: 4/5")

    @property
    def text(self):
        parts = [*self.summary, *(p for s in self.sections for p in s.parts), *self.verdict]
        return " ".join(text_of(html.fragment_fromstring(part)) for part in parts)


def text_of(element):
    return " ".join(element.text_content().split())


# "Rating: 4/5", "Our score – 7/10": a paragraph that only rates the film.
RATING_LABEL = re.compile(
    r"(?:(?:our|my|the|final|overall)\s+)?(?:rating|score|grade|stars)\s*[:–—-]\s*(?P<score>.+)",
    re.I,
)
# Without a label, only a form that cannot be prose: stars, "N/M", "N out of M", "N stars".
RATING_FORM = re.compile(r".*(?:[★⭐☆½]|/\s*\d|out\s+of|\bstars?\b).*", re.I)


def rating_line(text):
    """The score a paragraph consists of, as written, or ""."""
    text = text.strip()
    if len(text) > 40:
        return ""
    if match := RATING_LABEL.fullmatch(text):
        text = match["score"].strip()
    elif not RATING_FORM.fullmatch(text):
        return ""
    return text if written_score(text)[0] is not None else ""


def written_score(text):
    """A score as a reviewer writes it (7, 7.5/10, 3.5/5, ★★★½, B+): (out of 10, the form kept
    for readers when it is not N/10); (None, "") when it is not one or out of range."""
    score = read_score(" ".join(text.split()))
    if score is None or score.value is None or not 0 <= score.value <= TEN:
        return None, ""
    return score.value, score.display


def title_of(text, notes: Notes):
    """Film, year and headline from a review's title, as the text reader reads a title line."""
    title = parse_title(text)
    if title is None:
        notes.guessed.append(f"film: the whole title {text!r} (it names no film and year)")
        return Title(text, text, None)
    notes.guessed.extend(title.guessed)
    return title


def is_chrome(text):
    return chrome.is_furniture(text) or chrome.ends_article(text)


def parse_fragment(markup):
    """An lxml element holding the fragment's nodes; comments (Gutenberg's) are gone."""
    if not markup.strip():
        return html.fragment_fromstring("<div></div>")
    root = html.fragment_fromstring(markup, create_parent="div")
    for comment in root.xpath("//comment() | //processing-instruction()"):
        drop(comment)
    return root


def drop(node):
    """Remove an element but keep the text that follows it (lxml keeps it in `tail`)."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def clean_inline(element):
    """The element's HTML with only the tags rich text keeps; other tags unwrap to their text."""
    for node in list(element.iter()):
        if node is element or not isinstance(node.tag, str):
            continue
        if node.tag in DROPPED or node.tag == "img":
            drop(node)
        elif node.tag not in INLINE_KEPT:
            node.drop_tag()
        elif node.tag == "a":
            href = node.get("href", "")
            node.attrib.clear()
            # A link that pointed into the old site (relative, #anchor) leads nowhere here.
            if href.startswith(("http://", "https://")):
                node.set("href", href)
            else:
                node.drop_tag()
        else:
            node.attrib.clear()
    element.attrib.clear()
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False).strip()


class _Walker:
    def __init__(self, title):
        self.title = " ".join(title.casefold().split())
        self.summary = []
        self.sections = []
        self.images = []
        self.dropped = []
        self.score = ""
        self.pending_inline = []

    @property
    def current(self):
        return self.sections[-1].parts if self.sections else self.summary

    def add_part(self, markup, text):
        if not text:
            return
        if is_chrome(text):
            self.dropped.append(text)
            return
        if not self.score and (score := rating_line(text)):
            self.score = score
            return
        self.current.append(markup)

    def flush_inline(self):
        """Loose text and inline elements between blocks make a paragraph of their own."""
        if not self.pending_inline:
            return
        paragraph = html.Element("p")
        for item in self.pending_inline:
            if isinstance(item, str):
                if len(paragraph):
                    paragraph[-1].tail = (paragraph[-1].tail or "") + item
                else:
                    paragraph.text = (paragraph.text or "") + item
            else:
                paragraph.append(item)
        self.pending_inline = []
        self.add_part(clean_inline(paragraph), text_of(paragraph))

    def image(self, element):
        src = element.get("src") or element.get("data-src") or ""
        if not src:
            return
        figure = next((a for a in element.iterancestors("figure")), None)
        caption = figure.find(".//figcaption") if figure is not None else None
        self.images.append(
            Image(
                src=src,
                alt=" ".join((element.get("alt") or "").split()),
                caption=text_of(caption) if caption is not None else "",
                after_section=len(self.sections) - 1,
            )
        )

    def walk(self, element):
        if element.text and element.text.strip():
            self.pending_inline.append(element.text)
        for child in element:
            self.visit(child)
            if child.tail and child.tail.strip():
                self.pending_inline.append(child.tail)
        self.flush_inline()

    def visit(self, child):
        if not isinstance(child.tag, str):
            return
        tag = child.tag.lower()
        if tag == "img":
            self.image(child)
            return
        if tag in DROPPED:
            return
        if tag in HEADINGS:
            self.flush_inline()
            if tag == "h1" and not (self.summary or self.sections):
                return  # the article's own title, however it differs from the page's
            self.heading(text_of(child))
        elif tag in PROSE:
            self.flush_inline()
            for img in child.iter("img"):
                self.image(img)
            text = text_of(child)
            if tag == "pre":
                child.tag = "p"
            self.add_part(clean_inline(child), text)
        elif tag in CONTAINERS or tag == "figure" or len(child.xpath(".//p|.//h2|.//h3")):
            self.flush_inline()
            self.walk(child)
        else:
            inline = deepcopy(child)
            inline.tail = None  # walk() adds the tail as loose text
            self.pending_inline.append(inline)

    def heading(self, text):
        if not text:
            return
        if " ".join(text.casefold().split()) == self.title:
            return
        if is_chrome(text):
            self.dropped.append(text)
            return
        self.sections.append(Section(heading=text.rstrip(":").strip()))


def split_body(markup, title=""):
    """Summary, sections and verdict of an HTML fragment; `title` is left out if repeated."""
    walker = _Walker(title)
    walker.walk(parse_fragment(markup))
    sections = [s for s in walker.sections if s.parts or is_verdict_heading(s.heading)]
    summary = walker.summary
    verdict, verdict_heading = [], ""
    for position in range(len(sections) - 1, -1, -1):
        if is_verdict_heading(sections[position].heading):
            verdict_section = sections.pop(position)
            verdict, verdict_heading = verdict_section.parts, verdict_section.heading
            # Sections that followed the verdict (credits, trivia) keep their place before it.
            break
    if not verdict:
        verdict = labelled_verdict(sections, summary)
    images = [
        Image(i.src, i.alt, i.caption, min(i.after_section, len(sections) - 1))
        for i in walker.images
    ]
    return SplitBody(
        summary=summary,
        sections=[s for s in sections if s.parts],
        verdict=verdict,
        verdict_heading=verdict_heading,
        images=images,
        dropped=walker.dropped,
        score=walker.score,
    )


def labelled_verdict(sections, summary):
    """A paragraph opening with "Verdict:" (and what follows it) is the verdict."""
    for parts in [*(s.parts for s in reversed(sections)), summary]:
        for position, part in enumerate(parts):
            element = html.fragment_fromstring(part)
            label, _, rest = text_of(element).partition(":")
            if rest.strip() and len(label) < 40 and is_verdict_heading(label):
                verdict = [strip_label(element), *parts[position + 1 :]]
                del parts[position:]
                return verdict
    return []


def strip_label(element):
    """The paragraph without its "Verdict:" label (which may sit in its own <strong>)."""
    first = element[0] if len(element) and not (element.text or "").strip() else None
    if first is not None and ":" in text_of(first) and text_of(first).endswith(":"):
        text = (first.tail or "").lstrip()
        element.remove(first)
        element.text = text
    else:
        element.text = (element.text or "").partition(":")[2].lstrip()
    return etree.tostring(element, encoding="unicode", method="html").strip()


def body_blocks(body: SplitBody, notes: Notes, image_ref=None):
    """StreamField data for a split body; `notes` learn what was guessed or left out.

    `image_ref(image)` gives the ImageRef of an image met in the content (None: leave it out).
    Images follow the summary or the section they were in, never before the summary.
    """
    images = {}
    for image in body.images:
        ref = image_ref(image) if image_ref else None
        if ref is not None:
            images.setdefault(image.after_section, []).append(
                {"type": "image", "value": {"image": ref}}
            )
    blocks = []
    if body.summary:
        blocks.append({"type": "summary", "value": rich_text("".join(body.summary))})
    blocks.extend(images.get(-1, []))
    for number, section in enumerate(body.sections):
        value = {"heading": section.heading[:120], "body": rich_text("".join(section.parts))}
        blocks.append({"type": "analysis", "value": value})
        blocks.extend(images.get(number, []))
    if body.verdict:
        blocks.append({"type": "verdict", "value": {"body": rich_text("".join(body.verdict))}})
        if body.verdict_heading:
            notes.found.append(f"verdict under the heading “{body.verdict_heading}”")
        else:
            notes.guessed.append("verdict: the paragraph labelled “Verdict:”")
    if body.dropped:
        left_out = "; ".join(f"“{text[:60]}”" for text in body.dropped)
        notes.guessed.append(f"left out as page furniture: {left_out}")
    return blocks
