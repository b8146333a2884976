#!/usr/bin/env python3
"""Articles in German, French, Russian and Japanese for the multilingual
bench corpus, made from the translated manual pages installed on the
machine (/usr/share/man/LANG): each page's NAME line is the title, its
paragraphs of running text the body. Paragraphs left in English are
dropped.

    scripts/multilingual/sources.py OUT_DIR
"""
import os
import re
import subprocess
import sys
from pathlib import Path

STOPWORDS = {
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von", "zu", "den", "wird", "eine", "ein", "sie", "werden"},
    "fr": {"le", "la", "les", "des", "est", "et", "une", "pour", "dans", "que", "du", "en", "sur", "sont", "par"},
    "en": {"the", "and", "is", "of", "to", "this", "that", "for", "with", "are", "be", "if", "which"},
}


def in_language(lang: str, text: str) -> bool:
    if lang == "ru":
        return len(re.findall(r"[а-яА-ЯёЁ]", text)) > 2 * len(re.findall(r"[a-zA-Z]", text))
    if lang == "ja":
        return len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text)) > len(text) * 0.4
    words = re.findall(r"[a-zäöüßéèêàâçôîû]+", text.lower())
    native = sum(w in STOPWORDS[lang] for w in words)
    english = sum(w in STOPWORDS["en"] for w in words)
    return native >= 3 and native > 2 * english


def article(lang: str, page: Path):
    env = dict(os.environ, MANWIDTH="3000", LANG="C.UTF-8")
    rendered = subprocess.run(["man", "-E", "UTF-8", "-l", str(page)], capture_output=True, env=env).stdout
    text = subprocess.run(["col", "-b"], input=rendered, capture_output=True).stdout.decode("utf-8", "replace")
    title, paragraphs = None, []
    enders = "。" if lang == "ja" else ".!?"
    for line in text.split("\n"):
        if title is None and re.match(r"^ {7}\S.* - \S", line):
            title = line.strip().split(" - ", 1)[1].strip()
            continue
        if not line.startswith("       ") or line.startswith("        ") or "\t" in line:
            continue
        p = line.strip()
        if len(p) < (40 if lang == "ja" else 120) or p[-1] not in enders:
            continue
        if re.search(r"[{}<>|/\\=_]|--|\$", p) or not in_language(lang, p):
            continue
        paragraphs.append(p)
    if title and len(paragraphs) >= 3 and in_language(lang, title + " " + paragraphs[0]):
        return title, paragraphs
    return None


def main() -> int:
    out = Path(sys.argv[1])
    for lang in ["de", "fr", "ru", "ja"]:
        (out / lang).mkdir(parents=True, exist_ok=True)
        count = 0
        for page in sorted(Path(f"/usr/share/man/{lang}").rglob("*.gz")):
            found = article(lang, page)
            if found:
                title, paragraphs = found
                name = page.name.split(".")[0]
                (out / lang / f"man-{name}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n")
                count += 1
        print(f"{lang}: {count} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
