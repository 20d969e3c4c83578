"""CAP 1.2 XML: write alerts, read them back safely, validate against the OASIS schema.

Writing uses the standard library's ElementTree (nothing is parsed); reading uses
``defusedxml`` (no entity expansion, no external references) and then validates the document
against the vendored ``schemas/cap/CAP-v1.2.xsd`` (see its README for version and licence)
with ``xmlschema``. :func:`alert_to_xml` and :func:`alert_from_xml` are inverse: an alert
written and read back is equal to the original, and writing it again gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET  # writing only; reading goes through defusedxml
from collections.abc import Sequence
from functools import cache
from importlib import resources

import defusedxml.ElementTree as SafeET
import xmlschema
from defusedxml import DefusedXmlException

from cityclimate.adaptation.cap import CapAlert, CapArea, CapInfo, cap_time
from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
_NS = f"{{{NAMESPACE}}}"


@cache
def cap_schema() -> xmlschema.XMLSchema:
    """The vendored OASIS CAP 1.2 schema."""
    path = resources.files("cityclimate.io").joinpath("schemas", "cap", "CAP-v1.2.xsd")
    return xmlschema.XMLSchema(path.read_text(encoding="utf-8"))


def _sub(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{_NS}{name}").text = text


def _pairs(parent: ET.Element, name: str, pairs: Sequence[tuple[str, str]]) -> None:
    for key, value in pairs:
        element = ET.SubElement(parent, f"{_NS}{name}")
        _sub(element, "valueName", key)
        _sub(element, "value", value)


def _alert_element(alert: CapAlert) -> ET.Element:
    root = ET.Element(f"{_NS}alert")
    for name, text in (
        ("identifier", alert.identifier),
        ("sender", alert.sender),
        ("sent", cap_time(alert.sent)),
        ("status", alert.status),
        ("msgType", alert.msg_type),
        ("scope", alert.scope),
    ):
        _sub(root, name, text)
    if alert.note:
        _sub(root, "note", alert.note)
    if alert.references:
        _sub(root, "references", " ".join(alert.references))
    for info in alert.infos:
        block = ET.SubElement(root, f"{_NS}info")
        for name, text in (
            ("language", info.language),
            ("category", info.category),
            ("event", info.event),
            ("urgency", info.urgency),
            ("severity", info.severity),
            ("certainty", info.certainty),
        ):
            _sub(block, name, text)
        _pairs(block, "eventCode", info.event_codes)
        _sub(block, "effective", cap_time(info.effective))
        for name, text in (
            ("senderName", info.sender_name),
            ("headline", info.headline),
            ("description", info.description),
        ):
            _sub(block, name, text)
        _pairs(block, "parameter", info.parameters)
        for area in info.areas:
            element = ET.SubElement(block, f"{_NS}area")
            _sub(element, "areaDesc", area.area_desc)
            _pairs(element, "geocode", area.geocodes)
    return root


def alert_to_xml(alert: CapAlert) -> str:
    """One alert as a CAP 1.2 XML document (UTF-8 declaration, default namespace)."""
    ET.register_namespace("", NAMESPACE)
    root = _alert_element(alert)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=False).join(
        ('<?xml version="1.0" encoding="UTF-8"?>\n', "\n")
    )


def alerts_to_xml(alerts: Sequence[CapAlert]) -> str:
    """Several alerts, one document after another (as the CLI prints them)."""
    return "".join(alert_to_xml(alert) for alert in alerts)


def _fail(where: str, field: str, value: str, message: Text) -> DataValidationError:
    return DataValidationError([Problem(where, None, field, value, message=message)])


def validate(document: str, where: str = "CAP") -> None:
    """Check a CAP document against the CAP 1.2 schema.

    Raises
    ------
    DataValidationError
        Naming the element (XPath) and the schema's reason.
    """
    errors = list(cap_schema().iter_errors(document))
    if errors:
        first = errors[0]
        raise _fail(
            where,
            str(first.path or "alert"),
            "",
            Text(
                f"不符合 CAP 1.2 模式：{first.reason}（共 {len(errors)} 处）",
                f"not valid CAP 1.2: {first.reason} ({len(errors)} error(s))",
            ),
        )


def _text(element: ET.Element, name: str) -> str:
    found = element.find(f"{_NS}{name}")
    return "" if found is None or found.text is None else found.text


def _time(element: ET.Element, name: str) -> dt.datetime:
    return dt.datetime.fromisoformat(_text(element, name))


def _read_pairs(element: ET.Element, name: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (_text(pair, "valueName"), _text(pair, "value")) for pair in element.findall(f"{_NS}{name}")
    )


def alert_from_xml(document: str | bytes, where: str = "CAP") -> CapAlert:
    """Read one CAP 1.2 alert (validated against the schema first).

    Raises
    ------
    DataValidationError
        When the document is not well-formed XML, uses entities or DTDs (refused), or is not
        valid CAP 1.2; the message names ``where`` and the element.
    """
    text = document.decode("utf-8") if isinstance(document, bytes) else document
    try:
        root = SafeET.fromstring(text.encode("utf-8"))
    except DefusedXmlException as exc:
        raise _fail(
            where,
            "DTD",
            type(exc).__name__,
            Text("CAP 文件不得含 DTD 或实体声明", "a CAP file must not declare a DTD or entities"),
        ) from exc
    except ET.ParseError as exc:
        raise _fail(
            where,
            "xml",
            str(exc),
            Text(f"不是合法的 XML：{exc}", f"not well-formed XML: {exc}"),
        ) from exc
    validate(text, where)
    infos = tuple(
        CapInfo(
            language=_text(info, "language"),
            category=_text(info, "category"),
            event=_text(info, "event"),
            urgency=_text(info, "urgency"),
            severity=_text(info, "severity"),
            certainty=_text(info, "certainty"),
            event_codes=_read_pairs(info, "eventCode"),
            effective=_time(info, "effective"),
            sender_name=_text(info, "senderName"),
            headline=_text(info, "headline"),
            description=_text(info, "description"),
            parameters=_read_pairs(info, "parameter"),
            areas=tuple(
                CapArea(_text(area, "areaDesc"), _read_pairs(area, "geocode"))
                for area in info.findall(f"{_NS}area")
            ),
        )
        for info in root.findall(f"{_NS}info")
    )
    references = _text(root, "references")
    return CapAlert(
        identifier=_text(root, "identifier"),
        sender=_text(root, "sender"),
        sent=_time(root, "sent"),
        status=_text(root, "status"),
        msg_type=_text(root, "msgType"),
        scope=_text(root, "scope"),
        note=_text(root, "note"),
        references=tuple(references.split()) if references else (),
        infos=infos,
    )


def split_documents(text: str) -> list[str]:
    """Split concatenated CAP documents (as :func:`alerts_to_xml` writes them)."""
    marker = "<?xml"
    parts = [part for part in text.split(marker) if part.strip()]
    return [marker + part for part in parts]


def alerts_from_xml(text: str | bytes, where: str = "CAP") -> list[CapAlert]:
    """Every alert of :func:`alerts_to_xml` output (or of one document)."""
    decoded = text.decode("utf-8") if isinstance(text, bytes) else text
    documents = split_documents(decoded) if "<?xml" in decoded else [decoded]
    return [
        alert_from_xml(document, f"{where} #{number}" if len(documents) > 1 else where)
        for number, document in enumerate(documents, start=1)
    ]
