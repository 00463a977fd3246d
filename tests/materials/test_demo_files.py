"""The demo's downloads are committed files (demo/media/documents/, built by
bin/build_demo_files.py): one for each document in the demo's data, each a real file of its format."""

import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OFFICE = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml", "xlsx": "xl/workbook.xml"}


def test_every_demo_download_is_a_small_committed_file_of_its_format():
    rows = json.loads((ROOT / "demo" / "fixtures" / "materials.json").read_text())
    listed = {row["fields"]["file"] for row in rows if row["model"] == "materials.customdocument"}
    media = ROOT / "demo" / "media"
    files = (media / "documents").iterdir()
    assert {path.relative_to(media).as_posix() for path in files} == listed
    for name in listed:
        path = media / name
        fmt = path.suffix[1:]
        assert path.stat().st_size < 64 * 1024, name
        if fmt == "pdf":
            assert path.read_bytes().startswith(b"%PDF-"), name
        else:
            members = zipfile.ZipFile(path).namelist()
            assert OFFICE.get(fmt, "LUEMINUT.txt") in members, name
