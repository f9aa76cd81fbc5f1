#!/usr/bin/env bash
# Times keystrokes in the real terminal: the release binary in tmux on a synthetic
# knowledge base, each key of a query sent in turn and timed until its final screen shows
# (the box holds the query typed so far and the results are no longer `searching…`).
# The same for fzf on the same entries, one per line (its final screen: the prompt holds
# the query and the match counter has stopped changing).
#
#   benches/tmux_keys.sh [ENTRIES] [QUERY]     # needs tmux (and fzf for its half)
#
# Prints one line per key: milliseconds from send-keys to the final screen. The polling
# itself (tmux capture-pane) takes about a millisecond, so figures are ±2 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
query=${2:-cloud rev}
out=${TMPDIR:-/tmp}/qwen-tui-tmux
mkdir -p "$out"
cargo build --release --example synth
cargo build --release
[ -s "$out/kb$n.yaml" ] || ./target/release/examples/synth "$n" > "$out/kb$n.yaml"
[ -s "$out/lines$n.txt" ] || ./target/release/examples/synth "$n" --lines > "$out/lines$n.txt"

now_ms() { date +%s%3N; }

# Waits until `cond` (a command reading the screen on stdin) holds and the screen stays
# the same across two polls; prints the milliseconds since `start`.
settle() {
    local start=$1 cond=$2 prev="" cur
    while true; do
        cur=$(tmux capture-pane -p -t bench)
        if printf '%s' "$cur" | eval "$cond" && [ "$cur" = "$prev" ]; then
            echo $(( $(now_ms) - start ))
            return
        fi
        prev=$cur
        sleep 0.001
    done
}

run() {
    local label=$1 cmd=$2 ready=$3 box=$4
    tmux kill-session -t bench 2>/dev/null || true
    tmux new-session -d -s bench -x 120 -y 40 "$cmd"
    until tmux capture-pane -p -t bench | grep -q "$ready"; do sleep 0.1; done
    sleep 1
    [ "$label" = qwen-tui ] && tmux send-keys -t bench /
    sleep 0.3
    local typed="" times=()
    for ((i = 0; i < ${#query}; i++)); do
        local c=${query:i:1}
        typed+=$c
        local start
        start=$(now_ms)
        if [ "$c" = " " ]; then tmux send-keys -t bench Space; else tmux send-keys -t bench -l "$c"; fi
        # A screen capture drops trailing spaces: look for the query without them.
        local shown="${typed%"${typed##*[! ]}"}"
        times+=("$(settle "$start" "grep -qF -- \"$box$shown\" && ! grep -q 'searching…'")")
    done
    echo "$label, $n entries, \`$query\`: ${times[*]} ms"
    tmux kill-session -t bench
}

run qwen-tui "QWEN_TUI_CACHE=off QWEN_TUI_HISTORY=off ./target/release/qwen-tui --data $out/kb$n.yaml" "Overview (" "/ "
if command -v fzf > /dev/null; then
    run fzf "fzf < $out/lines$n.txt" "[0-9]\+/[0-9]\+" "> "
fi
