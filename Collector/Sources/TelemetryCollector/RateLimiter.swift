//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Synchronization

/// A token bucket per source, held in memory only.
///
/// The key is the peer's address, used for nothing else: it is never stored, logged or
/// returned, and the table forgets a source once its bucket is full again. The table is bounded
/// (``maximumSources``): when it is full, the fullest buckets are dropped first.
final class RateLimiter: Sendable {
    /// Requests per second a source may keep up.
    let rate: Double
    /// Requests a source may send at once.
    let burst: Double
    /// The most sources remembered at once.
    let maximumSources: Int

    private struct Bucket {
        var tokens: Double
        var updatedAt: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    init(rate: Double, burst: Double, maximumSources: Int = 100_000) {
        self.rate = rate
        self.burst = burst
        self.maximumSources = maximumSources
    }

    /// Takes one token for `source`; `false` when its bucket is empty.
    func allow(_ source: String, now: ContinuousClock.Instant = .now) -> Bool {
        buckets.withLock { buckets in
            var bucket = buckets[source] ?? Bucket(tokens: burst, updatedAt: now)
            let elapsed = bucket.updatedAt.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + max(0, seconds) * rate)
            bucket.updatedAt = now
            guard bucket.tokens >= 1 else {
                buckets[source] = bucket
                return false
            }
            bucket.tokens -= 1
            if buckets[source] == nil, buckets.count >= maximumSources {
                Self.evict(&buckets, now: now, rate: rate, burst: burst)
            }
            buckets[source] = bucket
            return true
        }
    }

    /// Forgets the sources whose buckets have refilled; if none has, half of the table.
    private static func evict(
        _ buckets: inout [String: Bucket],
        now: ContinuousClock.Instant,
        rate: Double,
        burst: Double
    ) {
        let before = buckets.count
        buckets = buckets.filter { _, bucket in
            let elapsed = bucket.updatedAt.duration(to: now)
            return bucket.tokens + Double(elapsed.components.seconds) * rate < burst
        }
        if buckets.count == before {
            buckets = Dictionary(uniqueKeysWithValues: buckets.prefix(before / 2).map { ($0.key, $0.value) })
        }
    }

    /// The number of sources remembered now (tests).
    var sourceCount: Int { buckets.withLock { $0.count } }
}
