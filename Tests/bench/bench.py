#!/usr/bin/env python3
"""Praxis benchmark: full builds of generated corpora, side by side with Hugo on the same documents.

    python3 Tests/bench/bench.py [--sizes 1000,10000,100000] [--runs 3] [--praxis .build/release/praxis]
                                 [--no-hugo] [--pagefind .bench/venv] [--write BENCHMARKS.md]

Corpora come from gen-corpus.py (Tests/fixtures/shared/tools/) and are cached under .bench/ (git-ignored). For each
size it prints the wall time of a full build (median of --runs), the time per stage as Praxis reports
it (--timings), peak RSS, files and bytes written, and, if the search client's byte counter exists,
search bytes loaded per query. Hugo (Debian `hugo`) builds the 10,000-document corpus in the same run
and the ratio Praxis/Hugo is printed. Then Pagefind (PyPI `pagefind-bin` in the virtualenv --pagefind,
which `make bench` makes) indexes Hugo's pages of those 10,000 documents (pagefind-bytes.mjs): its
index time, peak RSS and search bytes per first query, beside Praxis' for the same queries.
Results and the machine description go to BENCHMARKS.md.
Machines here are noisy: compare ratios measured side by side in one run, not absolute numbers.

    python3 Tests/bench/bench.py --compare-rebuilds OLD NEW [--rounds 10]

compares binaries' steady rebuilds instead, side by side and in turns, and writes nothing
(`compare_rebuilds`).
"""
import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("PRAXIS_SHARED") or os.path.join(ROOT, "Tests", "fixtures", "shared")
BENCH = os.path.join(ROOT, ".bench")


def run_measured(command, cwd=None):
    """Runs a command; returns (wall seconds, stderr text). Its processor time (user + system, every
    thread) is left in `last_cpu`: on a shared machine it moves far less than the wall time."""
    global last_cpu
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    last_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return wall, result.stderr


last_cpu = 0.0


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


def warm(folder):
    """Reads every file of a corpus once, so that each tool's first timed run finds the sources in
    the system's file cache, as its later runs do (a 100,000-document corpus read cold from this
    machine's disk took 35 s instead of 3 s)."""
    for base, _, names in os.walk(os.path.join(folder, "content")):
        for name in names:
            with open(os.path.join(base, name), "rb") as source:
                source.read()


def settle():
    """Writes out what the last run and the removal of its output left to the disk, so that the
    next timed run does not pay for it (a 100,000-document site is 3 GB in 200,000 files)."""
    os.sync()


TRASH = os.path.join(BENCH, "trash")
# Seconds between an edit and the rebuild after it (`bench_rebuild`).
PAUSE_BEFORE_REBUILD = 3


def clear(output):
    """Takes a tool's last output out of the way before a timed build by moving it into
    .bench/trash/, which is deleted when the benchmark ends. Deleting it here instead would make
    the next build pay for the deletion: on a file system whose kernel avoids reusing inodes freed
    in the last minute (ext4 without a journal, as here), allocating each new file or folder then
    checks every such inode it passes, so the kernel time of a build that follows the deletion of
    30,000 files grows with the square of the number of files (BENCHMARKS.md)."""
    if os.path.lexists(output):
        os.makedirs(TRASH, exist_ok=True)
        os.rename(output, os.path.join(TRASH, f"{len(os.listdir(TRASH))}-{os.path.basename(output)}"))


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
        if len(parts) >= 4 and parts[0] == "praxis:" and parts[3] == "s":
            found[parts[1]] = float(parts[2])
    return found


def kilobytes(count):
    return f"{count / 1024:.1f} KB"


def search_bytes(site):
    """search-bytes.mjs' summary (dict) for a built Praxis site, None without a search index, or the error text."""
    script = os.path.join(ROOT, "Tests", "bench", "search-bytes.mjs")
    if not os.path.exists(script) or not os.path.isdir(os.path.join(site, "search")):
        return None
    result = subprocess.run(["node", script, site, "--json"], capture_output=True, text=True)
    if result.returncode != 0:
        return f"(search-bytes failed: {result.stderr.strip()[-200:]})"
    return json.loads(result.stdout)["summary"]


def search_cell(summary):
    if not isinstance(summary, dict):
        return summary or "n/a"
    return (f"max {kilobytes(summary['maxBytes'])}, median {kilobytes(summary['medianBytes'])} "
            f"(gzip {kilobytes(summary['maxGzipped'])}, {kilobytes(summary['medianGzipped'])})")


def praxis_run(binary, folder):
    """One full build: nothing reused from an earlier one (`--no-cache`, and no old output)."""
    clear(os.path.join(folder, "_site"))
    settle()
    wall, stderr = run_measured([binary, "build", "--root", folder, "--timings", "--no-cache"])
    return wall, stages(stderr)


def bench_praxis(binary, size, runs, between=None):
    """`runs` full builds; `between(run)`, when given, runs after each (Hugo's build of the same
    documents, so that both tools meet the machine in the same state: see `main`)."""
    folder = corpus(size)
    warm(folder)
    output = os.path.join(folder, "_site")
    walls, cpus, per_stage = [], [], []
    for run in range(runs):
        wall, found = praxis_run(binary, folder)
        walls.append(wall)
        cpus.append(last_cpu)
        per_stage.append(found)
        if between:
            between(run)
    clear(output)
    rss = peak_rss([binary, "build", "--root", folder, "--no-cache"])
    files, total = tree_size(output)
    stage_medians = {name: statistics.median(run.get(name, 0) for run in per_stage) for name in per_stage[0]}
    return {"size": size, "wall": statistics.median(walls), "walls": walls, "cpu": statistics.median(cpus), "cpus": cpus,
            "rss": rss, "files": files, "bytes": total, "stages": stage_medians, "search": search_bytes(output)}


def bench_rebuild(binary, size):
    """A contributor's preview: a full build, then one document edited and the site built again into
    the same folder, six times (six different edits). The first rebuild finds no kept site yet (the
    first build moved its staging folder into place); from the second on, every rebuild has the
    site the previous one replaced (README "The build cache"). Like every full build, each timed
    rebuild starts with the disk settled (`settle`): a contributor edits seconds after a build, by
    when its writes have gone to the disk, whereas here the full build's 300 MB would still be
    going out under the first rebuilds. It also starts a few seconds after the edit, as a
    contributor's does (`PAUSE_BEFORE_REBUILD`): on a virtual machine that hands the memory a
    process freed back to its host after about two seconds, a build that follows the last one at
    once finds that memory still there and a contributor's does not (BENCHMARKS.md, "Stop 28").
    Returns the first rebuild and the median of the other five: wall time, stages and files written."""
    folder = corpus(size)
    warm(folder)
    output = os.path.join(folder, "_site")
    clear(output)
    clear(os.path.join(folder, ".praxis-cache"))
    run_measured([binary, "build", "--root", folder])
    practices = os.path.join(folder, "content", "practices")
    edited = os.path.join(practices, sorted(os.listdir(practices))[len(os.listdir(practices)) // 2])
    if os.path.isdir(edited):
        edited = os.path.join(edited, "index.md")
    with open(edited, encoding="utf-8") as source:
        original = source.read()
    rebuilds = []
    try:
        for sentence in ["One more sentence, added by the benchmark.", "And a second one, added by the benchmark.",
                         "A third one, added by the benchmark.", "And a fourth one, added by the benchmark.",
                         "A fifth one, added by the benchmark.", "And a sixth one, added by the benchmark."]:
            with open(edited, "w", encoding="utf-8") as source:
                source.write(original + "\n" + sentence + "\n")
            settle()
            time.sleep(PAUSE_BEFORE_REBUILD)
            wall, stderr = run_measured([binary, "build", "--root", folder, "--timings"])
            written = next((int(word) for line in stderr.splitlines() if "files written" in line
                            for word, after in zip(line.split(), line.split()[1:]) if after == "files"), 0)
            rebuilds.append({"wall": wall, "stages": stages(stderr), "written": written})
    finally:
        with open(edited, "w", encoding="utf-8") as source:
            source.write(original)
    clear(output)
    # The machine is noisy: the steady rebuild reported is the median of five.
    steady = sorted(rebuilds[1:], key=lambda run: run["wall"])
    return {"first": rebuilds[0], "steady": steady[len(steady) // 2], "steadyWalls": [run["wall"] for run in rebuilds[1:]],
            "edited": os.path.relpath(edited, folder)}


def compare_rebuilds(binaries, rounds, folder="/dev/shm/praxis-ab"):
    """Steady rebuilds of several binaries, in turns, each on its own copy of the 10,000-document
    corpus (the build cache is valid only for the binary that wrote it), in `folder` (tmpfs unless
    another is given). Each copy is built twice (the second build keeps a site); then every round
    edits one document in each copy and rebuilds it as `bench_rebuild` does: the disk settled, and
    `PAUSE_BEFORE_REBUILD` seconds after the edit. Prints each binary's median wall and processor time."""
    source = corpus(10000)
    copies = []
    for number, binary in enumerate(binaries):
        copy = os.path.join(folder, str(number))
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("_site", ".praxis-cache"))
        for _ in range(2):
            run_measured([binary, "build", "--root", copy])
        copies.append(copy)
    edited = "content/practices/low-cost-health-records-toolkit.md"
    measured = [[] for _ in binaries]
    for round in range(rounds):
        for number, binary in enumerate(binaries):
            with open(os.path.join(copies[number], edited), "a", encoding="utf-8") as source_file:
                source_file.write(f"\nAn edit of round {round + 1}.\n")
            settle()
            time.sleep(PAUSE_BEFORE_REBUILD)
            wall, _ = run_measured([binary, "build", "--root", copies[number]])
            measured[number].append((wall, last_cpu))
    for binary, runs in zip(binaries, measured):
        walls = [wall for wall, _ in runs]
        print(f"{binary}\n  wall median {statistics.median(walls):.3f} s, processor median "
              f"{statistics.median(cpu for _, cpu in runs):.3f} s ({', '.join(f'{w:.2f}' for w in walls)})")
    shutil.rmtree(folder, ignore_errors=True)


def hugo_run(folder):
    output = os.path.join(folder, "public")
    clear(output)
    settle()
    wall, _ = run_measured(["hugo", "--quiet", "-s", folder, "-d", output])
    return wall, last_cpu


def hugo_result(size, runs):
    walls, cpus = [run[0] for run in runs], [run[1] for run in runs]
    folder = corpus(size, hugo=True)
    output = os.path.join(folder, "public")
    clear(output)
    rss = peak_rss(["hugo", "--quiet", "-s", folder, "-d", output])
    files, total = tree_size(output)
    return {"size": size, "wall": statistics.median(walls), "walls": walls, "cpu": statistics.median(cpus), "cpus": cpus,
            "rss": rss, "files": files, "bytes": total, "folder": folder}


def bench_in_memory(binary, runs):
    """The 10,000-document full builds of Praxis and Hugo again, in turns, on copies of both corpora
    in /dev/shm (tmpfs): the same work without the disk. On this machine's ext4 (no journal) the
    kernel, allocating a file's inode, checks every inode freed in the last minute that it passes
    (`recently_deleted`), and each run here follows the deletion of the last one's output, so on
    disk a tool pays in kernel time for every file and folder it makes, more than in proportion
    (BENCHMARKS.md). Returns None where /dev/shm is missing or too small."""
    shm = "/dev/shm"
    if not os.path.isdir(shm) or shutil.disk_usage(shm).free < 4 * 2**30:
        return None
    praxis_copy, hugo_copy = os.path.join(shm, "praxis-bench-p"), os.path.join(shm, "praxis-bench-h")
    try:
        for source, target in ((corpus(10000), praxis_copy), (corpus(10000, hugo=True), hugo_copy)):
            shutil.rmtree(target, ignore_errors=True)
            outputs = {"_site", "public", ".praxis-cache"}
            shutil.copytree(source, target, ignore=lambda folder, names, top=source: [n for n in names if folder == top and n in outputs])
        praxis, hugo = [], []
        for _ in range(runs):
            shutil.rmtree(os.path.join(praxis_copy, "_site"), ignore_errors=True)
            wall, _ = run_measured([binary, "build", "--root", praxis_copy, "--no-cache"])
            praxis.append((wall, last_cpu))
            shutil.rmtree(os.path.join(hugo_copy, "public"), ignore_errors=True)
            wall, _ = run_measured(["hugo", "--quiet", "-s", hugo_copy, "-d", os.path.join(hugo_copy, "public")])
            hugo.append((wall, last_cpu))
        return {"praxis": praxis, "hugo": hugo}
    finally:
        shutil.rmtree(praxis_copy, ignore_errors=True)
        shutil.rmtree(hugo_copy, ignore_errors=True)


def in_memory_report(runs):
    def median(pairs, index):
        return statistics.median(pair[index] for pair in pairs)
    p, h = runs["praxis"], runs["hugo"]
    return (f"The same 10,000-document builds on tmpfs (/dev/shm, no disk), in turns: Praxis {median(p, 0):.2f} s "
            f"({', '.join(f'{w:.2f}' for w, _ in p)}; processor {median(p, 1):.2f} s), Hugo {median(h, 0):.2f} s "
            f"({', '.join(f'{w:.2f}' for w, _ in h)}; processor {median(h, 1):.2f} s). "
            f"Ratio Praxis/Hugo: **{median(p, 0) / median(h, 0):.2f}** (processor time {median(p, 1) / median(h, 1):.2f}).")


def bench_pagefind(hugo, pagefind):
    """Pagefind over Hugo's pages of the corpus' documents (not its section and taxonomy listings, so that
    both index the same documents): pagefind-bytes.mjs' summary, or a string saying why there is none."""
    script = os.path.join(ROOT, "Tests", "bench", "pagefind-bytes.mjs")
    public = os.path.join(hugo["folder"], "public")
    if not os.path.isdir(pagefind) and not os.path.isfile(pagefind):
        return f"not installed ({pagefind} missing; `make bench` installs PyPI's pagefind-bin there)"
    sections = sorted(name for name in os.listdir(os.path.join(hugo["folder"], "content"))
                      if os.path.isdir(os.path.join(hugo["folder"], "content", name)))
    glob = "{" + ",".join(sections) + "}/*/index.html"
    result = subprocess.run(["node", script, public, "--pagefind", os.path.abspath(pagefind), "--glob", glob, "--json"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        return f"failed: {result.stderr.strip()[-300:]}"
    return json.loads(result.stdout)["summary"]


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


def pagefind_report(pagefind, ten):
    if not isinstance(pagefind, dict):
        return [f"Pagefind: {pagefind}."]
    p = pagefind
    lines = [f"Pagefind {p['version']} on Hugo's pages of the same {p['pages']:,} documents (`--glob {p['glob']}`): "
             f"index {p['indexSeconds']:.2f} s (one run), peak RSS {p['peakRssMB']:.0f} MB, "
             f"{p['bundleFiles']:,} files, {p['bundleBytes'] / 1e6:.0f} MB.",
             "",
             f"| search bytes per first query ({p['queries']} queries, 10,000 documents) | max | median | gzip max | gzip median |",
             "|---|---:|---:|---:|---:|"]
    mine = ten["search"] if ten else None
    if isinstance(mine, dict):
        lines.append(f"| Praxis: index files (client scripts, {kilobytes(mine['client'])}, not counted) | "
                     f"{kilobytes(mine['maxBytes'])} | {kilobytes(mine['medianBytes'])} | "
                     f"{kilobytes(mine['maxGzipped'])} | {kilobytes(mine['medianGzipped'])} |")
    lines.append(f"| Pagefind: pagefind.js + WASM ({kilobytes(p['engineBytes'])}), entry, meta, index chunks, "
                 f"fragments of the first {p['results']} results | {kilobytes(p['maxBytes'])} | {kilobytes(p['medianBytes'])} | "
                 f"{kilobytes(p['maxGzipped'])} | {kilobytes(p['medianGzipped'])} |")
    lines.append(f"| Pagefind less pagefind.js + WASM | {kilobytes(p['maxBytes'] - p['engineBytes'])} | "
                 f"{kilobytes(p['medianBytes'] - p['engineBytes'])} | | |")
    note = ("Pagefind's bytes are files as stored (its index files and WASM are gzip-compressed already; the gzip "
            "columns also gzip pagefind.js and the entry file), the files Pagefind's own pagefind.js asks for in Node "
            "(Tests/bench/pagefind-bytes.mjs).")
    if p.get("unfilteredQueries"):
        note += " Hugo's pages carry no Pagefind filters, so the filtered query ran unfiltered there."
    return lines + ["", note]


STAGES = ["prepare", "load", "parse", "link", "index", "render", "write"]


def report(results, hugo, load, pagefind=None, rebuild=None, in_memory=None):
    lines = ["| documents | full build (median) | prepare | load | parse | link | index | render | write | peak RSS | files | MB written | search bytes per query |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        s = r["stages"]
        lines.append(f"| {r['size']:,} | {r['wall']:.2f} s | " + " | ".join(f"{s.get(n, 0):.2f}" for n in STAGES) +
                     f" | {r['rss']:.0f} MB | {r['files']:,} | {r['bytes'] / 1e6:.0f} | {search_cell(r['search'])} |")
    if hugo:
        lines += ["", f"Hugo on the same {hugo['size']:,} documents, each run right after one of Praxis': {hugo['wall']:.2f} s (median of {len(hugo['walls'])}: {', '.join(f'{w:.2f}' for w in hugo['walls'])}), "
                  f"peak RSS {hugo['rss']:.0f} MB, {hugo['files']:,} files."]
        mine = next((r for r in results if r["size"] == hugo["size"]), None)
        if mine:
            lines.append(f"Praxis' runs at {hugo['size']:,} documents: {', '.join(f'{w:.2f}' for w in mine['walls'])} s. "
                         f"Ratio Praxis/Hugo: **{mine['wall'] / hugo['wall']:.2f}** (target ≤ 0.20).")
            lines.append(f"Processor time (user + system, all threads), medians: Praxis {mine['cpu']:.2f} s "
                         f"({', '.join(f'{c:.2f}' for c in mine['cpus'])}), Hugo {hugo['cpu']:.2f} s "
                         f"({', '.join(f'{c:.2f}' for c in hugo['cpus'])}); ratio {mine['cpu'] / hugo['cpu']:.2f}.")
    if in_memory:
        lines.append(in_memory_report(in_memory))
    ten = next((r for r in results if r["size"] == 10000), None)
    if hugo and pagefind is not None:
        lines += ["", *pagefind_report(pagefind, ten), ""]
    if ten and rebuild:
        def described(run):
            stages_text = ", ".join(f"{n} {run['stages'].get(n, 0):.2f}" for n in STAGES)
            return (f"**{run['wall']:.2f} s = {100 * run['wall'] / ten['wall']:.0f}%** of a full build; "
                    f"{run['written']:,} files written, the rest kept or hard-linked unchanged; stages: {stages_text}")
        lines += ["", f"Rebuild after editing one document ({rebuild['edited']}) at 10,000 documents (target ≤ 10%), "
                  f"each rebuild started {PAUSE_BEFORE_REBUILD} s after its edit:", "",
                  f"- every rebuild from a preview's third build on (the site the last build replaced is kept), the median of five "
                  f"({', '.join(f'{w:.2f}' for w in rebuild['steadyWalls'])} s): {described(rebuild['steady'])};",
                  f"- the first rebuild after a clean build (no kept site yet): {described(rebuild['first'])}.", ""]
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
    parser.add_argument("--pagefind", default=os.path.join(BENCH, "venv"),
                        help="Pagefind binary, or a virtualenv with PyPI's pagefind-bin (make bench makes .bench/venv)")
    parser.add_argument("--write", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--compare-rebuilds", nargs="+", metavar="BINARY",
                        help="compare these binaries' steady rebuilds side by side instead (writes nothing)")
    parser.add_argument("--rounds", type=int, default=10, help="rebuilds of each binary for --compare-rebuilds")
    args = parser.parse_args()
    os.makedirs(BENCH, exist_ok=True)
    if args.compare_rebuilds:
        return compare_rebuilds([os.path.abspath(binary) for binary in args.compare_rebuilds], args.rounds)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    results = []
    hugo = pagefind = None
    with_hugo = not args.no_hugo and shutil.which("hugo") is not None
    for size in (int(s) for s in args.sizes.split(",")):
        runs = args.runs if size <= 10000 else 1
        side_by_side = with_hugo and size == 10000
        print(f"praxis: building {size:,} documents ({runs} run{'s' if runs > 1 else ''}"
              f"{', each followed by Hugo on the same documents' if side_by_side else ''}) …", flush=True)
        # On these noisy machines (and a file system that slows down as files are made and deleted),
        # the two tools are timed in turns, so the ratio compares runs made moments apart.
        hugo_runs = []
        if side_by_side:
            warm(corpus(10000, hugo=True))
        between = (lambda run: hugo_runs.append(hugo_run(corpus(10000, hugo=True)))) if side_by_side else None
        results.append(bench_praxis(args.praxis, size, runs, between))
        print(f"  {results[-1]['wall']:.2f} s, {results[-1]['rss']:.0f} MB peak, stages {results[-1]['stages']}", flush=True)
        if side_by_side:
            hugo = hugo_result(10000, hugo_runs)
            print(f"  hugo: {hugo['wall']:.2f} s (runs {', '.join(f'{w:.2f}' for w in hugo['walls'])})", flush=True)
    in_memory = None
    if hugo:
        print("praxis and hugo: 10,000 documents again, on tmpfs …", flush=True)
        in_memory = bench_in_memory(args.praxis, args.runs)
        print("pagefind: indexing Hugo's 10,000 documents, then the first queries …", flush=True)
        pagefind = bench_pagefind(hugo, args.pagefind)
    rebuild = None
    if any(r["size"] == 10000 for r in results):
        print("praxis: rebuilding 10,000 documents after one edit …", flush=True)
        rebuild = bench_rebuild(args.praxis, 10000)
    table = report(results, hugo, load, pagefind, rebuild, in_memory)
    print(table)
    generated = (f"Machine: {machine()}\n\nDate: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n\n"
                 + table + "\n")
    write_report(args.write, generated)
    print(f"wrote {args.write}")
    shutil.rmtree(TRASH, ignore_errors=True)


BEGIN, END = "<!-- bench:begin (written by make bench) -->", "<!-- bench:end -->"


def write_report(path, generated):
    """Replaces the part of BENCHMARKS.md between the bench markers; the prose around it (the
    analysis of where the time goes) is kept."""
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
    else:
        head, tail = "# Benchmarks\n\nThe figures between the markers are written by `make bench` (Tests/bench/bench.py).\n\n", "\n"
    with open(path, "w", encoding="utf-8") as out:
        out.write(head + BEGIN + "\n" + generated + END + tail)


if __name__ == "__main__":
    main()
