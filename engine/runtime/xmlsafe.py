"""XML parsing for diagrams: no DTDs, no entities, no network, no huge trees."""
from lxml import etree

from engine.errors import DefinitionInvalid

MAX_DIAGRAM_BYTES = 2 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def parse(data: bytes, filename: str) -> etree._Element:
    """Parse one diagram file; refuse anything that declares a DTD or entities."""
    if len(data) > MAX_DIAGRAM_BYTES:
        raise DefinitionInvalid("file is larger than {max_diagram_bytes} KB", file=filename, max_diagram_bytes=MAX_DIAGRAM_BYTES // 1024)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # also keeps a UTF-16 DTD from slipping past the check below
        raise DefinitionInvalid("diagrams must be UTF-8 encoded (byte {start} is not)", file=filename, start=exc.start) from exc
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DefinitionInvalid("DTDs and entity declarations are not allowed", file=filename,
                                line=data[:data.find(b"<!")].count(b"\n") + 1)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise DefinitionInvalid("XML syntax error: {msg}", file=filename, line=exc.lineno, msg=exc.msg) from exc
