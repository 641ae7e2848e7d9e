"""Cut the shipped Chinese font from Noto Sans CJK SC: ``python -m adamviz.translations.make_font [FONT]``.

The subset holds every character the translations use that a Latin font lacks (CJK ideographs and
punctuation), so Chinese shows on a machine with no CJK font: a fresh Linux, CI, a headless export.
FONT defaults to Debian's fonts-noto-cjk (NotoSansCJK-Regular.ttc, whose third face is SC); needs
fontTools (``pip install fonttools``). The family is renamed, since "Noto" is a trademark, and the
OFL, which allows the subset, ships beside it (OFL.txt). Run it again whenever the translations
gain a character; tests/ui/test_translations.py says when.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from adamviz.translations import FONT_FAMILY, FONT_FILE, needs_cjk_font

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_FACE = 2
OUTPUT = HERE / FONT_FILE


def translated_characters() -> set[str]:
    from adamviz.ui.i18n import LANGUAGES

    chars = {char for name in LANGUAGES.values() for char in name if needs_cjk_font(char)}
    for ts in sorted(HERE.glob("*.ts")):
        for element in ET.parse(ts).getroot().iter("translation"):
            chars |= {char for char in element.text or "" if needs_cjk_font(char)}
    return chars


def main(argv: list[str]) -> int:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    font = TTFont(str(source), fontNumber=SC_FACE if source.suffix.lower() == ".ttc" else -1)
    chars = translated_characters()
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(char) for char in chars))
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = FONT_FAMILY
        elif record.nameID in (3, 4):
            record.string = f"{FONT_FAMILY} Regular"
        elif record.nameID == 6:
            record.string = FONT_FAMILY.replace(" ", "") + "-Regular"
    font.save(str(OUTPUT))
    print(f"{OUTPUT.name}: {len(chars)} characters, {OUTPUT.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
