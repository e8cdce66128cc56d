"""How fast the web desk answers on a region-sized database (158,000 recommendations).

    uv run python bench/desk_bench.py           # 1,400 organizations, 158,000 recommendations
    uv run python bench/desk_bench.py --orgs 200 --recommendations 20000

Builds the smallest demo municipality through the stages (seconds), then adds
synthetic organizations and recommendations to its recommendations run in
bulk, in a temporary SQLite file: the desk's queries see a region's volume
without the region benchmark's hours. Prints the seconds of each page and of
one organization's bulk approval (one request), as the best of a few tries.
"""

import argparse
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert
from sqlmodel import col, func, select

from metodist.db import session_scope
from metodist.documents.preview import demo_database
from metodist.web import accounts
from models import CycleRun, Organization, Recommendation

RULES = ("T01", "T02", "T03", "T04", "T05", "T09", "O04", "O07")
PRIORITIES = ("high", "normal", "low")


def grow(url: str, *, orgs: int, recommendations: int) -> int:
    """Add `orgs` organizations and recommendations up to `recommendations` in all; the run id."""
    rng = random.Random(1)
    with session_scope(url) as s:
        run = s.exec(select(CycleRun).where(col(CycleRun.stage) == "recommendations")).one()
        have = s.exec(select(func.count()).select_from(Recommendation)).one()
        codes = [f"R{i:04d}" for i in range(orgs)]
        s.execute(
            insert(Organization),
            [
                {"code": c, "name": f"МБОУ СОШ № {i + 1}", "kind": "school"}
                for i, c in enumerate(codes)
            ],
        )
        todo = recommendations - have
        for start in range(0, todo, 20_000):
            s.execute(
                insert(Recommendation),
                [
                    {
                        "run_id": run.id,
                        "year": run.year,
                        "rule_id": rng.choice(RULES),
                        "addressee_type": "teacher",
                        "addressee_code": f"T{n:06d}",
                        "org_code": codes[n % orgs],
                        "priority": rng.choice(PRIORITIES),
                        "title": "Курс повышения квалификации по области с критическим дефицитом",
                        "text": "Педагог: пройти курс до конца I квартала 2027 г. Основание: …",
                        "evidence": {"teacher": {"code": f"T{n:06d}"}},
                        "status": "proposed",
                    }
                    for n in range(start, min(start + 20_000, todo))
                ],
            )
        assert run.id is not None
        return run.id


def best_of(tries: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(tries):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1_400)
    parser.add_argument("--recommendations", type=int, default=158_000)
    parser.add_argument("--tries", type=int, default=3)
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from metodist.web.app import create_app

    with tempfile.TemporaryDirectory(prefix="metodist-desk-bench-") as tmp:
        started = time.perf_counter()
        url = demo_database(Path(tmp), schools=1)
        grow(url, orgs=args.orgs, recommendations=args.recommendations)
        accounts.add_user(url, login="rev", role="reviewer", password="пароль-методиста")
        print(
            f"database: {args.recommendations:,} recommendations in {args.orgs:,} "
            f"organizations, built in {time.perf_counter() - started:.1f} s"
        )
        client = TestClient(create_app(url))
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token
        client.post(
            "/login", data={"login": "rev", "password": "пароль-методиста", "csrf": token.group(1)}
        )
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/catalogue").text)
        assert csrf
        org = "R0007"

        def get(path: str) -> Callable[[], object]:
            def fetch() -> object:
                answer = client.get(path)
                assert answer.status_code == 200, (path, answer.status_code)
                return answer

            return fetch

        page_one = client.get(f"/queue/{org}").text
        after = max(int(i) for i in re.findall(r'/recommendations/(\d+)"', page_one))
        figures = {
            "dashboard (/)": best_of(args.tries, get("/")),
            "queue: organizations (/queue)": best_of(args.tries, get("/queue")),
            "queue: one organization, page 1": best_of(args.tries, get(f"/queue/{org}")),
            "queue: one organization, page 2": best_of(
                args.tries, get(f"/queue/{org}?after={after}")
            ),
            "queue: filtered (rule, priority, status)": best_of(
                args.tries, get(f"/queue/{org}?rule=T01&priority=high&status=proposed")
            ),
        }
        with session_scope(url) as s:
            n = s.exec(select(func.count()).where(col(Recommendation.org_code) == org)).one()
        started = time.perf_counter()
        answer = client.post(
            f"/queue/{org}/approve",
            data={"read": "yes", "csrf": csrf.group(1)},
            follow_redirects=False,
        )
        figures[f"bulk approval of one organization ({n} recommendations), one request"] = (
            time.perf_counter() - started
        )
        assert answer.status_code == 303, answer.text
        for name, seconds in figures.items():
            print(f"{name:<70} {seconds:7.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
