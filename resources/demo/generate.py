"""Regenerate the synthetic demo sample and gradings (invented references; no real case data).

The numbers reproduce the published Gloucestershire 2017 report: Tables 1-10, Annex A and 14 referrals.
Run: python resources/demo/generate.py  (rewrites sample.csv and gradings.csv beside this file)
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRADES = ("Good", "Requiring improvement", "Inadequate")
# Annex A: self-assessed cases by case type, and the report table each type feeds.
ANNEX = {
    "At risk of sexual exploitation": (4, 6),
    "Child in custody": (3, 10),
    "Child protection enquiry (s. 47)": (4, 3),
    "Domestic abuse": (5, 4),
    "General concerns with a child where a referral to children's social care services was made": (5, 5),
    "Missing children": (3, 7),
    "Police protection": (3, 8),
    "Online sexual abuse": (3, 6),
    "Sex offender enquiry": (3, 9),
}
# Tables 3-10: (good, requiring improvement, inadequate), and the inspectorate-selected cases of each type.
TABLES = {3: (2, 7, 4), 4: (2, 9, 1), 5: (3, 3, 4), 6: (3, 11, 8), 7: (1, 5, 4), 8: (0, 3, 3), 9: (1, 3, 2), 10: (2, 5, 3)}
SELECTED = {
    "Child protection enquiry (s. 47)": 9,
    "Domestic abuse": 7,
    "General concerns with a child where a referral to children's social care services was made": 5,
    "At risk of sexual exploitation": 9,
    "Online sexual abuse": 6,
    "Missing children": 7,
    "Police protection": 3,
    "Sex offender enquiry": 3,
    "Child in custody": 7,
}
SELF_ASSESSED_GRADES = (6, 16, 11)  # Table 1, HMIC row
FORCE_GRADES = (28, 5, 0)  # Table 1, constabulary row
REFERRED = 14
REFERRED_ON = "2017-02-17"  # the last day on site: referrals were raised during the fieldwork
INSPECTORS = ("A. Inspector", "B. Inspector", "C. Inspector", "D. Inspector", "E. Inspector")
AREAS = ("initial contact", "assessment and help", "investigation", "decision-making", "overall assessment")


def split_self_assessed() -> dict[int, tuple[int, int, int]]:
    """Choose, per table, how many self-assessed cases got each grade so every total holds."""
    sa_per_table: dict[int, int] = {}
    for count, table in ANNEX.values():
        sa_per_table[table] = sa_per_table.get(table, 0) + count
    tables = sorted(TABLES)

    def options(table: int):
        n = sa_per_table[table]
        g, r, i = TABLES[table]
        for a in range(min(g, n) + 1):
            for b in range(min(r, n - a) + 1):
                c = n - a - b
                if c <= i:
                    yield (a, b, c)

    for choice in itertools.product(*(list(options(t)) for t in tables)):
        if tuple(map(sum, zip(*choice, strict=True))) == SELF_ASSESSED_GRADES:
            return dict(zip(tables, choice, strict=True))
    raise SystemExit("no split satisfies the report")


def main() -> None:
    split = split_self_assessed()
    remaining_sa = {t: list(v) for t, v in split.items()}
    remaining_is = {t: [TABLES[t][k] - split[t][k] for k in range(3)] for t in TABLES}
    force_pool = ["Good"] * FORCE_GRADES[0] + ["Requiring improvement"] * FORCE_GRADES[1]
    cases = []  # (ref, type, sample, force_grade, grade)
    number = 0

    def take(pool: list[int]) -> str:
        for k in (2, 1, 0):  # inadequate first, so referrals spread over types
            if pool[k]:
                pool[k] -= 1
                return GRADES[k]
        raise AssertionError("pool exhausted")

    for case_type, (count, table) in ANNEX.items():
        for _ in range(count):
            number += 1
            cases.append((f"DEMO-{number:04d}", case_type, "self-assessed", force_pool.pop(), take(remaining_sa[table])))
    for case_type, count in SELECTED.items():
        table = ANNEX[case_type][1]
        for _ in range(count):
            number += 1
            cases.append((f"DEMO-{number:04d}", case_type, "inspectorate-selected", "", take(remaining_is[table])))
    assert all(sum(v) == 0 for v in remaining_sa.values()) and all(sum(v) == 0 for v in remaining_is.values())

    with open(HERE / "sample.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["case_ref", "case_type", "sample", "force_grade"])
        for ref, case_type, sample, force_grade, _ in cases:
            writer.writerow([ref, case_type, sample, force_grade])

    inadequate = [c for c in cases if c[4] == "Inadequate"]
    referred = {c[0] for c in inadequate[:: max(1, len(inadequate) // REFERRED)][:REFERRED]}
    assert len(referred) == REFERRED
    with open(HERE / "gradings.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["case_ref", "inspector", "grade", "serious_concern", "concern_summary",
                         *AREAS, "referral_reason", "referral_date"])
        for index, (ref, case_type, _, _, grade) in enumerate(cases):
            concern = ref in referred
            notes = [f"Synthetic demo note on {area} for {case_type.lower()} case {ref}." for area in AREAS]
            writer.writerow([
                ref, INSPECTORS[index % len(INSPECTORS)], grade, "yes" if concern else "no",
                f"Synthetic concern for {ref}: child left at risk of significant harm." if concern else "",
                *notes, "Child at immediate risk of significant harm" if concern else "",
                REFERRED_ON if concern else "",
            ])


if __name__ == "__main__":
    main()
