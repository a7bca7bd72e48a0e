#!/usr/bin/env bash
# Runs the whole test suite under ThreadSanitizer and/or AddressSanitizer (with LeakSanitizer).
#
#   Tests/Sanitizers/run.sh                 # both, thread first
#   Tests/Sanitizers/run.sh address         # one
#
# Each sanitizer builds into its own scratch path (.build-tsan, .build-asan; ignored by git), so
# re-runs are incremental and never disturb .build. The default trait set is tested: the traits
# add SwiftNIO and AsyncHTTPClient, whose own sanitizer runs are theirs.
#
# A run passes only if `swift test` passes AND the sanitizer reported nothing: a report in a
# subprocess (the `telemetry` CLI, the FileSink test helper) fails its test through its exit
# status; a report in the test process itself is also caught here by its text, so that a
# report alone (with every test passing) still fails the run.
#
# Suppressions: none for ThreadSanitizer. LeakSanitizer reads Tests/Sanitizers/lsan.supp, which
# lists leaks inside the Linux toolchain's Foundation, libcurl and XCTest only (see the file).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$(pwd)"
# The OTLP tests need opentelemetry-proto: the same virtual environment as Scripts/test.
PATH="$(Scripts/python-environment):$PATH"
export PATH

sanitizers=("$@")
if [ "${#sanitizers[@]}" -eq 0 ]; then sanitizers=(thread address); fi

for sanitizer in "${sanitizers[@]}"; do
    case "$sanitizer" in
        thread) scratch=.build-tsan; pattern='WARNING: ThreadSanitizer' ;;
        address) scratch=.build-asan; pattern='ERROR: (AddressSanitizer|LeakSanitizer)' ;;
        *) echo "usage: $0 [thread|address]..." >&2; exit 64 ;;
    esac
    log="$(mktemp)"
    printf '\n==> swift test --sanitize=%s (scratch path %s)\n' "$sanitizer" "$scratch"
    start=$SECONDS
    status=0
    # --no-parallel: one test at a time. Under a sanitizer every test runs 5 to 15 times slower,
    # and the 433 tests started at once kept both cores busy for the first 10 s and more: tests
    # that bound a wall time (a flush deadline, a retry schedule, a publisher's exit bound)
    # then measured the other tests' load and failed, one in every few runs (CI at 8771066:
    # a 20 s flush deadline passed with nothing delivered). Serially the run takes 148 s
    # instead of 83 s, and each test sees only its own concurrency, which is what the
    # sanitizer checks. ./Scripts/test still runs the suite in parallel.
    # halt_on_error=0: report every race, not only the first. second_deadlock_stack: full lock
    # order reports. The CLI tests hand their subprocesses an exact environment, so these
    # options reach the test process and the TelemetryTestHelper runs (which forward them)
    # only; the CLI's children run with the defaults, which also fail (exit 66 or 23) on any
    # report.
    TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}" \
    LSAN_OPTIONS="suppressions=$root/Tests/Sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
    ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        swift test --sanitize="$sanitizer" --scratch-path "$scratch" --no-parallel 2>&1 | tee "$log" || status=$?
    if grep -E "^$root/(Sources|Tests)/[^:]+:[0-9]+:[0-9]+: warning:" "$log"; then
        echo "error: the $sanitizer build has warnings in Sources/ or Tests/ (listed above)" >&2
        status=1
    fi
    reports="$(grep -cE "$pattern" "$log" || true)"
    summary="$(grep -E 'Test run with [0-9]+ tests?' "$log" | tail -1 || true)"
    rm -f "$log"
    printf '==> %s: %s sanitizer report(s), exit %s, %ss; %s\n' \
        "$sanitizer" "$reports" "$status" "$((SECONDS - start))" "$summary"
    if [ "$reports" -ne 0 ] && [ "$status" -eq 0 ]; then status=1; fi
    if [ "$status" -ne 0 ]; then
        echo "error: swift test --sanitize=$sanitizer failed (see the reports above)" >&2
        exit "$status"
    fi
done
