"""import_wordpress keeps WordPress's identities: people by login then e-mail, terms by their slug, in any script."""

import pytest
from django.contrib.auth import get_user_model
from taggit.models import Tag

from articles.models import Author, Category
from tests.helpers import article_of, author, category, french, item, run_import, tag, write_export, wxr

pytestmark = pytest.mark.django_db


def cyrillic_blog(*items):
    return wxr(
        *items,
        authors=[author("ivan", "Иван Петров", "ivan@example.ru"), author("petr", "Пётр Сидоров", "petr@example.ru")],
        categories=[
            category("%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8", "Новости", term_id=2),
            category("%d1%81%d0%bf%d0%be%d1%80%d1%82", "Спорт", term_id=3),
        ],
        tags=[tag("%ce%bd%ce%ad%ce%b1", "Νέα", term_id=4), tag("%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1", "أخبار", term_id=5)],
    )


def test_writers_and_categories_named_in_other_scripts_stay_apart(tmp_path):
    export = cyrillic_blog(
        item(1, "Первая", creator="ivan", categories=[("%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8", "Новости")]),
        item(2, "Вторая", creator="petr", categories=[("%d1%81%d0%bf%d0%be%d1%80%d1%82", "Спорт")]),
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert sorted(Author.objects.values_list("name", "slug")) == [
        ("Иван Петров", "ivan-petrov"),
        ("Пётр Сидоров", "petr-sidorov"),
    ]
    assert article_of(1).author.name == "Иван Петров"
    assert article_of(2).author.name == "Пётр Сидоров"
    assert sorted(Category.objects.values_list("slug", flat=True)) == ["novosti", "sport"]
    assert article_of(1).category.name == "Новости" and article_of(2).category.name == "Спорт"
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["khbr", "nea"]
    assert "sans-titre" not in stdout
    assert french("Aucun problème.") in stdout


def test_posts_in_chinese_and_japanese_get_readable_addresses_without_a_false_clash(tmp_path):
    export = wxr(
        item(1, "北京欢迎你", slug="%e5%8c%97%e4%ba%ac%e6%ac%a2%e8%bf%8e%e4%bd%a0"),
        item(2, "東京の天気", slug="%e6%9d%b1%e4%ba%ac%e3%81%ae%e5%a4%a9%e6%b0%97"),
        authors=[author("alice")],
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert article_of(1).slug == "bei-jing-huan-ying-ni"
    assert article_of(2).slug == "dong-jing-no-tian-qi"
    assert "déjà prise" not in stdout


def test_a_writer_is_found_by_login_then_by_e_mail_never_by_name(tmp_path, django_user_model, make_author):
    by_login = make_author(name="Alice M.", user=django_user_model.objects.create_user("alice"))
    by_email = make_author(name="Bob", user=django_user_model.objects.create_user("robert", "bob@example.com"))
    namesake = make_author(name="Claire Dupont")  # the same name as a WordPress writer, but not her
    export = wxr(
        item(1, "Un", creator="alice"),
        item(2, "Deux", creator="bob"),
        item(3, "Trois", creator="claire"),
        authors=[
            author("alice", "Alice Martin"),
            author("bob", "Bob", "BOB@example.com"),
            author("claire", "Claire Dupont", "claire@example.com"),
        ],
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert article_of(1).author == by_login
    assert article_of(2).author == by_email
    claire = article_of(3).author
    assert claire != namesake and claire.name == "Claire Dupont" and claire.slug == "claire-dupont-2"
    assert claire.user.username == "claire"
    assert (
        french(
            "auteur « Claire Dupont » (identifiant claire) : l’adresse « claire-dupont » est déjà prise par "
            "« Claire Dupont » : importé sous « claire-dupont-2 »"
        )
        in stdout
    )
    assert get_user_model().objects.filter(username="bob").exists() is False  # Bob is robert, by his e-mail


def test_two_writers_with_one_display_name_stay_two_and_the_report_names_both(tmp_path):
    export = wxr(
        item(1, "Un", creator="jdupont"),
        item(2, "Deux", creator="jean.dupont"),
        authors=[author("jdupont", "Jean Dupont"), author("jean.dupont", "Jean Dupont")],
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert article_of(1).author != article_of(2).author
    assert sorted(Author.objects.values_list("slug", flat=True)) == ["jean-dupont", "jean-dupont-2"]
    assert french("(identifiant jean.dupont) : l’adresse « jean-dupont » est déjà prise par « Jean Dupont »") in stdout


def test_categories_are_matched_by_their_wordpress_slug_not_their_name(tmp_path, make_category):
    mine = make_category(name="Actualités", slug="news")  # made in Refbax at the WordPress address
    other = make_category(name="Sport")  # the same name as a WordPress category at another address
    export = wxr(
        item(1, "Un", categories=[("news", "Nouvelles")]),
        item(2, "Deux", categories=[("sports-mecaniques", "Sport")]),
        categories=[category("news", "Nouvelles", term_id=2), category("sports-mecaniques", "Sport", term_id=3)],
        authors=[author("alice")],
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert article_of(1).category == mine
    second = article_of(2).category
    assert second != other
    assert (second.name, second.slug) == ("Sport (sports-mecaniques)", "sports-mecaniques")
    assert (
        french(
            "catégorie « Sport » (sports-mecaniques) : le nom « Sport » est déjà pris (adresse « sport ») : "
            "importé sous « Sport (sports-mecaniques) »"
        )
        in stdout
    )


def test_two_wordpress_terms_whose_slugs_read_alike_stay_two(tmp_path):
    # "новости" and "novosti" are two terms in WordPress; both transliterate to "novosti".
    export = wxr(
        item(1, "Un", tags=[("%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8", "Новости"), ("novosti", "Novosti")]),
        authors=[author("alice")],
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert sorted(article_of(1).tags.values_list("slug", flat=True)) == ["novosti", "novosti-2"]
    assert french("l’adresse « novosti » est déjà prise par « Новости » : importé sous « novosti-2 »") in stdout


def test_terms_and_writers_found_again_on_a_second_run(tmp_path):
    export = write_export(
        tmp_path, cyrillic_blog(item(1, "Первая", creator="ivan", tags=[("%ce%bd%ce%ad%ce%b1", "Νέα")]))
    )
    run_import(export)
    counts = (Author.objects.count(), Category.objects.count(), Tag.objects.count())
    run_import(export)
    assert (Author.objects.count(), Category.objects.count(), Tag.objects.count()) == counts
