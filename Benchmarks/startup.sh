#!/usr/bin/env bash
# What a host feels at start-up: the wall time of a minimal command-line tool that records one
# event and exits, against the same tool without the package; and the release binary sizes.
# The clean-build time is Benchmarks/build-time.sh.
#
#   Benchmarks/startup.sh [runs]        # needs hyperfine (Debian's package); default 300 runs
#
# The collector for the endpoint case is Tests/Support/collector.py on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
runs="${1:-300}"
command -v hyperfine >/dev/null || { echo "startup.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

swift build -c release --product StartupBaseline >/dev/null
swift build -c release --product StartupProbe >/dev/null
bin="$(swift build -c release --show-bin-path)"
# The same probe with AsyncHTTPClient as its transport and without the default traits: neither
# Foundation nor FoundationNetworking linked.
TELEMETRY_TRAITS=AsyncHTTPClientTransport swift build -c release --product StartupProbe --scratch-path .build-ahc >/dev/null
ahc="$(TELEMETRY_TRAITS=AsyncHTTPClientTransport swift build -c release --scratch-path .build-ahc --show-bin-path)"
# And with no transport at all (`traits: []`): the floor, what the core and the local files cost.
TELEMETRY_TRAITS= swift build -c release --product StartupProbe --scratch-path .build-none >/dev/null
none="$(TELEMETRY_TRAITS= swift build -c release --scratch-path .build-none --show-bin-path)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"; [ -n "${collector:-}" ] && kill "$collector" 2>/dev/null || true' EXIT

python3 ../Tests/Support/collector.py >"$scratch/port" 2>/dev/null &
collector=$!
for _ in $(seq 100); do [ -s "$scratch/port" ] && break; sleep 0.05; done
port="$(head -1 "$scratch/port")"

# Each case gets a HOME of its own; the state directory is emptied before every run, so that an
# enabled run always does its first-run work (notice check, id derivation, files created).
common=(env -i PATH="$PATH" HOME="$scratch/home" PROBE_TELEMETRY_DIR="$scratch/state")
reset_state="rm -rf $scratch/state $scratch/home"
hyperfine --warmup 20 --runs "$runs" --shell=none --export-markdown "$scratch/startup.md" \
    --prepare "$reset_state" \
    -n "without the package" "${common[*]} $bin/StartupBaseline build" \
    -n "linked, not called" "${common[*]} $bin/StartupProbe --linked-only" \
    -n "disabled (no consent)" "${common[*]} $bin/StartupProbe build" \
    -n "enabled, to a file" "${common[*]} PROBE_TELEMETRY=1 PROBE_SINK=file $bin/StartupProbe build" \
    -n "enabled, to an endpoint" "${common[*]} PROBE_TELEMETRY=1 PROBE_TELEMETRY_ENDPOINT=http://127.0.0.1:$port/v1/events $bin/StartupProbe build" \
    -n "AHC: linked, not called" "${common[*]} $ahc/StartupProbe --linked-only" \
    -n "AHC: disabled (no consent)" "${common[*]} $ahc/StartupProbe build" \
    -n "AHC: enabled, to a file" "${common[*]} PROBE_TELEMETRY=1 PROBE_SINK=file $ahc/StartupProbe build" \
    -n "AHC: enabled, to an endpoint" "${common[*]} PROBE_TELEMETRY=1 PROBE_TELEMETRY_ENDPOINT=http://127.0.0.1:$port/v1/events $ahc/StartupProbe build" \
    -n "no transport: linked, not called" "${common[*]} $none/StartupProbe --linked-only" \
    -n "no transport: disabled (no consent)" "${common[*]} $none/StartupProbe build" \
    -n "no transport: enabled, to a file" "${common[*]} PROBE_TELEMETRY=1 PROBE_SINK=file $none/StartupProbe build"
cat "$scratch/startup.md"

echo
echo "release binary sizes (bytes; stripped in parentheses):"
for binary in "$bin/StartupBaseline" "$bin/StartupProbe" "$ahc/StartupProbe" "$none/StartupProbe"; do
    strip -o "$scratch/stripped" "$binary"
    printf '  %-70s %10d (%d)\n' "$binary" "$(stat -c %s "$binary")" "$(stat -c %s "$scratch/stripped")"
done
for probe in "$bin/StartupProbe" "$ahc/StartupProbe" "$none/StartupProbe"; do
    echo "shared libraries $probe loads beyond the baseline:"
    comm -13 <(ldd "$bin/StartupBaseline" | awk '{print $1}' | sort) <(ldd "$probe" | awk '{print $1}' | sort) | tr '\n' ' '
    echo
done
