//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

@_spi(TelemetryInternals) import TelemetryCore

/// Counts the steps a publisher takes that cost something (consent and file reads, the
/// anonymous id, detection), so tests can prove that a no-op publisher takes none of them.
final class CreationProbe: Sendable {
    /// A step worth counting.
    enum Step: Hashable, Sendable {
        /// Consent resolution (environment and consent file).
        case consent
        /// Anonymous id resolution (reads `Package.swift` unless overridden).
        case anonymousId
        /// Environment detection (reads files and the OS unless every detector is overridden).
        case detection
    }

    private let counts = LockedValue<[Step: Int]>([:])

    /// Creates a probe with every count at zero.
    init() {}

    /// Counts one `step`.
    func record(_ step: Step) {
        counts.withLock { $0[step, default: 0] += 1 }
    }

    /// How many times `step` was taken.
    func count(_ step: Step) -> Int {
        counts.withLock { $0[step, default: 0] }
    }

    /// How many steps were taken in all.
    var total: Int {
        counts.withLock { $0.values.reduce(0, +) }
    }
}
