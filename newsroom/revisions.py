"""Readable differences between two revisions of an article.

The body is compared as readers read it: its text (articles/text.py), paragraph by
paragraph, then word by word inside a changed paragraph, with the unchanged
paragraphs far from any change folded away. The results are plain data; the
template escapes every piece of text, so no revision's markup reaches the page.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

from articles.models import Article
from articles.text import html_to_text
from newsroom.models import ArticleRevision

# Words (apostrophes and hyphens inside them), runs of spaces, any other single character.
TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*|\s+|[^\w\s]")
# Unchanged paragraphs shown on each side of a change.
CONTEXT = 1
# Below this likeness, a paragraph is shown as replaced by another rather than edited.
SAME_PARAGRAPH = 0.5


@dataclass(frozen=True)
class Segment:
    kind: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True)
class Block:
    """A paragraph of the body: "equal", "changed", "delete", "insert", or "fold" (`folded` unchanged ones)."""

    kind: str
    segments: tuple[Segment, ...] = ()
    folded: int = 0


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    changed: bool
    segments: tuple[Segment, ...] = ()  # title, standfirst, status, tags (one segment per tag)
    blocks: tuple[Block, ...] = ()  # body
    markup_only: bool = False  # the body's markup changed (an image, a link), not its text


def word_diff(old, new):
    """Segments that turn `old` into `new`: what is kept, deleted and inserted, word by word."""
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    segments, deleted, inserted = [], [], []

    def flush():
        if deleted:
            segments.append(Segment("delete", "".join(deleted)))
        if inserted:
            segments.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        kept = "".join(a[i1:i2])
        # A lone space between two changes joins them: "~~a b~~ __x y__" reads better than "~~a~~ __x__ ~~b~~ __y__".
        between_changes = tag == "equal" and kept.isspace() and 0 < index < len(opcodes) - 1
        if tag == "equal" and not between_changes:
            flush()
            segments.append(Segment("equal", kept))
        else:
            deleted.extend(a[i1:i2])
            inserted.extend(b[j1:j2])
    flush()
    return tuple(segments)


def body_blocks(html):
    """The paragraphs of an article body as readers read them (headings, list items and captions too)."""
    return html_to_text(html).splitlines()


def block_diff(old_blocks, new_blocks, context=CONTEXT):
    blocks = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_blocks, new_blocks, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks.extend(Block("equal", (Segment("equal", text),)) for text in old_blocks[i1:i2])
            continue
        for old, new in zip_longest(old_blocks[i1:i2], new_blocks[j1:j2]):
            if old is not None and new is not None and SequenceMatcher(None, old, new).ratio() >= SAME_PARAGRAPH:
                blocks.append(Block("changed", word_diff(old, new)))
                continue
            if old is not None:
                blocks.append(Block("delete", (Segment("delete", old),)))
            if new is not None:
                blocks.append(Block("insert", (Segment("insert", new),)))
    return _fold(blocks, context)


def _fold(blocks, context):
    """Unchanged paragraphs more than `context` away from a change become one "fold" block counting them."""
    near = {
        position
        for index, block in enumerate(blocks)
        if block.kind != "equal"
        for position in range(index - context, index + context + 1)
    }
    folded, run = [], 0
    for index, block in enumerate(blocks):
        if block.kind == "equal" and index not in near:
            run += 1
            continue
        if run:
            folded.append(Block("fold", folded=run))
            run = 0
        folded.append(block)
    if run:
        folded.append(Block("fold", folded=run))
    return tuple(folded)


def _status_label(value):
    return str(dict(Article.Status.choices).get(value, value))


def _tag_segments(old, new):
    old_set, new_set = set(old), set(new)
    return tuple(
        Segment("equal" if name in old_set and name in new_set else "insert" if name in new_set else "delete", name)
        for name in sorted(old_set | new_set, key=str.casefold)
    )


def compare(old, new):
    """FieldDiffs from revision `old` (None: from nothing) to `new`, in ArticleRevision.FIELDS order."""
    diffs = []
    for name in ArticleRevision.FIELDS:
        label = str(ArticleRevision._meta.get_field(name).verbose_name)
        before = getattr(old, name) if old is not None else ([] if name == "tags" else "")
        after = getattr(new, name)
        changed = before != after
        match name:
            case "body":
                old_blocks, new_blocks = body_blocks(before), body_blocks(after)
                diff = FieldDiff(
                    name,
                    label,
                    changed,
                    blocks=block_diff(old_blocks, new_blocks),
                    markup_only=changed and old_blocks == new_blocks,
                )
            case "tags":
                diff = FieldDiff(name, label, changed, segments=_tag_segments(before, after))
            case "status":
                segments = [Segment("delete", _status_label(before))] if changed and before else []
                segments.append(Segment("insert" if changed else "equal", _status_label(after)))
                diff = FieldDiff(name, label, changed, segments=tuple(segments))
            case _:
                diff = FieldDiff(name, label, changed, segments=word_diff(before, after))
        diffs.append(diff)
    return diffs
