#!/usr/bin/env bash
# The clean-build time that TelemetryCore + TelemetrySinks add to a hello-world: two throwaway
# packages in a temporary directory, each built in release from an empty scratch path —
# StartupBaseline's main.swift alone, and StartupProbe's main.swift with the two libraries
# (default traits, or the comma-separated traits in TELEMETRY_TRAITS).
#
#   Benchmarks/build-time.sh        # Linux (GNU date for the sub-second clock)
#
# Dependencies come from SwiftPM's cache like any other build; their resolution is not timed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root="$(cd .. && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

traits='.defaults'
if [ -n "${TELEMETRY_TRAITS:-}" ]; then
    traits="$(printf '"%s",' ${TELEMETRY_TRAITS//,/ })"
    traits="${traits%,}"
fi

mkdir -p "$work/hello/Sources/hello" "$work/probe/Sources/probe"
cp Sources/StartupBaseline/main.swift "$work/hello/Sources/hello/main.swift"
cp Sources/StartupProbe/main.swift "$work/probe/Sources/probe/main.swift"
cat >"$work/hello/Package.swift" <<MANIFEST
// swift-tools-version: 6.1
import PackageDescription
let package = Package(name: "hello", targets: [.executableTarget(name: "hello")])
MANIFEST
cat >"$work/probe/Package.swift" <<MANIFEST
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "probe",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "$root", traits: [$traits])],
    targets: [
        .executableTarget(
            name: "probe",
            dependencies: [
                .product(name: "TelemetryCore", package: "$(basename "$root")"),
                .product(name: "TelemetrySinks", package: "$(basename "$root")"),
            ]
        )
    ]
)
MANIFEST

for package in hello probe; do
    (cd "$work/$package" && swift package resolve >"$work/$package.resolve.log" 2>&1) || {
        cat "$work/$package.resolve.log" >&2
        exit 1
    }
    start=$(date +%s.%N)
    (cd "$work/$package" && swift build -c release >"$work/$package.log" 2>&1) || {
        cat "$work/$package.log" >&2
        exit 1
    }
    end=$(date +%s.%N)
    steps=$(grep -cE '^\[[0-9]+/[0-9]+\]' "$work/$package.log" || true)
    printf '%-6s clean release build: %6.1f s (%s build steps)\n' "$package" "$(awk "BEGIN { print $end - $start }")" "$steps"
done
