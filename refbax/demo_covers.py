"""The demo's covers, drawn with Pillow: abstract compositions in a category's colours, no text.

The page prints the title and the category next to the cover; an image that printed them
again would say everything twice. Each title picks a composition and a palette drawn
from its category's colour, so covers vary within a category and stay recognisably of it.
"""

import colorsys
import hashlib
import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1600, 840


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _shift(rgb, hue=0.0, lightness=0.0, saturation=0.0):
    """`rgb` turned round the colour wheel by `hue` (0-1), lighter or more saturated by the others."""
    h, light, sat = colorsys.rgb_to_hls(*(value / 255 for value in rgb))
    h = (h + hue) % 1
    light = min(0.96, max(0.06, light + lightness))
    sat = min(1.0, max(0.0, sat + saturation))
    return tuple(round(value * 255) for value in colorsys.hls_to_rgb(h, light, sat))


def palettes(colour):
    """Four palettes (background, then three inks) of one category colour: deep, pale, analogous, complementary."""
    base = _rgb(colour)
    return [
        [_shift(base, lightness=-0.28), _shift(base, lightness=-0.12), base, _shift(base, lightness=0.14)],
        [
            _shift(base, lightness=0.4, saturation=-0.3),
            _shift(base, lightness=0.26),
            _shift(base, lightness=0.1),
            base,
        ],
        [
            _shift(base, hue=0.04, lightness=-0.18),
            _shift(base, hue=-0.04),
            _shift(base, hue=0.08, lightness=0.1),
            _shift(base, hue=0.04, lightness=0.26),
        ],
        [(28, 30, 36), _shift(base, lightness=-0.05), base, _shift(base, lightness=0.22)],
    ]


def _arcs(draw, inks, rng):
    """Concentric rings from a corner, like ripples."""
    cx, cy = rng.choice([(0, HEIGHT), (WIDTH, HEIGHT), (WIDTH, 0), (0, 0)])
    step = rng.randint(70, 110)
    for index, radius in enumerate(range(int(HEIGHT * rng.uniform(0.9, 1.4)), 0, -step)):
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=inks[index % len(inks)])


def _bands(draw, inks, rng):
    """Diagonal bands of varying width."""
    x, slant = -HEIGHT, rng.choice([-1, 1]) * HEIGHT
    while x < WIDTH + HEIGHT:
        width = rng.randint(40, 200)
        ink = rng.choice(inks)
        draw.polygon([(x, 0), (x + width, 0), (x + width + slant, HEIGHT), (x + slant, HEIGHT)], fill=ink)
        x += width + rng.randint(60, 320)


def _blocks(draw, inks, rng):
    """Rectangles and half discs on a grid, in the manner of a poster."""
    columns, rows = 8, 4
    cell_w, cell_h = WIDTH // columns, HEIGHT // rows
    for column in range(columns):
        for row in range(rows):
            if rng.random() < 0.35:
                continue
            x, y, ink = column * cell_w, row * cell_h, rng.choice(inks)
            shape = rng.choice(["square", "disc", "half", "quarter"])
            box = [x, y, x + cell_w, y + cell_h]
            if shape == "square":
                draw.rectangle(box, fill=ink)
            elif shape == "disc":
                draw.ellipse([x + 12, y + 12, x + cell_w - 12, y + cell_h - 12], fill=ink)
            elif shape == "half":
                draw.pieslice([x, y, x + cell_w, y + 2 * cell_h], 180, 360, fill=ink)
            else:
                draw.pieslice([x - cell_w, y - cell_h, x + cell_w, y + cell_h], 0, 90, fill=ink)


def _orbits(draw, inks, rng):
    """Large discs overlapping, outlined rings around them."""
    for _ in range(rng.randint(3, 5)):
        radius = rng.randint(160, 420)
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=rng.choice(inks))
    for _ in range(3):
        radius = rng.randint(100, 500)
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=inks[-1], width=6)


def _dots(draw, inks, rng):
    """A field of dots whose size follows a wave."""
    spacing = rng.choice([56, 64, 80])
    phase = rng.random() * 6.28
    for x in range(spacing // 2, WIDTH, spacing):
        for y in range(spacing // 2, HEIGHT, spacing):
            wave = (x / WIDTH * 3 + y / HEIGHT * 2 + phase) % 3 / 3
            radius = 4 + wave * spacing * 0.42
            ink = inks[int(wave * len(inks)) % len(inks)]
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=ink)


COMPOSITIONS = [_arcs, _bands, _blocks, _orbits, _dots]


def draw_cover(title, category_name, colour, seed):
    """A 1600×840 JPEG cover for `title`, in `colour`'s palettes; the same seed draws the same cover.

    `title` and `category_name` only choose the drawing: neither is written on it.
    """
    digest = hashlib.sha256(f"{seed}|{category_name}".encode()).digest()
    rng = random.Random(digest)
    background, *inks = rng.choice(palettes(colour))
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    COMPOSITIONS[digest[0] % len(COMPOSITIONS)](ImageDraw.Draw(image), inks, rng)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
