//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The auth library's logger (Better Auth's `logger` option group).
public struct LoggerOptions: Sendable {
    /// Turn logging off.
    public var disabled: Bool = false
    /// The lowest level logged: `"debug"`, `"info"`, `"success"`, `"warn"` or `"error"`.
    public var level: String? = "warn"
    /// A custom log function.
    public var log: AuthCallback?

    /// Creates the group with its defaults.
    public init() {}
}
