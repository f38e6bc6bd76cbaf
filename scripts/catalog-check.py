#!/usr/bin/env python3
"""Checks a translation of Molar's message catalogs against the English ones.

    scripts/catalog-check.py hi            # every catalog of the host and the plugins
    scripts/catalog-check.py hi plugins/cases/messages

For each messages folder, <language>.properties must have the keys of en.properties
plus the keys French has for names that come from config (product names, field labels),
in the same order, each with the same Mustache tags ({{number}}, {{#t}}...{{/t}}) and ICU
arguments ({count, plural, ...}) as the English (or French) message. Prints one line per
problem and exits 1 when there is any.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAG = re.compile(r"\{\{\s*([#/^>&!]?)\s*([^}]*?)\s*\}\}")
ICU_TYPED = re.compile(r"(?<!\{)\{\s*[A-Za-z_][A-Za-z0-9_]*\s*,\s*(plural|select|selectordinal|number|date|time)\b")
ICU_ARG = re.compile(r"(?<!\{)\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:,\s*(plural|select|selectordinal|number|date|time))?\s*[,}]")


def read(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = line.strip()
            if not text or text[0] in "#!":
                continue
            if "=" not in text:
                continue
            key, value = text.split("=", 1)
            entries.append((key.strip(), value.strip()))
    return entries


def placeholders(text):
    tags = sorted(m.group(1) + m.group(2) for m in TAG.finditer(text))
    without_tags = TAG.sub("", text)
    args = sorted(set(m.group(1) for m in ICU_ARG.finditer(without_tags)))
    return tags, args


def folders():
    found = [os.path.join(ROOT, "templates", "messages")]
    plugins = os.path.join(ROOT, "plugins")
    for name in sorted(os.listdir(plugins)):
        path = os.path.join(plugins, name, "messages")
        if os.path.isdir(path):
            found.append(path)
    found.append(os.path.join(ROOT, "sdk", "examples", "hello", "messages"))
    return found


def check(language, folder):
    problems = []
    where = os.path.relpath(folder, ROOT)
    english = read(os.path.join(folder, "en.properties"))
    reference = dict(english)
    order = [k for k, _ in english]
    french_path = os.path.join(folder, "fr.properties")
    if os.path.exists(french_path):
        for key, value in read(french_path):
            if key not in reference:
                reference[key] = value
                order.append(key)
    path = os.path.join(folder, language + ".properties")
    if not os.path.exists(path):
        return [f"{where}: no {language}.properties"]
    entries = read(path)
    seen = {}
    for key, value in entries:
        if key in seen:
            problems.append(f"{where}: {key} appears twice")
        seen[key] = value
    for key in order:
        if key not in seen:
            problems.append(f"{where}: lacks {key}")
    for key, value in entries:
        if key not in reference:
            problems.append(f"{where}: has a key English lacks: {key}")
            continue
        if not value:
            problems.append(f"{where}: {key} is empty")
        want = placeholders(reference[key])
        got = placeholders(value)
        if want[0] != got[0]:
            problems.append(f"{where}: {key} has tags {got[0]}, English has {want[0]}")
        if want[1] != got[1]:
            problems.append(f"{where}: {key} has ICU arguments {got[1]}, English has {want[1]}")
        if ICU_TYPED.search(value) and not ICU_TYPED.search(reference[key]):
            problems.append(f"{where}: {key} uses plural or select where English does not (the code fills it by hand)")
        if value.count("{") != value.count("}"):
            problems.append(f"{where}: {key} has unbalanced braces")
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    language = sys.argv[1]
    targets = [os.path.abspath(p) for p in sys.argv[2:]] or folders()
    problems = []
    for folder in targets:
        problems += check(language, folder)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
