"""The demo's downloads are committed files (built by bin/build_demo_files.py), one for each
material version and format that materials/demo.py lists, each a real file of its format."""

import zipfile

from materials.demo import DEMO_FILES, MATERIALS, demo_file_name

OFFICE = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml", "xlsx": "xl/workbook.xml"}


def test_every_demo_download_is_a_small_committed_file_of_its_format():
    listed = {
        demo_file_name(slug, label, fmt)
        for slug, *_, versions, _text in MATERIALS
        for _date, label, formats in versions
        for fmt in formats
    }
    assert {path.name for path in DEMO_FILES.iterdir()} == listed
    for name in listed:
        path = DEMO_FILES / name
        fmt = path.suffix[1:]
        assert path.stat().st_size < 64 * 1024, name
        if fmt == "pdf":
            assert path.read_bytes().startswith(b"%PDF-"), name
        else:
            members = zipfile.ZipFile(path).namelist()
            assert OFFICE.get(fmt, "LUEMINUT.txt") in members, name
