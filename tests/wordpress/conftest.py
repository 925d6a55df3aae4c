"""Fixtures of the WordPress import's tests: the sample blog's export, its uploads folder, and the blog imported."""

import pytest

from tests.helpers import blog, image_bytes, run_import, write_export


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads with the blog's two images."""
    folder = tmp_path / "uploads"
    (folder / "2020" / "01").mkdir(parents=True)
    (folder / "2020" / "01" / "chat.png").write_bytes(image_bytes(40, 30))
    (folder / "2020" / "01" / "chien.png").write_bytes(image_bytes(20, 20))
    return folder


@pytest.fixture
def export(tmp_path):
    return write_export(tmp_path, blog())


@pytest.fixture
def imported(export, uploads):
    """The blog imported with its uploads: the report's text."""
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    return stdout
