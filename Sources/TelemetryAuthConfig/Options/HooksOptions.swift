//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Request hooks around every endpoint (Better Auth's `hooks` option group).
public struct HooksOptions: Sendable {
    /// Runs after each endpoint.
    public var after: AuthCallback?
    /// Runs before each endpoint.
    public var before: AuthCallback?

    /// Creates the group with no hooks.
    public init() {}
}
