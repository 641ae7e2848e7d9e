"""The whole app window, off screen: opened on the scenario, run to its step, rendered at any size.

The window is laid out at a logical size near 1600×1000 (a bigger export is
the same window, sharper) and painted into an image whose device pixel ratio
makes up the difference. It never touches the user's saved settings.
"""

from __future__ import annotations

from collections.abc import Callable

from adamviz.core.scenario import Scenario
from adamviz.core.session import ViewSettings
from adamviz.export import qt as qx
from adamviz.ui.theme import render_theme

REFERENCE = (1600, 1000)


class WindowShot:
    """A MainWindow at the scenario's last step, ready to render; ``close()`` when done."""

    def __init__(self, scenario: Scenario, size: tuple[int, int], *, theme: str = "light",
                 presenting: bool = False, view: ViewSettings | None = None,
                 check: Callable[[], None] | None = None, timeout_s: float = 180.0):
        from adamviz.ui.screenshot import finish_view, settle, wait_for_step
        from adamviz.ui.window import MainWindow

        app = qx.ensure_app()
        self.size = size
        self.logical, self.ratio = qx.scale_for(size, REFERENCE)
        view = view or ViewSettings()
        window = MainWindow(scenario, scenario.steps, theme=theme, presenting=presenting, remember=False)
        self.window = window
        window.contour.set_caching(False)  # vectors in an SVG
        try:
            qx.show_offscreen(window, self.logical)
            window.apply_view(view)
            wait_for_step(app, window, scenario.steps, timeout_s, check)
            finish_view(window, view)
            if self.ratio != 1.0:
                for plot in (window.contour, window.loss):  # cosmetic pens: widths in device pixels
                    plot.apply_theme(render_theme(plot.theme, self.ratio))
            settle(app, check=check)
        except BaseException:
            self.close()
            raise

    def render(self):
        """A Format_RGB32 QImage of ``size`` pixels."""
        image = qx.new_image(self.size, self.window.palette().window().color().name())
        image.setDevicePixelRatio(self.ratio)
        self.window.render(image)
        image.setDevicePixelRatio(1.0)
        return image

    def svg(self) -> bytes:
        """The window as an SVG document of ``size`` pixels; each plot nested as its own portable SVG."""
        from PySide6.QtCore import QPoint, QRectF

        from adamviz.export import svg as svgx
        from adamviz.export.views import plot_svg

        window = self.window
        view_box = QRectF(0, 0, self.size[0] / self.ratio, self.size[1] / self.ratio)
        plots = [plot for plot in (window.contour, window.loss) if plot.isVisible()]
        for plot in plots:  # drawn below as nested SVGs instead
            plot.viewport().setVisible(False)
        try:
            raw = qx.svg_bytes(lambda painter: window.render(painter, QPoint(0, 0)), self.size, view_box)
        finally:
            for plot in plots:
                plot.viewport().setVisible(True)
        root = svgx.portable(raw, 1 / self.ratio, drop_clips=True)
        for number, plot in enumerate(plots):
            corner = plot.mapTo(window, QPoint(0, 0))
            width, height = plot.width(), plot.height()
            child = plot_svg(plot, (width, height), 1 / self.ratio)
            for clip in child.iter(f"{{{svgx.SVG_NS}}}clipPath"):  # ids must stay unique in one document
                clip.set("id", f"{svgx.PLOT_CLIP_ID}-{number}")
            for element in child.iter():
                if element.get("clip-path") == f"url(#{svgx.PLOT_CLIP_ID})":
                    element.set("clip-path", f"url(#{svgx.PLOT_CLIP_ID}-{number})")
            svgx.nest(root, child, (corner.x(), corner.y(), width, height), (width, height))
        return svgx.to_text(root).encode("utf-8")

    def close(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.close()
            window.deleteLater()
