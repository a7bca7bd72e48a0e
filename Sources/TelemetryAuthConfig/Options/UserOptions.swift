//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The user model (Better Auth's `user` option group).
public struct UserOptions: Sendable {
    /// Changing the e-mail address (`user.changeEmail`).
    public struct ChangeEmailOptions: Sendable {
        /// Whether users may change their address.
        public var enabled: Bool = false
        /// Sends the confirmation e-mail to the current address.
        public var sendChangeEmailConfirmation: AuthCallback?

        /// Creates the group with its defaults.
        public init() {}
    }

    /// The table name, when it differs from the default.
    public var modelName: String?
    /// Column renames: logical field name → physical column name.
    public var fields: [String: String] = [:]
    /// Extra columns, by logical field name.
    public var additionalFields: [String: AdditionalField] = [:]
    /// Changing the e-mail address.
    public var changeEmail = ChangeEmailOptions()

    /// Creates the group with its defaults.
    public init() {}
}
