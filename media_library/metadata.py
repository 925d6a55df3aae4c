"""What an image file says besides its pixels, taken out before the file is stored.

Cameras and phones write where, when and with what a photo was taken (EXIF and
its GPS block, XMP, IPTC, comments, PNG text chunks), and the site serves the
files it stores: none of that may reach a reader. strip() keeps what draws the
picture (pixels, frames and their timing, transparency, the colour profile) and
drops every other block of the file, without decoding the pixels, so nothing is
lost. A photo that EXIF says to turn is turned for real first: its pixels are
re-encoded (a JPEG with the original's own quantisation tables and
subsampling, so no visible loss). A file whose blocks cannot be walked but that
Pillow reads is re-encoded whole. strip(strip(data)) == strip(data).
"""

import io
import logging

from django.core.files.base import ContentFile
from PIL import ExifTags, Image, ImageOps, ImageSequence, JpegImagePlugin

logger = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Ancillary PNG chunks that change how the picture looks (colour, transparency, animation);
# every other one (tEXt, zTXt, iTXt, eXIf, tIME, private chunks) goes. Critical chunks all stay.
PNG_KEPT = {b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"cICP", b"mDCV", b"cLLI"}
PNG_KEPT |= {b"acTL", b"fcTL", b"fdAT"}
WEBP_KEPT = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}
WEBP_EXIF_AND_XMP_FLAGS = 0x08 | 0x04
# GIF application extensions that draw: looping, and the colour profile. XMP and the rest go.
GIF_KEPT_APPLICATIONS = {b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"}
JPEG_QUALITY = 90  # when the original's quantisation tables are unknown
# Frames of an animation decoded at once to encode it again, in pixels (the upload limit's order):
# a hostile GIF of a thousand large frames must not fill the memory.
REENCODE_PIXELS = 40_000_000


class MetadataError(ValueError):
    """The file is not an image whose metadata can be taken out."""


class _Malformed(ValueError):
    """The file's blocks cannot be walked (Pillow may still read it)."""


def image_format(data: bytes) -> str | None:
    """ "JPEG", "PNG", "WEBP" or "GIF", from the file's first bytes; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:6] in {b"GIF87a", b"GIF89a"}:
        return "GIF"
    return None


def strip(data: bytes) -> bytes:
    """`data` without EXIF, XMP, IPTC, comments or text; upright; colour profile and frames kept.

    Raises MetadataError for a file that is not a JPEG, PNG, WebP or GIF image
    that can be read.
    """
    kind = image_format(data)
    if kind is None:
        raise MetadataError("not a JPEG, PNG, WebP or GIF file")
    try:
        if _orientation(data) not in {None, 1}:
            data = _reencode(data, kind, upright=True)
        try:
            return STRIPPERS[kind](data)
        except _Malformed:
            return STRIPPERS[kind](_reencode(data, kind))
    except MetadataError:
        raise
    except Exception as error:  # Pillow raises many kinds for hostile files
        raise MetadataError(str(error) or type(error).__name__) from error


def stripped(file):
    """What to store for the open `file`: its bytes stripped, as a file of the same name.

    A file that is no readable image cannot hold readable metadata either: it is
    given back as it is (rewound), and the reason logged.
    """
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        return ContentFile(strip(data), name=file.name)
    except MetadataError as error:
        logger.warning("Metadata left in %s: %s", file.name, error)
        return file


def _orientation(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif().get(ExifTags.Base.Orientation)


# Re-encoding, for a turn and for files whose blocks cannot be walked


def _reencode(data, kind, upright=False):
    """The image of `data` saved again by Pillow, turned upright when asked, with no metadata given."""
    with Image.open(io.BytesIO(data)) as image:
        options = _save_options(image, kind, data)
        frames, pixels = [], 0
        for frame in ImageSequence.Iterator(image):
            pixels += frame.width * frame.height
            if frames and (kind == "JPEG" or pixels > REENCODE_PIXELS):
                if kind != "JPEG":
                    logger.warning("Animation cut to its first %s frames: too large to encode again", len(frames))
                break
            frame.load()
            copy = ImageOps.exif_transpose(frame) if upright else frame.copy()
            frames.append((copy, frame.info.get("duration")))
    pictures = [picture for picture, _duration in frames]
    if len(frames) > 1:
        durations = [duration or 0 for _picture, duration in frames]
        options.update(save_all=True, append_images=pictures[1:], duration=durations)
    for picture in pictures:
        picture.info = {}  # nothing the original said is written again, but what options name
    buffer = io.BytesIO()
    pictures[0].save(buffer, kind, **options)
    return buffer.getvalue()


def _save_options(image, kind, data):
    profile = image.info.get("icc_profile")
    options = {"icc_profile": profile} if profile else {}
    if kind == "JPEG":
        sampling = JpegImagePlugin.get_sampling(image)
        tables = getattr(image, "quantization", None)
        options.update(optimize=True, progressive=bool(image.info.get("progressive")))
        options.update({"qtables": tables} if tables else {"quality": JPEG_QUALITY})
        if sampling != -1:
            options["subsampling"] = sampling
    elif kind == "WEBP":
        if b"VP8L" in {chunk[:4] for chunk in _webp_chunks(data)}:
            options["lossless"] = True
        else:
            options["quality"] = JPEG_QUALITY
    if kind in {"GIF", "PNG", "WEBP"} and "loop" in image.info:
        options["loop"] = image.info["loop"]
    if "transparency" in image.info and kind in {"GIF", "PNG"}:
        options["transparency"] = image.info["transparency"]
    return options


# Walking the blocks of each format, keeping those that draw


def _strip_jpeg(data):
    out = bytearray(b"\xff\xd8")
    position, end = 2, len(data)
    while True:
        if position >= end:
            return bytes(out)  # cut short: what arrived is kept, and stays as unreadable as it was
        if data[position] != 0xFF:
            raise _Malformed("marker expected")
        while position < end and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= end:
            raise _Malformed("marker cut short")
        marker = data[position]
        position += 1
        if marker == 0xD9:  # end of image: whatever follows (a camera's second picture) goes
            return bytes(out + b"\xff\xd9")
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            out += bytes((0xFF, marker))
            continue
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2 or position + length > end:
            raise _Malformed("segment cut short")
        payload = data[position + 2 : position + length]
        position += length
        kept = _jpeg_segment(marker, payload)
        if kept is not None:
            out += bytes((0xFF, marker)) + (len(kept) + 2).to_bytes(2, "big") + kept
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            scan_end = _jpeg_scan_end(data, position)
            out += data[position:scan_end]
            position = scan_end


def _jpeg_segment(marker, payload):
    """The payload of a segment to keep (a JFIF header loses its thumbnail), or None to drop it."""
    if marker == 0xE0:
        return payload[:12] + b"\x00\x00" if payload.startswith(b"JFIF\x00") and len(payload) >= 14 else None
    if marker == 0xE2:
        return payload if payload.startswith(b"ICC_PROFILE\x00") else None
    if marker == 0xEE:
        return payload if payload.startswith(b"Adobe") else None  # how CMYK and RGB files are read
    if 0xE0 <= marker <= 0xEF or marker == 0xFE:  # EXIF, XMP, IPTC, MPF, makers' notes, comments
        return None
    return payload


def _jpeg_scan_end(data, position):
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1
            continue
        return position


def _strip_png(data):
    out = bytearray(PNG_SIGNATURE)
    position = len(PNG_SIGNATURE)
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        chunk_end = position + 12 + length
        if chunk_end > len(data):
            raise _Malformed("chunk cut short")
        critical = not kind[0] & 0x20
        if critical or kind in PNG_KEPT:
            out += data[position:chunk_end]
        position = chunk_end
        if kind == b"IEND":
            return bytes(out)
    raise _Malformed("no IEND chunk")


def _webp_chunks(data):
    """The chunks of a WebP file, each with its header and padding."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise _Malformed("not a WebP file")
    end = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    position, chunks = 12, []
    while position < end:
        if position + 8 > end:
            raise _Malformed("chunk header cut short")
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        if position + 8 + size > end:
            raise _Malformed("chunk cut short")
        padded = size + (size & 1)
        chunks.append(data[position : position + 8 + size] + b"\x00" * (padded - size))
        position += 8 + padded
    return chunks


def _strip_webp(data):
    kept = []
    for chunk in _webp_chunks(data):
        fourcc = chunk[:4]
        if fourcc == b"VP8X":
            flags = chunk[8] & ~WEBP_EXIF_AND_XMP_FLAGS
            chunk = chunk[:8] + bytes((flags,)) + chunk[9:]
        if fourcc in WEBP_KEPT:
            kept.append(chunk)
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _gif_sub_blocks_end(data, position):
    while True:
        if position >= len(data):
            raise _Malformed("data cut short")
        size = data[position]
        position += 1 + size
        if size == 0:
            return position


def _gif_colour_table_size(flags):
    return 3 << ((flags & 0x07) + 1) if flags & 0x80 else 0


def _strip_gif(data):
    if len(data) < 13:
        raise _Malformed("header cut short")
    position = 13 + _gif_colour_table_size(data[10])
    out = bytearray(data[:position])
    while True:
        if position >= len(data):
            return bytes(out + b";")  # cut short between blocks: what arrived is whole
        block = data[position]
        if block == 0x3B:
            return bytes(out + b";")
        if block == 0x21 and position + 1 < len(data):
            label = data[position + 1]
            end = _gif_sub_blocks_end(data, position + 2)
            application = data[position + 3 : position + 14] if data[position + 2] == 11 else b""
            # Graphic control (timing, transparency) and plain text draw; comments do not.
            if label in {0xF9, 0x01} or (label == 0xFF and application in GIF_KEPT_APPLICATIONS):
                out += data[position:end]
        elif block == 0x2C and position + 10 <= len(data):
            start = position + 10 + _gif_colour_table_size(data[position + 9]) + 1  # + LZW code size
            end = _gif_sub_blocks_end(data, start)
            out += data[position:end]
        else:
            raise _Malformed("unknown block")
        position = end


STRIPPERS = {"JPEG": _strip_jpeg, "PNG": _strip_png, "WEBP": _strip_webp, "GIF": _strip_gif}
