//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Rate limiting (Better Auth's `rateLimit` option group).
public struct RateLimitOptions: Sendable {
    /// Where counters live: `"memory"`, `"database"` or `"secondary-storage"`
    /// (`"secondaryStorage"` is accepted too; anything else is reported as `"other"`).
    public var storage: String? = "memory"
    /// The table name, when counters live in the database under another name.
    public var modelName: String?
    /// The counting window.
    public var window: Duration? = .seconds(10)
    /// A custom store for the counters.
    public var customStorage: (any SecondaryStorage)?
    /// Force rate limiting on or off (`nil`: on in production only).
    public var enabled: Bool?
    /// Requests allowed per window.
    public var max: Int = 100

    /// Creates the group with its defaults.
    public init() {}
}
