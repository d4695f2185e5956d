#!/usr/bin/env python3
"""Build-speed benchmark: `inolab build` against Hugo on the same synthetic site.

    benches/build.py [N ...] [--runs 5] [--runs-large K] [--seed 1] [--warmup auto|build|read]
                     [--work DIR] [--no-write]

For each N (default: 1000 10000 50000) the synthetic site is generated once by
`inolab-synth --records N --seed S` in both formats and cached under
WORK/sites/n<N>-s<S>-<hash of the generator source>/. Then, after a warm-up
(one build per tool, or for N > 10 000 reading both inputs), every run builds cold into a new, absent output folder with
`inolab build` and with `hugo`, alternately. Old outputs are deleted only
after the last run of an N, followed by `sync` and a pause: on ext4 without
a journal (this VM's disk), the inode allocator skips inodes deleted in the
last 60 s (up to 6 min before they are written back), one block lookup each,
so a build started right after deleting the previous 70 000-file output paid
~10 s of kernel time for it — a cost of the bench, not of either tool. A
tool that fails (killed for lack of memory, say) is reported as failed.
Wall time, CPU time (user+sys) and peak RSS come from GNU `/usr/bin/time`. Two lower bounds are measured
the same way: `cp -r` of the input folder and `cp -r` of the built inolab
output (writing the same number of bytes and files).

The Markdown table is printed and, unless --no-write, replaces the block
between the `build-bench` markers in BENCHMARKS.md (under "Build speed").
Raw numbers go to WORK/results-<N>.json. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "BENCHMARKS.md"
START = "<!-- build-bench:start -->"
END = "<!-- build-bench:end -->"
TIME = "/usr/bin/time"


def log(*a: object) -> None:
    print(*a, file=sys.stderr, flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, **kw)


class ToolFailed(RuntimeError):
    """A measured command exited non-zero (or was killed)."""

    def __init__(self, cmd: list[str], rc: int, detail: str, took: dict | None):
        super().__init__(f"{' '.join(cmd)} failed ({rc}):\n{detail}")
        killed = f" (killed by signal {-rc})" if rc < 0 else " (killed: SIGKILL, likely out of memory)" if rc == 137 else ""
        first = detail.strip().splitlines()[0][:200] if detail.strip() else ""
        after = f" after {took['wall']:.0f} s at {took['rss_kib'] / 1024 / 1024:.1f} GiB peak RSS" if took else ""
        self.summary = f"exit {rc}{killed}{after}" + (f": {first}" if first else "")


def timed(cmd: list[str], tmp: Path) -> dict:
    """Run `cmd` under GNU time; return wall, cpu (s) and peak RSS (KiB)."""
    tf = tmp / "time.txt"
    tf.unlink(missing_ok=True)
    p = subprocess.run(
        [TIME, "-f", "%e %U %S %M", "-o", str(tf), *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # GNU time may prepend "Command exited…" lines; the numbers are the last
    # line, written for a killed command too.
    try:
        e, u, s, m = tf.read_text().strip().splitlines()[-1].split()
        took = {"wall": float(e), "cpu": float(u) + float(s), "rss_kib": int(m)}
    except (OSError, IndexError, ValueError):
        took = None
    if p.returncode != 0 or took is None:
        errors = [l for l in p.stderr.splitlines() if "error" in l.lower()]
        detail = "\n".join(errors[:20])[:4000] or p.stderr[-3000:]
        raise ToolFailed(cmd, p.returncode, detail, took)
    return took


def tree_size(root: Path) -> tuple[int, int]:
    files = size = 0
    for dirpath, _, names in os.walk(root):
        for n in names:
            files += 1
            size += os.lstat(os.path.join(dirpath, n)).st_size
    return files, size


def rmtree(p: Path) -> None:
    if p.is_symlink() or p.is_file():
        p.unlink()
    elif p.exists():
        shutil.rmtree(p)


def settle() -> None:
    """After deleting outputs: write the deletions back and wait out ext4's
    60 s window for recently deleted inodes (see the module docstring), so
    the next N starts on an undisturbed disk."""
    os.sync()
    log("waiting 60 s after deleting the outputs (ext4 recently-deleted inodes)")
    time.sleep(60)


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass

    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "unknown"

    return {
        "nproc": os.cpu_count(),
        "memory": mem,
        "cpu": model,
        "kernel": platform.release(),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else [],
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": out(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
        + (" + uncommitted changes" if out(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"]) != "unknown" else ""),
        "rustc": out(["rustc", "--version"]),
        "hugo": out(["hugo", "version"]),
    }


def ensure_tools() -> None:
    if not Path(TIME).exists():
        sys.exit(f"{TIME} not found: install GNU time (Debian: apt-get install -y time)")
    if shutil.which("hugo") is None:
        sys.exit("hugo not found (Debian: apt-get install -y hugo)")


def build_binaries(work: Path) -> tuple[Path, Path]:
    """`cargo build --release` once, then copy the binaries so that concurrent
    rebuilds in the shared target dir cannot change them mid-benchmark."""
    log("cargo build --release -p inolab -p inolab-synth")
    run(["cargo", "build", "--release", "--quiet", "-p", "inolab", "-p", "inolab-synth"], cwd=REPO)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    bindir = work / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    out = []
    for name in ("inolab", "inolab-synth"):
        dst = bindir / name
        shutil.copy2(target / "release" / name, dst)
        out.append(dst)
    return out[0], out[1]


def generator_hash() -> str:
    """Of the generator's sources (tools/synth/src), so a changed generator
    regenerates the cached sites."""
    h = hashlib.sha256()
    src = REPO / "tools/synth/src"
    for f in sorted(src.rglob("*.rs")):
        h.update(f.relative_to(src).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:10]


def sites(synth: Path, work: Path, n: int, seed: int) -> tuple[Path, Path]:
    base = work / "sites" / f"n{n}-s{seed}-{generator_hash()}"
    site, hugo, done = base / "site", base / "hugo", base / "done"
    if not done.exists():
        log(f"generating N={n} seed={seed} into {base}")
        rmtree(base)
        base.mkdir(parents=True)
        run([str(synth), "--records", str(n), "--seed", str(seed), "--out", str(site), "--hugo", str(hugo)])
        done.write_text("ok\n")
    # Always build with the current theme and site.yaml.
    rmtree(site / "themes")
    if (REPO / "themes").is_dir():
        shutil.copytree(REPO / "themes", site / "themes", symlinks=True)
    if (REPO / "site.yaml").is_file():
        shutil.copy2(REPO / "site.yaml", site / "site.yaml")
    return site, hugo


def stat(xs: list[float]) -> dict:
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs)}


def bench_one(n: int, args, inolab: Path, synth: Path, work: Path) -> dict:
    site, hsite = sites(synth, work, n, args.seed)
    tmp = Path(tempfile.mkdtemp(prefix=f"run-n{n}-", dir=work))
    results: dict[str, list[dict]] = {"inolab": [], "hugo": [], "cp_input": [], "cp_output": []}
    count = iter(range(1_000_000))
    cmds: dict[str, list[str]] = {}

    def fresh(name: str) -> Path:
        """A folder path never used before in this run (see the docstring)."""
        return tmp / f"{name}-{next(count)}"

    def once(which: str) -> dict:
        nonlocal out, hout
        if which == "inolab":
            out = fresh("out-inolab")
            cmds["inolab"] = [str(inolab), "build", "--root", str(site), "--output", str(out)]
            return timed(cmds["inolab"], tmp)
        hout = fresh("out-hugo")
        cmds["hugo"] = ["hugo", "--source", str(hsite), "--destination", str(hout), "--quiet", "--cacheDir", str(fresh("hugo-cache"))]
        return timed(cmds["hugo"], tmp)

    out = hout = tmp

    failed: dict[str, str] = {}
    warmup = args.warmup if args.warmup != "auto" else ("build" if n <= 10_000 else "read")
    if warmup == "build":
        log(f"N={n}: warm-up builds")
        once("inolab")
        once("hugo")
    else:
        log(f"N={n}: warm-up: reading both inputs into the page cache")
        for root in (site, hsite):
            for dirpath, _, names in os.walk(root):
                for name in names:
                    Path(dirpath, name).read_bytes()
    runs = args.runs if n <= 10_000 or args.runs_large is None else args.runs_large
    for i in range(runs):
        for which in ("inolab", "hugo") if i % 2 == 0 else ("hugo", "inolab"):
            if which in failed:
                continue
            try:
                r = once(which)
            except ToolFailed as e:
                # A tool that fails (killed for lack of memory, say) is
                # reported as failed, not dropped silently.
                failed[which] = e.summary
                log(f"N={n} run {i + 1}/{runs} {which} FAILED: {e}")
                continue
            results[which].append(r)
            log(f"N={n} run {i + 1}/{runs} {which}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s cpu, {r['rss_kib'] / 1024:.0f} MiB")
    in_files, in_bytes = tree_size(site)
    out_files, out_bytes = tree_size(out) if results["inolab"] else (0, 0)
    hout_files, hout_bytes = tree_size(hout) if results["hugo"] else (0, 0)
    for i in range(runs if results["inolab"] else 0):
        results["cp_input"].append(timed(["cp", "-r", str(site), str(fresh("cp-input"))], tmp))
        results["cp_output"].append(timed(["cp", "-r", str(out), str(fresh("cp-output"))], tmp))
    pairs = list(zip(results["inolab"], results["hugo"]))
    res = {
        "n": n,
        "seed": args.seed,
        "runs": runs,
        "input": {"files": in_files, "bytes": in_bytes},
        "output_inolab": {"files": out_files, "bytes": out_bytes},
        "output_hugo": {"files": hout_files, "bytes": hout_bytes},
        "raw": results,
        "failed": failed,
        "warmup": warmup,
        "stats": {
            k: {m: stat([r[m] for r in v]) for m in ("wall", "cpu", "rss_kib")} for k, v in results.items() if v
        },
        "ratio": {
            m: stat([a[m] / b[m] for a, b in pairs if b[m] > 0]) for m in ("wall", "cpu", "rss_kib")
        } if pairs else None,
        "commands": {k: " ".join(v) for k, v in cmds.items()},
    }
    rmtree(tmp)
    settle()
    (work / f"results-{n}.json").write_text(json.dumps(res, indent=1))
    return res


def fmt_s(s: dict) -> str:
    return f"{s['median']:.2f} s ({s['min']:.2f}–{s['max']:.2f})"


def fmt_mib(s: dict) -> str:
    return f"{s['median'] / 1024:.0f} MiB ({s['min'] / 1024:.0f}–{s['max'] / 1024:.0f})"


def fmt_x(s: dict) -> str:
    return f"{s['median']:.2f}× ({s['min']:.2f}–{s['max']:.2f})"


def mb(b: int) -> str:
    return f"{b / 1e6:.0f} MB" if b >= 1e7 else f"{b / 1e6:.1f} MB"


def table(results: list[dict]) -> str:
    rows = [
        "| N sprints | what | wall: median (min–max) | CPU user+sys | peak RSS | files / bytes |",
        "|---:|---|---:|---:|---:|---:|",
    ]

    def row(n: str, what: str, key: str, r: dict, files: str) -> str:
        st = r["stats"].get(key)
        if st is None:
            why = r.get("failed", {}).get(key, "no run")
            return f"| {n} | {what} | failed: {why} | | | |"
        return f"| {n} | {what} | {fmt_s(st['wall'])} | {fmt_s(st['cpu'])} | {fmt_mib(st['rss_kib'])} | {files} |"

    for r in results:
        n = f"{r['n']:,}".replace(",", " ")
        out_i = f"{r['output_inolab']['files']} / {mb(r['output_inolab']['bytes'])}"
        rows.append(row(n, "**inolab build**", "inolab", r, out_i))
        rows.append(row(n, "hugo", "hugo", r, f"{r['output_hugo']['files']} / {mb(r['output_hugo']['bytes'])}"))
        if r["ratio"]:
            rows.append(
                f"| {n} | inolab / hugo (pair by pair) | {fmt_x(r['ratio']['wall'])} | {fmt_x(r['ratio']['cpu'])} | "
                f"{fmt_x(r['ratio']['rss_kib'])} | |"
            )
        rows.append(row(n, "lower bound: `cp -r` input", "cp_input", r, f"{r['input']['files']} / {mb(r['input']['bytes'])}"))
        rows.append(row(n, "lower bound: `cp -r` inolab output", "cp_output", r, out_i))
    return "\n".join(rows)


def report(results: list[dict], m: dict, argv: list[str], runs: int, seed: int) -> str:
    cmd = "benches/build.py " + " ".join(argv) if argv else "benches/build.py"
    what = {"build": "one build per tool", "read": "both inputs read into the page cache"}
    counts = {r["runs"] for r in results}
    runs_text = str(counts.pop()) if len(counts) == 1 else "; ".join(f"{r['runs']} for N = {r['n']}" for r in results)
    warmups = ", ".join(f"N = {r['n']}: {what[r['warmup']]}" for r in results)
    return f"""{START}
Produced by `{cmd}` on {m['date']} at commit `{m['commit']}`
({runs_text} cold runs per tool, alternating, after a warm-up: {warmups}; seed {seed};
both sites have the same pages: an English page for every record, in Latvian
where the record has no English text).

Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, Linux {m['kernel']};
load average at start {' '.join(m['loadavg'])}.
Tools: {m['rustc']}; `inolab` release build; {m['hugo']}.

{table(results)}

Commands of the last run (each run writes a new, absent output folder;
outputs are deleted after the last run of each N, then `sync` and 60 s):
`{results[0]['commands']['inolab'] if results else ''}` and
`{results[0]['commands']['hugo'] if results else ''}`.
{END}"""


def write_benchmarks(block: str) -> None:
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n\n## Build speed\n\n"
    if START in text and END in text:
        a, b = text.index(START), text.index(END) + len(END)
        text = text[:a] + block + text[b:]
    elif "## Build speed" in text:
        i = text.index("## Build speed")
        j = text.index("\n", i) + 1
        text = text[:j] + "\n" + block + "\n" + text[j:]
    else:
        text = text.rstrip("\n") + "\n\n## Build speed\n\n" + block + "\n"
    BENCHMARKS.write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, help="numbers of sprints (default 1000 10000 50000)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-large", type=int, default=None, help="runs for N > 10000 (default: --runs)")
    ap.add_argument(
        "--warmup",
        choices=["auto", "build", "read"],
        default="auto",
        help="before the runs: one build per tool, or only read both inputs into the page cache; "
        "auto (default): build for N <= 10000, read above (a warm-up Hugo build at 50 000 takes ~10 min)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "inolab-bench")
    ap.add_argument("--no-write", action="store_true", help="print the table, leave BENCHMARKS.md alone")
    args = ap.parse_args()
    sizes = args.sizes or [1000, 10000, 50000]
    if args.runs < 1:
        sys.exit("--runs must be at least 1")
    ensure_tools()
    args.work.mkdir(parents=True, exist_ok=True)
    m = machine()
    inolab, synth = build_binaries(args.work)
    results = []
    for n in sizes:
        results.append(bench_one(n, args, inolab, synth, args.work))
        block = report(results, m, sys.argv[1:], args.runs, args.seed)
        if not args.no_write:
            write_benchmarks(block)
    print(block)


if __name__ == "__main__":
    main()
