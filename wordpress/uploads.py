"""The WordPress uploads folder read safely, and the media files an import writes.

Paths come from the export, hostile input like any upload: none may lead out of
the folder, whether by "..", an absolute path or a symbolic link. Files written
to the media storage are remembered, so that a dry run or a failed import can
take every one of them back. Images are stored without their metadata (EXIF, GPS,
XMP), as every upload is: media_library/metadata.py.
"""

import os
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from django.core.files import File
from django.core.files.storage import default_storage

from media_library import metadata


class UnsafePath(Exception):
    """The path would read something outside the uploads folder."""


class UploadsFolder:
    def __init__(self, root):
        root = Path(root)
        # Operators may give the site's folder or wp-content rather than uploads itself.
        for candidate in (root / "wp-content" / "uploads", root / "uploads"):
            if candidate.is_dir() and not candidate.is_symlink():
                root = candidate
                break
        self.root = root.resolve(strict=True)
        if not self.root.is_dir():
            raise NotADirectoryError(str(root))

    def find(self, relative: str) -> Path | None:
        """The regular file at `relative` in the folder, or None when there is none.

        Raises UnsafePath for a path that leaves the folder or goes through a
        symbolic link, even one pointing back inside.
        """
        relative = unquote(relative).replace("\\", "/")
        if "\x00" in relative:
            raise UnsafePath(relative)
        pure = PurePosixPath(relative)
        if pure.is_absolute() or not pure.parts or ".." in pure.parts:
            raise UnsafePath(relative)
        path = self.root
        for part in pure.parts:
            path = path / part
            if path.is_symlink():
                raise UnsafePath(relative)
        if not path.is_file():
            return None
        if not path.resolve().is_relative_to(self.root):  # belt and braces: nothing above should allow it
            raise UnsafePath(relative)
        return path

    @staticmethod
    def open(path: Path) -> File:
        """`path` opened for reading, refusing a symbolic link swapped in since find()."""
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        return File(os.fdopen(descriptor, "rb"), name=path.name)


def same_content(storage, name, file) -> bool:
    """Whether the stored file `name` holds exactly what storing the open `file` writes (its metadata stripped)."""
    try:
        if not name:
            return False
        expected = metadata.stripped(file)
        if storage.size(name) != expected.size:
            return False
        with storage.open(name, "rb") as stored:
            expected.seek(0)
            return stored.read() == expected.read()
    except OSError:
        return False
    finally:
        file.seek(0)


class MediaFiles:
    """Files written to the media storage during one import, to be deleted if it does not commit."""

    def __init__(self, storage=None):
        self.storage = storage or default_storage
        self.written = []

    def store(self, file, name) -> tuple[str, bool]:
        """Save `file` as `name`, or reuse the identical file stored there by an earlier import.

        Returns (stored name, whether a file was written): a second import of the
        same export writes nothing.
        """
        name = self.storage.generate_filename(name)
        if self.storage.exists(name) and same_content(self.storage, name, file):
            return name, False
        stored = self.storage.save(name, metadata.stripped(file))
        self.written.append(stored)
        return stored, True

    def remember(self, *names):
        """Files written by others on the import's behalf (a cover saved by its field, renditions)."""
        self.written.extend(name for name in names if name)

    def discard(self):
        for name in reversed(self.written):
            self.storage.delete(name)
        self.written.clear()
