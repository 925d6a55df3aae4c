"""Peak memory and time of import_wordpress on a generated export, in a fresh SQLite database.

    python bench/wordpress_import.py --post-megabytes 50          # one 50 MB post of text
    python bench/wordpress_import.py --post-megabytes 50 --pasted-images 40   # 50 MB, mostly pasted images
    python bench/wordpress_import.py --posts 15000 --post-megabytes 0.003   # a large blog

The import runs in a process of its own, which prints its peak resident memory
(VmHWM), so the figure is the whole process's: Python, SQLite and nh3 alike.
tests/wordpress/test_memory.py runs the second case (the shape of the heaviest posts
found in exports: images pasted into the text as data: addresses) and holds it under 300 MB.
"""

import argparse
import base64
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "<p>Le référencement naturel d’un site éditorial tient à ses contenus : des titres clairs, "
    '<a href="https://exemple.fr/guide">un guide</a>, des <strong>mots justes</strong> et des '
    "paragraphes courts que l’on lit jusqu’au bout.</p>\n"
)
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Banc d’essai</title><link>https://banc.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://banc.example.com</wp:base_blog_url>
<wp:author><wp:author_login>alice</wp:author_login><wp:author_display_name>Alice</wp:author_display_name></wp:author>
"""
ITEM = """<item><title>Article {number}</title><link>https://banc.example.com/article-{number}/</link>
<dc:creator>alice</dc:creator><guid isPermaLink="false">https://banc.example.com/?p={number}</guid>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{number}</wp:post_id><wp:post_date>2020-01-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2020-01-01 09:00:00</wp:post_date_gmt><wp:post_name>article-{number}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="seo"><![CDATA[SEO]]></category></item>
"""
# Run in the child: the import, then its own peak memory. Linux's VmHWM starts afresh at exec,
# where getrusage's ru_maxrss would keep the peak of the parent that forked it.
CHILD = """
import resource, sys, time, django
django.setup()
from django.core.management import call_command
started = time.monotonic()
call_command("import_wordpress", sys.argv[1], stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
try:
    peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(peak, time.monotonic() - started)
"""


def pasted_image(seed: int) -> str:
    """An <img> whose address is a 1.1 MB data: PNG of noise (noise does not compress), as old editors pasted them."""
    from PIL import Image

    noise = random.Random(seed).randbytes(700 * 400 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (700, 400), noise).save(buffer, "PNG")
    address = f"data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}"
    return f'<p><img src="{address}" alt="Capture {seed}"></p>\n'


def write_export(path: Path, *, posts: int, post_bytes: int, pasted_images: int = 0) -> int:
    """An export of `posts` posts of about `post_bytes` bytes each (`pasted_images` of them images), written
    piece by piece; its size."""
    images = [pasted_image(seed) for seed in range(pasted_images)]
    text_bytes = max(len(PARAGRAPH), post_bytes - sum(len(image) for image in images))
    paragraphs = PARAGRAPH * (text_bytes // len(PARAGRAPH.encode()))
    # The images spread through the text, as they would be.
    step = max(1, len(paragraphs) // (len(images) + 1))
    content = "".join(paragraphs[i * step : (i + 1) * step] + image for i, image in enumerate(images))
    content += paragraphs[len(images) * step :]
    with path.open("w", encoding="utf-8") as file:
        file.write(HEAD)
        for number in range(1, posts + 1):
            file.write(ITEM.format(number=number, content=content))
        file.write("</channel></rss>\n")
    return path.stat().st_size


def measure(export: Path, folder: Path) -> tuple[int, float]:
    """(peak resident bytes, seconds) of importing `export` into a new SQLite database in `folder`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "refbax.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "CACHE_DIR": str(folder / "cache"),
        "MEDIA_ROOT": str(folder / "media"),
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(export)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    peak, seconds = result.stdout.split()
    return int(peak), float(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1)
    parser.add_argument("--post-megabytes", type=float, default=50)
    parser.add_argument("--pasted-images", type=int, default=0, help="images pasted in each post (1.1 MB each)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        started = time.monotonic()
        size = write_export(
            folder / "export.xml",
            posts=options.posts,
            post_bytes=int(options.post_megabytes * 1e6),
            pasted_images=options.pasted_images,
        )
        print(f"export: {options.posts} posts, {size / 1e6:.1f} MB, written in {time.monotonic() - started:.1f} s")
        peak, seconds = measure(folder / "export.xml", folder)
        print(f"import: {seconds:.1f} s, peak resident memory {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
