//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A monotonic clock that is cheap to read and precise to the kernel's tick (1 to 10 ms): what a
/// per-event "is it time yet?" check needs.
///
/// `ContinuousClock.now` costs 30 to 55 ns on Linux (the runtime's `swift_get_time` around
/// `clock_gettime(CLOCK_BOOTTIME)`), a tenth of what a buffered sink may spend on a whole event;
/// `CLOCK_MONOTONIC_COARSE` reads a word the kernel updates at every tick, in about 5 ns
/// (`Benchmarks/RESULTS.md`). On Darwin it is `CLOCK_MONOTONIC_RAW_APPROX`, the value the
/// system caches at context switches. On Linux it stops while the machine sleeps, so it only
/// decides *when to look*; an age that must count the sleep (a file's rotation age) is then
/// measured on `ContinuousClock`.
enum CoarseClock {
    /// Nanoseconds since an unspecified moment, never decreasing.
    @inline(__always)
    static var nanoseconds: UInt64 {
        #if canImport(Darwin)
        return clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW_APPROX)
        #else
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
        #endif
    }

    /// `duration` in the clock's nanoseconds (negative durations are zero).
    static func nanoseconds(of duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}
