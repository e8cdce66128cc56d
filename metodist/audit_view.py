"""Rich renderings of the audit data (`metodist.audit`) for `metodist rules`, `audit`, `explain`."""

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from metodist import audit
from models.labels import REVIEW_STATUS

PRIORITY_STYLE = {"high": "bold red", "normal": "yellow", "low": "dim"}


def catalogue_table() -> Table:
    table = Table(title="Каталог правил", show_lines=True, expand=True)
    for name, kw in (
        ("id", {"no_wrap": True, "style": "bold"}),
        ("правило", {"ratio": 2}),
        ("адресат", {"no_wrap": True}),
        ("источник", {"ratio": 2}),
        ("условия", {"ratio": 4}),
    ):
        table.add_column(name, **kw)  # type: ignore[arg-type]
    for r in audit.catalogue_rows():
        table.add_row(
            r["id"],
            Text.assemble((r["title"], "bold"), f"\n{r['phase']} · ", _priority(r["priority"])),
            r["addressee"],
            r["source"],
            r["conditions"],
        )
    return table


def firings_table(
    url: str | None,
    *,
    year: int | None = None,
    org: str | None = None,
    teacher: str | None = None,
    rule: str | None = None,
    limit: int = 200,
) -> RenderableType:
    rows = audit.firings(url, year=year, org=org, teacher=teacher, rule=rule)
    table = Table(title=f"Сработавшие правила: {len(rows)}", expand=True)
    for name in ("rec", "правило", "организация", "адресат", "статус", "факты"):
        table.add_column(name, overflow="fold")
    for r in rows[:limit]:
        table.add_row(
            str(r["recommendation_id"]),
            Text.assemble((r["rule_id"], "bold"), f" {r['rule_name']}"),
            r["org_code"] or "—",
            f"{r['addressee_type']} {r['addressee_code']}",
            r["status"],
            _facts_line(r["facts"]),
        )
    if len(rows) > limit:
        return Group(table, Text(f"… и ещё {len(rows) - limit} (уточните фильтр)", style="dim"))
    return table


def silent_table(url: str | None, *, org: str, year: int | None = None) -> Table:
    rows = audit.silent_rules(url, org=org, year=year)
    table = Table(title=f"Не сработали для {org}: {len(rows)}", expand=True)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("правило")
    table.add_column("почему", overflow="fold")
    for r in rows:
        table.add_row(r["rule_id"], r["title"], r["why"] or "—")
    return table


def explanation(url: str | None, rec_id: int) -> RenderableType:
    data = audit.explain(url, rec_id)
    if data["recommendation"] is None:
        return _dropped(rec_id, data)
    rec, rule, firing, run = data["recommendation"], data["rule"], data["firing"], data["run"]
    head = Text.assemble(
        (f"{rec['rule_id']} ", "bold"),
        (rec["title"], "bold"),
        "\n",
        _priority(rec["priority"]),
        f" · {rec['addressee_type']} {rec['addressee_code']}",
        f" · организация {rec['org_code'] or '—'} · статус {rec['status']}",
    )
    parts: list[RenderableType] = [
        Panel(Group(head, Text(""), Text(rec["text"])), title=f"Рекомендация {rec_id}"),
        Panel(
            Group(
                Text(rule.get("conditions", "")),
                Text(f"\nИсточник: {rule.get('source', '')}", style="italic"),
                Text(
                    f"Правило: {firing['rule_name']}; версия базы правил "
                    f"{firing['rulebase_version']}; прогон {run['id']} ({run['year']}, "
                    f"дата цикла {run['as_of']})",
                    style="dim",
                ),
            ),
            title="Почему: условия правила",
        ),
        Panel(_facts_table(firing["facts"]), title="Факты, на которых сработало правило"),
    ]
    if data["reviews"]:
        parts.append(Panel(_history(data["reviews"]), title="История рассмотрения"))
    else:
        parts.append(Text("Рекомендация ещё не рассматривалась.", style="dim"))
    return Group(*parts)


def _dropped(rec_id: int, data: dict[str, Any]) -> RenderableType:
    """A recommendation a re-run did not make again: what it was and its kept history."""
    head = Text.assemble(
        (f"{data['rule']['id']} ", "bold"),
        f"· {data['addressee_code']} · год {data['run']['year']}",
        f"\nСнята пересчётом {data['dropped_by_run']}: правило её больше не даёт."
        if data["dropped_by_run"]
        else "",
    )
    return Group(
        Panel(head, title=f"Рекомендация {rec_id} (больше не действует)"),
        Panel(_history(data["reviews"]), title="История рассмотрения"),
    )


def _history(events: list[dict[str, Any]]) -> Table:
    """Decisions and re-runs' notes; «прогон» tells a decision carried from an earlier run."""
    table = Table(show_header=True, expand=True)
    for name in ("когда", "прогон", "решение", "кто", "комментарий"):
        table.add_column(name, overflow="fold")
    for e in events:
        status = REVIEW_STATUS.get(e["status"], "снята пересчётом")
        table.add_row(e["at"] or "", str(e["run"] or "—"), status, e["reviewer"], e["comment"])
    return table


def _priority(priority: str) -> Text:
    return Text(priority, style=PRIORITY_STYLE.get(priority, ""))


def _facts_table(facts: dict[str, Any]) -> Table:
    table = Table(show_header=True, expand=True)
    table.add_column("факт", style="bold", no_wrap=True)
    table.add_column("поле")
    table.add_column("значение", overflow="fold")
    for role, values in facts.items():
        if isinstance(values, dict):
            for i, (k, v) in enumerate(values.items()):
                table.add_row(role if i == 0 else "", k, _value(v))
        else:
            table.add_row(role, "", _value(values))
    return table


def _facts_line(facts: dict[str, Any]) -> str:
    skip = {"code", "full_name", "teacher", "name"}
    parts = []
    for role, values in facts.items():
        if role == "thresholds" or not isinstance(values, dict):
            continue
        shown = ", ".join(f"{k}={_value(v)}" for k, v in values.items() if k not in skip)
        if shown:
            parts.append(f"{role}: {shown}")
    return "; ".join(parts)


def _value(v: Any) -> str:
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)
