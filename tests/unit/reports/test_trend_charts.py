"""Charts over rounds from plain specs, without a database: one spec, two pictures."""

from assessments.rounds import Trend
from reports.charts import rounds_radar_spec, trend_figure, trend_spec, trend_svg

SCALE = ("Not yet", "Listening", "Involving", "Sharing power", "Co-producing")
ROUNDS = ["Baseline (Jun 2025)", "Round 2 (Jan 2026)", "Round 3 (Sep 2026)"]


def principles_trend():
    return Trend(
        rubric="nef",
        name="NEF <principles>",
        is_ladder=False,
        scale=SCALE,
        medians=(2, 3, None),
        criteria=(("P1 Equal", (2, 3, 4)), ("P2 Diverse", (2, 2, 1)), ("P3 Access", (1, None, 2))),
    )


def test_a_principles_trend_is_a_line_of_medians_with_a_gap_where_none():
    spec = trend_spec(principles_trend(), ROUNDS)
    assert not spec.step
    assert [s.name for s in spec.series] == ["Median agreed level"]
    figure = trend_figure(spec)
    assert figure["data"][0]["y"] == [2, 3, None]
    assert figure["data"][0]["line"]["shape"] == "linear"
    assert figure["layout"]["yaxis"]["ticktext"][1] == "2 Listening"
    svg = str(trend_svg(spec, svg_id="t"))
    series = svg.split('class="series"')[1].split("</g>")[0]
    assert series.count("<circle") == 2  # no marker for the missing round
    assert "NEF &lt;principles&gt;" in svg and "<principles>" not in svg


def test_a_ladder_trend_is_a_step_chart_with_a_series_per_stage():
    trend = Trend(
        "ladder", "Ladder", True, SCALE, (2, 2, 3), (("S1", (1, 2, 4)), ("S2", (3, 3, 3)))
    )
    spec = trend_spec(trend, ROUNDS)
    assert spec.step and [s.name for s in spec.series] == ["S1", "S2"]
    assert {t["line"]["shape"] for t in trend_figure(spec)["data"]} == {"hv"}
    svg = str(trend_svg(spec))
    assert 'data-series="S1"' in svg and 'data-series="S2"' in svg


def test_the_rounds_radar_puts_the_first_and_latest_round_together():
    spec = rounds_radar_spec(principles_trend(), ROUNDS[0], ROUNDS[-1])
    first, latest = spec.series
    assert (first.name, first.values) == (ROUNDS[0], (2, 2, 1))
    assert (latest.name, latest.values) == (ROUNDS[-1], (4, 1, 2))
    assert latest.fill and not first.fill


def test_round_labels_are_wrapped_and_escaped_for_plotly():
    spec = trend_spec(principles_trend(), ["<b>Spring</b> baseline round", "Round 2"])
    x = trend_figure(spec)["data"][0]["x"]
    assert x[0].startswith("&lt;b&gt;Spring&lt;/b&gt;<br>") and "<b>" not in x[0]
