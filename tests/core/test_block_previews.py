"""Each body block's admin preview (core/blocks.py): a preview value that renders, except the two the
module docstring names (they need an image or a document from the site's library)."""

import pytest

from core.blocks import BaseStreamBlock

WITHOUT_PREVIEW = {"image", "document"}


@pytest.mark.parametrize("name", sorted(BaseStreamBlock.base_blocks))
def test_every_body_block_has_a_preview_that_renders_or_is_named(name):
    block = BaseStreamBlock.base_blocks[name]
    preview = getattr(block.meta, "preview_value", None)
    if name in WITHOUT_PREVIEW:
        assert preview is None, f"{name} has a preview now: take it off WITHOUT_PREVIEW"
        return
    if name == "paragraph":  # a RichTextBlock: its preview is Wagtail's own default
        return
    assert preview, name
    html = block.render(block.to_python(preview))
    assert html.strip(), name


def test_the_table_preview_is_a_table_with_its_caption_and_headers():
    block = BaseStreamBlock.base_blocks["table"]
    html = block.render(block.to_python(block.meta.preview_value))
    assert "<caption>Kaikukortin hinta</caption>" in html
    assert '<th scope="col">Hinta</th>' in html and '<th scope="row">Henkilökortti</th>' in html
