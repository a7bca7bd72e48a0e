#!/usr/bin/env bash
# Start-up of the statically linked tool (`--static-swift-stdlib`, AsyncHTTPClient as the only
# transport), in the link styles a host can choose, each against a baseline linked the same way:
#
#   default   the toolchain's static link: a position-independent executable that exports every
#             symbol of the package's object files (the toolchain's static-stdlib-args.lnk passes
#             -export-dynamic), which the Swift runtime's backtracer walks with dladdr at start-up
#   noexport  the same with -Xlinker --no-export-dynamic
#   lean      also -Xlinker -no-pie: no relocations to apply at load, but no ASLR for the image
#
#   Benchmarks/startup-static.sh [variant...]   # default: all three; needs hyperfine and valgrind
#
# Each variant is a clean release build in its own scratch directory (about five minutes each
# on two cores), so this is not part of startup.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
variants=("$@")
[ "${#variants[@]}" -eq 0 ] && variants=(default noexport lean)
runs="${RUNS:-300}"
command -v hyperfine >/dev/null || { echo "startup-static.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "startup-static.sh needs valgrind (apt-get install valgrind)" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
common=(env -i PATH="$PATH" HOME="$scratch/home" PROBE_TELEMETRY_DIR="$scratch/state")

# Instructions of one run under callgrind (repeatable, unlike wall time on a shared machine).
instructions() {
    local binary="$1"
    shift
    objcopy --strip-debug "$binary" "$scratch/counted"  # valgrind 3.19 cannot read Swift 6.3's DWARF
    rm -rf "$scratch/state" "$scratch/home"
    "${common[@]}" "$@" valgrind --tool=callgrind --callgrind-out-file="$scratch/callgrind.out" \
        "$scratch/counted" build >/dev/null 2>&1 || true
    awk '/^summary:/ {printf "%.2f M", $2 / 1e6}' "$scratch/callgrind.out"
}

for variant in "${variants[@]}"; do
    case "$variant" in
    default) flags=() ;;
    noexport) flags=(-Xlinker --no-export-dynamic) ;;
    lean) flags=(-Xlinker --no-export-dynamic -Xlinker -no-pie) ;;
    *) echo "unknown variant $variant (default, noexport, lean)" >&2; exit 64 ;;
    esac
    path=".build-static-$variant"
    build=(env TELEMETRY_TRAITS=AsyncHTTPClientTransport swift build -c release --static-swift-stdlib "${flags[@]}" --scratch-path "$path")
    for product in StartupBaseline StartupProbe; do
        "${build[@]}" --product "$product" >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log" >&2; exit 1; }
    done
    bin="$("${build[@]}" --show-bin-path)"
    echo "## $variant (${flags[*]:-no extra flags})"
    echo
    echo "exported dynamic symbols: baseline $(readelf --dyn-syms -W "$bin/StartupBaseline" | wc -l), probe $(readelf --dyn-syms -W "$bin/StartupProbe" | wc -l)"
    echo "instructions: baseline $(instructions "$bin/StartupBaseline"), disabled $(instructions "$bin/StartupProbe"), enabled to a file $(instructions "$bin/StartupProbe" PROBE_TELEMETRY=1 PROBE_SINK=file)"
    echo
    hyperfine --warmup 20 --runs "$runs" --shell=none --export-markdown "$scratch/$variant.md" \
        --prepare "rm -rf $scratch/state $scratch/home" \
        -n "baseline" "${common[*]} $bin/StartupBaseline build" \
        -n "linked, not called" "${common[*]} $bin/StartupProbe --linked-only" \
        -n "disabled (no consent)" "${common[*]} $bin/StartupProbe build" \
        -n "enabled, to a file" "${common[*]} PROBE_TELEMETRY=1 PROBE_SINK=file $bin/StartupProbe build" >/dev/null
    cat "$scratch/$variant.md"
    echo
done
