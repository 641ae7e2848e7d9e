"""Loss against step (or epoch, as the book plots the regression), log y."""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF

from adamviz.core.text import declared, translate, translated
from adamviz.core.tracks import Track
from adamviz.translations import needs_cjk_font
from adamviz.ui.legend import twin_rows, twin_style
from adamviz.ui.rate_curves import RATE_TEXT, RateCurves, rate_sample
from adamviz.ui.theme import Theme, optimizer_color, style_plot

ZERO_AT_MOST = 1e-30
"""Where a log axis (which has no zero) draws a loss of exactly 0, a bowl's minimum reached, unless the
real losses go lower: a positive loss is always drawn as itself (momentum on toy2 reaches 1e-44)."""
SMALLEST_DOUBLE = 5e-324


def zero_level(*losses: np.ndarray) -> float:
    """The height of a loss of 0 on a log axis: ZERO_AT_MOST, or a decade below the smallest positive
    loss of ``losses`` when that is lower."""
    positive = [float(values[values > 0].min()) for values in map(np.asarray, losses) if np.any(values > 0)]
    return max(min([ZERO_AT_MOST, *(low / 10 for low in positive)]), SMALLEST_DOUBLE)


LIVE_FRAME_S = 1 / 30
"""While playing, the loss plot is redrawn at most 30 times a second: a curve gains a pixel column
every frame or two at most, and nobody reads a loss plot at 60 Hz."""
TAIL_POINTS = 48
"""While playing, each curve's newest points (at most this many) are a separate short curve; the
rest is painted from a pixmap and only set again when the boundary moves on."""


MINOR_TICKS_DECADES = 10
"""Over more decades than this the log axis has no minor ticks (down to 5e-324 it spans 324 decades)."""
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class LossAxis(pg.AxisItem):
    """The loss axis, readable on a log scale and on a linear one.

    Log: over less than about a decade every minor tick is labelled (0.3, 0.4, 0.5 for the airfoil's
    losses); over more, only the decades, all in one notation: plain numbers while every decade in view
    has a short one (0.001 … 1000), powers of ten (10⁻⁴, 10⁰, 10²) as soon as one has not. Linear: as many
    significant digits as tell the ticks apart, never a row of zeros.
    """

    def _updateWidth(self):
        # pyqtgraph takes 0.8 of a side label's box ("usually an overestimate"): true of Latin letters, not of
        # Han characters, which fill their box: 损失 then touched the tick labels. A Chinese label gets it whole.
        super()._updateWidth()
        if (self.orientation in ("left", "right") and self.fixedWidth is None and self.label.isVisible()
                and any(needs_cjk_font(char) for char in self.labelText)):
            width = self.maximumWidth() + 0.25 * self.label.boundingRect().height()
            self.setMaximumWidth(width)
            self.setMinimumWidth(width)

    zero_at: float | None = None
    """Where a loss of exactly 0 is drawn (log10 of its zero_level), when a run has one: that tick reads 0."""

    def set_zero_at(self, zero_at: float | None) -> None:
        if zero_at != self.zero_at:
            self.zero_at = zero_at
            self.picture = None  # pyqtgraph's cached drawing of the ticks
            self.update()

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        levels = super().logTickValues(minVal, maxVal, size, stdTicks)
        if maxVal - minVal > MINOR_TICKS_DECADES:  # pyqtgraph's minor ticks, nine a decade: thousands over 300
            levels = [level for level in levels if level[0] is not None] or levels[:1]
        zero = self.zero_at
        if zero is None or not minVal <= zero <= maxVal or size <= 0 or not levels:
            return levels
        # the ticks a label's height or so from the 0 go, or their labels would overprint it
        room = 1.5 * QFontMetricsF(self.style["tickFont"] or self.font()).height() * (maxVal - minVal) / size
        levels = [(spacing, [v for v in values if abs(v - zero) > room]) for spacing, values in levels]
        spacing, values = levels[0]
        levels[0] = (spacing, sorted([*values, zero]))
        return levels

    def logTickStrings(self, values, scale, spacing):
        texts = self._log_tick_strings(values, scale)
        if self.zero_at is not None:
            texts = ["0" if abs(float(value) - self.zero_at) < 1e-9 else text for value, text in zip(values, texts,
                                                                                                     strict=True)]
        return texts

    def _log_tick_strings(self, values, scale):
        low, high = self.range if self.range else (0.0, 1.0)
        decades = abs(high - low)
        label_minor = decades < 1.0
        # a decade and a bit: the 2s and 5s too, or the axis would read a single number
        label_some = 1.0 <= decades < 2.5
        ends = [10 ** float(np.floor(v + 1e-9)) * scale for v in (low, high)]
        powers = not label_minor and any(not (1e-3 <= end < 1e4) for end in ends)
        texts = []
        for value in values:
            exponent = np.floor(float(value) + 1e-9)
            mantissa = 10 ** (float(value) - exponent)
            decade = abs(mantissa - 1) < 1e-6
            some = label_some and (abs(mantissa - 2) < 1e-6 or abs(mantissa - 5) < 1e-6)
            if not (decade or label_minor or some):
                texts.append("")
                continue
            number = 10 ** float(value) * scale
            if powers:  # 10⁻⁴, and between decades 2·10⁻⁴, 5·10⁻⁴
                power = "10" + str(int(exponent)).translate(SUPERSCRIPT)
                texts.append(power if decade else f"{mantissa:.0f}·{power}")
            elif 1e-3 <= number < 1e4:
                texts.append(f"{number:.3g}" if number < 1000 else f"{number:.0f}")
            else:
                texts.append(f"{number:.1e}")
        return texts

    def tickStrings(self, values, scale, spacing):
        if self.logMode:
            return self.logTickStrings(values, scale, spacing)
        return plain_ticks(values, scale, spacing)


def plain_ticks(values, scale: float, spacing: float) -> list[str]:
    """Linear tick labels with the digits their spacing needs (−190, −47.5, 0.25, −100, not −1e+02; 1e+06)."""
    if not values:
        return []
    spacing = abs(spacing * scale) or 1.0
    largest = max(abs(v * scale) for v in values) or spacing
    if largest < 1e6 and spacing >= 1e-4:  # as many decimals as the spacing has, in plain notation
        decimals = next(d for d in range(8) if abs(round(spacing, d) - spacing) <= 1e-9 * spacing)
        return [f"{v * scale:.{decimals}f}".replace("-", "−") for v in values]
    digits = int(min(6, max(1, np.ceil(np.log10(largest / spacing) + 1e-9) + 1)))
    return [f"{v * scale:.{digits}g}".replace("-", "−") for v in values]


class StepAxis(pg.AxisItem):
    """Steps are whole numbers: no tick falls between two (at step 1 the axis reads 0 and 1, not 0.1 … 0.9).
    In epochs the ticks are as usual."""

    whole = True

    def tickSpacing(self, minVal, maxVal, size):
        levels = super().tickSpacing(minVal, maxVal, size)
        if not self.whole:
            return levels
        kept = [(max(spacing, 1.0), offset) for spacing, offset in levels if spacing >= 1.0]
        return kept or [(1.0, 0.0)]

    def tickStrings(self, values, scale, spacing):
        if self.whole:
            return [f"{round(v * scale):d}" for v in values]
        return plain_ticks(values, scale, spacing)


class LossView(pg.PlotWidget):
    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent, enableMenu=False,  # no context menu: its widgets are built at once
                         axisItems={"left": LossAxis("left"), "bottom": StepAxis("bottom")})
        plot = self.getPlotItem()
        plot.hideButtons()
        plot.setContentsMargins(2, 8, 8, 2)  # the top and right tick labels overhang the axes: room for them
        plot.setLogMode(x=False, y=True)
        plot.showGrid(x=True, y=True, alpha=0.25)
        for name in ("left", "bottom"):  # grid lines at decades and their minor ticks, not the finest level
            plot.getAxis(name).setStyle(maxTickLevel=1)
        self.curves: dict = {}
        """Each run's curve: the whole of it at rest, its history (all but the tail) while playing."""
        self.tails: dict = {}
        self._history: dict = {}
        self.live = False
        """Set by the window while it plays: curves as history + tail."""
        self.throttled = True
        """While live, redraw at most at 30 Hz (the window clears it at the speeds a class reads: every
        frame's step is then on the plot)."""
        self._tracks = None
        self._drawn_at = -1.0
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(lambda: self.draw_now(self._tracks))
        self._settle = QTimer(self)  # once the frames stop coming, the curves are drawn whole and exact
        self._settle.setSingleShot(True)
        self._settle.setInterval(250)
        self._settle.timeout.connect(self.draw_at_rest)
        self._cached = False
        self._last_step = 0
        self.by_epoch = False
        self.steps_per_epoch: int | None = None
        # The floor's name rides on its line, at the left, above it: seen in the window and in every export.
        # below the line (no run goes there) at the right, where the runs end
        self.floor_line = pg.InfiniteLine(angle=0, movable=False, label="",
                                          labelOpts={"position": 0.98, "anchors": [(1, 0), (1, 0)]})
        plot.addItem(self.floor_line, ignoreBounds=True)
        self.swarm_curve = pg.PlotDataItem()
        self.swarm_curve.setVisible(False)
        plot.addItem(self.swarm_curve)
        self.floor_line.setVisible(False)
        self.floor: float | None = None
        self.floor_text = ""
        self.log_y = True
        self.swarming = False
        self.following = True
        self._fitted = False
        self._moving = False
        self._shown: dict = {}
        plot.disableAutoRange()
        plot.vb.sigRangeChangedManually.connect(self._user_moved)
        self.rates = RateCurves(plot, theme)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        style_plot(self, theme)
        self.floor_line.setPen(pg.mkPen(QColor(theme.foreground), width=max(1.0, theme.line_width * 0.5),
                                        style=Qt.PenStyle.DotLine))
        label = self.floor_line.label
        label.setColor(QColor(theme.foreground))
        font = label.textItem.font()
        font.setPointSizeF(theme.font_pt * 0.9)
        label.textItem.setFont(font)
        for key, curve in self.curves.items():
            curve.setPen(self._pen(key))
            self.tails[key].setPen(self._pen(key))
        self.rates.apply_theme(theme)
        self._label()

    def _pen(self, key) -> pg.QtGui.QPen:
        optimizer, concise = key
        return pg.mkPen(optimizer_color(optimizer), width=self.theme.line_width, style=twin_style(concise))

    def _label(self) -> None:
        plot = self.getPlotItem()
        style = {"color": self.theme.foreground, "font-size": f"{self.theme.font_pt}pt"}
        # (a projector's 20 pt "median loss" is longer than the plot is high)
        swarm_label = (translate("loss_view", "median") if self.theme.presenting
                       else translate("loss_view", "median loss"))
        plot.setLabel("left", swarm_label if self.swarming else translate("loss_view", "loss"), **style)
        plot.setLabel("bottom", translate("loss_view", "epoch") if self.by_epoch else translate("loss_view", "step"),
                      **style)

    def set_problem(self, problem) -> None:
        self.steps_per_epoch = problem.steps_per_epoch
        if not self.steps_per_epoch:
            self.by_epoch = False
        # A loss that can be ≤ 0 (the saddle, some functions of one's own) has no log axis.
        self.log_y = bool(getattr(problem, "log_loss", True))
        # The last problem's curves go: on another axis their losses could be what a log axis cannot show
        # (a 0 became NaN on screen), and they are not this problem's anyway.
        for curve in (*self.curves.values(), *self.tails.values()):
            curve.setData([], [])
        self._history, self._shown, self._last_step = {}, {}, 0
        plot = self.getPlotItem()
        # and their range with them: a saddle's linear range read as decades of a log axis (10^±10^5) is
        # more ticks than memory holds; the new runs' first frame fits the axes to them
        plot.vb.setRange(xRange=(0.0, 1.0), yRange=(0.0, 1.0), padding=0)
        plot.setLogMode(x=False, y=self.log_y)
        self.rates.axis.setLogMode(False, False)  # η's axis is linear whatever the loss's is
        known = problem.floor_known and problem.floor_label
        self.floor = problem.floor if (known and self.log_y and problem.floor > 0) else None
        self.floor_line.setVisible(self.floor is not None)
        if self.floor is not None:
            floor_label = declared(problem.floor_label)
            self.floor_text = f"{floor_label} {self.floor:.4g}"
            self.floor_line.setPos(math.log10(self.floor))
            self.floor_line.label.setFormat(self.floor_text)
            self.floor_line.setToolTip(translate("loss_view", "{floor} {value:.6f}: no run can go below it").format(
                floor=floor_label, value=self.floor))
        else:
            self.floor_text = ""
        self._label()
        self.follow()

    def set_by_epoch(self, by_epoch: bool) -> None:
        self.by_epoch = bool(by_epoch and self.steps_per_epoch)
        self.getPlotItem().getAxis("bottom").whole = not self.by_epoch
        self.rates.draw(self._last_step, self.steps_per_epoch if self.by_epoch else None)
        self._label()
        self.follow()

    def set_runs(self, keys: list) -> None:
        self._shown = {}
        self._history = {}
        plot = self.getPlotItem()
        for key in list(self.curves):
            if key not in keys:
                plot.removeItem(self.curves.pop(key))
                plot.removeItem(self.tails.pop(key))
        for key in keys:
            if key not in self.curves:
                for items in (self.curves, self.tails):
                    curve = pg.PlotDataItem(pen=self._pen(key))
                    # Steps are sorted: keep each pixel column's extremes, draw only what is in view.
                    curve.setDownsampling(auto=True, method="peak")
                    curve.setClipToView(True)
                    curve.setZValue(5 if key[1] else 0)
                    plot.addItem(curve)
                    items[key] = curve
                if self._cached:
                    self.curves[key].curve.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_schedules(self, schedules: dict) -> None:
        """{run key: (Schedule, η)} of the runs whose η is scheduled: their η(t) is drawn on the right axis."""
        self.rates.set_schedules(schedules)
        self.rates.draw(self._last_step, self.steps_per_epoch if self.by_epoch else None)

    def raise_run(self, key) -> None:
        """Draw the explained run's curve above the others (runs that coincide hide one another)."""
        for other, curve in [*self.curves.items(), *self.tails.items()]:
            curve.setZValue((5 if other[1] else 0) + (20 if other == key else 0))

    def draw(self, tracks: dict[tuple, Track]) -> bool:
        """Draw ``tracks`` now, or (live, drawn a moment ago) when the 30 Hz frame is due; True if drawn now."""
        self._tracks = tracks
        if self.live:
            if not self._cached:
                self._cache()
            wait = self._drawn_at + LIVE_FRAME_S - time.perf_counter() if self.throttled else 0.0
            if wait > 0:  # drawn a moment ago: the latest tracks are drawn when the 30 Hz frame is due
                if not self._pending.isActive():
                    self._pending.start(max(1, math.ceil(1000 * wait)))
                return False
        self.draw_now(tracks)
        return True

    def frame_pending(self) -> bool:
        """Whether a draw is waiting for the next 30 Hz frame."""
        return self._pending.isActive()

    def stop_timers(self) -> None:
        self._pending.stop()
        self._settle.stop()

    def draw_now(self, tracks) -> None:
        """Draw ``tracks`` at once, whatever the frame rate."""
        self._pending.stop()
        if tracks is None or self.getPlotItem() is None:  # (None once the widget was closed)
            return
        live = self.live
        self._drawn_at = time.perf_counter()
        if live:
            self._settle.start()
        low, high, last, last_step = np.inf, -np.inf, 0.0, 0
        drawn = {key: track.drawn() for key, track in tracks.items() if key in self.curves and track.received}
        every_loss = [losses for _, _, losses in drawn.values()]
        zero = zero_level(*every_loss) if self.log_y else 0.0
        if not self.swarming:  # (the runs are hidden then: the median's mark stands)
            self._mark_zero(zero, every_loss)
        for key, curve in self.curves.items():
            tail = self.tails[key]
            track = tracks.get(key)
            if track is None or track.received == 0:
                curve.setData([], [])
                tail.setData([], [])
                self._history.pop(key, None)
                self._shown.pop(key, None)
                continue
            steps, _, losses = drawn[key]
            x = steps / self.steps_per_epoch if self.by_epoch else steps.astype(np.float64)
            y = np.maximum(losses, zero) if self.log_y else losses
            low, high, last = min(low, float(y.min())), max(high, float(y.max())), max(last, float(x[-1]))
            last_step = max(last_step, int(steps[-1]))
            count = len(x)
            history = self._history.get(key)
            stands = (history is not None and history[0] <= count
                      and (count - history[0] <= TAIL_POINTS if live else history[0] == count)
                      and np.array_equal(x[: history[0]], history[1]) and np.array_equal(y[: history[0]], history[2]))
            if not stands:  # the boundary moves on, or the run started over, thinned, changed axis
                split = count - 1 if live and count > 2 else count
                curve.setData(x[:split], y[:split], skipFiniteCheck=True)
                self._history[key] = history = (split, x[:split].copy(), y[:split].copy())
                self._shown.pop(key, None)
            split = history[0]
            if split < count:
                tx, ty = x[split - 1:], y[split - 1:]
                summary = self._summary(tx, ty, split)
                if summary is None or summary != self._shown.get(key):  # unchanged on screen: leave it
                    tail.setData(tx, ty, skipFiniteCheck=True)
                    self._shown[key] = summary
            elif self._shown.get(key) != "empty":
                tail.setData([], [])
                self._shown[key] = "empty"
        if np.isfinite(low) and self.following:
            self._fit(last, low, high)
        if last_step != self._last_step:
            self._last_step = last_step
            self.rates.draw(last_step, self.steps_per_epoch if self.by_epoch else None)

    def _mark_zero(self, zero: float, losses: list[np.ndarray]) -> None:
        """The loss axis labels the height of a 0 "0" while a run drawn has one (a flat line there is a minimum
        reached exactly, not a loss that stalled)."""
        reached = self.log_y and any(np.any(values == 0) for values in losses)
        self.getPlotItem().getAxis("left").set_zero_at(math.log10(zero) if reached else None)

    def draw_at_rest(self) -> None:
        """Once the frames stop coming: every curve whole and exact."""
        live, self.live = self.live, False
        try:
            self.draw_now(self._tracks)
        finally:
            self.live = live

    def _cache(self) -> None:
        """Axes (tick text, grid) and curve histories from pixmaps: a frame then repaints only the
        tails. Only for the window, once it plays: an export must keep them as vectors."""
        mode = pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
        plot = self.getPlotItem()
        for item in (plot.getAxis("left"), plot.getAxis("bottom"), *(c.curve for c in self.curves.values())):
            item.setCacheMode(mode)
        self._cached = True

    def show_swarm(self, steps: np.ndarray | None, medians: np.ndarray | None = None, color: str = "") -> None:
        """Swarm mode: the particles' median loss against step instead of the runs; None leaves it."""
        swarming = steps is not None
        if swarming != self.swarming:
            self.swarming = swarming
            self._label()
        for curve in (*self.curves.values(), *self.tails.values()):
            curve.setVisible(not swarming)
        if not swarming:
            self.swarm_curve.setVisible(False)
            self.follow()
            return
        self.swarm_curve.setPen(pg.mkPen(color, width=self.theme.line_width))
        keep = np.isfinite(medians)
        zero = zero_level(medians[keep])
        self._mark_zero(zero, [medians[keep]])
        y = np.maximum(medians[keep], zero) if self.log_y else medians[keep]
        self.swarm_curve.setData(steps[keep].astype(np.float64), y)
        self.swarm_curve.setVisible(True)
        if keep.any() and self.following:
            self._fit(float(steps[keep][-1]), float(y.min()), float(y.max()))

    def _summary(self, x: np.ndarray, y: np.ndarray, split: int):
        """What a tail looks like on screen at pixel resolution: where it starts, its last pixel column and
        row, the rows of its extremes, and the view it is drawn in; None if the view has no extent."""
        (x0, x1), (y0, y1) = self.getPlotItem().vb.viewRange()
        width, height = max(self.width(), 1), max(self.height(), 1)
        if not (x1 > x0 and y1 > y0):
            return None
        with np.errstate(all="ignore"):
            rows = np.array([y[-1], y.min(), y.max()], dtype=np.float64)
            rows = ((np.log10(rows) if self.log_y else rows) - y0) / (y1 - y0) * height
        if not np.isfinite(rows).all() or np.abs(rows).max() > 1e9:  # far off the plot: no pixel to compare
            return None
        column = int((x[-1] - x0) / (x1 - x0) * width)
        return (split, column, *rows.astype(np.int64).tolist(), x0, x1, y0, y1, width, height)

    def _fit(self, last: float, low: float, high: float) -> None:
        """Grow the range in steps instead of every frame: a changing range re-lays out the axes' text."""
        if self.floor is not None:
            low = min(low, self.floor)
        log_low, log_high = self.to_axis(low), self.to_axis(high)
        if not self.log_y:  # a linear axis spans enough around a flat run for its ticks to differ in 4 digits
            least = max(1e-3 * max(abs(log_low), abs(log_high)), 1e-9)
            if log_high - log_low < least:
                middle = (log_high + log_low) / 2
                log_low, log_high = middle - least / 2, middle + least / 2
        (_, x1), (y0, y1) = self.getPlotItem().vb.viewRange()
        fits_x = last <= x1 and (last >= 0.5 * x1 or x1 <= 10)
        span = max(log_high - log_low, 0.05 if self.log_y else 1e-12)
        fits_y = y0 <= log_low and log_high <= y1 and (y1 - y0) <= 3 * span + 1
        if fits_x and fits_y and self._fitted:
            return
        width = max(1.0, last * 1.15) if not self.by_epoch else max(0.05, last * 1.15)
        margin = 0.08 * span
        below = margin
        if self.floor is not None:  # room under the floor for its label: its height, in the axis' units
            text_height = self.floor_line.label.boundingRect().height() + 8
            share = min(0.4, text_height / max(self.getPlotItem().vb.height(), 1))
            below = max(margin, share * (span + margin) / (1 - share))
        self._fitted = True
        self._moving = True
        self.getPlotItem().vb.setRange(xRange=(0, width), yRange=(log_low - below, log_high + margin), padding=0)
        self._moving = False

    def hold_range(self, x_max: float, values: np.ndarray) -> None:
        """Fix the view to steps 0 … ``x_max`` and the range of ``values`` (losses), and stop following: an
        animation's frames must not rescale."""
        finite = np.asarray(values, dtype=np.float64)
        finite = finite[np.isfinite(finite)]
        if not len(finite):
            finite = np.ones(1)
        if self.log_y:
            finite = np.maximum(finite, zero_level(finite))
        low, high = self.to_axis(float(finite.min())), self.to_axis(float(finite.max()))
        if high - low < 1e-9:
            low, high = low - 0.5, high + 0.5
        self.following = False
        self.getPlotItem().vb.setRange(xRange=(0, max(x_max, 1e-9)), yRange=(low, high), padding=0.04)

    def legend_entries(self, labels: dict) -> list[tuple[object, str]]:
        """(curve, text) for a legend of these runs: one row per optimizer (its torch.optim twin shares it, and a
        last row says what dashed means), or the swarm's median."""
        if self.swarming:
            return [(self.swarm_curve, translate("loss_view", "median loss"))]
        entries = [(self.curves[key], text) for key, text in labels.items() if key in self.curves and not key[1]]
        entries += [(sample, text) for sample, text, _ in
                    twin_rows([key for key in labels if key in self.curves], self.theme)]
        if self.rates.shown:
            entries.append((rate_sample(self.theme), translated("rate_curves", RATE_TEXT)))
        return entries

    def curve_points(self) -> np.ndarray:
        """Points of every shown curve in the view's coordinates (steps or epochs, log10 of the loss on a log
        axis), thinned: what a legend must keep off."""
        chunks = []
        for curve in (*self.curves.values(), *self.tails.values(), self.swarm_curve):
            if not curve.isVisible() or curve.xData is None or not len(curve.xData):
                continue
            stride = max(1, len(curve.xData) // 400)
            x, y = curve.xData[::stride], curve.yData[::stride]
            with np.errstate(all="ignore"):
                chunks.append(np.column_stack([x, np.log10(y) if self.log_y else y]))
        return np.vstack(chunks) if chunks else np.empty((0, 2))

    def to_axis(self, value: float) -> float:
        """A loss in the view's y coordinates (log10 on a log axis)."""
        return float(np.log10(value)) if self.log_y else float(value)

    def follow(self) -> None:
        """Fit the curves again from now on (after the user zoomed)."""
        self.following = True
        self._fitted = False
        self._shown = {}
        self._history = {}

    def _user_moved(self, *_) -> None:
        if not self._moving:
            self.following = False
