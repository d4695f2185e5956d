#!/usr/bin/env python3
"""Search head-to-head: inolab's own search against Pagefind on the same pages.

    benches/search-vs-pagefind.sh [SITE ...] [--runs 3] [--seed 1] [--work DIR]
                                  [--pagefind-version 1.6.0] [--no-write] [--report-only]

SITE is `bundled` (the repository's own content) or a number N of sprints
(a synthetic site from `inolab-synth --records N --seed S`, cached under
WORK/sites/ like benches/build.py). Default: bundled 1000 10000.

Per site:
1. `cargo bench --bench search_index` (benches/search_index.rs) builds the
   site into WORK/search/<site>/out and times `search::build_index` per
   language (`--runs` times, on the documents the build derived).
2. The pages inolab's indexes cover (every URL in them, both languages) are
   hard-linked into WORK/search/<site>/pf-site and Pagefind's CLI (npm
   package `pagefind`, installed into WORK/npm) indexes them with its
   defaults, `--runs` times; GNU time gives wall, CPU and peak RSS.
3. benches/search-vs-pagefind.mjs queries both in headless Chromium through
   one local server that gzips text files like a static host: bytes and
   time of cold queries, recall of the hand-written query sets in the top 3
   and 5, and (synthetic sites) recall of every case form of some nouns.

The Markdown report replaces the block between the `search-bench` markers in
BENCHMARKS.md unless --no-write; raw numbers go to WORK/search/<site>/*.json.
Standard library only; needs node, npm, Debian's chromium and
tests/browser/node_modules (cd tests/browser && npm ci).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no benches/__pycache__ in the repository
sys.path.insert(0, str(Path(__file__).resolve().parent))
import build as common  # noqa: E402  (benches/build.py: machine(), sites(), timed(), …)

REPO = common.REPO
BENCHMARKS = REPO / "BENCHMARKS.md"
START = "<!-- search-bench:start -->"
END = "<!-- search-bench:end -->"
RECALL_SETS = [REPO / "tests/search/recall-lv.tsv", REPO / "benches/search-queries-lv.tsv"]
log = common.log


def bench_binaries(work: Path) -> tuple[Path, Path]:
    """Build benches/search_index.rs and inolab-synth; copy them to WORK/bin
    so a concurrent rebuild in the shared target dir cannot swap them."""
    log("cargo bench --no-run --bench search_index; cargo build --release -p inolab-synth")
    common.run(["cargo", "build", "--release", "--quiet", "-p", "inolab-synth"], cwd=REPO)
    p = subprocess.run(
        ["cargo", "bench", "--no-run", "--bench", "search_index", "--message-format", "json"],
        cwd=REPO, check=True, capture_output=True, text=True,
    )
    exe = None
    for line in p.stdout.splitlines():
        m = json.loads(line)
        if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "search_index" and m.get("executable"):
            exe = m["executable"]
    if not exe:
        sys.exit("cargo did not report the search_index bench executable")
    bindir = work / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(exe, bindir / "search_index")
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    target = target if target.is_absolute() else REPO / target
    shutil.copy2(target / "release" / "inolab-synth", bindir / "inolab-synth")
    return bindir / "search_index", bindir / "inolab-synth"


def pagefind_binary(work: Path, version: str) -> Path:
    """`npm install pagefind@VERSION` into WORK/npm (outside the repository)."""
    npm = work / "npm"
    exe = npm / "node_modules" / ".bin" / "pagefind"
    have = ""
    if exe.exists():
        have = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.strip()
    if have != f"pagefind {version}":
        log(f"npm install pagefind@{version} into {npm}")
        npm.mkdir(parents=True, exist_ok=True)
        if not (npm / "package.json").exists():
            (npm / "package.json").write_text('{"name": "inolab-bench-npm", "private": true}\n')
        common.run(["npm", "install", "--no-audit", "--no-fund", "--silent", f"pagefind@{version}"], cwd=npm)
    return exe


def tree(root: Path, skip: str | None = None) -> dict:
    files = raw = gz = 0
    for dirpath, _, names in os.walk(root):
        for n in names:
            if skip and re.match(skip, n):
                continue
            b = (Path(dirpath) / n).read_bytes()
            files += 1
            raw += len(b)
            # stored size; a text file is counted gzipped as a host would serve it
            gz += len(b) if b[:2] == b"\x1f\x8b" else len(gzip.compress(b, 6))
    return {"files": files, "bytes": raw, "served": gz}


PF_UI = r"pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$"


def one_site(name: str, root: Path, args, search_index: Path, pagefind: Path, work: Path) -> dict:
    d = work / "search" / name
    d.mkdir(parents=True, exist_ok=True)
    out = d / "out"
    common.rmtree(out)
    log(f"== {name}: build and time inolab's index ({root})")
    common.run([str(search_index), "--root", str(root), "--output", str(out), "--runs", str(args.runs),
                "--json", str(d / "inolab.json")])
    ino = json.loads((d / "inolab.json").read_text())

    # Pagefind input: exactly the pages inolab indexes, as built.
    site = d / "pf-site"
    common.rmtree(site)
    pages = 0
    for lang in ino["langs"].values():
        for url in lang["urls"]:
            src = out / url.strip("/") / "index.html"
            dst = site / url.strip("/") / "index.html"
            dst.parent.mkdir(parents=True, exist_ok=True)
            if not dst.exists():
                os.link(src, dst)
                pages += 1
    bundle = site / "pagefind"
    runs = []
    for i in range(args.runs):
        common.rmtree(bundle)
        r = common.timed([str(pagefind), "--site", str(site), "--output-path", str(bundle), "--quiet"], d)
        log(f"pagefind run {i + 1}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, {r['rss_kib'] / 1024:.0f} MiB")
        runs.append(r)
    pf_entry = json.loads((bundle / "pagefind-entry.json").read_text())

    log(f"== {name}: queries in Chromium")
    browser = d / "browser.json"
    cmd = ["node", str(REPO / "benches/search-vs-pagefind.mjs"), "--site", str(out), "--pagefind", str(bundle),
           "--out", str(browser)]
    if name == "bundled":  # the hand-written sets name pages of the bundled content
        for s in RECALL_SETS:
            cmd += ["--recall", str(s)]
    else:
        cmd += ["--inflection", "--content", str(root / "content")]
    common.run(cmd)
    res = {
        "name": name,
        "pages": pages,
        "inolab": ino,
        "inolab_index": tree(out / "search-index"),
        "pagefind_runs": runs,
        "pagefind_entry": pf_entry,
        "pagefind_index": tree(bundle, PF_UI),
        "pagefind_ui": tree(bundle),
        "browser": json.loads(browser.read_text()),
    }
    res["pagefind_ui"] = {k: res["pagefind_ui"][k] - res["pagefind_index"][k] for k in res["pagefind_ui"]}
    (d / "result.json").write_text(json.dumps(res, indent=1))
    return res


# ---------- report ----------

def kb(b: float) -> str:
    return f"{b / 1000:.1f} kB"


def mb(b: float) -> str:
    return f"{b / 1e6:.2f} MB" if b >= 1e6 else kb(b)


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def size_label(name: str) -> str:
    return "bundled site" if name == "bundled" else f"{int(name):,} sprints".replace(",", " ")


def report(results: list[dict], m: dict, argv: list[str], runs: int, pf_version: str) -> str:
    L = []
    L.append(f"Produced by `benches/search-vs-pagefind.sh {' '.join(argv)}` on {m['date']} at commit `{m['commit']}`.")
    L.append("")
    L.append(f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, Linux {m['kernel']}; "
             f"load average at start {' '.join(m['loadavg'])}.")
    L.append(f"Tools: {m['rustc']}; `inolab` bench build; Pagefind {pf_version} (npm); {m['node']}; {m['chromium']}.")
    L.append("")
    # 1. index
    L.append("**Index** (both languages; inolab's index time is `search::build_index` alone, "
             f"median of {runs}; Pagefind's is its CLI over the same pages, median of {runs}):")
    L.append("")
    L.append("| site | pages indexed | engine | indexing time (wall) | CPU | peak RSS | files | bytes on disk | served (text gzipped) |")
    L.append("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        ino = r["inolab"]["langs"]
        ms = sum(med(l["build_ms"]) for l in ino.values())
        ii, pi, ui = r["inolab_index"], r["pagefind_index"], r["pagefind_ui"]
        pr = r["pagefind_runs"]
        L.append(f"| {size_label(r['name'])} | {r['pages']} | **inolab** | {ms / 1000:.2f} s | — | — | "
                 f"{ii['files']} | {mb(ii['bytes'])} | {mb(ii['served'])} |")
        L.append(f"| | | Pagefind | {med([x['wall'] for x in pr]):.2f} s | {med([x['cpu'] for x in pr]):.2f} s | "
                 f"{med([x['rss_kib'] for x in pr]) / 1024:.0f} MiB | {pi['files']} | {mb(pi['bytes'])} | {mb(pi['served'])} |")
        L.append(f"| | | Pagefind UI bundles (optional, not counted above) | | | | {ui['files']} | {mb(ui['bytes'])} | {mb(ui['served'])} |")
    L.append("")
    L.append("For scale: inolab's whole build of each site (`pipeline::build`: every page and the index, written to disk): " + ", ".join(
        f"{size_label(r['name'])} {r['inolab']['build_s']:.1f} s" for r in results) + ".")
    L.append("")
    # 2. cold queries
    L.append("**Cold query** (fresh browser context; every byte fetched from the first script to the data of the "
             "top 5 results, as served; median over the queries of each group; time = in the page, localhost network):")
    L.append("")
    L.append("| site | engine | one word: bytes | JS | index + meta + WASM | 5 fragments | three words: bytes | cold time (1 word) | warm time |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        for eng, label in (("inolab", "**inolab**"), ("pagefind", "Pagefind")):
            rows = r["browser"]["cold"][eng]
            one = [x for x in rows if " " not in x["query"]]
            three = [x for x in rows if len(x["query"].split()) == 3]
            g = lambda xs, k: med([x["by"].get(k, 0) for x in xs])  # noqa: E731
            idx = med([x["by"].get("meta", 0) + x["by"].get("wasm", 0) + x["by"].get("index", 0) for x in one])
            L.append(f"| {size_label(r['name']) if eng == 'inolab' else ''} | {label} | {kb(med([x['bytes'] for x in one]))} | "
                     f"{kb(g(one, 'js'))} | {kb(idx)} | {kb(g(one, 'fragments'))} | {kb(med([x['bytes'] for x in three]))} | "
                     f"{med([x['ms'] for x in one]):.0f} ms | {med([x['warm_ms'] for x in rows]):.0f} ms |")
    L.append("")
    L.append("Per query (bytes, hits):")
    L.append("")
    qs = [x["query"] for x in results[0]["browser"]["cold"]["inolab"]]
    L.append("| site | engine | " + " | ".join(f"`{q}`" for q in qs) + " |")
    L.append("|---|---|" + "---:|" * len(qs))
    for r in results:
        for eng, label in (("inolab", "**inolab**"), ("pagefind", "Pagefind")):
            cells = [f"{kb(x['bytes'])}, {x['hits']}" for x in r["browser"]["cold"][eng]]
            L.append(f"| {size_label(r['name']) if eng == 'inolab' else ''} | {label} | " + " | ".join(cells) + " |")
    L.append("")
    # 3. recall
    L.append("**Recall of the hand-written Latvian queries** (expected page in the top 3 / top 5):")
    L.append("")
    L.append("| site | query set | queries | inolab top 3 | inolab top 5 | Pagefind top 3 | Pagefind top 5 |")
    L.append("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        rec = r["browser"]["recall"]
        for si, s in enumerate(rec.get("inolab", [])):
            p = rec["pagefind"][si]
            cats = []
            for row in s["rows"]:
                if row["category"] not in cats:
                    cats.append(row["category"])
            for c in cats:
                a = [x for x in s["rows"] if x["category"] == c]
                b = [x for x in p["rows"] if x["category"] == c]
                k = lambda xs, n: sum(1 for x in xs if x["rank"] and x["rank"] <= n)  # noqa: E731
                label = s["name"] + ("" if c == "as written" else f" ({c})")
                L.append(f"| {size_label(r['name'])} | `{label}` | {len(a)} | {k(a, 3)} | {k(a, 5)} | {k(b, 3)} | {k(b, 5)} |")
    L.append("")
    # 4. inflection
    inf = [r for r in results if r["browser"].get("inflection")]
    if inf:
        nouns = sorted({x["noun"] for x in inf[0]["browser"]["inflection"]["inolab"]})
        L.append("**Case forms on the synthetic sites**: every case form of " + ", ".join(f"`{n}-`" for n in nouns) +
                 " as one query, typed as spelt and without diacritics; recall = share of the Latvian record pages whose "
                 "source file holds any form of the noun that the query returns (all hits, not only the top), "
                 "precision = share of the hits that hold one; mean over the forms:")
        L.append("")
        L.append("| site | typed | queries | inolab recall | inolab precision | Pagefind recall | Pagefind precision |")
        L.append("|---|---|---:|---:|---:|---:|---:|")
        for r in inf:
            for folded in (False, True):
                cell = []
                for eng in ("inolab", "pagefind"):
                    xs = [x for x in r["browser"]["inflection"][eng] if x["folded"] == folded]
                    rec = statistics.mean(x["relevant"] / max(1, x["truth"]) for x in xs)
                    prec = statistics.mean(x["relevant"] / x["hits"] if x["hits"] else 0 for x in xs)
                    cell += [f"{rec * 100:.1f} %", f"{prec * 100:.1f} %"]
                    n = len(xs)
                L.append(f"| {size_label(r['name'])} | {'without diacritics' if folded else 'as spelt'} | {n} | " + " | ".join(cell) + " |")
        L.append("")
    return "\n".join(L)


def write_benchmarks(block: str) -> None:
    text = BENCHMARKS.read_text()
    if START in text and END in text:
        a, rest = text.split(START, 1)
        _, b = rest.split(END, 1)
        text = f"{a}{START}\n{block}\n{END}{b}"
    else:
        sys.exit(f"BENCHMARKS.md has no {START} … {END} block; add one under the Search section")
    BENCHMARKS.write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sites", nargs="*", default=["bundled", "1000", "10000"])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "inolab-bench")
    ap.add_argument("--pagefind-version", default="1.6.0")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--report-only", action="store_true",
                    help="measure nothing: rebuild the report from WORK/search/*/result.json of the last run")
    args = ap.parse_args()
    work = args.work.resolve()
    if not Path(common.TIME).exists():
        sys.exit(f"{common.TIME} not found: install GNU time (Debian: apt-get install -y time)")
    run_file = work / "search" / "run.json"
    if args.report_only:
        run = json.loads(run_file.read_text())
        results = [json.loads((work / "search" / s / "result.json").read_text()) for s in run["sites"]]
    else:
        m = common.machine()
        m["node"] = "Node " + subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        m["chromium"] = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip() or "chromium"
        argv = [a for a in sys.argv[1:] if a != "--no-write"]
        run = {"machine": m, "argv": argv, "runs": args.runs, "pagefind": args.pagefind_version, "sites": args.sites}
        search_index, synth = bench_binaries(work)
        pagefind = pagefind_binary(work, args.pagefind_version)
        results = []
        for s in args.sites:
            if s == "bundled":
                root = REPO
            else:
                root, _ = common.sites(synth, work, int(s), args.seed)
            results.append(one_site(s, root, args, search_index, pagefind, work))
        run_file.write_text(json.dumps(run, indent=1))
    block = report(results, run["machine"], run["argv"], run["runs"], run["pagefind"])
    print(block)
    if not args.no_write:
        write_benchmarks(block)
        log(f"wrote the report into {BENCHMARKS}")


if __name__ == "__main__":
    main()
