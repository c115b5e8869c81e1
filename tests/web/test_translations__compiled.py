"""A fresh clone has only the .po files: the test setup compiles them (tests/conftest.py,
tests/helpers/translations.py), and the pages are Chinese without `make setup`."""
import os
import shutil

from babel.messages.mofile import read_mo

from tests.helpers.translations import TRANSLATIONS, compile_catalogues
from web import create_app


def test_a_missing_catalogue_is_compiled_and_the_login_page_is_chinese(tmp_path, database_url):
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo"))
    mo = copy / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo"
    assert not mo.exists()
    assert compile_catalogues(copy) == [mo]
    # as the session's app is made (create_app sets the engine's clock and settings for the process)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "ADJUSTABLE_CLOCK": True,
                      "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": True,
                      "BABEL_TRANSLATION_DIRECTORIES": str(copy)})
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "用户名" in page and "Username" not in page


def test_a_fresh_catalogue_is_left_alone_and_a_stale_one_rebuilt(tmp_path):
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo"))
    (mo,) = compile_catalogues(copy)
    assert compile_catalogues(copy) == []
    po = mo.with_suffix(".po")
    later = mo.stat().st_mtime + 10
    os.utime(po, (later, later))
    assert compile_catalogues(copy) == [mo]


def test_fuzzy_entries_are_compiled_as_pybabel_compile_use_fuzzy_does(tmp_path):
    lc = tmp_path / "zh_Hans_CN" / "LC_MESSAGES"
    lc.mkdir(parents=True)
    (lc / "messages.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                    '#, fuzzy\nmsgid "Inbox"\nmsgstr "待办"\n', encoding="utf-8")
    (mo,) = compile_catalogues(tmp_path)
    with mo.open("rb") as f:
        assert read_mo(f).get("Inbox").string == "待办"
