"""The window's style: Fusion (the same look on every desktop, both themes drawn from its palettes), with
check boxes and radio buttons that grow with their type, so a projector's 20 pt gets boxes to match.

Qt's styles size an indicator in pixels, whatever the widget's font, so in presentation mode a 20-pt label
sat beside a 13-px box. This proxy of Fusion scales those few metrics by the widget's type against the type
the application started with; everything else is Fusion's own, but for the icons on dialogs' buttons.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

SCALED = (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
          QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)


class TypeScaledStyle(QProxyStyle):
    def __init__(self, base: QStyle, normal_pt: float):
        super().__init__(base)
        self.normal_pt = normal_pt

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric in SCALED and widget is not None and self.normal_pt > 0:
            size = widget.font().pointSizeF()
            if size > self.normal_pt:
                return round(value * size / self.normal_pt)
        return value

    def styleHint(self, hint, option=None, widget=None, returnData=None) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0  # words, not Fusion's small dark icons (a ✕ all but lost on the dark theme's buttons)
        return super().styleHint(hint, option, widget, returnData)


_kept: list = []


def use_app_style(app: QApplication) -> None:
    """Fusion with type-scaled check boxes, set once (setting a style again re-polishes every widget)."""
    if isinstance(app.style(), TypeScaledStyle):
        return
    _kept.append(TypeScaledStyle(QStyleFactory.create("Fusion"), app.font().pointSizeF()))
    app.setStyle(_kept[-1])  # (kept: Python must not collect the style Qt draws with)
