#!/usr/bin/env bash
# Instructions per operation of each hot path, counted by valgrind's callgrind (repeatable on a
# noisy machine, unlike wall-clock time). Each operation runs twice, N1 and N2 times; the
# difference divided by N2 - N1 is one operation, with start-up and set-up cancelled out.
#
#   Benchmarks/profile.sh [operation...]      # default: all; needs valgrind (Debian's package)
#
# The binary is copied without its DWARF debug information first: valgrind 3.19 cannot read
# what Swift 6.3 emits, and the symbol table is enough to name the functions.
# `callgrind_annotate .build/profile/<operation>.N2` shows where the instructions go. For the
# operations that record, the recording thread's own count (`record`, inclusive) follows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
operations=("$@")
if [ "${#operations[@]}" -eq 0 ]; then
    operations=(disabled disabled-stored encode encode-recorded decode emit-file-buffered record-discard record-literal dictionary-literal record-memory record-file-buffered record-file-every record-spool)
fi
swift build -c release --product Profile >/dev/null
out=.build/profile
mkdir -p "$out"
objcopy --strip-debug "$(swift build -c release --show-bin-path)/Profile" "$out/Profile"
first=20000
second=120000
for operation in "${operations[@]}"; do
    for count in "$first" "$second"; do
        # Deterministic hashing: otherwise each process iterates a dictionary in its own order,
        # and the attribute sort's cost (and so the count) changes from run to run.
        SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$out/$operation.$count" \
            "$out/Profile" "$operation" "$count" >/dev/null 2>"$out/$operation.$count.log"
    done
    small=$(awk '/^summary:/ {print $2}' "$out/$operation.$first")
    large=$(awk '/^summary:/ {print $2}' "$out/$operation.$second")
    line=$(printf '%-22s %8d instructions per operation' "$operation" $(((large - small) / (second - first))))
    # The whole process counts the sink's background tasks too (the spool's delivery reads its
    # lines back), which vary with timing; the recording thread's own share is `record`'s
    # inclusive count, repeatable to the instruction.
    recording() {
        callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
            awk '!found && /ContextV7StorageC6record_10attributes/ {gsub(",", "", $1); print $1; found = 1}' ||
            true  # no count is not a reason to stop the other operations
    }
    small=$(recording "$out/$operation.$first")
    large=$(recording "$out/$operation.$second")
    if [ -n "$small" ] && [ -n "$large" ] && [ "$large" != "$small" ]; then
        line="$line; $(((large - small) / (second - first))) on the recording thread"
    fi
    echo "$line"
done
