"""Codes as a person reads them: no invisible characters, one alphabet, no look-alike twins.

`T00001`, `t00001`, `T00001` with a zero-width space and `Т00001` with a
Cyrillic «Т» look the same in a table and would be four teachers. A code is
refused when it holds an invisible character or mixes Latin and Cyrillic
letters (the message names the letters), and when it reads as another code
of the import or the database, differing only in case or look-alike letters.
"""

import unicodedata
from collections.abc import Iterable

from sqlalchemy import Connection, select

from metodist.importing.issues import ImportIssue
from metodist.importing.parsed import ParsedTable
from metodist.importing.spec import TABLES_BY_NAME

#: Cyrillic letters that look like Latin ones, as a reader would take them
_LOOK_ALIKE = str.maketrans(
    {
        **dict(zip("АВЕЁКМНОРСТУХЅІЈ", "ABEEKMHOPCTYXSIJ", strict=True)),
        **dict(zip("аеёкорсухѕіј", "aeekopcyxsij", strict=True)),
    }
)


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def code_problem(code: str) -> str | None:
    """What is wrong with a code as typed (None when nothing): invisible or mixed letters."""
    if code.isascii() and code.isprintable():
        return None
    hidden = [ch for ch in code if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co")]
    if hidden:
        names = ", ".join(
            f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL')}" for ch in dict.fromkeys(hidden)
        )
        return f"a code without invisible characters (it holds {names}); retype it"
    scripts = {_script(ch) for ch in code} - {None}
    if "LATIN" in scripts and len(scripts) > 1:
        foreign = [ch for ch in code if _script(ch) not in (None, "LATIN")]
        letters = ", ".join(f"«{ch}»" for ch in dict.fromkeys(foreign))
        alphabet = "Cyrillic" if scripts - {"LATIN"} == {"CYRILLIC"} else "not Latin"
        return (
            f"a code in one alphabet: the letters {letters} are {alphabet} among Latin ones "
            f"(retype them in Latin: {code.translate(_LOOK_ALIKE)})"
        )
    return None


def skeleton(code: str) -> str:
    """The code as it reads: look-alike letters as Latin, case folded, invisible ones dropped."""
    shown = "".join(ch for ch in code if unicodedata.category(ch) not in ("Cc", "Cf"))
    return unicodedata.normalize("NFKC", shown).translate(_LOOK_ALIKE).casefold()


def how_they_differ(code: str, other: str) -> str:
    if code.casefold() == other.casefold():
        return "only in upper and lower case"
    foreign = [ch for ch in code + other if ch.isalpha() and _script(ch) != "LATIN"]
    if foreign:
        letters = ", ".join(f"«{ch}»" for ch in dict.fromkeys(foreign))
        return f"only in look-alike letters (Cyrillic {letters})"
    return "only in characters that look alike"


def stored_code_list(conn: Connection, table_name: str) -> list[str]:
    table = TABLES_BY_NAME[table_name]
    from metodist.importing.validate import model_table

    model = model_table(table)
    return list(conn.execute(select(model.c.code)).scalars())


def check_look_alikes(
    conn: Connection, parsed: dict[str, ParsedTable], issues: list[ImportIssue]
) -> None:
    """One issue per code that reads as another code of the import or the database."""
    for table in parsed.values():
        codes = table.columns.get("code") if table.spec.has_code else None
        if not codes:
            continue
        seen: dict[str, tuple[str, str]] = {}  # skeleton -> (code, where)
        for code in stored_code_list(conn, table.spec.name):
            seen.setdefault(skeleton(code), (code, "in the database"))
        head = table.headers["code"]
        for pos, code in enumerate(codes):
            if code is None:
                continue
            twin = seen.get(skeleton(code))
            if twin is None:
                seen[skeleton(code)] = (code, f"on row {table.rownums[pos]}")
            elif twin[0] != code:
                issues.append(
                    ImportIssue(
                        table.source,
                        table.rownums[pos],
                        head,
                        code,
                        f"a code of its own: it reads as «{twin[0]}» {twin[1]}, differing "
                        f"{how_they_differ(code, twin[0])}; use that code or another one",
                        "code",
                    )
                )


def look_alike_hint(code: str, known: Iterable[str]) -> str:
    """ ", or is it «X»? …" when a known code reads as `code`; else nothing."""
    wanted = skeleton(code)
    for other in known:
        if other != code and skeleton(other) == wanted:
            return f"; «{other}» exists, differing {how_they_differ(code, other)}"
    return ""
