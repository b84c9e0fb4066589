"""Reading an exported bundle back, as a record system would: parsed by the ``fhir.resources``
models (never by our own code), then looked through by resource type and reference."""

import json
from xml.etree import ElementTree

from fhir.resources.R4B.bundle import Bundle

from planner.fhir.text import unescape


class Read:
    def __init__(self, text: str):
        self.json = json.loads(text)
        self.bundle = Bundle.model_validate(self.json)
        self.by_url = {entry.fullUrl: entry.resource for entry in self.bundle.entry}

    def all(self, kind: str) -> list:
        return [r for r in self.by_url.values() if r.__resource_type__ == kind]

    def one(self, kind: str):
        found = self.all(kind)
        assert len(found) == 1, f"{len(found)} {kind} resources"
        return found[0]

    def resolve(self, reference):
        return self.by_url[reference.reference]

    def observations(self, code: str) -> list:
        return [o for o in self.all("Observation") if any(c.code == code for c in o.code.coding)]


def notes(annotations) -> list[str]:
    """The annotations' texts as the person wrote them."""
    return [unescape(a.text) for a in annotations or []]


def component(observation, code: str):
    (found,) = [c for c in observation.component if c.code.coding[0].code == code]
    return found


def narrative(resource) -> ElementTree.Element:
    """The resource's narrative parsed as XML (our own export's text, not a stranger's)."""
    return ElementTree.fromstring(resource.text.div)  # noqa: S314
