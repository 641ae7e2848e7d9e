"""Making Qt's SVG portable: plain strokes and reliable clipping. Pure Python (ElementTree), no Qt.

pyqtgraph draws its curves in data coordinates with cosmetic pens. Qt writes
them as paths under a data→pixel ``transform`` with
``vector-effect="non-scaling-stroke"``: browsers honour that, but many
renderers and slide programs do not and stroke with the data scale (lines
hundreds of pixels wide). Qt's SVG engine also leaks one item's clip onto the
next (a legend sample clipped away by its label's box). So, for a plot:

* every non-scaling stroke gets its transform applied to the coordinates
  themselves and an ordinary width in the document's units;
* Qt's clip paths are dropped, and everything drawn in data coordinates is
  clipped to the plot area instead (so the surface never spills over the axes).

A whole window keeps Qt's clips (widgets clip correctly) and gets each plot
nested as its own ``<svg>`` element, which clips to its box by definition.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_STROKED = {"path", "polyline", "polygon", "rect", "line"}
PLOT_CLIP_ID = "adamviz-plot-area"

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def _tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def portable(text: str, stroke_scale: float = 1.0, plot_area: tuple[float, float, float, float] | None = None,
             clip_id: str = PLOT_CLIP_ID, drop_clips: bool | None = None):
    """Parse Qt's SVG ``text`` and return its root, made portable (see the module's doc).

    ``stroke_scale`` multiplies the widths of converted strokes (whose widths
    were set in device pixels); ``plot_area`` (x, y, width, height in the
    document's units), if given, replaces Qt's clipping for a single plot.
    """
    root = ET.fromstring(text)
    if drop_clips or (drop_clips is None and plot_area is not None):
        _drop_qt_clips(root)
    for parent in list(root.iter(_q("g"))):
        for index, group in reversed(list(enumerate(list(parent)))):
            if _tag(group) != "g" or any(_tag(child) == "g" for child in group):
                continue
            matrix = _matrix(group.get("transform"))
            data = matrix is not None and not _is_translation(matrix)
            if not (data or any(child.get("vector-effect") == "non-scaling-stroke" for child in group)):
                continue
            pieces = _split_group(group, matrix, stroke_scale)
            if plot_area is not None and data:
                for piece in pieces:
                    piece.set("clip-path", f"url(#{clip_id})")
            parent.remove(group)
            for offset, piece in enumerate(pieces):
                parent.insert(index + offset, piece)
    if plot_area is not None:
        defs = root.find(_q("defs"))
        if defs is None:
            defs = ET.Element(_q("defs"))
            root.insert(0, defs)
        clip = ET.SubElement(defs, _q("clipPath"), {"id": clip_id})
        x, y, w, h = plot_area
        ET.SubElement(clip, _q("rect"), {"x": f"{x:g}", "y": f"{y:g}", "width": f"{w:g}", "height": f"{h:g}"})
    return root


def nest(root, child, box: tuple[float, float, float, float], view_size: tuple[float, float]) -> None:
    """Append ``child`` (an svg root) to ``root`` as an ``<svg>`` at ``box`` showing ``view_size`` units."""
    x, y, w, h = box
    nested = ET.SubElement(root, _q("svg"), {
        "x": f"{x:g}", "y": f"{y:g}", "width": f"{w:g}", "height": f"{h:g}",
        "viewBox": f"0 0 {view_size[0]:g} {view_size[1]:g}", "overflow": "hidden",
    })
    for element in list(child):
        if _tag(element) in ("title", "desc"):
            continue
        nested.append(element)


def to_text(root) -> str:
    carry_cjk_font(root)
    return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def carry_cjk_font(root) -> None:
    """A picture in Chinese shows its characters on any machine: the shipped font travels inside it.

    Qt names the widgets' family ("Sans Serif"), which on a viewer's machine rarely has Han characters,
    and a font Qt found at export time is not the viewer's. So every text with such characters asks for the
    shipped subset first (its Latin letters and digits fall through to the viewer's sans-serif), and the
    subset is embedded once, as an @font-face, for viewers that read CSS fonts (browsers; slide programs
    that import SVG through one). A picture with no such text is left exactly as Qt wrote it."""
    from adamviz.translations import FONT_FAMILY, font_bytes, needs_cjk_font

    texts = [element for element in root.iter(_q("text"))
             if any(needs_cjk_font(char) for char in "".join(element.itertext()))]
    if not texts or any(_tag(child) == "style" for child in root):
        return
    for element in texts:
        element.set("font-family", f"'{FONT_FAMILY}', sans-serif")
    style = ET.Element(_q("style"), {"type": "text/css"})
    encoded = base64.b64encode(font_bytes()).decode("ascii")
    style.text = (f"@font-face {{ font-family: '{FONT_FAMILY}'; "
                  f"src: url(data:font/otf;base64,{encoded}) format('opentype'); }}")
    root.insert(0, style)


def _drop_qt_clips(root) -> None:
    for element in root.iter():
        element.attrib.pop("clip-path", None)
    for defs in root.iter(_q("defs")):
        for clip in list(defs):
            if _tag(clip) == "clipPath":
                defs.remove(clip)


def _is_translation(matrix) -> bool:
    a, b, c, d, _e, _f = matrix
    return a == 1 and b == 0 and c == 0 and d == 1


def _split_group(group, matrix, stroke_scale: float) -> list:
    """``group`` as consecutive groups: converted strokes (no transform) and the rest (unchanged)."""
    pieces, current, current_plain = [], None, None
    for child in list(group):
        converted = None
        if matrix is not None and child.get("vector-effect") == "non-scaling-stroke" and _tag(child) in _STROKED:
            converted = _transformed(child, matrix)
        plain = converted is not None
        if current is None or plain != current_plain:
            current = ET.Element(group.tag, dict(group.attrib))
            current.text, current.tail = group.text, group.tail
            if plain:
                current.attrib.pop("transform", None)
                width = group.get("stroke-width")
                if width is not None:
                    current.set("stroke-width", f"{float(width) * stroke_scale:g}")
            pieces.append(current)
            current_plain = plain
        current.append(converted if plain else child)
    return pieces or [group]


def _matrix(transform: str | None):
    if not transform:
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    match = re.fullmatch(r"\s*matrix\(([^)]*)\)\s*", transform)
    if not match:
        return None
    values = [float(v) for v in _NUMBER.findall(match.group(1))]
    return tuple(values) if len(values) == 6 else None


def _transformed(element, matrix):
    """A copy of ``element`` in its group's parent coordinates with an ordinary stroke; None if not possible."""
    a, b, c, d, e, f = matrix

    def point(x: float, y: float) -> str:
        return f"{a * x + c * y + e:.6g},{b * x + d * y + f:.6g}"

    tag = _tag(element)
    attrib = {k: v for k, v in element.attrib.items() if k != "vector-effect"}
    if tag == "path":
        out, numbers = [], []
        for token in _PATH_TOKEN.findall(element.get("d", "")):
            if token.isalpha():
                if token not in "MLCZ" or numbers:
                    return None  # only Qt's absolute move/line/cubic/close are expected
                out.append(token)
            else:
                numbers.append(float(token))
                if len(numbers) == 2:
                    out.append(point(*numbers))
                    numbers = []
        if numbers:
            return None
        attrib["d"] = " ".join(out)
        new_tag = "path"
    elif tag in ("polyline", "polygon"):
        values = [float(v) for v in _NUMBER.findall(element.get("points", ""))]
        if len(values) % 2:
            return None
        attrib["points"] = " ".join(point(values[i], values[i + 1]) for i in range(0, len(values), 2))
        new_tag = tag
    elif tag == "line":
        x1, y1, x2, y2 = (float(element.get(k, "0")) for k in ("x1", "y1", "x2", "y2"))
        attrib = {k: v for k, v in attrib.items() if k not in ("x1", "y1", "x2", "y2")}
        attrib["d"] = f"M{point(x1, y1)} L{point(x2, y2)}"
        new_tag = "path"
    elif tag == "rect":
        if element.get("rx") or element.get("ry"):
            return None
        x, y = float(element.get("x", "0")), float(element.get("y", "0"))
        w, h = float(element.get("width", "0")), float(element.get("height", "0"))
        attrib = {k: v for k, v in attrib.items() if k not in ("x", "y", "width", "height")}
        attrib["d"] = f"M{point(x, y)} L{point(x + w, y)} L{point(x + w, y + h)} L{point(x, y + h)} Z"
        new_tag = "path"
    else:
        return None
    result = ET.Element(_q(new_tag), attrib)
    result.text, result.tail = element.text, element.tail
    return result
