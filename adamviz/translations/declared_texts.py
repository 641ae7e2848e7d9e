"""Every text the core declares as data and the window shows, from the registries themselves."""

from __future__ import annotations


def declared_texts() -> list[str]:
    """Preset titles and notes, problem titles and descriptions, the built-in optimizers' titles and summaries,
    hyperparameter meanings and notes: what ``adamviz.core.text.declared`` translates, in a stable order."""
    from adamviz.core.optimizers import OPTIMIZERS
    from adamviz.core.problems import PROBLEMS
    from adamviz.core.scenario import PRESETS

    texts: list[str] = []
    for preset in PRESETS.values():
        texts += [preset.title, preset.note]
    for make in PROBLEMS.values():
        problem = make()
        texts += [problem.title, problem.description, problem.floor_label]
    for optimizer in OPTIMIZERS.values():
        if optimizer.source is None:
            texts += [optimizer.title, optimizer.summary]
            texts += [hp.meaning for hp in optimizer.hyperparams]
            texts += [note.text for note in optimizer.notes]
    return list(dict.fromkeys(text for text in texts if text))


def declared_module() -> str:
    """declared.py's text: one QT_TRANSLATE_NOOP("declared", …) per text, for pyside6-lupdate to find."""
    lines = [
        '"""Written by adamviz.translations.update from the registries: the texts adamviz.core.text.declared',
        'translates, listed for pyside6-lupdate. Never imported; do not edit."""',
        "",
        "from adamviz.core.text import QT_TRANSLATE_NOOP",
        "",
        "TEXTS = (",
    ]
    lines += [f"    QT_TRANSLATE_NOOP(\"declared\", {text!r})," for text in declared_texts()]
    lines.append(")")
    return "\n".join(lines) + "\n"
