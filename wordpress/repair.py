"""A second, tolerant reading of an export that is not well-formed XML, as WordPress's own importer falls back to.

Two faults are common in exports from the wild, and both are repaired into a
temporary UTF-8 copy that the reader then parses as usual:

- bytes that are not UTF-8 in a file that says it is (or says nothing): text
  pasted from Windows, or a database column in Latin-1. Each such byte is read
  as Windows-1252, which Latin-1 is a subset of;
- a raw "]]>" inside a CDATA section (a plugin's inline script, `//]]>`), which
  ends the section early: the content then runs until "]]></tag>" closes the
  element that opened it, and its inner "]]>" are split as WordPress itself does.

The copy is written chunk by chunk: memory stays bounded by the largest element.
"""

import codecs
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

CHUNK = 1 << 20
_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["'](?P<encoding>[A-Za-z0-9._-]+)["'][^>]*\?>""")
_CDATA_START = re.compile(r"<(?P<tag>[\w:.-]+)(?:\s[^<>]*)?>\s*<!\[CDATA\[")
_ERROR_HANDLER = "refbax-wordpress-cp1252"


@dataclass
class Repair:
    path: Path
    notes: list[str] = field(default_factory=list)
    bad_bytes: int = 0
    first_bad_line: int = 0
    split_cdata: int = 0
    first_cdata_line: int = 0
    line: int = 1  # the line the text being decoded starts on


def declared_encoding(path) -> str:
    with open(path, "rb") as file:
        head = file.read(300).removeprefix(codecs.BOM_UTF8)
    match = _DECLARATION.match(head)
    return match["encoding"].decode("ascii").lower() if match else "utf-8"


# The repair under way: the error handler counts what it reads as Windows-1252 there.
_current: list["Repair"] = []


def _as_cp1252(error):
    bad = error.object[error.start : error.end]
    repair = _current[-1]
    if not repair.bad_bytes:
        repair.first_bad_line = repair.line + error.object[: error.start].count(b"\n")
    repair.bad_bytes += len(bad)
    # Windows-1252 leaves five bytes undefined; Latin-1 gives them their control characters' place.
    return "".join(chr(byte) if 0x80 <= byte <= 0x9F and byte in _UNDEFINED else bytes([byte]).decode("cp1252")
                   for byte in bad), error.end  # fmt: skip


_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_LATIN_ENCODINGS = {"iso8859-1", "cp1252", "iso8859-15", "latin-1"}
codecs.register_error(_ERROR_HANDLER, _as_cp1252)


def mislabelled_utf8(path) -> str:
    """The Latin encoding a file declares while it is in fact UTF-8, or "".

    WordPress writes its "blog_charset" setting in the declaration, and sites moved to
    UTF-8 long ago often kept ISO-8859-1 there: read as declared, every accent would
    come out as two wrong letters ("Ã©").
    """
    declared = declared_encoding(path)
    try:
        if codecs.lookup(declared).name not in _LATIN_ENCODINGS:
            return ""
    except LookupError:
        return ""
    decoder = codecs.getincrementaldecoder("utf-8")()
    non_ascii = False
    try:
        with open(path, "rb") as file:
            for chunk in iter(lambda: file.read(CHUNK), b""):
                decoder.decode(chunk)
                non_ascii = non_ascii or max(chunk) >= 0x80
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return ""
    return declared if non_ascii else ""


def repaired_copy(path, *, encoding=None) -> Repair | None:
    """A repaired UTF-8 copy of `path` in a temporary file, or None when there was nothing to repair.

    `encoding` reads the file in that encoding rather than the one it declares.
    Raises LookupError for an encoding Python does not know, UnicodeDecodeError for bytes
    that are not in the encoding the file declares (other than UTF-8).
    """
    relabelled = encoding is not None
    encoding = encoding or declared_encoding(path)
    is_utf8 = codecs.lookup(encoding).name == "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)(errors=_ERROR_HANDLER if is_utf8 else "strict")
    # Closed by the with below; kept after it for the reader, then deleted by the importer.
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".xml", prefix="wxr-", delete=False)  # noqa: SIM115
    repair = Repair(Path(handle.name))
    _current.append(repair)
    try:
        with handle, open(path, "rb") as source:
            _copy(source, handle, decoder, repair)
    except BaseException:
        repair.path.unlink(missing_ok=True)
        raise
    finally:
        _current.pop()
    if not (repair.bad_bytes or repair.split_cdata or not is_utf8 or relabelled):
        repair.path.unlink(missing_ok=True)
        return None
    if repair.bad_bytes:
        repair.notes.append(
            _(
                "the file says it is UTF-8 but %(count)d bytes are not (the first on line %(line)d): "
                "read as Windows-1252 (Latin-1)"
            )
            % {"count": repair.bad_bytes, "line": repair.first_bad_line}
        )
    if repair.split_cdata:
        repair.notes.append(
            _("%(count)d raw “]]>” inside content (the first on line %(line)d): read as text, as WordPress does")
            % {"count": repair.split_cdata, "line": repair.first_cdata_line}
        )
    return repair


def _copy(source, target, decoder, repair):
    pending = ""  # decoded text not written yet: at most one unfinished CDATA element
    pending_line = 1  # the line `pending` starts on
    first = True
    while True:
        raw = source.read(CHUNK)
        final = not raw
        if first:
            raw = raw.removeprefix(codecs.BOM_UTF8)
            raw = _DECLARATION.sub(lambda match: match.group().replace(match["encoding"], b"UTF-8"), raw, count=1)
            first = False
        repair.line = pending_line + pending.count("\n")  # where `raw` starts, for the error handler
        pending += decoder.decode(raw, final=final)
        written, pending = _split_cdata(pending, repair, pending_line, final)
        pending_line += written.count("\n")
        target.write(written)
        if final:
            target.write(pending)
            return


def _split_cdata(text, repair, line, final):
    """(text ready to write, text kept until its CDATA element ends): inner "]]>" split."""
    out = []
    position = 0
    while match := _CDATA_START.search(text, position):
        close = re.compile(rf"\]\]>\s*</{re.escape(match['tag'])}\s*>")
        end = close.search(text, match.end())
        if end is None:
            if not final:
                out.append(text[position : match.start()])
                return "".join(out), text[match.start() :]
            break  # truncated: the parser says so
        inner = text[match.end() : end.start()]
        # WordPress's own split ("]]]]><![CDATA[>") is undone first, then every "]]>" is split once.
        plain = inner.replace("]]><![CDATA[", "")
        if "]]>" in plain:
            if not repair.split_cdata:
                repair.first_cdata_line = line + text[: match.end() + plain.index("]]>")].count("\n")
            repair.split_cdata += plain.count("]]>")
            inner = plain.replace("]]>", "]]]]><![CDATA[>")
        out.append(text[position : match.end()] + inner + end.group())
        position = end.end()
    if final:
        out.append(text[position:])
        return "".join(out), ""
    # Keep a short tail: a CDATA opening may be cut by the chunk's end.
    keep = max(len(text) - 200, position)
    last_open = text.rfind("<", keep)
    cut = last_open if last_open >= position else len(text)
    out.append(text[position:cut])
    return "".join(out), text[cut:]
