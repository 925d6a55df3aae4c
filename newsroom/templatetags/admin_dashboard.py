"""The admin index's dashboard: the figures the user may see (refbax/dashboard.py), drawn (refbax/charts.py)."""

from dataclasses import fields

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article
from newsroom import charts, dashboard

register = template.Library()

# One label in a week under the 30 days' columns, the last one being today.
DAY_LABEL_EVERY = 7


@register.simple_tag(takes_context=True)
def admin_dashboard(context):
    """{name: figure} for each block of refbax.dashboard.Dashboard (None when hidden), and a chart for each plot."""
    figures = dashboard.for_user(context["request"].user)
    blocks = {field.name: getattr(figures, field.name) for field in fields(figures)}
    blocks["in_review_status"] = Article.Status.IN_REVIEW
    blocks["panels"] = dashboard.panels_for(context["request"].user)
    if figures.articles_per_month is not None:
        blocks["articles_chart"] = articles_chart(figures.articles_per_month)
    if figures.comments_per_day is not None:
        blocks["comments_chart"] = comments_chart(figures.comments_per_day)
    if figures.most_commented:
        blocks["most_commented_chart"] = most_commented_chart(figures.most_commented)
    return blocks


def articles_chart(rows):
    """{"chart", "description", "rows": [(month name, count)]} for the articles published per month."""
    months = [row.month for row in rows]
    counts = [row.published for row in rows]
    total = sum(counts)
    description = ngettext(
        "%(count)s article published over the last 12 months.",
        "%(count)s articles published over the last 12 months.",
        total,
    ) % {"count": total}
    if total:
        busiest = max(rows, key=lambda row: (row.published, row.month))
        description += " " + _("Busiest month: %(month)s, with %(count)s.") % {
            "month": charts.month_title(busiest.month),
            "count": busiest.published,
        }
    chart = charts.column_chart(
        [charts.month_label(month) for month in months],
        [charts.month_title(month) for month in months],
        [charts.Series(_("Published articles"), "chart-bar--articles", counts)],
        sublabels=charts.year_labels(months),
        value_title=_("%(label)s: %(value)s"),
    )
    return {
        "chart": chart,
        "description": description,
        "rows": [(charts.month_title(month), count) for month, count in zip(months, counts, strict=True)],
    }


def comments_chart(rows):
    """{"chart", "description", "rows": [(day name, received, approved)]} for the comments per day."""
    days = [row.day for row in rows]
    received = [row.received for row in rows]
    approved = [row.approved for row in rows]
    description = _("%(received)s and %(approved)s over the last 30 days.") % {
        "received": ngettext("%(count)s comment received", "%(count)s comments received", sum(received))
        % {"count": sum(received)},
        "approved": ngettext("%(count)s approved", "%(count)s approved", sum(approved)) % {"count": sum(approved)},
    }
    chart = charts.column_chart(
        [charts.day_label(day) for day in days],
        [charts.day_title(day) for day in days],
        [
            charts.Series(_("Comments received"), "chart-bar--received", received),
            charts.Series(_("Comments approved"), "chart-bar--approved", approved),
        ],
        label_every=DAY_LABEL_EVERY,
        value_title=_("%(label)s — %(series)s: %(value)s"),
    )
    return {
        "chart": chart,
        "description": description,
        "rows": [(charts.day_title(row.day), row.received, row.approved) for row in rows],
    }


def most_commented_chart(rows):
    """{"chart", "description"} for the most commented articles (the table is their list); `rows` is not empty."""
    chart = charts.row_chart(
        [(row.title, row.comments) for row in rows], "chart-bar--comments", _("%(label)s: %(value)s")
    )
    first = rows[0]
    description = ngettext(
        "Most commented: “%(title)s”, with %(count)s approved comment.",
        "Most commented: “%(title)s”, with %(count)s approved comments.",
        first.comments,
    ) % {"title": first.title, "count": first.comments}
    return {"chart": chart, "description": description}
