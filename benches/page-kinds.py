#!/usr/bin/env python3
"""What each page kind costs in a built site: files, bytes, largest page.

    benches/page-kinds.py OUTPUT_DIR              # bytes per page kind and file kind
    benches/page-kinds.py OUTPUT_DIR --regions    # and where a page's bytes go

Pages are grouped by their template (the `tpl-…` class inolab's theme puts
on <body>); other files by folder or extension (search index, exports,
sitemap, assets). Prints a Markdown table, largest share first, and the
largest HTML page.

--regions adds two tables: the bytes of every HTML page split by page
region (head, its JSON-LD, header, breadcrumbs, main, the facet sidebar,
card lists, pagers, footer), and the same per page kind (MB). Each byte
counts once, in the innermost region that holds it (the cards inside <main>
are not counted in "main"). A region is found by the start tag in REGIONS
and ends at its matching end tag; change REGIONS when the theme's markup
changes. Standard library only.
"""
import os
import re
import sys
from collections import defaultdict

# (region, start-tag pattern, tag name). Order does not matter: nesting is
# worked out from the positions.
REGIONS = [
    ("head", rb"<head>", b"head"),
    ("head: json-ld", rb'<script type="application/ld\+json">', b"script"),
    ("header", rb'<header class="site-header"', b"header"),
    ("breadcrumbs", rb'<nav class="breadcrumbs"', b"nav"),
    ("main", rb"<main\b", b"main"),
    ("facet sidebar", rb'<div class="sidebar"', b"div"),
    ("cards", rb'<ul class="cards\b', b"ul"),
    ("pager", rb'<nav class="(?:pagination|pager)\b', b"nav"),
    ("footer", rb'<footer class="site-footer"', b"footer"),
]
REGION_NAMES = [r[0] for r in REGIONS] + ["rest"]
STARTS = [(name, re.compile(pat), tag) for name, pat, tag in REGIONS]
TAG_RE = {}


def element_end(html, start, tag):
    """The end of the element whose start tag begins at `start`."""
    r = TAG_RE.get(tag)
    if r is None:
        r = TAG_RE[tag] = re.compile(rb"<(/?)" + tag + rb"[\s>]")
    depth = 0
    for m in r.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            close = html.find(b">", m.end() - 1)
            return close + 1 if close >= 0 else len(html)
    return len(html)


def regions(html):
    """Bytes of `html` per region, each byte in its innermost region."""
    spans = []
    for name, pat, tag in STARTS:
        for m in pat.finditer(html):
            spans.append((m.start(), element_end(html, m.start(), tag), name))
    # Outer spans first (by start, then longest); a stack gives each span its parent.
    spans.sort(key=lambda s: (s[0], -s[1]))
    own = defaultdict(int)
    stack = []
    covered = 0
    for start, end, name in spans:
        while stack and stack[-1][1] <= start:
            stack.pop()
        if stack:
            if end > stack[-1][1]:
                continue  # overlaps its parent: malformed, ignore
            own[stack[-1][2]] -= end - start
        else:
            covered += end - start
        own[name] += end - start
        stack.append((start, end, name))
    own["rest"] += len(html) - covered
    return own


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    with_regions = "--regions" in sys.argv[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    root = args[0]
    tpl = re.compile(rb'<body class="tpl-([a-z_-]+)')
    groups = defaultdict(lambda: [0, 0])
    by_region = defaultdict(int)  # region -> bytes
    pages_with = defaultdict(int)  # region -> pages that have it
    by_kind_region = defaultdict(lambda: defaultdict(int))
    html_bytes = 0
    largest = (0, "")
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root)
            size = os.lstat(p).st_size
            if n.endswith(".html"):
                with open(p, "rb") as f:
                    html = f.read() if with_regions else f.read(4096)
                m = tpl.search(html, 0, 8192)
                kind = m.group(1).decode() if m else "other"
                key = "page: " + kind
                largest = max(largest, (size, rel))
                if with_regions:
                    html_bytes += len(html)
                    for region, b in regions(html).items():
                        by_region[region] += b
                        by_kind_region[kind][region] += b
                        if b > 0:
                            pages_with[region] += 1
            elif rel.startswith("search-index"):
                key = "search index: " + (rel.split(os.sep)[2] if rel.count(os.sep) >= 2 else "manifest")
            else:
                key = "file: " + (os.path.splitext(n)[1] or n)
            groups[key][0] += 1
            groups[key][1] += size
    total_files = sum(g[0] for g in groups.values())
    total_bytes = sum(g[1] for g in groups.values())
    print("| kind | files | bytes | share of bytes | mean |")
    print("|---|---:|---:|---:|---:|")
    for k, (n, b) in sorted(groups.items(), key=lambda kv: -kv[1][1]):
        print(f"| {k} | {n:,} | {b / 1e6:.1f} MB | {100 * b / total_bytes:.1f} % | {b / n / 1e3:.1f} kB |")
    print(f"| **all** | **{total_files:,}** | **{total_bytes / 1e6:.1f} MB** | | |")
    print(f"\nlargest HTML page: {largest[1]} ({largest[0] / 1e3:.1f} kB)")
    if not with_regions:
        return

    print("\n### HTML bytes by page region\n")
    print("| region | pages with it | bytes | share of HTML | mean per page with it |")
    print("|---|---:|---:|---:|---:|")
    for r in REGION_NAMES:
        b, n = by_region.get(r, 0), pages_with.get(r, 0)
        mean = f"{b / n / 1e3:.2f} kB" if n else "–"
        print(f"| {r} | {n:,} | {b / 1e6:.1f} MB | {100 * b / max(html_bytes, 1):.1f} % | {mean} |")
    print(f"| **all HTML** | | **{html_bytes / 1e6:.1f} MB** | | |")

    print("\n### MB by page kind and region\n")
    kinds = sorted(by_kind_region, key=lambda k: -sum(by_kind_region[k].values()))
    print("| kind | " + " | ".join(REGION_NAMES) + " | all |")
    print("|---|" + "---:|" * (len(REGION_NAMES) + 1))
    for k in kinds:
        row = by_kind_region[k]
        cells = " | ".join(f"{row.get(r, 0) / 1e6:.1f}" for r in REGION_NAMES)
        print(f"| {k} | {cells} | {sum(row.values()) / 1e6:.1f} |")


if __name__ == "__main__":
    main()
