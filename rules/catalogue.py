"""The rule catalogue: one entry per rule id of docs/domain.md (T01–T13, O01–O10, M01–M06).

This is the single source of truth for what a rule is called, whom it
addresses, where it comes from, how urgent it is and when it fires. The engine
takes each rule's salience and priority from here, `metodist rules` and
`metodist explain` print it, the audit derives "why silent" from its
conditions, the documents cite `basis`, the texts take deadlines from `due_quarter`.
"""

from rules.catalogue_schools import CENTRE_RULES, ORGANIZATION_RULES
from rules.catalogue_teacher import TEACHER_RULES
from rules.rule_meta import Phase, RuleMeta

__all__ = ["CATALOGUE", "RULE_ORDER", "Phase", "RuleMeta"]

CATALOGUE: dict[str, RuleMeta] = {
    meta.id: meta for meta in (*TEACHER_RULES, *ORGANIZATION_RULES, *CENTRE_RULES)
}
#: catalogue order, used to sort recommendations deterministically
RULE_ORDER: dict[str, int] = {rule_id: i for i, rule_id in enumerate(CATALOGUE)}
