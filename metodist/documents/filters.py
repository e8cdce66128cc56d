"""Jinja2 filters: Russian dates, plurals, percentages, quarters and enumeration names.

Templates format nothing inline; every number and date a document prints
passes through one of these functions. The number and date forms are
`models.russian`'s, the names `models.labels`' and `documents.labels`'.
"""

import re
from collections.abc import Callable, Mapping

from metodist.documents import labels
from metodist.documents.steps import STEP_KINDS, step_kind
from models import labels as enum_labels
from models.russian import (
    DASH,
    NBSP,
    count_phrase,
    date_long,
    date_short,
    experience_phrase,
    hours,
    month_year,
    number,
    percent,
    plural,
    plural_form,
    points,
    quarter,
)
from models.vocabulary import vocabulary
from rules.sources import SEEDS


def capfirst(text: str) -> str:
    """Upper-case the first letter only (Jinja's `capitalize` lowers «СЗД» to «Сзд»)."""
    return text[:1].upper() + text[1:]


_INITIAL = re.compile(r"(?<=\b[А-ЯЁA-Z]\.) (?=[А-ЯЁA-Z])")
_ABBREVIATION = re.compile(r"(?<=\b[гпсд]\.) |(?<=\bим\.) |(?<=\bул\.) ")


def typo(text: str | None) -> str:
    """No line break after «№», «г.», «им.» and between initials: «№ 3», «А. С. Пушкина»."""
    if not text:
        return ""
    text = _ABBREVIATION.sub(NBSP, text.replace("№ ", "№" + NBSP))
    return _INITIAL.sub(NBSP, text)


def nobreak(text: str) -> str:
    """Spaces as no-break spaces: a short phrase («II квартал 2027 г.») kept on one line.

    Cheaper than `white-space: nowrap`, which costs WeasyPrint an inline box of its own.
    """
    return text.replace(" ", NBSP)


def _labeller(table: Mapping[str, str], name: str) -> Callable[[str | None], str]:
    def label(key: str | None) -> str:
        if key is None or key == "":
            return DASH
        try:
            return table[str(key)]
        except KeyError:
            raise KeyError(f"no Russian name for {name} {key!r}") from None

    label.__name__ = name
    label.__doc__ = f"The Russian name of a {name} key."
    return label


area = _labeller(enum_labels.AREA, "area")
area_short = _labeller(enum_labels.AREA_SHORT, "area_short")
category = _labeller(enum_labels.CATEGORY, "category")
org_kind = _labeller(enum_labels.ORG_KIND, "org_kind")
course_format = _labeller(enum_labels.FORMAT, "course_format")
competition = _labeller(enum_labels.COMPETITION, "competition")
attestation_kind = _labeller(enum_labels.ATTESTATION_KIND, "attestation_kind")
event_form = _labeller(enum_labels.EVENT_FORM, "event_form")
consultation_mode = _labeller(enum_labels.CONSULTATION_MODE, "consultation_mode")
exempt = _labeller(enum_labels.EXEMPT, "exempt")
indicator = _labeller(labels.INDICATOR, "indicator")
indicator_short = _labeller(labels.INDICATOR_SHORT, "indicator_short")
group = _labeller(enum_labels.GROUP, "group")
group_title = _labeller(enum_labels.GROUP_TITLE, "group_title")
priority = _labeller(enum_labels.PRIORITY, "priority")
addressee = _labeller(enum_labels.ADDRESSEE, "addressee")
deficit_level = _labeller(labels.DEFICIT_LEVEL, "deficit_level")
route_kind = _labeller(labels.ROUTE_KIND, "route_kind")
standard = _labeller(labels.STANDARD_544N, "standard")
plan_cause = _labeller(enum_labels.PLAN_CAUSE_SHORT, "plan_cause")
unplaced_cause = _labeller(enum_labels.PLAN_CAUSE, "unplaced_cause")


def rule_title(rule_id: str, org_kind: str | None, title: str) -> str:
    """A rule's title in the words of the organization's kind: a teacher rule by its
    route step («Поддержка внутри детского сада»), any other by the catalogue's title."""
    if rule_id in STEP_KINDS:
        return step_kind(rule_id, vocabulary(org_kind), title).label
    return title


def source_codes(value: str | None) -> list[str]:
    """The parts of a rule's source: «002, 273-ФЗ ст. 47» -> ["002", "273-ФЗ ст. 47"]."""
    return [p.strip() for p in (value or "").replace(";", ",").split(",") if p.strip()]


def source(value: str | None) -> str:
    """Expand seed numbers in a rule's source: «002, 273-ФЗ ст. 47» -> full names."""
    if not value:
        return DASH
    return "; ".join(f"{SEEDS[p].title} ({p})" if p in SEEDS else p for p in source_codes(value))


FILTERS: dict[str, Callable[..., object]] = {
    "capfirst": capfirst,
    "typo": typo,
    "nobreak": nobreak,
    "date_long": date_long,
    "month_year": month_year,
    "date_short": date_short,
    "experience": experience_phrase,
    "rule_title": rule_title,
    "plural": plural,
    "count_phrase": count_phrase,
    "plural_form": plural_form,
    "number": number,
    "percent": percent,
    "quarter": quarter,
    "hours": hours,
    "points": points,
    "area": area,
    "area_short": area_short,
    "category": category,
    "org_kind": org_kind,
    "course_format": course_format,
    "competition": competition,
    "attestation_kind": attestation_kind,
    "event_form": event_form,
    "consultation_mode": consultation_mode,
    "exempt": exempt,
    "indicator": indicator,
    "indicator_short": indicator_short,
    "group": group,
    "group_title": group_title,
    "priority": priority,
    "addressee": addressee,
    "deficit_level": deficit_level,
    "route_kind": route_kind,
    "standard": standard,
    "plan_cause": plan_cause,
    "unplaced_cause": unplaced_cause,
    "source": source,
    "source_codes": source_codes,
}
