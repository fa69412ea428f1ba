"""One content model, three layouts: the DOCX, the deck and the A4 PDF of one request carry the same
sentences, captions and numbers (tongxin.document), and nothing the model does not say."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx
from pptx import Presentation
from pypdf import PdfReader

from tests import datasets as d
from tests.export.conftest import EXPORTED_ON
from tongxin import document, load
from tongxin.export import ExportRequest, deck, report, word

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def flat(text: str) -> str:
    """Text without the line breaks and spaces a layout adds (PDF lines, PPTX boxes)."""
    return re.sub(r"\s+", "", text)


def docx_text(content: bytes) -> str:
    doc = open_docx(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pptx_text(content: bytes) -> str:
    parts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for r in shape.table.rows for c in r.cells]
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture(scope="module", params=["default", "targets"])
def outputs(request, tmp_path_factory):
    if request.param == "default":
        dataset, org = load.load_dataset(d.DEFAULT_DATA), "犍为县政协"
    else:
        folder = d.write(tmp_path_factory.mktemp("targets"), d.targets_dataset())
        dataset, org = load.load_dataset(folder), "白马镇政协联络组"
    export = ExportRequest(dataset, org, exported_on=EXPORTED_ON)
    model = export.document()
    return model, {
        "docx": docx_text(word.docx(model)),
        "pptx": pptx_text(deck.pptx(model)),
        "pdf": pdf_text(report.pdf(model)),
    }


def test_every_sentence_and_caption_is_in_all_three(outputs):
    model, texts = outputs
    expected = document.texts(model)
    assert len(expected) > 40
    for fmt, text in texts.items():
        missing = [t for t in expected if flat(t) not in flat(text)]
        assert not missing, (fmt, missing[:5])


def test_the_same_numbers_in_all_three(outputs):
    """Every number the model says is in each document, and each document shows no number the model
    does not say (beyond page numbers, the export date and a card's change)."""
    model, texts = outputs
    said = set(NUMBER.findall(" ".join(document.texts(model))))
    extra = set(NUMBER.findall(model.exported_on)) | {str(n) for n in range(1, 60)}  # dates, page numbers
    extra |= {n for block in model.blocks(document.KeyFigures) for k in block.items
              for n in NUMBER.findall(k.change + k.change_words)}
    for fmt, text in texts.items():
        shown = set(NUMBER.findall(text))
        assert said <= shown, (fmt, said - shown)
        assert shown <= said | extra, (fmt, shown - said - extra)


def test_the_numbers_are_those_of_the_data(outputs):
    model, texts = outputs
    if model.org == "犍为县政协":
        for figure in ("410余条", "260余条", "约占63%", "近千件", "218→67个", "98.5%", "92%"):
            assert all(figure in flat(t) for t in texts.values()), figure
