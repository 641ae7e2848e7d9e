"""Colours and sizes: light, dark, and projector variants of each.

Every optimizer keeps one colour everywhere (its module declares it: Okabe–Ito's
colour-blind-safe ones for the chapter's six): the contour view, the loss plot,
the legend, the status line and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

FALLBACK_COLOR = "#999999"


def optimizer_color(name: str) -> str:
    """The optimizer's own colour, everywhere: surface, loss plot, legend, status line, exports."""
    from adamviz.core.optimizers import OPTIMIZERS

    optimizer = OPTIMIZERS.get(name)
    return optimizer.color if optimizer is not None else FALLBACK_COLOR


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    surface_low: str
    """Colour of the lowest loss in the contour image."""
    surface_high: str
    contour: str
    halo: str
    """Drawn under every trajectory so it stands out on any part of the surface."""
    minimum: str
    line_width: float = 2.5
    marker_size: float = 6.0
    head_size: float = 15.0
    font_pt: float = 10.0
    presenting: bool = False
    dark: bool = False

    def projector(self) -> Theme:
        """High contrast, big type, thick lines: readable from the back of a room."""
        if self.dark:
            colours = dict(background="#000000", foreground="#ffffff", surface_low="#000000",
                           surface_high="#3a3a3a", contour="#8a8a8a", halo="#000000")
        else:
            colours = dict(background="#ffffff", foreground="#000000", surface_low="#ffffff",
                           surface_high="#b9b9b9", contour="#6a6a6a", halo="#ffffff")
        return replace(self, name=f"{self.name}-projector", **colours, line_width=5.0, marker_size=10.0,
                       head_size=26.0, font_pt=20.0, presenting=True)


LIGHT = Theme(
    name="light", background="#ffffff", foreground="#1b1b1b",
    surface_low="#fbfbfb", surface_high="#c7d3df", contour="#8d99a6",
    halo="#ffffff", minimum="#1b1b1b",
)
DARK = Theme(
    name="dark", background="#16181c", foreground="#e8e8e8",
    surface_low="#16181c", surface_high="#46505c", contour="#7d8894",
    halo="#000000", minimum="#f0f0f0", dark=True,
)
THEMES = {"light": LIGHT, "dark": DARK}


def get_theme(name: str, presenting: bool = False) -> Theme:
    theme = THEMES[name]
    return theme.projector() if presenting else theme


def style_plot(widget, theme: Theme) -> None:
    """A pyqtgraph plot widget in ``theme``: background, axes, tick type, and plain numbers on the ticks.

    pyqtgraph's enableAutoSIPrefix(False) alone still scales a range below 1
    (0.5 labelled "500"); an empty set of enable ranges switches the scaling off.
    """
    from PySide6.QtGui import QFont

    widget.setBackground(theme.background)
    font = QFont()
    font.setPointSizeF(theme.font_pt)
    plot = widget.getPlotItem()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(theme.foreground)
        axis.setTextPen(theme.foreground)
        axis.setTickFont(font)
        axis.label.setFont(font)
        axis.enableAutoSIPrefix(False)
        axis.setSIPrefixEnableRanges(())
        axis.updateAutoSIPrefix()


def render_theme(theme, ratio: float):
    """The theme for drawing at ``ratio`` device pixels per logical pixel.

    Text, symbols and layout scale with the painter; pyqtgraph's lines use
    cosmetic pens (widths in device pixels), so their widths scale here.
    """
    return replace(theme, line_width=theme.line_width * ratio)
