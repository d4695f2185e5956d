#!/usr/bin/env python3
"""What each page kind costs in a built site: files, bytes, largest page.

    benches/page-kinds.py OUTPUT_DIR

Pages are grouped by their template (the `tpl-…` class inolab's theme puts
on <body>); other files by folder or extension (search index, exports,
sitemap, assets). Prints a Markdown table, largest share first, and the
largest HTML page. Standard library only.
"""
import os
import re
import sys
from collections import defaultdict

root = sys.argv[1]
tpl = re.compile(rb'<body class="tpl-([a-z_-]+)')
groups = defaultdict(lambda: [0, 0])
largest = (0, "")
for d, _, names in os.walk(root):
    for n in names:
        p = os.path.join(d, n)
        rel = os.path.relpath(p, root)
        size = os.lstat(p).st_size
        if n.endswith(".html"):
            with open(p, "rb") as f:
                m = tpl.search(f.read(4096))
            key = "page: " + (m.group(1).decode() if m else "other")
            largest = max(largest, (size, rel))
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
