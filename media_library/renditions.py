"""Responsive renditions of covers and avatars, made once with Pillow when the image changes.

A rendition is a plain copy of the image's first frame: upright (EXIF orientation
applied), in sRGB, stripped of every piece of metadata (EXIF with GPS, XMP,
comments, text chunks, colour profile). Each set is described by a small dict
stored on the row of its owner, so pages need no query to show them:

    {"source": "covers/2026/11/a.jpg",
     "images": [{"name": ..., "width": 480, "height": 252, "type": "image/webp", "size": 18042}, ...],
     "social": {"name": ..., "width": 1200, "height": 630, "type": "image/jpeg", "size": 90211}}

Files are encoded in memory first and saved under new names; the row that
lists them is written afterwards. A page therefore never links a missing or
half-written file, and a failure leaves no file behind.
"""

import io
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageCms, ImageOps

from media_library.uploads import validate_image_upload

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spec:
    widths: tuple[int, ...]
    aspect: float | None = None  # width / height to crop to; None keeps the image's shape
    social: bool = False  # also make the 1200×630 image for og:image


COVER = Spec(widths=(480, 800, 1200, 1600), social=True)
AVATAR = Spec(widths=(96, 192), aspect=1.0)
SOCIAL_SIZE = (1200, 630)
# The <img src> for browsers that ignore srcset: the largest rendition up to this width.
DEFAULT_WIDTH = 1200

# Besides WebP, renditions keep the original's format, except that a GIF's first
# frame becomes a PNG (no 256-colour limit); a WebP original needs nothing else.
FALLBACK_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "PNG"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
HIGH_BIT_DEPTH_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N"}
SRGB = ImageCms.createProfile("sRGB")


class RenditionError(Exception):
    """The image cannot be made into renditions; the message says why."""


def _open(field_file):
    """The first frame of `field_file` and the format of the file, after the upload checks."""
    with field_file.open("rb") as file:
        try:
            validate_image_upload(file)
        except ValidationError as error:
            raise RenditionError(" ".join(error.messages)) from error
        with Image.open(file) as image:
            image.load()
            return image.copy(), image.format


def _to_srgb(image):
    """The image upright, as RGB or RGBA pixels in sRGB, with no metadata left."""
    image = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if image.mode in HIGH_BIT_DEPTH_MODES:
        # Straight to 8 bits would clip every grey above 255 to white: scale instead.
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    elif image.mode in {"P", "PA", "LA", "La"}:
        image = image.convert("RGBA")  # palette transparency becomes a real alpha channel
    target = "RGBA" if image.mode in {"RGBA", "RGBa"} else "RGB"
    if profile and image.mode in {"RGB", "RGBA", "CMYK"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(image, source, SRGB, outputMode=target)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the plain conversion below is the best guess
    image = image.convert(target)
    if target == "RGBA" and image.getextrema()[3][0] == 255:
        image = image.convert("RGB")  # fully opaque: an alpha channel would only cost bytes
    image.info = {}  # Pillow copies some of it (comments, profiles) into what it saves
    return image


def _crop(image, aspect):
    """The centre of `image` at the `aspect` width/height ratio (the whole image when None)."""
    if aspect is None:
        return image
    width, height = image.size
    if width / height > aspect:
        new_width = max(1, round(height * aspect))
        left = (width - new_width) // 2
        return image.crop((left, 0, left + new_width, height))
    new_height = max(1, round(width / aspect))
    top = (height - new_height) // 2
    return image.crop((0, top, width, top + new_height))


def _resized(image, width):
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _flatten(image):
    """An RGB image, transparent parts on white (JPEG has no alpha)."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _encode(image, image_format):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **SAVE_OPTIONS[image_format])
    return buffer.getvalue()


def rendition_widths(width, wanted):
    """The wanted widths below `width`, plus the largest one the image allows: never an upscale."""
    return sorted({size for size in wanted if size < width} | {min(width, max(wanted))})


def _plan(image, source_format, spec, stem):
    """[(entry, encoded bytes), ...] for every rendition, nothing written yet."""
    formats = ["WEBP", FALLBACK_FORMATS.get(source_format)]
    cropped = _crop(image, spec.aspect)
    planned = []
    for width in rendition_widths(cropped.width, spec.widths):
        resized = _resized(cropped, width)
        for image_format in filter(None, formats):
            planned.append(_entry(f"{stem}-{width}w", resized, image_format))
    if spec.social:
        social_width, social_height = SOCIAL_SIZE
        social = _crop(image, social_width / social_height)
        social = _flatten(_resized(social, min(social_width, social.width)))
        planned.append(_entry(f"{stem}-social", social, "JPEG", key="social"))
    return planned


def _entry(stem, image, image_format, key="images"):
    content = _encode(image, image_format)
    entry = {
        "name": f"{stem}.{EXTENSIONS[image_format]}",
        "width": image.width,
        "height": image.height,
        "type": MIME_TYPES[image_format],
        "size": len(content),
    }
    return key, entry, content


def build(field_file, spec):
    """Write the renditions of the image in `field_file` and return their description.

    Raises RenditionError when the image cannot be read or a file cannot be
    written; no rendition file is left behind then.
    """
    try:
        image, source_format = _open(field_file)
    except OSError as error:  # the file is missing or unreadable in the storage
        raise RenditionError(f"{field_file.name}: {error}") from error
    source = PurePosixPath(field_file.name)
    stem = str(PurePosixPath("renditions") / source.parent / source.stem)
    try:
        planned = _plan(_to_srgb(image), source_format, spec, stem)
    except Exception as error:  # Pillow raises many kinds for hostile pixels
        raise RenditionError(f"{field_file.name}: {error}") from error
    renditions = {"source": field_file.name, "images": []}
    storage = field_file.storage
    try:
        for key, entry, content in planned:
            entry["name"] = storage.save(entry["name"], ContentFile(content))
            if key == "images":
                renditions["images"].append(entry)
            else:
                renditions[key] = entry
    except OSError as error:
        delete(storage, renditions)
        raise RenditionError(f"{field_file.name}: {error}") from error
    return renditions


def refresh(field_file, current, spec):
    """(renditions to store, renditions now obsolete) for the image now in `field_file`.

    Nothing is made when `current` already belongs to this image. When the image
    cannot be made into renditions, the problem is logged and pages show the
    original file: saving the article must not fail because of its picture.
    """
    current = current or {}
    if not field_file:
        return {}, current
    if current.get("source") == field_file.name:
        return current, {}
    try:
        return build(field_file, spec), current
    except RenditionError as error:
        logger.warning("No renditions made: %s", error)
        return {}, current


def update(instance, field_name, renditions_name, spec):
    """Bring `instance.<renditions_name>` in line with its image field; return the obsolete renditions.

    A new upload is stored first, as the field itself would do a moment later in
    save(), so that its renditions are named after the stored file.
    """
    field_file = getattr(instance, field_name)
    if field_file and not field_file._committed:
        field_file.save(field_file.name, field_file.file, save=False)
        field_file = getattr(instance, field_name)
    current, obsolete = refresh(field_file, getattr(instance, renditions_name), spec)
    setattr(instance, renditions_name, current)
    return obsolete


def delete(storage, renditions):
    for entry in [*renditions.get("images", []), renditions.get("social")]:
        if entry:
            storage.delete(entry["name"])


def delete_on_commit(storage, renditions):
    """Delete obsolete renditions once the row no longer lists them, never before."""
    if renditions:
        transaction.on_commit(lambda: delete(storage, renditions))


def _current_images(field_file, renditions):
    if field_file and renditions and renditions.get("source") == field_file.name:
        return renditions.get("images") or []
    return []


def _default(entries):
    fitting = [entry for entry in entries if entry["width"] <= DEFAULT_WIDTH]
    return max(fitting, key=lambda entry: entry["width"]) if fitting else min(entries, key=lambda e: e["width"])


@dataclass(frozen=True)
class Picture:
    """What an <img> and its WebP <source> need; width and height are those of the `src` file."""

    src: str
    width: int | None
    height: int | None
    srcset: str = ""
    webp_srcset: str = ""  # only when the <img> files are in another format


def picture(field_file, renditions, width=None, height=None):
    """The Picture of `field_file`; the original file (of the given size) when it has no renditions."""
    if not field_file:
        return None
    images = _current_images(field_file, renditions)
    if not images:
        return Picture(field_file.url, width, height)
    url = field_file.storage.url
    webp = [entry for entry in images if entry["type"] == "image/webp"]
    others = [entry for entry in images if entry["type"] != "image/webp"]
    default = _default(others or webp)

    def srcset(entries):
        return ", ".join(f"{url(entry['name'])} {entry['width']}w" for entry in entries)

    return Picture(
        src=url(default["name"]),
        width=default["width"],
        height=default["height"],
        srcset=srcset(others or webp),
        webp_srcset=srcset(webp) if others else "",
    )


def social_image(field_file, renditions):
    """{"url", "width", "height", "type"} of the 1200×630 social image, or None."""
    social = renditions.get("social") if _current_images(field_file, renditions) else None
    if not social:
        return None
    return {**social, "url": field_file.storage.url(social["name"])}


def enclosure(field_file, renditions):
    """{"url", "size", "type"} of the file that stands for the image in a feed, or None.

    A JPEG or PNG rendition when there is one: some feed readers still ignore WebP.
    """
    if not field_file:
        return None
    images = _current_images(field_file, renditions)
    others = [entry for entry in images if entry["type"] != "image/webp"]
    if images:
        entry = _default(others or images)
        return {"url": field_file.storage.url(entry["name"]), "size": entry["size"], "type": entry["type"]}
    try:
        size = field_file.size
    except OSError:
        return None  # the original is gone: better no enclosure than a wrong length
    mime_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    return {"url": field_file.url, "size": size, "type": mime_type}
