"""Swarm mode's dots, stamped into a layer with numpy: where they land, how big they are, their edges."""

from __future__ import annotations

import math

import numpy as np
import pytest


def test_a_discs_coverage_adds_up_to_its_area():
    from adamviz.ui.swarm_dots import disc_mask

    for diameter in (3.0, 5.0, 7.5, 10.0):
        dy, dx, coverage = disc_mask(diameter, samples=8)
        assert coverage.sum() == pytest.approx(math.pi * diameter**2 / 4, rel=0.03)
        assert np.all((coverage > 0) & (coverage <= 1))
        # symmetric under x ↔ −x and y ↔ x
        table = {(int(a), int(b)): float(c) for a, b, c in zip(dy, dx, coverage, strict=True)}
        for (a, b), c in table.items():
            assert table[(a, -b)] == c and table[(b, a)] == c


def plot_with_dots(qtbot, points, color="#0072B2", size=5):
    import pyqtgraph as pg

    from adamviz.ui.swarm_dots import SwarmDots

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    dots = SwarmDots(size=size)
    dots.setColor(color)
    dots.setData(points[:, 0], points[:, 1])
    widget.addItem(dots)
    vb = widget.getPlotItem().vb
    vb.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    widget.show()
    qtbot.wait(50)
    return widget, dots


def render(widget):
    from PySide6.QtGui import QColor, QImage, QPainter

    from adamviz.export.qt import rgb_array

    image = QImage(widget.width(), widget.height(), QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    widget.render(painter)
    painter.end()
    return rgb_array(image)


def test_dots_land_where_the_view_maps_their_points(qtbot):
    points = np.array([[2.0, 3.0], [7.5, 8.0], [5.0, 5.0]])
    widget, _dots = plot_with_dots(qtbot, points, color="#ff0000")
    widget.setBackground("w")
    picture = render(widget)
    vb = widget.getPlotItem().vb
    for x, y in points:
        centre = widget.mapFromScene(vb.mapViewToScene(pg_point(x, y)))
        r, g, b = picture[centre.y(), centre.x()]
        assert r > 240 and g < 20 and b < 20, (x, y, picture[centre.y(), centre.x()])
        # the dot is about 5 px across: red 2 px away, white 5 px away
        assert picture[centre.y(), centre.x() + 2][1] < 60
        assert picture[centre.y(), centre.x() + 5][1] > 200
    reds = (picture[..., 0] > 200) & (picture[..., 1] < 100)
    assert 3 * 10 < reds.sum() < 3 * 30  # three discs of about π·2.5² ≈ 20 px


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_a_dot_cut_by_the_views_edge_does_not_come_back_on_the_other_side(qtbot):
    points = np.array([[0.0, 5.0], [10.0, 2.0], [4.0, 0.0]])  # centres on the left, right and bottom edges
    widget, _dots = plot_with_dots(qtbot, points, color="#00aa00")
    widget.setBackground("w")
    picture = render(widget)
    vb = widget.getPlotItem().vb
    rect = vb.sceneBoundingRect()
    left, right = int(rect.left()), int(rect.right())
    top, bottom = int(rect.top()), int(rect.bottom())
    green = (picture[..., 1] > 120) & (picture[..., 0] < 60)
    ys, xs = np.nonzero(green)
    assert len(ys) > 0
    assert xs.min() >= left - 1 and xs.max() <= right + 1 and ys.min() >= top - 1 and ys.max() <= bottom + 1
    for x, y in points:  # every green pixel is near one of the three centres
        centre = widget.mapFromScene(vb.mapViewToScene(pg_point(x, y)))
        near = (np.abs(xs - centre.x()) <= 4) & (np.abs(ys - centre.y()) <= 4)
        xs, ys = xs[~near], ys[~near]
    assert len(xs) == 0, list(zip(xs[:5], ys[:5], strict=False))


def test_ten_thousand_dots_and_none_lost(qtbot):
    rng = np.random.default_rng(3)
    points = rng.uniform(0.5, 9.5, (10_000, 2))
    widget, dots = plot_with_dots(qtbot, points, color="#0000ff", size=3)
    widget.setBackground("w")
    x, y = dots.getData()
    np.testing.assert_array_equal(np.column_stack([x, y]), points)
    picture = render(widget)
    vb = widget.getPlotItem().vb
    centres = [widget.mapFromScene(vb.mapViewToScene(pg_point(px, py))).toTuple() for px, py in points]
    columns, rows = np.array(centres).T
    r, g, b = picture[rows, columns].T.astype(int)
    assert np.all((b > 200) & (r < 60) & (g < 60)), int(np.sum(~((b > 200) & (r < 60))))


def test_an_svg_gets_one_circle_a_dot(qtbot, tmp_path):
    from PySide6.QtCore import QRectF

    from adamviz.export import qt as qx

    points = np.array([[2.0, 3.0], [7.5, 8.0], [5.0, 5.0], [1.0, 9.0]])
    widget, _dots = plot_with_dots(qtbot, points)
    text = qx.svg_bytes(lambda painter: widget.render(painter), (400, 300), QRectF(0, 0, 400, 300))
    assert text.count("<circle") + text.count("<ellipse") >= len(points) or text.count("<path") >= len(points)
