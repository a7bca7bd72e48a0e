#!/usr/bin/env bash
# The collector under load, on loopback: sustained events per second and p99 ingest latency
# into SQLite and into ClickHouse (wrk, from Debian's packages), and a SIGTERM in the middle of
# the load, after which every acknowledged event must be in the store.
#
#   Collector/Scripts/loadtest.sh [seconds] [connections]      # default 10 s, 32 connections
#
# Each request is a JSON array of BATCH (10) events with ids unique across the whole run
# (Scripts/ingest.lua), so nothing is de-duplicated away.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-10}"
connections="${2:-32}"
export BATCH="${BATCH:-10}"
command -v wrk >/dev/null || { echo "loadtest.sh needs wrk (apt-get install wrk)" >&2; exit 1; }

swift build -c release --product telemetry-collector >/dev/null
collector="$(swift build -c release --show-bin-path)/telemetry-collector"
scratch="$(mktemp -d)"
cleanup() {
    for file in "$scratch"/*.pid; do
        [ -f "$file" ] || continue
        kill "$(cat "$file")" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$(cat "$file")" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$(cat "$file")" 2>/dev/null || true
    done
    rm -rf "$scratch"
}
trap cleanup EXIT

# Starts the collector in this shell (so that `wait` can reap it) and sets $pid and $port.
start() { # name, store arguments…
    local name="$1"; shift
    "$collector" --port 0 --rate 1e9 --burst 1e9 --queue-capacity 200000 "$@" >"$scratch/$name.out" 2>"$scratch/$name.err" &
    pid=$!
    echo "$pid" >"$scratch/$name.pid"
    for _ in $(seq 100); do grep -q "listening on" "$scratch/$name.out" 2>/dev/null && break; sleep 0.1; done
    port="$(sed -n 's/listening on //p' "$scratch/$name.out")"
}

sqlite_count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from events').fetchone()[0])" "$1"; }

run() { # label, count command…
    local label="$1" store="$2"; shift 2
    start "$label" "$@"
    wrk -t2 -c"$connections" -d"${seconds}s" -s Scripts/ingest.lua --latency "http://127.0.0.1:$port" >"$scratch/$label.wrk"
    kill -TERM "$pid"; wait "$pid" || true
    local acknowledged stored
    acknowledged="$(awk '/^acknowledged_events/ {print $2}' "$scratch/$label.wrk")"
    stored="$($store)"
    printf '%-10s %9d events acknowledged in %ss = %7d events/s; p50 %s µs, p99 %s µs; after SIGTERM %d stored (lost %d)\n' \
        "$label" "$acknowledged" "$seconds" "$((acknowledged / seconds))" \
        "$(awk '/^p50_us/ {print $2}' "$scratch/$label.wrk")" "$(awk '/^p99_us/ {print $2}' "$scratch/$label.wrk")" \
        "$stored" "$(( acknowledged > stored ? acknowledged - stored : 0 ))"
    [ "$acknowledged" -le "$stored" ] || { echo "loadtest.sh: acknowledged events were lost" >&2; exit 1; }
}

sigterm() { # label, count command…: SIGTERM halfway through the load
    local label="$1" store="$2"; shift 2
    start "$label" "$@"
    wrk -t2 -c"$connections" -d"${seconds}s" -s Scripts/ingest.lua "http://127.0.0.1:$port" >"$scratch/$label.wrk" &
    local load=$!
    sleep "$((seconds / 2))"
    kill -TERM "$pid"
    local status=0
    wait "$pid" || status=$?
    wait "$load" || true
    local acknowledged stored
    acknowledged="$(awk '/^acknowledged_events/ {print $2}' "$scratch/$label.wrk")"
    stored="$($store)"
    printf '%-10s SIGTERM after %ss: exit %d; %d events acknowledged, %d stored, %d lost\n' \
        "$label" "$((seconds / 2))" "$status" "$acknowledged" "$stored" "$(( acknowledged > stored ? acknowledged - stored : 0 ))"
    # Stored may exceed acknowledged: a request the server took as wrk stopped reading is stored
    # without being counted (its sender would resend it; the event id makes that a duplicate).
    [ "$acknowledged" -le "$stored" ] || { echo "loadtest.sh: acknowledged events were lost" >&2; exit 1; }
}

run sqlite "sqlite_count $scratch/load.sqlite" --sqlite "$scratch/load.sqlite"
sigterm sqlite-term "sqlite_count $scratch/term.sqlite" --sqlite "$scratch/term.sqlite"

if clickhouse="$(Scripts/clickhouse.sh "$scratch/clickhouse" 18223)"; then
    cp "$scratch/clickhouse/pid" "$scratch/clickhouse.pid"
    ch_count() { curl -s --data-binary "SELECT uniqExact(event_id) FROM events" "$clickhouse/"; }
    run clickhouse ch_count --clickhouse "$clickhouse"
    curl -s --data-binary "DROP TABLE events" "$clickhouse/" >/dev/null
    sigterm ch-term ch_count --clickhouse "$clickhouse"
fi
