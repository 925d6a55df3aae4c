"""The dashboard's charts: SVG geometry drawn on the server, and their French labels."""

from datetime import date

import pytest

from newsroom import charts, dashboard


@pytest.mark.parametrize(
    ("maximum", "values"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (23, [0, 10, 20, 30]),
        (100, [0, 50, 100]),
        (180, [0, 50, 100, 150, 200]),
    ],
)
def test_the_value_axis_goes_up_in_round_steps(maximum, values):
    assert charts.axis_values(maximum) == values


def test_values_scale_on_the_axis():
    assert charts.scale(5, 10, 170) == 85
    assert charts.scale(0, 0, 170) == 0


def test_months_and_days_are_labelled_in_french():
    assert [charts.month_label(date(2025, month, 1)) for month in (1, 3, 8, 12)] == ["jan.", "mars", "août", "déc."]
    assert charts.month_title(date(2025, 2, 1)) == "février 2025"
    assert charts.day_label(date(2025, 3, 3)) == "3 mars"
    assert charts.day_title(date(2025, 3, 3)) == "lundi 3 mars 2025"


def test_the_year_is_written_under_the_first_month_and_each_january():
    months = dashboard.month_starts(date(2025, 3, 15))
    assert charts.year_labels(months) == ["2024", *[""] * 8, "2025", "", ""]
    chart = charts.column_chart(
        [charts.month_label(month) for month in months],
        [charts.month_title(month) for month in months],
        [charts.Series("S", "s", [1] * 12)],
        sublabels=charts.year_labels(months),
    )
    assert [label.text for label in chart.axis_labels if label.text.isdigit()] == ["2024", "2025"]
    assert chart.height == charts.COLUMN_HEIGHT + charts.SUBLABEL_HEIGHT


def test_column_bars_stand_on_the_baseline_in_proportion():
    chart = charts.column_chart(["a", "b", "c"], ["A", "B", "C"], [charts.Series("S", "s", [0, 2, 4])])
    plot_height = charts.COLUMN_HEIGHT - charts.MARGIN_TOP - charts.MARGIN_BOTTOM
    assert [bar.height for bar in chart.bars] == [0, plot_height / 2, plot_height]
    assert {bar.y + bar.height for bar in chart.bars} == {chart.baseline.y1}
    assert [bar.title for bar in chart.bars] == ["A: 0", "B: 2", "C: 4"]
    assert [label.text for label in chart.value_labels] == ["0", "1", "2", "3", "4"]
    assert chart.legend == []  # one series needs no legend
    xs = [bar.x for bar in chart.bars]
    assert xs == sorted(xs) and xs[0] >= charts.MARGIN_LEFT
    assert xs[-1] + chart.bars[-1].width <= charts.WIDTH - charts.MARGIN_RIGHT


def test_only_one_day_in_seven_is_labelled_ending_with_today():
    labels = [str(day) for day in range(30)]
    chart = charts.column_chart(labels, labels, [charts.Series("S", "s", [1] * 30)], label_every=7)
    assert [label.text for label in chart.axis_labels] == ["1", "8", "15", "22", "29"]


def test_two_series_overlap_and_get_a_legend():
    chart = charts.column_chart(
        ["a"], ["A"], [charts.Series("Reçus", "received", [4]), charts.Series("Approuvés", "approved", [1])]
    )
    received, approved = chart.bars
    assert received.x == approved.x and received.height == 4 * approved.height
    assert [item.text for item in chart.legend] == ["Reçus", "Approuvés"]


def test_rows_are_as_long_as_their_value():
    chart = charts.row_chart([("Premier", 4), ("Second", 1)], "c")
    first, second = chart.bars
    assert first.width == 4 * second.width
    assert [label.text for label in chart.labels] == ["Premier", "Second"]
    assert chart.height == 2 * charts.ROW_HEIGHT
