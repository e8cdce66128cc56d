"""What a stage run shows in Prefect's UI: fired rules, a summary, the packets written.

Keys are stable, so the UI keeps one artifact per key with a version per run.
Sizes stay bounded at region scale (thousands of schools, 200k
recommendations): the fired-rules table has one row per rule and school (how
many recommendations, to how many addressees), not a row per recommendation,
and is cut at `MAX_ROWS` rows with the cut said in its description; the full
trail is `metodist audit` / `metodist export`. Publishing never fails a run:
the results are already committed when it happens.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.exceptions import MissingContextError
from sqlalchemy import func
from sqlmodel import col, select

from metodist.db import session_scope
from metodist.stages.runs import latest_run
from models import OrgIndicator, Recommendation
from models.labels import REVIEW_STATUS
from models.payloads import DocumentFile

FIRED_KEY = "metodist-recommendations-fired"
RULES_KEY = "metodist-recommendations-rules"
SUMMARY_KEY = "metodist-recommendations-summary"
PACKETS_KEY = "metodist-packets"
#: rows of a table artifact; a municipality's rule-by-school table fits, a region's is cut
MAX_ROWS = 1000
#: characters of a rule's source kept in a table cell
SOURCE_CHARS = 160


def _logger() -> Any:
    """The run logger (so a warning shows in the UI), or a plain one outside a run."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def _catalogue() -> Mapping[str, Any]:
    try:
        from rules.catalogue import CATALOGUE
    except ImportError:  # the catalogue is optional to the artifacts
        return {}
    return CATALOGUE


def _rule_order(rule_id: str) -> tuple[int, str]:
    try:
        from rules.catalogue import RULE_ORDER
    except ImportError:
        return (0, rule_id)
    return (RULE_ORDER.get(rule_id, len(RULE_ORDER)), rule_id)


def _short(text: str, limit: int = SOURCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fired_rows(url: str | None, run_id: int) -> tuple[list[dict[str, Any]], int]:
    """Fired rules of a run by rule, addressee type and school: (first MAX_ROWS rows, all rows).

    Short columns only, so the UI shows them all; the rules' sources are in `rule_rows`.
    """
    with session_scope(url) as s:
        groups = s.exec(
            select(  # type: ignore[call-overload]
                Recommendation.rule_id,
                Recommendation.addressee_type,
                Recommendation.org_code,
                func.count(),
                func.count(func.distinct(Recommendation.addressee_code)),
            )
            .where(col(Recommendation.run_id) == run_id)
            .group_by(
                col(Recommendation.rule_id),
                col(Recommendation.addressee_type),
                col(Recommendation.org_code),
            )
        ).all()
    groups = sorted(groups, key=lambda g: (_rule_order(g[0]), g[1], g[2] or ""))
    rows = [
        {
            "rule": rule_id,
            "addressee": addressee_type,
            "school": org_code or "—",
            "recommendations": count,
            "addressees": addressees,
        }
        for rule_id, addressee_type, org_code, count, addressees in groups[:MAX_ROWS]
    ]
    return rows, len(groups)


def rule_rows(rule_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The fired rules once each, with their title and source (a table of its own)."""
    catalogue = _catalogue()
    return [
        {
            "rule": rule_id,
            "title": getattr(catalogue.get(rule_id), "title", ""),
            "source": _short(getattr(catalogue.get(rule_id), "source", "")),
        }
        for rule_id in sorted(set(rule_ids), key=_rule_order)
    ]


def summary_markdown(url: str | None, *, run_id: int, year: int) -> str:
    """Counts by rule and by the schools' effectiveness group (the latest monitoring run)."""
    with session_scope(url) as s:
        by_rule_org = s.exec(
            select(  # type: ignore[call-overload]
                Recommendation.rule_id, Recommendation.org_code, func.count()
            )
            .where(col(Recommendation.run_id) == run_id)
            .group_by(col(Recommendation.rule_id), col(Recommendation.org_code))
        ).all()
        by_status = dict(
            s.exec(
                select(Recommendation.status, func.count())  # type: ignore[call-overload]
                .where(col(Recommendation.run_id) == run_id)
                .group_by(col(Recommendation.status))
            ).all()
        )
        monitoring = latest_run(s, year=year, stage="monitoring")
        groups: dict[str, str] = {}
        if monitoring is not None:
            groups = dict(
                s.exec(
                    select(OrgIndicator.org_code, OrgIndicator.group).where(
                        col(OrgIndicator.run_id) == monitoring.id
                    )
                ).all()
            )
    catalogue = _catalogue()
    by_rule: Counter[str] = Counter()
    schools_by_rule: defaultdict[str, set[str]] = defaultdict(set)
    recs_by_group: Counter[str] = Counter()
    for rule_id, org_code, count in by_rule_org:
        by_rule[rule_id] += count
        if org_code:
            schools_by_rule[rule_id].add(org_code)
        recs_by_group[groups.get(org_code or "", "centre" if not org_code else "unknown")] += count
    schools_by_group = Counter(groups.values())
    lines = [
        f"# Recommendations {year}, run {run_id}",
        "",
        f"{sum(by_rule.values())} recommendations from {len(by_rule)} rules. "
        f"{review_line(by_status)}",
        "",
        "## By rule",
        "",
        "| rule | title | recommendations | schools |",
        "|---|---|---:|---:|",
    ]
    for rule_id in sorted(by_rule, key=_rule_order):
        title = getattr(catalogue.get(rule_id), "title", "")
        # a centre rule is addressed to the centre, not to schools: no count of schools
        schools = len(schools_by_rule[rule_id]) if schools_by_rule[rule_id] else "—"
        lines.append(f"| {rule_id} | {title} | {by_rule[rule_id]} | {schools} |")
    lines += ["", "## By effectiveness group", ""]
    if not groups:
        lines.append(f"No completed monitoring run for {year}: groups unknown.")
    else:
        lines += ["| group | schools | recommendations |", "|---|---:|---:|"]
        for group in ("high", "medium", "low"):
            lines.append(f"| {group} | {schools_by_group[group]} | {recs_by_group[group]} |")
        for other in ("unknown", "centre"):
            if recs_by_group[other]:
                lines.append(f"| {other} | — | {recs_by_group[other]} |")
    return "\n".join(lines) + "\n"


def review_line(by_status: Mapping[str, int]) -> str:
    """Where the review stands now: «на проверке: 40, одобрена: 2» and what to do next."""
    counts = ", ".join(
        f"{label}: {by_status[status]}" for status, label in REVIEW_STATUS.items()
        if by_status.get(status)
    )  # fmt: skip
    todo = " Reviewers sign them off with `metodist review`." if by_status.get("proposed") else ""
    return f"Review: {counts or 'nothing to review'}.{todo}"


def publish_summary(url: str | None, *, run_id: int, year: int) -> None:
    """The summary by rule and group, as the review stands now (again after a sign-off)."""
    try:
        create_markdown_artifact(
            markdown=summary_markdown(url, run_id=run_id, year=year),
            key=SUMMARY_KEY,
            description=f"Recommendations {year}: counts by rule and by effectiveness group.",
        )
    except Exception as exc:
        _logger().warning("recommendations summary of run %s not published: %s", run_id, exc)


def publish_recommendations(url: str | None, *, run_id: int, year: int) -> None:
    try:
        rows, total = fired_rows(url, run_id)
        cut = f" (the first {len(rows)} of {total} rows)" if total > len(rows) else ""
        create_table_artifact(
            table=rows,
            key=FIRED_KEY,
            description=(
                f"Rules fired in recommendations run {run_id} ({year}), one row per rule, "
                f"addressee type and school{cut}. Every firing: `metodist audit`."
            ),
        )
        create_table_artifact(
            table=rule_rows(row["rule"] for row in rows),
            key=RULES_KEY,
            description=f"The rules that fired in run {run_id}: title and source document.",
        )
    except Exception as exc:  # the run has completed; a missing artifact is only logged
        _logger().warning("recommendation artifacts of run %s not published: %s", run_id, exc)
    publish_summary(url, run_id=run_id, year=year)


#: columns of the packets table: (field of the stage summary's `DocumentFile`, column title)
PACKET_COLUMNS = (
    ("org", "school"),
    ("org_name", "name"),
    ("kind", "document"),
    ("path", "file"),  # relative to the run's folder, named in the description
    ("pages", "pages"),
    ("state", "state"),
)


def _relative(path: str, folder: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(folder).resolve())) if folder else path
    except (ValueError, OSError):
        return path


def packet_rows(files: Iterable[Any], out_dir: str = "") -> list[dict[str, Any]]:
    """Rows of the packets table from the stage summary's `files` (file rows or paths)."""
    rows: list[dict[str, Any]] = []
    for item in files:
        if isinstance(item, Mapping):
            file = DocumentFile.from_json(item)
            row = {title: getattr(file, key) for key, title in PACKET_COLUMNS}
            row["file"] = _relative(file.path, out_dir)
            rows.append(row)
        else:
            rows.append({"file": _relative(str(item), out_dir)})
    return rows


def publish_packets(summary: Mapping[str, Any], *, run_id: int, year: int) -> None:
    try:
        out_dir = str(summary.get("out_dir") or "")
        rows = packet_rows(summary.get("files") or [], out_dir)
        total = len(rows)
        cut = f" (the first {MAX_ROWS} of {total})" if total > MAX_ROWS else ""
        where = f" in {out_dir}" if out_dir else ""
        # a re-run renders only what changed: say how many files it left as they were
        kept = summary.get("kept") or 0
        fresh = f" {summary.get('rendered', 0)} rendered, {kept} kept unchanged." if kept else ""
        create_table_artifact(
            table=rows[:MAX_ROWS],
            key=PACKETS_KEY,
            description=f"Files written by packets run {run_id} ({year}){where}{cut}.{fresh}",
        )
    except Exception as exc:
        _logger().warning("packets artifact of run %s not published: %s", run_id, exc)
