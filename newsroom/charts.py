"""The geometry of the dashboard's bar charts, in the SVG's own units; the markup is in templates.

Charts are drawn on the server (no script, nothing that a strict CSP would block):
these functions only place bars, grid lines and labels. Colours come from CSS
classes in static/css/admin.css, so that they follow the admin's light and dark themes.
"""

import math
from typing import NamedTuple

from django.utils.formats import date_format
from django.utils.text import Truncator

WIDTH = 600
COLUMN_HEIGHT = 220
# Room for the value labels on the left, the legend above and the axis labels below.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 36, 20, 26, 24
BAR_SHARE = 0.7  # of each column's band; the rest is the gap between bars
ROW_HEIGHT, ROW_BAR_HEIGHT = 42, 14
LABEL_LENGTH = 80
LEGEND_SWATCH, LEGEND_SPACING = 10, 160
SUBLABEL_HEIGHT = 13


class Series(NamedTuple):
    name: str
    css_class: str
    values: list[int]


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str  # shown as a tooltip


class Label(NamedTuple):
    x: float
    y: float
    text: str


class Line(NamedTuple):
    x1: float
    y1: float
    x2: float
    y2: float


class LegendItem(NamedTuple):
    x: float  # of the colour swatch, LEGEND_SWATCH units square; the text follows it
    y: float
    css_class: str
    text: str
    text_x: float
    text_y: float


class ColumnChart(NamedTuple):
    width: int
    height: int
    bars: list[Bar]
    grid: list[Line]
    value_labels: list[Label]
    axis_labels: list[Label]
    baseline: Line
    legend: list[LegendItem]


class RowChart(NamedTuple):
    width: int
    height: int
    bars: list[Bar]
    labels: list[Label]
    value_labels: list[Label]


def month_label(month):
    """The short French name of a month, as an axis shows it: « janv. », « mars »."""
    return date_format(month, "N")


def month_title(month):
    """« janvier 2025 »."""
    return date_format(month, "F Y")


def day_label(day):
    """« 3 mars »."""
    return date_format(day, "j N")


def day_title(day):
    """« lundi 3 mars 2025 »."""
    return date_format(day, "l j F Y")


def year_labels(months):
    """The year under the first month and under each January, so that the axis reads across a new year."""
    return [str(month.year) if index == 0 or month.month == 1 else "" for index, month in enumerate(months)]


def nice_step(maximum, ticks=4):
    """A round step (1, 2 or 5 times a power of ten, at least 1) cutting 0..maximum in about `ticks` parts."""
    if maximum <= ticks:
        return 1
    rough = maximum / ticks
    power = 10 ** math.floor(math.log10(rough))
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= rough)


def axis_values(maximum):
    """The values of the grid lines: 0 to a round top at or above `maximum` (at least 1)."""
    step = nice_step(maximum)
    top = max(step, math.ceil(maximum / step) * step)
    return list(range(0, top + 1, step))


def scale(value, top, length):
    """`value` on an axis of `length` units going from 0 to `top`."""
    return round(value / top * length, 1) if top else 0.0


def column_chart(
    labels,
    titles,
    series,
    *,
    sublabels=None,
    label_every=1,
    height=COLUMN_HEIGHT,
    value_title="%(label)s: %(value)s",
):
    """Vertical bars, one column per label; the bars of several series overlap, the first behind.

    `labels` are the short axis labels (one in `label_every` is shown, counting back
    from the last), `sublabels` optional second lines under them (empty strings for
    none), `titles` the full labels for tooltips; `value_title` formats each tooltip
    from label, series and value.
    """
    margin_bottom = MARGIN_BOTTOM + (SUBLABEL_HEIGHT if sublabels else 0)
    height += SUBLABEL_HEIGHT if sublabels else 0
    sublabels = sublabels or [""] * len(labels)
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = height - MARGIN_TOP - margin_bottom
    baseline_y = MARGIN_TOP + plot_height
    values = axis_values(max((value for one in series for value in one.values), default=0))
    top = values[-1]
    band = plot_width / max(len(labels), 1)
    bar_width = round(band * BAR_SHARE, 1)
    bars, axis_labels = [], []
    for index, (label, sublabel, title) in enumerate(zip(labels, sublabels, titles, strict=True)):
        x = round(MARGIN_LEFT + index * band + (band - bar_width) / 2, 1)
        for one in series:
            bar_height = scale(one.values[index], top, plot_height)
            text = value_title % {"label": title, "series": one.name, "value": one.values[index]}
            bars.append(Bar(x, round(baseline_y - bar_height, 1), bar_width, bar_height, one.css_class, text))
        if (len(labels) - 1 - index) % label_every == 0:
            axis_labels.append(Label(round(x + bar_width / 2, 1), baseline_y + 16, label))
        if sublabel:
            axis_labels.append(Label(round(x + bar_width / 2, 1), baseline_y + 16 + SUBLABEL_HEIGHT, sublabel))
    grid, value_labels = [], []
    for value in values:
        y = round(baseline_y - scale(value, top, plot_height), 1)
        grid.append(Line(MARGIN_LEFT, y, WIDTH - MARGIN_RIGHT, y))
        value_labels.append(Label(MARGIN_LEFT - 6, y + 4, str(value)))
    legend = [
        LegendItem(x, 4, one.css_class, one.name, x + LEGEND_SWATCH + 4, 4 + LEGEND_SWATCH)
        for x, one in ((MARGIN_LEFT + position * LEGEND_SPACING, one) for position, one in enumerate(series))
        if len(series) > 1
    ]
    return ColumnChart(
        width=WIDTH,
        height=height,
        bars=bars,
        grid=grid[1:],  # the baseline is drawn on its own
        value_labels=value_labels,
        axis_labels=axis_labels,
        baseline=Line(MARGIN_LEFT, baseline_y, WIDTH - MARGIN_RIGHT, baseline_y),
        legend=legend,
    )


def row_chart(rows, css_class, value_title="%(label)s: %(value)s"):
    """Horizontal bars, one per (label, value) row, the label above its bar and the value after it."""
    top = max((value for _label, value in rows), default=0) or 1
    # Leave room after the longest bar for its value.
    plot_width = WIDTH - 40
    bars, labels, value_labels = [], [], []
    for index, (label, value) in enumerate(rows):
        row_top = index * ROW_HEIGHT
        bar_width = max(scale(value, top, plot_width), 1)
        title = value_title % {"label": label, "value": value}
        labels.append(Label(0, row_top + 14, Truncator(label).chars(LABEL_LENGTH)))
        bars.append(Bar(0, row_top + 20, bar_width, ROW_BAR_HEIGHT, css_class, title))
        value_labels.append(Label(round(bar_width + 6, 1), row_top + 31, str(value)))
    return RowChart(WIDTH, len(rows) * ROW_HEIGHT, bars, labels, value_labels)
