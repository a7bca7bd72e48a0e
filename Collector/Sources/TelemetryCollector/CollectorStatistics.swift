//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Synchronization

/// What the collector received and did with it, since it started (`GET /v1/stats`).
public final class CollectorStatistics: Sendable {
    /// The counters at one moment.
    public struct Snapshot: Sendable, Hashable, Codable {
        /// Events acknowledged (queued for storing).
        public var accepted = 0
        /// Events written to the store.
        public var stored = 0
        /// Events the store already had (same event id): dropped.
        public var duplicates = 0
        /// Elements that were not valid events: dropped.
        public var invalid = 0
        /// Valid events that are not on their tool's schema: dropped, never stored.
        public var offSchema = 0
        /// Requests refused, by HTTP status.
        public var refusedRequests: [String: Int] = [:]
    }

    private let counters = Mutex(Snapshot())

    /// Creates zeroed counters.
    public init() {}

    /// The counters now.
    public var snapshot: Snapshot { counters.withLock { $0 } }

    func accepted(_ count: Int, invalid: Int, offSchema: Int) {
        counters.withLock {
            $0.accepted += count
            $0.invalid += invalid
            $0.offSchema += offSchema
        }
    }

    func stored(_ count: Int, duplicates: Int) {
        counters.withLock {
            $0.stored += count
            $0.duplicates += duplicates
        }
    }

    func refused(status: Int) {
        counters.withLock { $0.refusedRequests[String(status), default: 0] += 1 }
    }
}
