"""Extract adamviz's texts into the .ts files and compile them: ``python -m adamviz.translations.update``.

1. writes declared.py from the registries (the core's declared texts);
2. pyside6-lupdate: the .ts files gain the new texts (unfinished) and mark the vanished ones obsolete;
3. pyside6-lrelease: the .qm files the window reads.
Translate the unfinished texts (Qt Linguist, or the .ts by hand) and run it again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from adamviz.translations.declared_texts import declared_module

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
LANGUAGES = ("zh_CN",)
SOURCES = ("ui", "model", "core", "export")
PICTURE_COMMANDS = ("cli.py",)
"""The command line's own files whose pictures speak --lang (their messages stay English)."""


def tool(name: str) -> str:
    """pyside6-NAME beside this Python (a venv's bin), else on PATH."""
    beside = Path(sys.executable).with_name(f"pyside6-{name}")
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6")
    return found


def source_files() -> list[str]:
    files = [HERE / "declared.py"]
    for folder in SOURCES:
        files += sorted((PACKAGE / folder).rglob("*.py"))
    files += [PACKAGE / name for name in PICTURE_COMMANDS]
    return [str(path) for path in files]


def ts_file(language: str) -> Path:
    return HERE / f"adamviz_{language}.ts"


def main() -> int:
    (HERE / "declared.py").write_text(declared_module(), encoding="utf-8")
    for language in LANGUAGES:
        subprocess.run([tool("lupdate"), "-locations", "none", "-no-obsolete", "-target-language", language,
                        *source_files(),
                        "-ts", str(ts_file(language))], check=True, cwd=HERE)
        subprocess.run([tool("lrelease"), "-silent", str(ts_file(language))], check=True, cwd=HERE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
