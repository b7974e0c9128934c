"""Fonts of a PDF's text layer: weight and slant from the font's name, glyph widths.

Text extraction needs to know how wide a run of text is (to find word gaps, table cells and
where a line ends) and whether it is bold or italic (to rank headings). Both are read once per
font dictionary and cached for the document.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypdf.generic import DictionaryObject
from pypdf.generic._font import Font

_BOLD_NAMES = ("bold", "black", "heavy", "semibold")
_ITALIC_NAMES = ("italic", "oblique")


class Widths(dict[str, float]):
    """Glyph widths by character, in thousandths of an em; unknown characters get a default."""

    def __init__(self, default: float) -> None:
        super().__init__()
        self.default = default

    def __missing__(self, char: str) -> float:
        return self.default


@dataclass(frozen=True, slots=True)
class FontInfo:
    """What text extraction needs to know about a font: weight, slant and glyph widths."""

    bold: bool
    italic: bool
    widths: Widths

    def width(self, text: str, size: float) -> float:
        """Return the width of `text` set in this font at `size` points."""
        return sum(map(self.widths.__getitem__, text)) * size / 1000.0


_UNKNOWN_FONT = FontInfo(False, False, Widths(500.0))


class FontCache:
    """Font information per font dictionary, read once per document."""

    def __init__(self) -> None:
        self._fonts: dict[int, tuple[DictionaryObject, FontInfo]] = {}

    def get(self, font: DictionaryObject | None) -> FontInfo:
        """Return the information for a font dictionary (a neutral default for None)."""
        if font is None:
            return _UNKNOWN_FONT
        cached = self._fonts.get(id(font))
        if cached is None:
            cached = (font, _font_info(font))  # the dict is kept so its id stays unique
            self._fonts[id(font)] = cached
        return cached[1]


def _font_info(font: DictionaryObject) -> FontInfo:
    """Return a font's weight and slant (from its BaseFont name) and widths by character."""
    name = str(font.get("/BaseFont", "")).split("+")[-1].lower()
    bold = any(word in name for word in _BOLD_NAMES)
    italic = any(word in name for word in _ITALIC_NAMES)
    try:
        parsed = Font.from_font_resource(font)
    except (KeyError, ValueError, TypeError, AttributeError):
        return FontInfo(bold, italic, Widths(500.0))
    widths = Widths(float(parsed.character_widths.get("default", 500)))
    encoding = parsed.encoding
    for raw, width in parsed.character_widths.items():
        if len(raw) != 1:
            continue  # the "default" entry
        char = encoding.get(ord(raw), raw) if isinstance(encoding, dict) else raw
        char = parsed.character_map.get(char, parsed.character_map.get(raw, char))
        if isinstance(char, str) and char not in widths:
            widths[char] = float(width)
    return FontInfo(bold, italic, widths)
