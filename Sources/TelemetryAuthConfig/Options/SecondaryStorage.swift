//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A key-value store an auth library can use besides its database (Better Auth's
/// `secondaryStorage`, also accepted as a rate limiter's `customStorage`).
///
/// Telemetry only reports whether one is configured.
public protocol SecondaryStorage: Sendable {
    /// The value stored under `key`, if any.
    func get(_ key: String) async throws -> String?
    /// Stores `value` under `key`, expiring after `ttl` when one is given.
    func set(_ key: String, value: String, ttl: Duration?) async throws
    /// Removes `key`.
    func delete(_ key: String) async throws
}
