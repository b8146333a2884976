#!/usr/bin/env python3
"""Cleans each page of tests/pages as a lone page (a group of its own, so
that no other page's lines count) and compares what stays with the page's
gold: the lines a reader takes for its content.

    scripts/lone_pages.py [--binary target/release/gleaner] [--show] [--together] [--pages DIR]

Prints, for each page, its lines with text, the gold lines kept and lost,
and the lines kept that are not gold (site furniture left); --show lists
the lines lost and left. A page's `.lost` file names the gold lines it
is known to lose (the CLI test holds the tool to that list). The pages are written after real scrapes of the
kinds of site they name (a shop, documentation, a forum, a repository, a
journal, news in eight languages, blogs and a review page), not copied
from them. --together cleans them side by side in one directory instead,
one group of pages from different sites, as a collection of pages gathered
one by one is laid out: a line common to many of them is counted there.
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages"


def lines(path):
    """The lines with text, NFKC, trimmed."""
    text = unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
    return [line.strip() for line in text.splitlines() if line.strip()]


def key(line):
    """A line without white space: canonical text drops the spaces
    between CJK characters and turns tabs into spaces."""
    return "".join(line.split())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "gleaner"))
    parser.add_argument("--show", action="store_true", help="list the lines lost and left")
    parser.add_argument("--together", action="store_true", help="clean the pages as one group")
    parser.add_argument("--pages", default=str(PAGES), help="a directory of PAGE.txt and PAGE.gold files")
    args = parser.parse_args()
    pages = sorted(pathlib.Path(args.pages).glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        def place(page):
            return pathlib.Path(page.name) if args.together else pathlib.Path(page.stem) / "page.txt"

        for page in pages:
            (tmp / "in" / place(page)).parent.mkdir(parents=True, exist_ok=True)
            (tmp / "in" / place(page)).write_bytes(page.read_bytes())
        subprocess.run([args.binary, "clean", str(tmp / "in"), "-o", str(tmp / "out"), "--quiet"], check=True)
        totals = [0, 0, 0, 0]
        print(f"{'page':<18} {'lines':>5} {'gold':>5} {'lost':>5} {'left':>5}")
        for page in pages:
            gold = lines(page.with_suffix(".gold"))
            out_path = tmp / "out" / place(page)
            kept = lines(out_path) if out_path.exists() else []
            kept_keys = {key(line) for line in kept}
            gold_keys = {key(line) for line in gold}
            lost = [line for line in gold if key(line) not in kept_keys]
            left = [line for line in kept if key(line) not in gold_keys]
            row = [len(lines(page)), len(gold), len(lost), len(left)]
            totals = [a + b for a, b in zip(totals, row)]
            print(f"{page.stem:<18} {row[0]:>5} {row[1]:>5} {row[2]:>5} {row[3]:>5}")
            if args.show:
                for line in lost:
                    print(f"    lost  {line}")
                for line in left:
                    print(f"    left  {line}")
        print(f"{'all':<18} {totals[0]:>5} {totals[1]:>5} {totals[2]:>5} {totals[3]:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
