"""The one «Основание» of a recommendation in a packet: federal acts and the municipality's own.

DOMAIN v2: a packet names federal regulations and the municipality's own
programme or order (the `municipal_basis` setting, METODIST_MUNICIPAL_BASIS),
never another municipality's document. The seed documents a rule is built on
stay in the catalogue report and the audit trail, for reviewers. A rule text
ends with its own «Основание: …» (rules/base.py); documents cut it off and
print this one instead, once per item.
"""

from metodist.config import get_settings
from rules.rule_meta import RuleMeta
from rules.sources import ORDER_196, ORDER_276

#: a federal act a rule's catalogue row may cite: the mark it is found by, its full name
FEDERAL_ACTS: tuple[tuple[str, str], ...] = (
    ("273-ФЗ", "Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»"),
    ("№ 196", ORDER_196),
    ("№ 276", ORDER_276),
    ("№ 266", "приказ Минобрнауки России № 266 (2025) о повышении квалификации"),
    ("544н", "профессиональный стандарт «Педагог» (приказ Минтруда России № 544н)"),
)
_MARK = " Основание: "


def without_basis(text: str) -> str:
    """A rule's text without the «Основание: …» it ends with."""
    cut = text.rfind(_MARK)
    return text[:cut] if cut > 0 else text


def federal_acts(meta: RuleMeta) -> list[str]:
    """The federal acts a rule cites, in the order of `FEDERAL_ACTS`."""
    cited = f"{meta.source} {meta.basis}"
    return [name for mark, name in FEDERAL_ACTS if mark in cited]


def packet_basis(meta: RuleMeta | None, municipal: str | None = None) -> str:
    """«Федеральный закон … ; <муниципальная программа>»: what a packet prints as the basis."""
    if municipal is None:
        municipal = get_settings().municipal_basis
    parts = federal_acts(meta) if meta else []
    if municipal.strip():
        parts.append(municipal.strip())
    return "; ".join(parts)
