"""The shared StreamField blocks: each renders accessibly, validates what it must."""

from django.core.exceptions import ValidationError

import pytest

from core.blocks import (
    BaseStreamBlock,
    CallToActionBlock,
    FAQBlock,
    HeadingBlock,
    TableWithCaptionBlock,
)

pytestmark = pytest.mark.django_db


def test_every_struct_block_has_icon_label_and_template():
    for name, block in BaseStreamBlock.base_blocks.items():
        assert block.meta.icon, name
        assert block.meta.template, name
        assert block.label, name


@pytest.mark.parametrize(("level", "tag"), [("h2", "<h2>"), ("h3", "<h3>"), ("h4", "<h4>")])
def test_heading_renders_its_level(level, tag):
    block = HeadingBlock()
    html = block.render(block.to_python({"text": "Otsikko", "level": level}))
    assert html.strip() == f"{tag}Otsikko{tag.replace('<', '</')}"


def test_faq_is_a_details_accordion_without_javascript():
    block = FAQBlock()
    html = block.render(block.to_python(block.meta.preview_value))
    assert html.count("<details") == 2
    assert "<summary>Maksaako kortti?</summary>" in html
    assert "<script" not in html


def test_call_to_action_needs_a_page_or_an_address():
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "Lue lisää", "page": None, "url": ""}))
    assert block.clean(block.to_python({"text": "Lue lisää", "url": "https://example.fi/"}))


def test_table_has_a_caption_and_header_cells():
    block = TableWithCaptionBlock()
    value = block.to_python(
        {
            "caption": "Poikkeukset",
            "table": {
                "data": [["Alue", "Poikkeus"], ["Kainuu", "10 käyntiä"]],
                "first_row_is_table_header": True,
            },
        }
    )
    html = block.render(value)
    assert "<caption>Poikkeukset</caption>" in html
    assert '<th scope="col">Alue</th>' in html
    assert '<th scope="row">Kainuu</th>' in html


def test_image_block_requires_alt_text():
    from core.blocks import ImageBlock

    block = ImageBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": None, "alt_text": "", "caption": ""}))
