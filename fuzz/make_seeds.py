#!/usr/bin/env python3
"""Writes fuzz/seeds/<target>/ from the bundled site (docs/fuzzing.md).

Run from the repository root: python3 fuzz/make_seeds.py. The seeds are
committed (small); libFuzzer's own corpora go to fuzz/work/ (ignored).
Each target's first byte is a selector (language, settings, method); see
fuzz/src/lib.rs.
"""
import glob
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "fuzz", "seeds")


def read(p):
    with open(os.path.join(ROOT, p), "rb") as f:
        return f.read()


def put(target, name, data):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def body(text):
    parts = text.split(b"\n---\n", 1)
    return parts[1] if len(parts) == 2 else text


shutil.rmtree(SEEDS, ignore_errors=True)
RECORDS = [
    "content/sprints/cilveks-pirmaja-vieta.md",
    "content/sprints/arpustiesas-celvedis.en.md",
    "content/prototypes/" + sorted(os.listdir(os.path.join(ROOT, "content/prototypes")))[0],
    "content/glossary/hakatons.md",
    "content/glossary/hakatons.en.md",
    "content/guidelines/03-pakalpojumu-grozs.md",
    "content/guidelines/04-inovacijas-sprinta-norise.en.md",
    "content/pages/atvertie-dati.md",
    "content/news/epsa-2021-labas-prakses-sertifikats.md",
]
RECORDS = [r for r in RECORDS if os.path.exists(os.path.join(ROOT, r))]
COLL = ["sprints", "prototypes", "glossary", "guidelines", "pages", "news"]

# front_matter: whole record files, the data files and site.yaml.
for p in RECORDS + sorted(glob.glob("content/data/*.yaml", root_dir=ROOT)) + ["site.yaml"]:
    put("front_matter", os.path.basename(p), read(p))
put("front_matter", "crlf-bom.md", b"\xef\xbb\xbf---\r\ntitle: a\r\nstatus: completed\r\n---\r\nBody\r\n")
put("front_matter", "anchors.md", b"---\na: &x [1, 2]\nb: *x\nc: !!str 3\nd: {e: f}\n---\n")
put("front_matter", "unclosed.md", b"---\ntitle: a\n")

# record: selector (collection, +0x80 for the en translation) + file.
for p in RECORDS:
    coll = p.split("/")[1]
    sel = COLL.index(coll) | (0x80 if p.endswith(".en.md") else 0)
    put("record", os.path.basename(p), bytes([sel]) + read(p))
put("record", "sprint-bad-dates.md", bytes([0]) + b"---\ntitle: X\ninstitutions: [vid, nope]\nstart: 2023-02-30\nend: 2022-01-01\nstatus: done\nparticipants: -1\ntopics: [taxes]\n---\n# X\n")

# markdown: selector (bit 0 en, 1+7 trusted, 2 terms, 3 base path) + body.
for i, p in enumerate(RECORDS):
    sel = (1 if p.endswith(".en.md") else 0) | 4 | (8 if i % 2 else 0)
    put("markdown", os.path.basename(p), bytes([sel]) + body(read(p)))
put("markdown", "syntax.md", bytes([4]) + (
    "# Virsraksts {#vs}\n\n## Virsraksts\n\n| a | b |\n|---|:-:|\n| `x` | **y** |\n\n"
    "```rust\nfn main() { println!(\"<b>\"); }\n```\n\n    indented\n\n"
    "Teksts[^1] ar [saiti](/sprinti/) un ![attēls](/a.png \"t\") un <https://example.org>.\n\n"
    "[^1]: Piezīme.\n\n> citāts ~~svītrots~~\n\n- [ ] a\n- b\n\n1. c\n\n---\n\n"
    "Prototips, hakatons un dizaina domāšana.\n").encode())
put("markdown", "html.md", bytes([0]) + (
    "<div class=\"x\" onclick=\"alert(1)\">a</div>\n\n<script>alert(1)</script>\n\n"
    "<a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(1)>\n\n"
    "<details><summary>s</summary>t</details>\n").encode())
put("markdown", "links.md", bytes([8]) + (
    "[a](/x/) [b](//evil.example/) [c](https://example.org/) [d](mailto:a@b.c) "
    "[e](#frag) [f][r]\n\n[r]: /y/ \"T\"\n").encode())

# search: selector (0 lv, 1 en, 2 other) + text + "\n" + query.
LV = "Cilvēks pirmajā vietā. Gada ienākumu deklarācija ir sarežģīta; e-pakalpojumi un ūdensvads, 3,5 %."
put("search", "lv.txt", bytes([0]) + (LV + "\ndeklarācijas cilveks").encode())
put("search", "en.txt", bytes([1]) + "People first: the annual income return is hard. Co-creation!\nreturns peopl".encode())
put("search", "other.txt", bytes([2]) + "Straße İstanbul ﬁ Ǆ ΑΘΗΝΑ Москва 東京 ١٢٣\nstrasse".encode())
for i, p in enumerate(RECORDS[:4]):
    text = body(read(p)).decode()[:600].replace("\n", " ")
    put("search", f"body{i}.txt", bytes([i % 2]) + (text + "\n" + " ".join(text.split()[:2])).encode())

# serve_path: selector (method, If-None-Match, site built) + request target.
PATHS = [
    "/", "/a/", "/a", "/a/b/?x=1#f", "/%C4%81/", "/assets/site.css", "/robots.txt",
    "/en/missing", "/missing", "/__inolab/reload.js", "/../etc/passwd", "/%2e%2e/x",
    "/a/%2e/b", "/%252e%252e/", "/a\\b", "//evil.example/", "/C:/x", "/a//b", "/a/%00",
    "/%ff", "*", "http://h/", "/" + "a" * 2100,
]
for i, t in enumerate(PATHS):
    put("serve_path", f"p{i:02}", bytes([i % 16]) + t.encode())
print("seeds in", SEEDS)
