#!/bin/sh
# Times fzf on the same entries as the search benchmark, side by side with it.
#
#   benches/fzf.sh            # needs fzf and hyperfine (apt-get install fzf hyperfine)
#
# For each size: writes every synthetic entry's search text one per line (the text qwen-tui
# matches), times `fzf --filter` on each query shape and on a query that matches nothing
# (fzf's load), then runs the matching criterion benchmarks. fzf's per-query time is its
# median minus its load.
set -eu
cd "$(dirname "$0")/.."
out=${TMPDIR:-/tmp}/qwen-tui-fzf
mkdir -p "$out"
cargo build --release --example synth
for n in 10000 100000; do
    ./target/release/examples/synth "$n" --lines > "$out/lines$n.txt"
    hyperfine --ignore-failure --warmup 2 --runs 20 --export-json "$out/fzf$n.json" \
        -n load "fzf --filter zzzzqqqxj < $out/lines$n.txt" \
        -n e "fzf --filter e < $out/lines$n.txt" \
        -n qwn3 "fzf --filter qwn3 < $out/lines$n.txt" \
        -n 'cloud rev' "fzf --filter 'cloud rev' < $out/lines$n.txt" \
        -n zhipuqwen3 "fzf --filter zhipuqwen3 < $out/lines$n.txt" \
        -n 'alibba cloud cto' "fzf --filter 'alibba cloud cto' < $out/lines$n.txt" > /dev/null
    python3 - "$out/fzf$n.json" "$n" <<'PY'
import json, sys
results = {r["command"]: r["median"] * 1000 for r in json.load(open(sys.argv[1]))["results"]}
load = results.pop("load")
print(f"fzf, {sys.argv[2]} lines: load {load:.1f} ms")
for q, t in results.items():
    print(f"  {q:12} whole {t:7.1f} ms   per query {t - load:7.1f} ms")
PY
done
cargo bench --bench search -- "whole query|key"
