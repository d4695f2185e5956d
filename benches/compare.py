#!/usr/bin/env python3
"""Same content, several commits: is a change slower than the commit before it?

    benches/compare.py --site DIR COMMIT[=BINARY] COMMIT[=BINARY] ... [--runs 5] [--work DIR]

`benches/build.py` compares inolab with Hugo on the synthetic site its own
commit generates; between two commits the generator may change too, so
its ratios do not say what a change to the builder cost. This script
builds one content folder (DIR/content, e.g. a site made by
`inolab-synth --records 10000 --seed 1`) with each commit's binary and
that commit's own `themes/` and `site.yaml` (from `git archive`), in
alternating order, each run into a new, absent folder, and prints for each
commit the median (min–max) wall time, CPU time (user+sys) and peak RSS from
GNU `/usr/bin/time`, then each commit's wall time against the first's, run
by run. A commit without `=BINARY` is built with `cargo build --release`
in a temporary worktree (about 3 minutes here). Outputs are deleted after
the last run. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"


def log(*a: object) -> None:
    print(*a, file=sys.stderr, flush=True)


def binary(commit: str, given: str | None, work: Path) -> Path:
    if given:
        return Path(given).resolve()
    tree = work / f"tree-{commit}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), commit], check=True)
    log(f"building {commit} (cargo build --release)")
    env = dict(os.environ, CARGO_TARGET_DIR=str(work / f"target-{commit}"))
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "inolab"], cwd=tree, env=env, check=True)
    return work / f"target-{commit}" / "release" / "inolab"


def site_for(commit: str, content: Path, work: Path) -> Path:
    """DIR/content hard-linked (or copied) beside the commit's theme and site.yaml."""
    site = work / f"site-{commit}"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    try:
        subprocess.run(["cp", "-al", str(content), str(site / "content")], check=True)
    except subprocess.CalledProcessError:
        shutil.copytree(content, site / "content")
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, "themes", "site.yaml"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(site)], input=archive, check=True)
    return site


def timed(cmd: list[str]) -> dict:
    with tempfile.NamedTemporaryFile("r") as tf:
        p = subprocess.run([TIME, "-o", tf.name, "-f", "%e %U %S %M", *cmd], capture_output=True, text=True)
        e, u, s, m = tf.read().strip().splitlines()[-1].split()
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return {"wall": float(e), "cpu": float(u) + float(s), "rss_mib": int(m) / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, required=True, help="a site folder; its content/ is built")
    ap.add_argument("commits", nargs="+", help="COMMIT or COMMIT=BINARY; the first is the reference")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "inolab-compare")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    content = (args.site / "content").resolve()
    runs: dict[str, list[dict]] = {}
    setups = []
    for spec in args.commits:
        commit, _, given = spec.partition("=")
        setups.append((commit, binary(commit, given or None, args.work), site_for(commit, content, args.work)))
        runs[commit] = []
    outs = []
    for i in range(args.runs):
        order = setups if i % 2 == 0 else list(reversed(setups))
        for commit, bin_, site in order:
            out = args.work / f"out-{commit}-{i}"
            outs.append(out)
            r = timed([str(bin_), "build", "--root", str(site), "--output", str(out)])
            runs[commit].append(r)
            log(f"run {i + 1}/{args.runs} {commit}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s cpu, {r['rss_mib']:.0f} MiB")
    for o in outs:
        shutil.rmtree(o, ignore_errors=True)
    for commit, _, _ in setups:
        tree = args.work / f"tree-{commit}"
        if tree.exists():
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)
    first = setups[0][0]
    print(f"| commit | wall, median (min–max) | CPU | peak RSS | wall / {first}, run by run: median (min–max) |")
    print("|---|---|---|---|---|")
    for commit, _, _ in setups:
        w = [r["wall"] for r in runs[commit]]
        c = [r["cpu"] for r in runs[commit]]
        m = [r["rss_mib"] for r in runs[commit]]
        ratios = [a["wall"] / b["wall"] for a, b in zip(runs[commit], runs[first])]
        print(
            f"| `{commit}` | {statistics.median(w):.2f} s ({min(w):.2f}–{max(w):.2f}) | {statistics.median(c):.2f} s "
            f"| {statistics.median(m):.0f} MiB | {statistics.median(ratios):.3f} ({min(ratios):.3f}–{max(ratios):.3f}) |"
        )


if __name__ == "__main__":
    main()
