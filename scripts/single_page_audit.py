#!/usr/bin/env python3
"""Checks that no single-page rule eats content, on a labelled bench corpus.

    scripts/single_page_audit.py LABELS_DIR OUT_DIR REPORT_DIR [--max-share 0.10]

For every document, the content units whose origin it is (the bench's
`units.jsonl`) are looked for in the text that `boilerplate-pattern`,
`boilerplate-stub` and `boilerplate-menu-column` removed from it; a unit counts as lost when it is not
left anywhere in the cleaned document either (a breadcrumb that ends with
the page title takes nothing from the title line below it). A rule that removes more than
--max-share of a document's content characters is a bug: the script lists
every such document and exits 1. It also prints, per pack rule, how many
content units its removals held.
"""
import argparse
import collections
import json
import re
import sys
from pathlib import Path

SINGLE_PAGE_RULES = {"boilerplate-pattern", "boilerplate-stub", "boilerplate-menu-column"}


def fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("report", type=Path)
    parser.add_argument("--max-share", type=float, default=0.10)
    args = parser.parse_args()

    units_of = collections.defaultdict(list)
    with open(args.labels / "units.jsonl", encoding="utf-8") as units:
        for line in units:
            unit = json.loads(line)
            variant = unit["variants"][0] if unit.get("variants") else ""
            if variant:
                units_of[unit["origin"]].append(variant)

    removed = collections.defaultdict(list)
    with open(args.report / "provenance.jsonl", encoding="utf-8") as provenance:
        for line in provenance:
            record = json.loads(line)
            if record["rule"] in SINGLE_PAGE_RULES:
                rule = record["evidence"].get("pattern", record["rule"])
                removed[record["doc"]].append((rule, fold(record["text"])))

    units_per_rule = collections.Counter()
    offenders = []
    for doc, removals in removed.items():
        units = units_of.get(doc, [])
        total = sum(len(u) for u in units) or 1
        cleaned = args.output / doc
        left = fold(cleaned.read_text(encoding="utf-8")) if cleaned.exists() else ""
        lost = 0
        for unit in units:
            if unit in left:
                continue
            hit = next((rule for rule, text in removals if unit in text), None)
            if hit:
                units_per_rule[hit] += 1
                lost += len(unit)
        if lost / total > args.max_share:
            offenders.append((lost / total, doc))

    print(f"documents with single-page removals: {len(removed)}")
    for rule, count in units_per_rule.most_common():
        print(f"  {rule:<24} took {count} content unit(s) found nowhere else in the document")
    for share, doc in sorted(offenders, reverse=True):
        print(f"FAILED {doc}: {share:.1%} of its content removed by single-page rules")
    print(f"single-page audit: {'ok' if not offenders else 'FAILED'} "
          f"(no document may lose more than {args.max_share:.0%} of its content)")
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main())
