"""A learning-rate sweep written to a file: the plot (PNG, SVG) or the numbers (JSON, CSV).

The numbers are `adamviz sweep`'s report (adamviz.core.report.sweep_dict,
sweep_csv_rows); the plot is the window's SweepPlot laid out off screen and
rendered at the asked size, with a title saying what it shows. Every file is
written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Callable, Mapping
from pathlib import Path

from adamviz.core.files import atomic_write
from adamviz.core.report import sweep_csv_rows, sweep_json
from adamviz.export.formats import DEFAULT_SIZE, ExportError

SWEEP_FORMATS = (".json", ".csv", ".png", ".svg")
REFERENCE = (1280, 720)


def check_sweep_target(path: Path) -> str:
    """The suffix of a file a sweep can be written to; ExportError (one line) otherwise."""
    return check_study_target(path, SWEEP_FORMATS, "a sweep")


def check_study_target(path: Path, formats: tuple[str, ...], what: str) -> str:
    """The suffix of ``path`` if a study (``what``: "a sweep") can be written as it; ExportError otherwise."""
    suffix = path.suffix.lower()
    if suffix not in formats:
        given = path.suffix or "a file with no extension"
        raise ExportError(f"{what} is written as {', '.join(formats)}, not {given}")
    return suffix


def write_sweep(path: Path, results: Mapping, skipped: Mapping[str, str], *, current: Mapping[str, float],
                title: str, size: tuple[int, int] | None = None, theme: str = "light",
                presenting: bool = False) -> Path:
    """Write the sweep to ``path`` (format from its suffix); files.WriteError if it cannot be written."""
    suffix = check_sweep_target(path)
    if suffix == ".json":
        text = sweep_json(dict(results), dict(skipped)) + "\n"
        return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    if suffix == ".csv":
        def write_rows(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, lineterminator="\n").writerows(sweep_csv_rows(dict(results)))
        return atomic_write(path, write_rows)
    data = sweep_picture(results, current, title, size or DEFAULT_SIZE["image"], theme, presenting, suffix)
    from adamviz.export import qt as qx

    return atomic_write(path, lambda tmp: qx.write_bytes(tmp, data))


def sweep_picture(results: Mapping, current: Mapping[str, float], title: str, size: tuple[int, int],
                  theme_name: str, presenting: bool, suffix: str) -> bytes:
    """The sweep plot as PNG or SVG bytes of ``size`` pixels."""
    from adamviz.ui.sweep_plot import SweepPlot

    return plot_picture(SweepPlot, lambda plot: plot.draw(results, current), title, size, theme_name, presenting,
                        suffix)


def plot_picture(make: Callable, draw: Callable, title: str, size: tuple[int, int], theme_name: str,
                 presenting: bool, suffix: str) -> bytes:
    """A plot widget (``make(theme)``, fed by ``draw(plot)``) with ``title`` above it, laid out off screen, as PNG
    or SVG bytes of ``size`` pixels; its legend where it hides the least."""
    from adamviz.export import qt as qx
    from adamviz.export.views import plot_svg, render_plot
    from adamviz.ui.theme import get_theme, render_theme

    qx.ensure_app()
    logical, ratio = qx.scale_for(size, REFERENCE)
    base = get_theme(theme_name, presenting)
    plot = make(render_theme(base, ratio))
    try:
        item = plot.getPlotItem()
        item.setTitle(f"<span style='font-size:{base.font_pt * 1.2:.1f}pt; color:{base.foreground}'>"
                      f"{html.escape(title)}</span>")
        item.setContentsMargins(4, 4, 10, 4 + base.font_pt * 0.5)
        qx.show_offscreen(plot, logical)
        draw(plot)
        qx.process_events()
        plot.place_legend()
        if suffix == ".svg":
            from adamviz.export import svg as svgx

            return svgx.to_text(plot_svg(plot, size, 1 / ratio)).encode("utf-8")
        return qx.png_bytes(render_plot(plot, size, ratio, base.background))
    finally:
        plot.close()
        plot.deleteLater()
