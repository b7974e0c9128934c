"""Text files in the encodings protection staff really have: UTF-8, BOMs, UTF-16, Windows-1252."""

from __future__ import annotations

import codecs

import pytest

from pockg.ingest.encoding import NotTextError, decode_text

SAMPLE = "Côte d’Ivoire – “protection of civilians” in the Sahel…\nSecond line: naïve résumé.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_text_recovers_the_characters(data: bytes, encoding: str) -> None:
    assert decode_text(data) == (SAMPLE, encoding)


def test_decode_text_reads_plain_ascii_as_utf8() -> None:
    assert decode_text(b"Protection Cluster\n") == ("Protection Cluster\n", "utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(256)) * 8,
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x01\x02\x03\x04" * 50,
    ],
)
def test_decode_text_refuses_binary_content(data: bytes) -> None:
    with pytest.raises(NotTextError, match="binary"):
        decode_text(data)
