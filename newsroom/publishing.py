"""The writing desk's publication box: what an article's status means, and the buttons a user may press.

Each button is an Action posted with the form (name="action"); ArticleAdminForm turns
it into a status and a date, which workflow.may_move then checks like any other
change of status. Which buttons a user sees follows workflow.py's rules: writers
keep drafts and submit them, those who publish also publish, schedule, send back
and unpublish. Dates are said in the site's time zone (Europe/Paris), in French.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from newsroom import workflow

Status = Article.Status


class Action(models.TextChoices):
    SAVE = "save", gettext_lazy("Save")
    SUBMIT = "submit", gettext_lazy("Submit for review")
    PUBLISH = "publish", gettext_lazy("Publish")
    SCHEDULE = "schedule", gettext_lazy("Schedule")
    UNPUBLISH = "unpublish", gettext_lazy("Unpublish")
    SEND_BACK = "send_back", gettext_lazy("Send back to the writer")


@dataclass(frozen=True)
class Button:
    action: Action
    label: str
    primary: bool = False


def moment(when):
    """`when` as French editors say it: "14 décembre à 9 h", "1er mars 2027 à 18 h 30" (the year when not this one)."""
    local = timezone.localtime(when)
    day = _("1st") if local.day == 1 else str(local.day)
    year = "" if local.year == timezone.localtime().year else f" {local.year}"
    date = f"{day} {date_format(local, 'F')}{year}"
    time = f"{local.hour}\u00a0h" + (f"\u00a0{local.minute:02d}" if local.minute else "")
    return _("%(date)s at %(time)s") % {"date": date, "time": time}


def stage(article):
    """ "new", "draft", "in_review", "scheduled" or "published": where `article` (None: not saved yet) stands."""
    if article is None or article.pk is None:
        return "new"
    if article.is_scheduled:
        return "scheduled"
    return article.status


def summary(article):
    """(label, explanation) of where `article` stands, for the top of the publication box."""
    match stage(article):
        case "new":
            return _("Draft"), _("Not saved yet. Readers will see nothing until it is published.")
        case "draft":
            return _("Draft"), _("Only the newsroom sees it.")
        case "in_review":
            return _("In review"), _("Waiting for an editor, who will publish it or send it back.")
        case "scheduled":
            return (
                _("Scheduled for %(moment)s") % {"moment": moment(article.published_at)},
                _("Readers will see it from then on, without anyone doing anything."),
            )
        case _:
            return (
                _("Published"),
                _("Published on %(moment)s. Readers see it.") % {"moment": moment(article.published_at)},
            )


def buttons(user, article):
    """The Buttons `user` may press on `article` (None: a new one), the main one first; none if read-only."""
    where = stage(article)
    if where != "new" and not workflow.can_edit(user, article):
        return []
    if not workflow.can_publish(user):
        return [Button(Action.SUBMIT, _("Submit for review"), primary=True), Button(Action.SAVE, _("Save draft"))]
    match where:
        case "new" | "draft":
            return [
                Button(Action.PUBLISH, _("Publish"), primary=True),
                Button(Action.SAVE, _("Save draft")),
                Button(Action.SCHEDULE, _("Schedule")),
            ]
        case "in_review":
            return [
                Button(Action.PUBLISH, _("Publish"), primary=True),
                Button(Action.SAVE, _("Save")),
                Button(Action.SCHEDULE, _("Schedule")),
                Button(Action.SEND_BACK, _("Send back to the writer")),
            ]
        case "scheduled":
            return [
                Button(Action.SAVE, _("Save"), primary=True),
                Button(Action.PUBLISH, _("Publish now")),
                Button(Action.SCHEDULE, _("Schedule")),
                Button(Action.UNPUBLISH, _("Unpublish")),
            ]
        case _:
            return [Button(Action.SAVE, _("Update"), primary=True), Button(Action.UNPUBLISH, _("Unpublish"))]


def allowed_actions(user, article):
    return {button.action for button in buttons(user, article)}


def outcome(action, status_before):
    """The status `action` gives an article whose status was `status_before` (None: new)."""
    return {
        Action.SAVE: status_before or Status.DRAFT,
        Action.SUBMIT: Status.IN_REVIEW,
        Action.PUBLISH: Status.PUBLISHED,
        Action.SCHEDULE: Status.PUBLISHED,
        Action.UNPUBLISH: Status.DRAFT,
        Action.SEND_BACK: Status.DRAFT,
    }[action]


def saved_message(article, action, was):
    """What the message after a save says happened to `article`, which stood at stage `was` before."""
    title = str(article)
    match action:
        case Action.SUBMIT:
            return _("Article “%(title)s” submitted for review: the editors are told.") % {"title": title}
        case Action.SEND_BACK:
            return _("Article “%(title)s” sent back to its writer with your note.") % {"title": title}
        case Action.UNPUBLISH:
            return _("Article “%(title)s” moved back to draft: readers no longer see it.") % {"title": title}
    if article.is_scheduled:
        return _("Article “%(title)s” scheduled for %(moment)s.") % {
            "title": title,
            "moment": moment(article.published_at),
        }
    if article.is_public and was != "published":
        return _("Article “%(title)s” published.") % {"title": title}
    if article.status == Status.DRAFT:
        return _("Draft “%(title)s” saved.") % {"title": title}
    return _("Article “%(title)s” saved.") % {"title": title}
