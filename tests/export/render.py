"""Exported documents rendered to PDF and PNG with LibreOffice and poppler, to look at and to measure.

    .venv/bin/python -m tests.export.render FILE.docx|pptx|pdf OUT_DIR [--dpi 60]

LibreOffice lays a Word character grid (w:docGrid type="linesAndChars") out in square cells as high as
the line pitch, so a 22 × 28 公文 page shows 15 characters a line there while Word and WPS show 28. The copy
LibreOffice renders therefore keeps the line grid and drops the character grid (type="lines": 27–28
characters a line, the same lines and pages); the file itself is not changed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def for_libreoffice(content: bytes) -> bytes:
    """A DOCX whose character grid LibreOffice can lay out (see the module docstring)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b'w:type="linesAndChars"', b'w:type="lines"')
            target.writestr(item, data)
    return out.getvalue()


def to_pdf(path: Path, out_dir: Path) -> Path:
    """PDF of a DOCX/PPTX by LibreOffice (its own throwaway profile, so parallel runs do not clash)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".pdf":
        return path
    source = path
    if path.suffix == ".docx":
        source = out_dir / f"{path.stem}.lo.docx"
        source.write_bytes(for_libreoffice(path.read_bytes()))
    with tempfile.TemporaryDirectory(prefix="tongxin-lo-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(source)], check=True, capture_output=True, timeout=240)
    made = out_dir / f"{source.stem}.pdf"
    target = out_dir / f"{path.stem}.pdf"
    made.replace(target)
    return target


def to_pngs(pdf: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    prefix = out_dir / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, timeout=240)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("out")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    pdf = to_pdf(Path(args.file), Path(args.out))
    for png in to_pngs(pdf, Path(args.out), args.dpi):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
