"""The compiled catalogues (.mo) built from the .po files, as `pybabel compile --use-fuzzy`
does: the test setup calls `compile_catalogues` so that `pytest` works on a fresh clone,
where only the .po files are committed (`make setup` compiles them too)."""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "web" / "translations"


def compile_catalogues(directory: Path = TRANSLATIONS) -> list[Path]:
    """Write each <lang>/LC_MESSAGES/messages.mo that is missing or older than its .po.
    Returns the .mo files written."""
    written = []
    for po in sorted(Path(directory).glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parts[-3])
        partial = mo.with_suffix(".mo.part")  # renamed into place: a reader never sees half a file
        with partial.open("wb") as target:
            write_mo(target, catalogue, use_fuzzy=True)
        partial.replace(mo)
        written.append(mo)
    return written
