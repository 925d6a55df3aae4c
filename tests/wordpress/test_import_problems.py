"""import_wordpress when something is wrong: dry runs, failures rolled back, items reported, bad files refused."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, OutputWrapper
from django.db import DatabaseError

from articles.models import Article, Author
from redirects.models import Redirect
from tests.helpers import article_of, author, blog, files_in, french, item, run_import, write_export, wxr
from wordpress.importer import Importer
from wordpress.management.commands.import_wordpress import Progress
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db


# Dry run and transactions


def test_a_dry_run_prints_the_report_and_writes_nothing(export, uploads, media_root):
    stdout, _stderr = run_import(export, "--uploads", str(uploads), "--dry-run")
    assert french("Essai à blanc : tout ce qui précède a été annulé ; rien n’a été écrit.") in stdout
    assert "articles" in stdout and "privé dans WordPress" in stdout
    assert not Article.objects.exists()
    assert not Author.objects.exists()
    assert not Redirect.objects.exists()
    assert not ImportedItem.objects.exists()
    assert not get_user_model().objects.exists()
    assert files_in(media_root) == []


def test_a_failed_import_leaves_no_row_and_no_file(export, uploads, media_root, monkeypatch):
    def fail(self, item, article):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Importer, "_comments", fail)
    with pytest.raises(
        CommandError, match=french(r"l’import s’est arrêté à article « L’été des API » \(id 10\) : disk full")
    ):
        run_import(export, "--uploads", str(uploads))
    assert not Article.objects.exists()
    assert files_in(media_root) == []


def test_progress_is_written_to_stderr(export):
    _stdout, stderr = run_import(export)
    assert french("Import : 12/12 éléments") in stderr


def test_on_a_terminal_progress_is_one_line_rewritten_in_place():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    progress = Progress(OutputWrapper(terminal), interval=0)
    for done in range(1, 4):
        progress(done, 3)
    progress.finish()
    assert terminal.getvalue() == french(
        "\rImport : 1/3 éléments (33 %)\rImport : 2/3 éléments (66 %)\rImport : 3/3 éléments (100 %)\n"
    )


# Item-level problems


def test_a_slug_already_taken_is_reported_and_made_unique(tmp_path, make_article):
    make_article(slug="lete-des-api")
    stdout, _stderr = run_import(write_export(tmp_path, blog()))
    assert article_of(10).slug == "lete-des-api-2"
    assert (
        french("« L’été des API » (id 10) : l’adresse « lete-des-api » est déjà prise par « Article numéro") in stdout
    )
    assert french("» : importé sous « lete-des-api-2 »") in stdout


def test_a_published_post_without_slug_is_reported(tmp_path):
    stdout, _stderr = run_import(
        write_export(tmp_path, wxr(item(1, "Sans adresse", slug=""), authors=[author("alice")]))
    )
    assert article_of(1).slug == "sans-adresse"
    assert french("« Sans adresse » (id 1) : pas de slug dans l’export : un slug est tiré du titre") in stdout


def test_an_item_twice_in_the_export_is_imported_once(tmp_path):
    export = wxr(item(1, "Double"), item(1, "Double"), authors=[author("alice")])
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert Article.objects.count() == 1
    assert french("« Double » (id 1) : figure deux fois dans l’export : la seconde copie est ignorée") in stdout


def test_a_password_protected_post_stays_hidden(tmp_path):
    stdout, _stderr = run_import(
        write_export(tmp_path, wxr(item(1, "Secret", password="x"), authors=[author("alice")]))
    )
    assert article_of(1).status == Article.Status.DRAFT
    assert french("protégé par mot de passe dans WordPress : importé comme brouillon") in stdout


def test_a_wxr_1_0_export_without_author_list_is_imported(tmp_path):
    export = wxr(item(1, "Ancien format", creator="vieux"), version="1.0")
    run_import(write_export(tmp_path, export))
    assert article_of(1).author.name == "vieux"


# Bad input: a clear message, nothing written


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<rss><channel><title>&lol2;</title></channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "le fichier est vide"),
        ("Ceci n’est pas du XML.", "le fichier n’est pas du XML"),
        (blog()[:3000], "l’export est tronqué"),
        (
            blog().replace("<wp:wxr_version>1.2", "<wp:wxr_version>9.9"),
            "la version WXR « 9.9 » n’est pas prise en charge",
        ),
        (blog().replace("export/1.2/", "export/2.0/"), "la version WXR « 2.0 » n’est pas prise en charge"),
        ('<?xml version="1.0"?><rss><channel><title>Flux</title></channel></rss>', "pas un export WordPress"),
        ("<html><body>Oups</body></html>", "le document est un <html>, pas le <rss> d’un export WordPress"),
        (BOMB, "déclare l’entité XML « lol » : c’est ainsi que les bombes XML"),
        (EXTERNAL_ENTITY, "déclare l’entité externe « secret » (file:///etc/passwd)"),
    ],
    ids=["empty", "not-xml", "truncated", "unknown-version", "unknown-namespace", "rss-feed", "html", "bomb", "xxe"],
)
def test_a_bad_file_gives_a_clear_message_and_imports_nothing(tmp_path, content, message):
    path = write_export(tmp_path, content)
    with pytest.raises(CommandError, match="Rien n’a été importé") as error:
        run_import(path)
    assert french(message) in str(error.value)
    assert not Article.objects.exists()
    assert not Author.objects.exists()


def test_a_missing_file_or_uploads_folder_is_a_clear_error(tmp_path, export):
    with pytest.raises(CommandError, match=french("absent.xml : fichier introuvable")):
        run_import(tmp_path / "absent.xml")
    with pytest.raises(CommandError, match="dossier introuvable"):
        run_import(export, "--uploads", str(tmp_path / "nulle-part"))
