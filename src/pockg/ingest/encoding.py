"""Decode the bytes of a text file: UTF-8 (with or without BOM), UTF-16/32 and legacy code pages."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Code pages charset-normalizer may name for Western European text; Windows-1252 is the
# superset that Word and Outlook wrote, so it decodes the typographic quotes and dashes right.
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "cp1250", "iso8859_2", "mac_roman"}
_CONTROL_OK = {"\t", "\n", "\r", "\f", "\v"}


class NotTextError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) for the bytes of a text file.

    Raises NotTextError for binary content: NUL bytes outside UTF-16/32 or a text full of
    control characters.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    unmarked_utf16 = _unmarked_utf16(data)
    if unmarked_utf16:
        return data.decode(unmarked_utf16), unmarked_utf16
    if b"\x00" in data:
        raise NotTextError("binary content (NUL bytes), not text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data)
    if _control_ratio(text) > 0.05:
        raise NotTextError("binary content (control characters), not text")
    return text, encoding


def _unmarked_utf16(data: bytes) -> str | None:
    """Name the UTF-16 byte order of BOM-less text whose every other byte is NUL."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.9 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls > 0.9 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is None:
        raise NotTextError("undecodable bytes in no known text encoding")
    if best.encoding in _WESTERN:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), best.encoding


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    controls = sum(
        1 for c in sample if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) and c not in _CONTROL_OK
    )
    return controls / len(sample)
