"""§7.3's comparison of minibatch sizes written to a file: the plot (PNG, SVG) or the numbers (JSON, CSV), each
under a temporary name renamed when complete."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from adamviz.core.batches import BatchComparison, comparison_csv_rows, comparison_dict
from adamviz.core.files import atomic_write
from adamviz.core.text import QT_TRANSLATE_NOOP, close_han_gaps, translate, translated
from adamviz.export.formats import DEFAULT_SIZE
from adamviz.export.sweep import check_study_target, plot_picture

BATCH_FORMATS = (".json", ".csv", ".png", ".svg")
TITLES = {"seconds": QT_TRANSLATE_NOOP("export_batches", "{optimizer} on airfoil: loss against time, "
                                                         "by minibatch size (§7.3)"),
          "examples": QT_TRANSLATE_NOOP("export_batches", "{optimizer} on airfoil: loss against examples, "
                                                          "by minibatch size (§7.3)"),
          "epochs": QT_TRANSLATE_NOOP("export_batches", "{optimizer} on airfoil: loss against epochs, "
                                                        "by minibatch size (§7.3)")}
"""The picture's title for each x axis (English: show it through translated)."""


def check_batches_target(path: Path) -> str:
    """The suffix of a file a comparison can be written to; ExportError (one line) otherwise."""
    return check_study_target(path, BATCH_FORMATS, "a comparison of batch sizes")


def write_batches(path: Path, comparison: BatchComparison, *, axis: str = "seconds",
                  size: tuple[int, int] | None = None, theme: str = "light", presenting: bool = False) -> Path:
    """Write the comparison to ``path`` (format from its suffix); files.WriteError if it cannot be written."""
    suffix = check_batches_target(path)
    if suffix == ".json":
        text = json.dumps(comparison_dict(comparison), allow_nan=False) + "\n"
        return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    if suffix == ".csv":
        def write_rows(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, lineterminator="\n").writerows(comparison_csv_rows(comparison))
        return atomic_write(path, write_rows)
    from adamviz.core.optimizers import get_optimizer
    from adamviz.export import qt as qx
    from adamviz.ui.batch_plot import BatchPlot

    name = translate("export_batches", "Minibatch SGD") if comparison.optimizer == "sgd" else \
        get_optimizer(comparison.optimizer).shown_title
    title = close_han_gaps(translated("export_batches", TITLES[axis]).format(optimizer=name))
    data = plot_picture(BatchPlot, lambda plot: plot.draw(comparison, axis), title, size or DEFAULT_SIZE["image"],
                        theme, presenting, suffix)
    return atomic_write(path, lambda tmp: qx.write_bytes(tmp, data))
