"""A CarePlan's narrative: the plan as a person reads it in a record system that shows a
resource's narrative rather than its elements (FHIR's dom-6 asks for one). Made from the same
words as the elements and escaped for XHTML; a character XML cannot carry (a control character)
becomes U+FFFD here only; the elements keep it."""

import re
from html import escape
from xml.etree import ElementTree

XHTML = "http://www.w3.org/1999/xhtml"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` as the text of an XHTML element. A carriage return is written as a reference:
    an XML reader turns a bare one into a line feed."""
    return escape(_NOT_XML.sub("\ufffd", value), quote=True).replace("\r", "&#13;")


def care_plan_text(title: str, when: str, activities: list[tuple[str, str]]) -> dict:
    """The plan's title, dates and each exercise with its dosage, as a numbered list."""
    parts = [f"<p><b>{xml_text(title)}</b></p>", f"<p>{xml_text(when)}</p>"]
    if activities:
        items = "".join(
            f"<li><b>{xml_text(name)}</b>: {xml_text(dosage)}</li>" for name, dosage in activities
        )
        parts.append(f"<ol>{items}</ol>")
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{"".join(parts)}</div>'}


def well_formed(div: str) -> bool:
    """Whether ``div`` is one XHTML ``div`` element, as FHIR's narrative must be."""
    try:
        root = ElementTree.fromstring(div)  # noqa: S314 (our own text, escaped above)
    except ElementTree.ParseError:
        return False
    return root.tag == f"{{{XHTML}}}div"
