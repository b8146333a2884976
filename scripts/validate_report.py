#!/usr/bin/env python3
"""Validate every record of a gleaner report against docs/report.schema.json.

    python3 scripts/validate_report.py OUT.report

Checks each line of provenance.jsonl, documents.jsonl and groups.jsonl,
and summary.json;
prints the first invalid record of each file with its line number and
exits 1 if there is one. Needs the `jsonschema` package.
"""
import json
import sys
from pathlib import Path

import jsonschema

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "report.schema.json"


def validator(schema, name):
    part = dict(schema)
    part["$ref"] = f"#/$defs/{name}"
    cls = jsonschema.validators.validator_for(part)
    cls.check_schema(part)
    return cls(part)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    report = Path(sys.argv[1])
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    failed = False
    counts = {}
    for file, name in [("provenance.jsonl", "provenance"), ("documents.jsonl", "document"), ("groups.jsonl", "group")]:
        check = validator(schema, name)
        n = 0
        with open(report / file, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                error = jsonschema.exceptions.best_match(check.iter_errors(json.loads(line)))
                if error is not None:
                    print(f"{file}:{number}: {error.message} at {list(error.absolute_path)}")
                    failed = True
                    break
                n += 1
        counts[file] = n
    error = jsonschema.exceptions.best_match(
        validator(schema, "summary").iter_errors(json.loads((report / "summary.json").read_text(encoding="utf-8")))
    )
    if error is not None:
        print(f"summary.json: {error.message} at {list(error.absolute_path)}")
        failed = True
    if failed:
        sys.exit(1)
    print(
        f"report valid against schema {schema['$defs']['summary']['properties']['schema']['const']}: "
        f"{counts['provenance.jsonl']} provenance records, "
        f"{counts['documents.jsonl']} document records, {counts['groups.jsonl']} group records, summary.json"
    )


if __name__ == "__main__":
    main()
