"""A damaged export never ends in a traceback: it is imported with its problems reported, or refused clearly."""

import random

import pytest
from django.core.management.base import CommandError

from tests.helpers import blog, run_import

pytestmark = pytest.mark.django_db

EXPORT = blog().encode()


def damaged(seed):
    """The sample blog's export with a few bytes cut, doubled or replaced, the same way for a given seed."""
    rng = random.Random(seed)
    data = bytearray(EXPORT)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data))
        match rng.choice(["cut", "double", "replace", "truncate"]):
            case "cut":
                del data[at : at + rng.randint(1, 40)]
            case "double":
                data[at:at] = data[at : at + rng.randint(1, 40)]
            case "replace":
                data[at] = rng.choice(b"<>&]\"'\x00\xe9\xff/")
            case "truncate":
                del data[at:]
    return bytes(data)


@pytest.mark.parametrize("seed", range(40))
def test_a_damaged_export_is_imported_or_refused_never_a_traceback(tmp_path, seed):
    path = tmp_path / "abime.xml"
    path.write_bytes(damaged(seed))
    try:
        stdout, _stderr = run_import(path)
    except CommandError as error:
        assert "Rien n’a été importé" in str(error)
    else:
        assert stdout.startswith("Import WordPress de abime.xml")
