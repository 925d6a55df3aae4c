"""The writing screen: where an article stands, the buttons each role gets, and what pressing them does."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import publishing
from tests.helpers import change_url, errors_of, form_values

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
PARIS = ZoneInfo("Europe/Paris")
Status = Article.Status


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def box_buttons(response):
    """The publication box's buttons, as (action, label)."""
    return [(b["value"], b.get_text(strip=True)) for b in soup_of(response).select(".desk-box button[name=action]")]


def press(client, article, action, **changes):
    """Post the article's form as the browser shows it, pressing the button of `action`."""
    url = change_url(article) if article else ADD_URL
    data = form_values(client.get(url), "article_form")
    return client.post(url, {**data, "action": action, **changes})


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def paris(text):
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


# Dates as editors say them


def test_a_moment_is_said_in_french_in_paris_time():
    this_year = timezone.localtime().year
    assert publishing.moment(datetime(this_year, 12, 14, 8, 0, tzinfo=ZoneInfo("UTC"))) == "14 décembre à 9\u00a0h"
    assert publishing.moment(paris(f"{this_year + 1}-03-01T18:30")) == f"1er mars {this_year + 1} à 18\u00a0h\u00a030"


# The publication box


def test_a_writer_gets_submit_and_save_draft_and_no_date(writer_client):
    response = writer_client.get(ADD_URL)
    assert box_buttons(response) == [("submit", "Soumettre à relecture"), ("save", "Enregistrer le brouillon")]
    assert soup_of(response).select_one(".desk-schedule") is None
    assert soup_of(response).select_one("#desk-status").get_text(strip=True) == "Brouillon"


def test_an_editor_gets_publish_save_draft_and_schedule_on_a_new_article(editor_client):
    response = editor_client.get(ADD_URL)
    assert box_buttons(response) == [
        ("publish", "Publier"),
        ("save", "Enregistrer le brouillon"),
        ("schedule", "Programmer"),
    ]
    schedule = soup_of(response).select_one(".desk-schedule")
    assert schedule.summary.get_text(strip=True) == "Programmer…"
    date = schedule.select_one("input[name=published_at]")
    assert date["type"] == "datetime-local"
    assert schedule.find("label", attrs={"for": date["id"]}).get_text(strip=True) == "Date et heure (heure de Paris)"


def test_a_scheduled_article_says_when_and_offers_publish_now(editor_client, desk):
    article = desk["scheduled"]
    response = editor_client.get(change_url(article))
    status = soup_of(response).select_one("#desk-status").get_text(strip=True)
    assert status == f"Programmé pour le {publishing.moment(article.published_at)}"
    assert [action for action, _label in box_buttons(response)] == ["save", "publish", "unpublish", "schedule"]
    assert ("publish", "Publier maintenant") in box_buttons(response)


def test_a_published_article_offers_update_and_unpublish(editor_client, desk):
    response = editor_client.get(change_url(desk["published"]))
    assert box_buttons(response) == [("save", "Mettre à jour"), ("unpublish", "Dépublier")]
    assert soup_of(response).select_one("#desk-status").get_text(strip=True) == "Publié"


def test_enter_in_a_text_field_saves_and_never_publishes(editor_client):
    # Implicit submission presses the form's first submit button.
    form = soup_of(editor_client.get(ADD_URL)).find("form", id="article_form")
    first = form.find(lambda tag: tag.name in {"button", "input"} and tag.get("type") == "submit")
    assert (first["name"], first["value"]) == ("action", "save")


def test_the_review_note_shows_only_on_an_article_in_review_or_sent_back(editor_client, desk, submitted):
    def has_note(url):
        return soup_of(editor_client.get(url)).find(attrs={"name": "review_note"}) is not None

    assert not has_note(ADD_URL)
    assert not has_note(change_url(desk["published"]))
    assert not has_note(change_url(desk["draft"]))
    assert has_note(change_url(submitted))


# What the buttons do


def test_publish_now_on_a_scheduled_article_dates_it_and_its_changes_from_now(editor_client, desk):
    article = desk["scheduled"]
    response = press(editor_client, article, "publish")
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    now = timezone.now()
    assert article.is_public
    assert article.published_at <= now
    assert article.content_changed_at <= now  # the page's modified date, dateModified, the sitemap
    assert message_texts(response) == [f"Article «\u00a0{article.title}\u00a0» publié."]
    assert response["Location"] == change_url(article)


def test_schedule_asks_for_a_date_to_come(editor_client, desk):
    draft = desk["draft"]
    when = timezone.localtime() + timedelta(days=7)
    response = press(editor_client, draft, "schedule", published_at=when.strftime("%Y-%m-%dT%H:%M"))
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert draft.content_changed_at == draft.published_at
    assert message_texts(response) == [
        f"Article «\u00a0{draft.title}\u00a0» programmé pour le {publishing.moment(draft.published_at)}."
    ]


@pytest.mark.parametrize("date", ["", "2020-01-01T09:00", "pas une date"])
def test_schedule_without_a_date_to_come_is_refused_in_french(editor_client, desk, date):
    draft = desk["draft"]
    response = press(editor_client, draft, "schedule", published_at=date)
    assert response.status_code == 200
    errors = " ".join(errors_of(response)["published_at"])
    assert "heure" in errors or "date" in errors.lower()
    assert soup_of(response).select_one(".desk-schedule").has_attr("open")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publish_on_a_draft_started_long_ago_dates_it_now(editor_client, desk):
    draft = desk["draft"]
    Article.objects.filter(pk=draft.pk).update(published_at=timezone.now() - timedelta(days=30))
    before = timezone.now()
    response = press(editor_client, draft, "publish")
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.is_public and draft.published_at >= before


def test_save_draft_keeps_a_draft(editor_client, desk):
    draft = desk["draft"]
    response = press(editor_client, draft, "save", title="Le brouillon repris")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (Status.DRAFT, "Le brouillon repris")
    assert message_texts(response) == ["Brouillon «\u00a0Le brouillon repris\u00a0» enregistré."]


def test_unpublish_takes_an_article_away_from_readers(editor_client, desk):
    article = desk["published"]
    response = press(editor_client, article, "unpublish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert "ne le voient plus" in message_texts(response)[0]


def test_a_writer_submits_their_draft_and_is_told_so(writer_client, own_draft):
    response = press(writer_client, own_draft, "submit")
    assert response.status_code == 302, errors_of(response)
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW
    assert message_texts(response) == [
        f"Article «\u00a0{own_draft.title}\u00a0» soumis à relecture\u00a0: les éditeurs sont prévenus."
    ]


@pytest.mark.parametrize("action", ["publish", "schedule", "unpublish", "nonsense"])
def test_a_writer_cannot_press_an_editors_button(writer_client, own_draft, action):
    response = press(writer_client, own_draft, action, published_at="2099-01-01T08:00")
    assert response.status_code == 200
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


def test_sending_back_takes_a_note(editor_client, submitted):
    response = press(editor_client, submitted, "send_back")
    assert response.status_code == 200
    assert "review_note" in errors_of(response)
    response = press(editor_client, submitted, "send_back", review_note="Ajoutez une source.")
    assert response.status_code == 302, errors_of(response)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_note) == (Status.DRAFT, "Ajoutez une source.")


# Pages that speak French


def test_the_add_form_and_the_list_have_french_titles(editor_client):
    assert soup_of(editor_client.get(ADD_URL)).h1.get_text(strip=True) == "Nouvel article"
    changelist = soup_of(editor_client.get(reverse("admin:articles_article_changelist")))
    assert changelist.h1.get_text(strip=True) == "Choisir un article à modifier"


def test_a_writer_reads_their_submitted_article_as_it_will_read(writer_client, submitted):
    submitted.body = "<h2>Un intertitre</h2><ul><li>Un point</li></ul>"
    submitted.save()
    soup = soup_of(writer_client.get(change_url(submitted)))
    assert soup.h1.get_text(strip=True) == "Consulter l’article"
    reading = soup.select_one(".desk-reading")
    assert reading.select_one(".desk-reading__body h2").get_text() == "Un intertitre"
    assert soup.find("textarea") is None
    assert box_buttons_of(soup) == []
    # Nobody wrote a note: nothing to show the writer about it.
    assert soup.select_one(".field-review_note") is None


def box_buttons_of(soup):
    return [button["value"] for button in soup.select(".desk-box button[name=action]")]
