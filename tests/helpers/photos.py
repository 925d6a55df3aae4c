"""Image files shaped like the real world's: what cameras, phones and editing tools write around the pixels.

Each carries metadata that must never be served: EXIF with a GPS block and the
camera's name, XMP, IPTC, comments, PNG text chunks. leaks() says which of it a
file still holds.
"""

import io

from PIL import Image, ImageCms, PngImagePlugin

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
ORIENTATION = 0x0112
CAMERA_MAKE = "Obscura Optics"
CAMERA_MODEL = "Obscura Z9 Mark II"
OWNER = "Camille Secrète"
# 48° 51′ 29.6″ N, 2° 17′ 40.2″ E: a flat's balcony, the kind of thing a photo must not tell.
LATITUDE = (48.0, 51.0, 29.6)
LONGITUDE = (2.0, 17.0, 40.2)
XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.493N" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Camille XMP</dc:creator></rdf:Description>'
    b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
IPTC_CAPTION = b"Chez Camille, 12 rue des Secrets"
COMMENT = b"Photo prise depuis le balcon de Camille"
SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
# Bytes that only metadata holds; any of them in a served file is a leak.
MARKERS = [
    b"Exif\x00\x00",
    CAMERA_MAKE.encode(),
    CAMERA_MODEL.encode(),
    OWNER.encode(),
    b"x:xmpmeta",
    b"Camille XMP",
    b"http://ns.adobe.com/xap/1.0/",
    b"Photoshop 3.0",
    b"8BIM",
    IPTC_CAPTION,
    COMMENT,
    b"tEXt",
    b"zTXt",
    b"iTXt",
    b"eXIf",
    b"XMP DataXMP",
]


def camera_exif(orientation=1):
    """The EXIF block of a phone photo: camera, owner, date, orientation and where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x0110] = CAMERA_MODEL
    exif[0x013B] = OWNER  # Artist
    exif[0x0132] = "2026:07:14 18:03:12"
    exif[ORIENTATION] = orientation
    exif[EXIF_IFD] = {0x9003: "2026:07:14 18:03:12", 0x920A: 4.2}  # DateTimeOriginal, FocalLength
    exif[GPS_IFD] = {1: "N", 2: LATITUDE, 3: "E", 4: LONGITUDE, 6: 35.0}
    return exif


def landscape(width=1200, height=800, mode="RGB"):
    """A picture with detail (not one flat colour): its top-left quarter red, the rest noise."""
    image = Image.effect_noise((width, height), 40).convert(mode)
    image.paste(Image.new(mode, (width // 2, height // 2), "red" if mode == "RGB" else (0, 255, 255, 0)), (0, 0))
    return image


def _iptc_segment():
    record = b"\x1c\x02\x78" + len(IPTC_CAPTION).to_bytes(2, "big") + IPTC_CAPTION  # 2:120 caption
    resource = b"8BIM\x04\x04\x00\x00" + len(record).to_bytes(4, "big") + record
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def camera_jpeg(width=1200, height=800, orientation=1, mode="RGB", **options):
    """A JPEG as a phone writes it: EXIF with GPS, XMP, IPTC, a comment and an ICC profile."""
    buffer = io.BytesIO()
    icc = {} if mode == "CMYK" else {"icc_profile": SRGB_PROFILE}
    landscape(width, height, mode).save(
        buffer, "JPEG", exif=camera_exif(orientation), xmp=XMP, comment=COMMENT, quality=92, **icc, **options
    )
    data = buffer.getvalue()
    return data[:2] + _iptc_segment() + data[2:]  # IPTC right after SOI, as Photoshop puts it


def camera_png(width=900, height=600):
    """A PNG from an editing tool: text, compressed text, international text (XMP), EXIF, ICC profile."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", OWNER)
    info.add_text("Comment", COMMENT.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    image = landscape(width, height).convert("RGBA")
    image.save(buffer, "PNG", pnginfo=info, exif=camera_exif(), icc_profile=SRGB_PROFILE)
    return buffer.getvalue()


def camera_webp(width=900, height=600, orientation=1):
    buffer = io.BytesIO()
    landscape(width, height).save(
        buffer, "WEBP", exif=camera_exif(orientation), xmp=XMP, icc_profile=SRGB_PROFILE, quality=90
    )
    return buffer.getvalue()


def commented_gif(width=300, height=200, colours=("red", "blue", "green")):
    """An animated GIF with a comment and an XMP application extension, as some tools write."""
    frames = [Image.new("RGB", (width, height), colour) for colour in colours]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=0, comment=COMMENT
    )
    data = buffer.getvalue()
    xmp = b"!\xff\x0bXMP DataXMP" + b"".join(bytes((len(part),)) + part for part in _blocks(XMP)) + b"\x00"
    return data[:-1] + xmp + b";"


def _blocks(data, size=255):
    return [data[index : index + size] for index in range(0, len(data), size)]


def phone_mpo(width=800, height=600):
    """A phone's JPEG with a second picture appended (Multi-Picture Format), EXIF in each."""
    buffer = io.BytesIO()
    first, second = landscape(width, height), Image.new("RGB", (width // 4, height // 4), "grey")
    first.save(buffer, "MPO", save_all=True, append_images=[second], exif=camera_exif())
    return buffer.getvalue()


def exif_windows(exif, size=12):
    """Distinctive runs of bytes of an EXIF block: any one found in a file means the block leaked."""
    raw = exif.tobytes()
    return {raw[index : index + size] for index in range(len(raw) - size) if len(set(raw[index : index + size])) > 5}


def leaks(data):
    """The pieces of metadata that `data` still holds (an empty list for a clean file)."""
    found = [marker for marker in MARKERS if marker in data]
    windows = exif_windows(camera_exif()) | exif_windows(camera_exif(6))
    if any(window in data for window in windows):
        found.append(b"EXIF bytes")
    return found
