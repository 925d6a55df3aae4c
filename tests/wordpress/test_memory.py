"""import_wordpress holds memory to a small multiple of the largest item, measured on a process of its own.

The export is generated here (never committed) and imported into a SQLite database of
its own by bench/wordpress_import.py, which reports the process's peak resident memory.
"""

from bench.wordpress_import import measure, write_export

MB = 1_000_000


def test_a_50_mb_post_of_pasted_images_is_imported_under_300_mb(tmp_path):
    export = tmp_path / "lourd.xml"
    size = write_export(export, posts=1, post_bytes=50 * MB, pasted_images=40)
    assert size > 49 * MB
    peak, _seconds = measure(export, tmp_path)
    assert peak < 300 * MB, f"peak resident memory {peak / MB:.0f} MB"
    assert len(list((tmp_path / "media" / "wordpress" / "embedded").iterdir())) == 40
