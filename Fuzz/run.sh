#!/usr/bin/env bash
# Runs every libFuzzer target of swift-telemetry for a set time (Linux, Swift 6.1+).
#
#   Fuzz/run.sh [seconds-per-target] [target...]     # default: 60 s, every target
#
# Each target starts from its committed seed corpus (Corpus/<target>, read only) and keeps what
# it discovers in a scratch corpus (.build/corpus/<target>, not committed). A crash or an
# invariant violation stops the target and leaves the input in artifacts/<target>/ (ignored
# by git): copy it into Corpus/<target>/ so that `swift test` (FuzzCorpusTests) replays it
# forever, fix the code, and add a named regression test in the owner's test file.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:-60}"
shift || true
all_targets=(ConsentRecord EnvironmentBoolean TelemetryValueJSON TelemetryValueCodable EventLine EventCodable PackageResolved PackageManifest EventLogAudit AuditScanner TailReader)
targets=("${@:-${all_targets[@]}}")

flags=(-c debug --sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library)
swift build "${flags[@]}"
bin="$(swift build "${flags[@]}" --show-bin-path)"

failed=()
for target in "${targets[@]}"; do
    printf '\n==> Fuzz%s for %ss\n' "$target" "$seconds"
    mkdir -p ".build/corpus/$target" "artifacts/$target"
    log="artifacts/$target/fuzz.log"
    # Inputs up to 64 KiB (the consent file limit), 10 s per input at most; stdin closed.
    if "$bin/Fuzz$target" ".build/corpus/$target" "Corpus/$target" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 </dev/null >"$log" 2>&1; then
        grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' "$log" || true
    else
        failed+=("$target")
        echo "Fuzz$target FAILED: see Fuzz/$log and the input in Fuzz/artifacts/$target/" >&2
        grep -E 'ERROR|Fatal error|SUMMARY' "$log" | head -5 >&2 || true
    fi
done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "findings in: ${failed[*]}" >&2
    exit 1
fi
echo "no findings"
