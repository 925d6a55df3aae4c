"""Images drawn in memory, uploaded files, stored renditions, and figures of the media library."""

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(width=8, height=6, image_format="PNG"):
    """A tiny valid image, drawn in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, image_format)
    return buffer.getvalue()


def encode(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(content, name):
    """`content` as an uploaded file that says nothing of its type."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def jpeg(width=2000, height=1000, **options):
    return upload(encode(Image.new("RGB", (width, height), "teal"), "JPEG", **options), "photo.jpg")


def opened(name):
    """The image stored under `name`, opened and loaded."""
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def files_under(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def figure(image, caption="Le chat du bureau", alt=None):
    """A figure as the editor stores it once the library image `image` is picked."""
    alt = image.alt_text if alt is None else alt
    return (
        f'<figure><img src="{image.file.url}" alt="{alt}" data-file="{image.pk}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )
