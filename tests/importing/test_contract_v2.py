"""The optional columns of CONTRACT v2: read from CSV and workbooks, checked, defaulted.

Absences' ends, events' level and mode, the catalogue's audience (kinds of
organization and positions) and the catalogue code of a completed course. A
file without them imports exactly as before.
"""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from metodist import db
from metodist.importing import ImportFailed, import_path
from models import CatalogueCourse, MethodEvent, PdCourseDone, Teacher
from models.positions import POSITIONS, canonical_position
from tests.importing.helpers import Data, good, write_folder, write_workbook


def _v2() -> Data:
    """`good()` with every new column filled somewhere."""
    data = good()
    data["teachers"][2].update(exempt="childcare", exempt_until="2027-09-01")
    data["teachers"][0]["exempt_until"] = ""
    data["pd_courses_done"][0]["course_code"] = "k1"
    data["events"][0].update(level="municipal", mode="")
    data["events"][1].update(level="", mode="")
    data["events"].append(
        {
            "org_code": "o1",
            "date": "2024-05-01",
            "form": "консультация",
            "title": "Консультация по ФОП",
            "participants": "1",
            "presenter_codes": "",
            "level": "уровень ОО",
            "mode": "индивидуальная",
        }
    )
    data["events"].append(
        {
            "org_code": "",
            "date": "2024-05-02",
            "form": "consultation",
            "title": "Консультация для молодых",
            "participants": "12",
            "presenter_codes": "",
        }
    )
    data["courses"][0].update(levels="детский сад; school", positions="Воспитатель;учитель")
    data["courses"].append(
        {
            "code": "k2",
            "title": "Психологическая безопасность",
            "areas": "psycho_pedagogical",
            "hours": "36",
            "capacity": "10",
            "quarter": "1",
            "levels": "",
            "positions": "",
        }
    )
    return data


def _stored(url: str) -> dict[str, Any]:
    with db.session_scope(url) as s:
        return {
            "teachers": {t.code: (t.exempt, t.exempt_until) for t in s.exec(select(Teacher))},
            "events": {e.title: (e.level, e.mode) for e in s.exec(select(MethodEvent))},
            "courses": {c.code: (c.levels, c.positions) for c in s.exec(select(CatalogueCourse))},
            "done": [c.course_code for c in s.exec(select(PdCourseDone))],
        }


EXPECTED = {
    "teachers": {
        "t1": (None, None),
        "t2": (None, None),
        "t3": ("childcare", date(2027, 9, 1)),
    },
    "events": {
        "Мастер-класс по ЦОР": ("municipal", None),  # a school hosting a municipal platform
        "Муниципальный семинар": ("municipal", None),
        "Консультация по ФОП": ("school", "individual"),
        "Консультация для молодых": ("municipal", "group"),
    },
    "courses": {
        "k1": (["preschool", "school"], ["воспитатель", "учитель"]),
        "k2": ([], []),
    },
    "done": ["k1"],
}


def test_new_columns_import_from_csv(db_url: str, tmp_path: Path) -> None:
    import_path(write_folder(tmp_path / "v2", _v2()), url=db_url)
    assert _stored(db_url) == EXPECTED


def test_new_columns_import_from_a_workbook_like_csv(sqlite_url: str, tmp_path: Path) -> None:
    import_path(write_workbook(tmp_path / "v2.xlsx", _v2()), url=sqlite_url)
    assert _stored(sqlite_url) == EXPECTED
    again = import_path(write_folder(tmp_path / "v2", _v2()), url=sqlite_url)
    assert all(c.unchanged == c.read for c in again.tables.values())


def test_files_without_the_new_columns_take_the_defaults(db_url: str, tmp_path: Path) -> None:
    data = good()
    data["events"].append({**data["events"][1], "form": "consultation", "title": "Консультация"})
    import_path(write_folder(tmp_path / "old", data), url=db_url)
    stored = _stored(db_url)
    assert stored["teachers"]["t3"] == ("leave", None)
    assert stored["events"] == {
        "Мастер-класс по ЦОР": ("school", None),
        "Муниципальный семинар": ("municipal", None),
        "Консультация": ("municipal", "group"),
    }
    assert stored["courses"] == {"k1": ([], [])}
    assert stored["done"] == [None]


def test_an_old_file_leaves_stored_levels_as_they_are(sqlite_url: str, tmp_path: Path) -> None:
    import_path(write_folder(tmp_path / "v2", _v2()), url=sqlite_url)
    report = import_path(write_folder(tmp_path / "old", good()), url=sqlite_url)
    assert report.tables["events"].updated == 0
    assert _stored(sqlite_url)["events"]["Мастер-класс по ЦОР"] == ("municipal", None)


def test_an_unknown_course_code_is_stored_not_refused(sqlite_url: str, tmp_path: Path) -> None:
    data = good()
    data["pd_courses_done"][0]["course_code"] = "retired-2019"
    import_path(write_folder(tmp_path / "old-catalogue", data), url=sqlite_url)
    assert _stored(sqlite_url)["done"] == ["retired-2019"]


def _refused(url: str, folder: Path) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_path(folder, url=url)
    with db.session_scope(url) as s:
        assert s.exec(select(Teacher)).all() == []
    return [str(issue) for issue in failed.value.issues]


def test_an_absence_end_without_its_reason_is_an_error(sqlite_url: str, tmp_path: Path) -> None:
    data = good()
    data["teachers"][0]["exempt_until"] = ""  # the header comes from the first row
    data["teachers"][1]["exempt_until"] = "01.09.2027"
    assert _refused(sqlite_url, write_folder(tmp_path / "bad", data, labels=True)) == [
        'teachers.csv, row 3, column "Отсутствует до" (exempt_until): "2027-09-01" — expected '
        'an empty cell, or the reason of the absence in "Освобождение от аттестации" (exempt)'
    ]


def test_an_unknown_level_names_row_column_and_the_choices(sqlite_url: str, tmp_path: Path) -> None:
    data = good()
    data["events"][0]["level"] = ""
    data["events"][1]["level"] = "региональный"
    [issue] = _refused(sqlite_url, write_folder(tmp_path / "bad", data))
    assert issue.startswith('events.csv, row 3, column "level": "региональный" — expected one of:')
    assert "municipal (муниципальный), school (уровень ОО)" in issue


def test_an_unknown_position_names_row_column_and_the_nomenclature(
    sqlite_url: str, tmp_path: Path
) -> None:
    data = good()
    data["courses"][0]["positions"] = "учитель;дворник"
    [issue] = _refused(sqlite_url, write_folder(tmp_path / "bad", data, labels=True))
    assert issue.startswith('courses.csv, row 2, column "Для должностей" (positions):')
    assert '("дворник" is not)' in issue
    assert all(name in issue for name in POSITIONS)


def test_an_unknown_organization_kind_in_levels_is_an_error(
    sqlite_url: str, tmp_path: Path
) -> None:
    data = good()
    data["courses"][0]["levels"] = "school;вуз"
    [issue] = _refused(sqlite_url, write_folder(tmp_path / "bad", data))
    assert 'row 2, column "levels"' in issue and '("вуз" is not)' in issue


def test_a_mode_on_another_form_is_an_error(sqlite_url: str, tmp_path: Path) -> None:
    data = good()
    data["events"][0]["mode"] = "group"
    assert _refused(sqlite_url, write_folder(tmp_path / "bad", data)) == [
        'events.csv, row 2, column "mode": "group" — expected '
        "an empty cell: a mode is given for consultations only"
    ]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Педагог-психолог", "педагог-психолог"),
        ("  старший   воспитатель ", "старший воспитатель"),
        ("Тренер-преподаватель", "тренер-преподаватель"),
        ("учитель-логопед", "учитель-логопед"),
        ("дворник", None),
        ("", None),
        (None, None),
    ],
)
def test_positions_match_the_nomenclature_loosely(written: str | None, name: str | None) -> None:
    assert canonical_position(written) == name


def test_yo_and_ye_are_one_letter_in_positions() -> None:
    assert canonical_position("ПЕДАГОГ-БИБЛИОТЕКАРЬ") == "педагог-библиотекарь"
    assert canonical_position("учитель-дефектолог".replace("е", "ё")) == "учитель-дефектолог"
