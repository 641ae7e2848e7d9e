"""How runs and values are written for people: legends, fields, titles. Qt-free, so exports need no window."""

from __future__ import annotations

from adamviz.core.optimizers import get_optimizer
from adamviz.core.text import translate


def format_value(value: float) -> str:
    """Short when six significant digits say it exactly, else the full repr: a field never rounds a value."""
    text = f"{value:.6g}"
    return text if float(text) == value else repr(value)


def run_label(key: tuple[str, bool], hyperparams: dict[str, float], schedule: str = "") -> str:
    """A run's legend text, e.g. "Adam  η=0.01 β₁=0.9 β₂=0.999" (ε left out: it is nearly always tiny), with η's
    schedule beside it: "η=0.1 (cosine:100)". In the window's language: only the window and pictures show it."""
    optimizer = get_optimizer(key[0])
    values = " ".join(f"{hp.symbol}={format_value(hyperparams[hp.name])}"
                      + (f" ({schedule})" if schedule and hp.name == "lr" else "")
                      for hp in optimizer.hyperparams if hp.name != "eps")
    if key[1] == "defaults":  # engine.TORCH_DEFAULTS: the chapter's concise cell, torch's own ε
        own = " ".join(f"{optimizer.hyperparam(name).symbol}={format_value(value)}"
                       for name, value in optimizer.torch_defaults)
        return translate("labels", "{optimizer} (torch.optim, its {defaults})  {values}").format(
            optimizer=optimizer.shown_title, defaults=own, values=values)
    suffix = " (torch.optim)" if key[1] else ""
    return f"{optimizer.shown_title}{suffix}  {values}"
