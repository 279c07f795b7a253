#!/bin/bash
# Steady rebuilds of two or more praxis binaries, side by side and in turns (DEVELOPERS.md "Measuring").
#
#   Tests/bench/ab-rebuild.sh [-r ROUNDS] [-p PAUSE] BINARY BINARY...
#
# Each binary gets its own copy of the 10,000-document corpus under $AB_FOLDER (default
# /dev/shm/praxis-ab; a folder on the disk measures the disk too), because the build cache is valid
# only for the binary that wrote it. After two builds of each (the second one keeps a site), every
# round edits one document in each copy and rebuilds it, PAUSE seconds after the edit (default 3,
# as a contributor's rebuild starts: memory freed by the last build may be gone to the host by then,
# BENCHMARKS.md "Stop 28"). Prints each binary's wall and processor times, median and mean.
# The corpus is make bench's (.bench/praxis-10000), or $CORPUS.
set -euo pipefail

rounds=10
pause=3
while getopts "r:p:h" option; do
    case $option in
        r) rounds=$OPTARG ;;
        p) pause=$OPTARG ;;
        *) sed -n '2,12p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ]; then sed -n '2,12p' "$0"; exit 2; fi

root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${CORPUS:-$root/.bench/praxis-10000}
folder=${AB_FOLDER:-/dev/shm/praxis-ab}
if [ ! -d "$corpus/content" ]; then
    echo "no corpus at $corpus: run make bench once (it caches the corpora in .bench/), or set CORPUS" >&2
    exit 1
fi
edited=content/practices/low-cost-health-records-toolkit.md
times=$(mktemp)
trap 'rm -f "$times"' EXIT

binaries=()
for binary in "$@"; do
    if [ ! -x "$binary" ]; then echo "not an executable: $binary" >&2; exit 1; fi
    binaries+=("$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")")
done

for number in "${!binaries[@]}"; do
    copy=$folder/$number
    rm -rf "$copy"
    mkdir -p "$folder"
    cp -r "$corpus" "$copy"
    rm -rf "$copy/_site" "$copy/.praxis-cache"
    # The repository's theme and site.yml, as make bench gives its corpora.
    rm -rf "$copy/themes"
    cp -r "$root/themes" "$copy/themes"
    cp "$root/site.yml" "$copy/site.yml"
    [ -f "$copy/$edited" ] || { echo "the corpus has no $edited" >&2; exit 1; }
    (cd "$copy" && "${binaries[$number]}" build >/dev/null 2>&1 && "${binaries[$number]}" build >/dev/null 2>&1)
done

for round in $(seq 1 "$rounds"); do
    for number in "${!binaries[@]}"; do
        copy=$folder/$number
        echo "An edit of round $round." >> "$copy/$edited"
        sync
        sleep "$pause"
        (cd "$copy" && /usr/bin/time -f "$number %e %U %S" "${binaries[$number]}" build 2>&1 >/dev/null | tail -1) >> "$times"
    done
done

python3 - "$times" "${binaries[@]}" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    number, wall, user, system = line.split()
    runs.setdefault(int(number), []).append((float(wall), float(user) + float(system)))
for number, binary in enumerate(sys.argv[2:]):
    walls, cpus = [w for w, _ in runs[number]], [c for _, c in runs[number]]
    print(f"{binary}\n  wall median {statistics.median(walls):.3f} s, mean {statistics.mean(walls):.3f} s; "
          f"processor median {statistics.median(cpus):.3f} s ({', '.join(f'{w:.2f}' for w in walls)})")
EOF
