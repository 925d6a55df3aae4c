"""The reader's fonts: cut to French by bin/subset-fonts from the pinned npm package, kept as they came out."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

ROOT = Path(settings.BASE_DIR)
FONTS = sorted((ROOT / "static" / "fonts").glob("*.woff2"))
# Every letter and mark of French text, its quotes, apostrophe, spaces and dashes.
FRENCH = "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜ«»’‘“”–—…€\u00a0"


def test_three_styles_of_the_text_face_are_shipped():
    assert [font.name for font in FONTS] == [
        "source-serif-4-400-italic.woff2",
        "source-serif-4-400.woff2",
        "source-serif-4-600.woff2",
    ]


@pytest.mark.parametrize("path", FONTS, ids=lambda path: path.name)
def test_each_font_draws_french_and_keeps_its_figures_and_kerning(path):
    font = TTFont(path)
    characters = font.getBestCmap()
    assert [char for char in FRENCH if ord(char) not in characters] == []
    substitutions = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"onum", "lnum", "tnum", "pnum", "liga"} <= substitutions
    assert "kern" in {record.FeatureTag for record in font["GPOS"].table.FeatureList.FeatureRecord}
    assert "fvar" not in font  # fixed instances: half the weight of the variable file
    assert path.stat().st_size < 24 * 1024


@pytest.mark.skipif(
    not (ROOT / "node_modules" / "source-serif").exists(),
    reason="npm ci has not installed the font package",
)
def test_the_committed_fonts_are_what_the_script_makes_from_the_package(tmp_path):
    subprocess.run([sys.executable, "bin/subset-fonts", str(tmp_path)], cwd=ROOT, check=True, capture_output=True)
    for path in FONTS:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
