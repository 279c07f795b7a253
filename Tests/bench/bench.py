#!/usr/bin/env python3
"""Praxis benchmark: full builds of generated corpora, side by side with Hugo on the same documents.

    python3 Tests/bench/bench.py [--sizes 1000,10000,100000] [--runs 3] [--praxis .build/release/praxis]

Corpora come from ../shared/tools/gen-corpus.py and are cached under .bench/ (git-ignored). For each
size it prints the wall time of a full build (median of --runs), the time per stage as Praxis reports
it (--timings), peak RSS, files and bytes written, and, if the search client's byte counter exists,
search bytes loaded per query. Hugo (Debian `hugo`) builds the 10,000-document corpus in the same run
and the ratio Praxis/Hugo is printed. Results and the machine description go to BENCHMARKS.md.
Machines here are noisy: compare ratios measured side by side in one run, not absolute numbers.
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
BENCH = os.path.join(ROOT, ".bench")


def run_measured(command, cwd=None):
    """Runs a command; returns (wall seconds, stderr text)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return wall, result.stderr


def peak_rss(command):
    """Peak RSS (MB) of one run, measured by GNU time in a separate process."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024.0


def corpus(size, hugo=False):
    folder = os.path.join(BENCH, f"{'hugo' if hugo else 'praxis'}-{size}")
    marker = os.path.join(folder, ".complete")
    if not os.path.exists(marker):
        shutil.rmtree(folder, ignore_errors=True)
        args = [sys.executable, os.path.join(SHARED, "tools", "gen-corpus.py"), "--docs", str(size), "--out", folder]
        subprocess.run(args + (["--hugo"] if hugo else []), check=True, stdout=subprocess.DEVNULL)
        open(marker, "w").close()
    if not hugo:
        shutil.rmtree(os.path.join(folder, "themes"), ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "themes"), os.path.join(folder, "themes"))
        shutil.copy(os.path.join(ROOT, "site.yml"), os.path.join(folder, "site.yml"))
    return folder


def tree_size(folder):
    files = total = 0
    for base, _, names in os.walk(folder):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(base, name))
    return files, total


def stages(stderr):
    found = {}
    for line in stderr.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "praxis:" and parts[3] == "s":
            found[parts[1]] = float(parts[2])
    return found


def search_bytes(site):
    script = os.path.join(ROOT, "Tests", "bench", "search-bytes.mjs")
    if not os.path.exists(script) or not os.path.isdir(os.path.join(site, "search")):
        return None
    result = subprocess.run(["node", script, site], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else f"(search-bytes failed: {result.stderr.strip()[-200:]})"


def bench_praxis(binary, size, runs):
    folder = corpus(size)
    output = os.path.join(folder, "_site")
    walls, per_stage = [], []
    for _ in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        wall, stderr = run_measured([binary, "build", "--root", folder, "--timings"])
        walls.append(wall)
        per_stage.append(stages(stderr))
    shutil.rmtree(output, ignore_errors=True)
    rss = peak_rss([binary, "build", "--root", folder])
    files, total = tree_size(output)
    stage_medians = {name: statistics.median(run.get(name, 0) for run in per_stage) for name in per_stage[0]}
    return {"size": size, "wall": statistics.median(walls), "walls": walls, "rss": rss, "files": files,
            "bytes": total, "stages": stage_medians, "search": search_bytes(output)}


def bench_hugo(size, runs):
    if not shutil.which("hugo"):
        return None
    folder = corpus(size, hugo=True)
    output = os.path.join(folder, "public")
    walls = []
    for _ in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        wall, _ = run_measured(["hugo", "--quiet", "-s", folder, "-d", output])
        walls.append(wall)
    shutil.rmtree(output, ignore_errors=True)
    rss = peak_rss(["hugo", "--quiet", "-s", folder, "-d", output])
    files, total = tree_size(output)
    return {"size": size, "wall": statistics.median(walls), "walls": walls, "rss": rss, "files": files, "bytes": total}


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip() if shutil.which("hugo") else "not installed"
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}; "
            f"{swift[0] if swift else 'swift ?'}; hugo: {hugo.split(' BuildDate')[0]}")


def report(results, hugo, load):
    lines = ["| documents | full build (median) | load | parse | link | theme | render | write | peak RSS | files | MB written | search bytes per query |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        s = r["stages"]
        lines.append(f"| {r['size']:,} | {r['wall']:.2f} s | " + " | ".join(f"{s.get(n, 0):.2f}" for n in
                     ["load", "parse", "link", "theme", "render", "write"]) +
                     f" | {r['rss']:.0f} MB | {r['files']:,} | {r['bytes'] / 1e6:.0f} | {r['search'] or 'n/a'} |")
    if hugo:
        lines += ["", f"Hugo on the same {hugo['size']:,} documents: {hugo['wall']:.2f} s (median of {len(hugo['walls'])}), "
                  f"peak RSS {hugo['rss']:.0f} MB, {hugo['files']:,} files."]
        mine = next((r for r in results if r["size"] == hugo["size"]), None)
        if mine:
            lines.append(f"Ratio Praxis/Hugo at {hugo['size']:,} documents: **{mine['wall'] / hugo['wall']:.2f}** (target ≤ 0.20).")
    ten = next((r for r in results if r["size"] == 10000), None)
    hundred = next((r for r in results if r["size"] == 100000), None)
    if ten and hundred:
        lines.append(f"100,000 / 10,000 build time: **{hundred['wall'] / ten['wall']:.1f}×** (target ≤ 12×); "
                     f"peak RSS at 100,000: {hundred['rss']:.0f} MB (target ≤ 2,048 MB).")
    lines.append(f"Load average when the run started: {load}.")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--praxis", default=os.path.join(ROOT, ".build", "release", "praxis"))
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--write", default=os.path.join(ROOT, "BENCHMARKS.md"))
    args = parser.parse_args()
    os.makedirs(BENCH, exist_ok=True)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        runs = args.runs if size <= 10000 else 1
        print(f"praxis: building {size:,} documents ({runs} run{'s' if runs > 1 else ''}) …", flush=True)
        results.append(bench_praxis(args.praxis, size, runs))
        print(f"  {results[-1]['wall']:.2f} s, {results[-1]['rss']:.0f} MB peak, stages {results[-1]['stages']}", flush=True)
    hugo = None
    if not args.no_hugo and any(r["size"] == 10000 for r in results):
        print("hugo: building 10,000 documents …", flush=True)
        hugo = bench_hugo(10000, args.runs)
    table = report(results, hugo, load)
    print(table)
    with open(args.write, "w") as out:
        out.write("# Benchmarks\n\nWritten by `make bench` (Tests/bench/bench.py); regenerate rather than edit.\n\n")
        out.write(f"Machine: {machine()}\n\nDate: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n\n")
        out.write(table + "\n")
    print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
