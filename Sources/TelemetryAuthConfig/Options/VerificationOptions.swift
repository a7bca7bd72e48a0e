//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The verification-token model (Better Auth's `verification` option group).
public struct VerificationOptions: Sendable {
    /// The table name, when it differs from the default.
    public var modelName: String?
    /// Keep expired verification rows instead of deleting them.
    public var disableCleanup: Bool = false
    /// Column renames: logical field name → physical column name.
    public var fields: [String: String] = [:]

    /// Creates the group with its defaults.
    public init() {}
}
