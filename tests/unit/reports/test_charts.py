import math
import xml.etree.ElementTree as ET

import pytest

from assessments.results import Results
from reports import charts
from tests.factories.scenarios import score_assessment

SVG = "{http://www.w3.org/2000/svg}"


def _spec(values_by_series, axes=("A", "B", "C", "D", "E"), scale=5):
    return charts.RadarSpec(
        title="Test",
        axes=tuple(axes),
        scale_labels=tuple(f"L{i}" for i in range(1, scale + 1)),
        series=tuple(
            charts.Series(name, tuple(values), "#005eb8", "circle", "solid")
            for name, values in values_by_series.items()
        ),
    )


def _trace_points(svg, name):
    root = ET.fromstring(str(svg))
    for g in root.iter(f"{SVG}g"):
        if g.get("data-series") == name:
            polygon = g.find(f"{SVG}polygon")
            return [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]
    raise AssertionError(f"no series {name}")


def _expected(svg, index, n, value):
    """Where a value should sit, from the geometry the SVG declares (not from the spec)."""
    root = ET.fromstring(str(svg))
    cx, cy = float(root.get("data-cx")), float(root.get("data-cy"))
    radius, scale_max = float(root.get("data-radius")), float(root.get("data-scale-max"))
    angle = -math.pi / 2 + 2 * math.pi * index / n  # first axis up, then clockwise
    r = radius * value / scale_max
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def test_radar_svg_points_sit_at_the_scored_levels():
    values = [1, 2, 3, 4, 5]
    svg = charts.radar_svg(_spec({"Agreed": values}))
    points = _trace_points(svg, "Agreed")
    assert len(points) == 5
    for i, (value, (x, y)) in enumerate(zip(values, points, strict=True)):
        ex, ey = _expected(svg, i, 5, value)
        assert x == pytest.approx(ex, abs=0.01)
        assert y == pytest.approx(ey, abs=0.01)
    # The first axis points straight up, the top level on the outer ring.
    top = charts.radar_svg(_spec({"Top": [5, 5, 5, 5, 5]}))
    x0, y0 = _trace_points(top, "Top")[0]
    root = ET.fromstring(str(top))
    assert x0 == pytest.approx(float(root.get("data-cx")))
    assert y0 == pytest.approx(float(root.get("data-cy")) - float(root.get("data-radius")))


def test_radar_svg_leaves_gaps_where_a_criterion_has_no_value():
    svg = charts.radar_svg(_spec({"Partial": [2, None, 3, 3, None]}))
    root = ET.fromstring(str(svg))
    g = next(g for g in root.iter(f"{SVG}g") if g.get("data-series") == "Partial")
    assert g.find(f"{SVG}polygon[@class='trace']") is None
    # Only C–D is a run of two present values (E is missing, A–B broken).
    lines = g.findall(f"{SVG}polyline")
    assert len(lines) == 1
    assert len(g.findall(f"{SVG}circle")) == 3  # a marker at each present value


def test_radar_svg_escapes_text_and_is_well_formed():
    spec = _spec({"<script>alert(1)</script>": [1, 1, 1]}, axes=("<b>A</b>", "B & C", "D"))
    svg = str(charts.radar_svg(spec))
    ET.fromstring(svg)  # well-formed XML
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;b&gt;A&lt;/b&gt;" in svg


@pytest.mark.django_db
def test_radar_spec_has_agreed_target_and_a_median_per_perspective(assessment):
    score_assessment(assessment=assessment)
    principles = next(r for r in Results.load(assessment).frameworks if not r.framework.is_ladder)
    spec = charts.radar_spec(principles)
    by_name = {s.name: s for s in spec.series}
    assert by_name["Agreed level"].values == (2, 2, 2)
    assert by_name["Target"].values == (4, 4, 4)
    assert by_name["NHS staff (median)"].values == (3, 3, 3)
    assert by_name["Person with lived experience (median)"].values == (1, 1, 1)
    # Readable in greyscale: every series differs from the others in marker or dash.
    styles = [(s.marker, s.dash) for s in spec.series]
    assert len(set(styles)) == len(styles)
    assert len({s.colour for s in spec.series}) == len(spec.series)


@pytest.mark.django_db
def test_plotly_figure_and_svg_come_from_the_same_spec(assessment):
    score_assessment(assessment=assessment)
    principles = next(r for r in Results.load(assessment).frameworks if not r.framework.is_ladder)
    spec = charts.radar_spec(principles)
    figure = charts.radar_figure(spec)
    traces = {t["name"]: t for t in figure["data"]}
    for s in spec.series:
        assert traces[s.name]["r"][:-1] == list(s.values)
        assert traces[s.name]["r"][-1] == s.values[0]  # closed shape
    assert figure["layout"]["polar"]["radialaxis"]["range"] == [0, spec.scale_max]


@pytest.mark.django_db
def test_ladder_svg_puts_agreed_and_target_on_their_rungs(assessment):
    score_assessment(assessment=assessment)
    ladder = next(r for r in Results.load(assessment).frameworks if r.framework.is_ladder)
    spec = charts.ladder_spec(ladder)
    root = ET.fromstring(str(charts.ladder_svg(spec)))
    stages = [g for g in root.iter(f"{SVG}g") if g.get("class") == "stage"]
    assert len(stages) == 2
    for g in stages:
        circle = g.find(f"{SVG}circle[@class='agreed']")
        assert float(circle.get("cy")) == pytest.approx(spec.rung_y(2))
        target = g.find(f"{SVG}polygon[@class='target']")
        ys = [float(p.split(",")[1]) for p in target.get("points").split()]
        assert (min(ys) + max(ys)) / 2 == pytest.approx(spec.rung_y(6))
    bands = {r.get("class") for r in root.iter(f"{SVG}rect") if "band" in (r.get("class") or "")}
    assert bands == {"band band--doing_to", "band band--doing_for", "band band--doing_with"}
