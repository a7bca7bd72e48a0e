//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Linked accounts (Better Auth's `account` option group).
public struct AccountOptions: Sendable {
    /// Linking several providers to one user (`account.accountLinking`).
    public struct AccountLinkingOptions: Sendable {
        /// Whether linking is on (the effective default, `true`).
        public var enabled: Bool = true
        /// Providers whose e-mail addresses are trusted for automatic linking.
        public var trustedProviders: [String] = []
        /// Update the user's profile from the provider when an account is linked.
        public var updateUserInfoOnLink: Bool = false
        /// Allow unlinking the last account.
        public var allowUnlinkingAll: Bool = false

        /// Creates the group with its defaults.
        public init() {}
    }

    /// The table name, when it differs from the default.
    public var modelName: String?
    /// Column renames: logical field name → physical column name.
    public var fields: [String: String] = [:]
    /// Encrypting stored OAuth tokens: `false`, `true`, or custom functions.
    public var encryptOAuthTokens: OAuthTokenEncryption = false
    /// Refresh the stored account on each sign-in (the effective default, `true`).
    public var updateAccountOnSignIn: Bool = true
    /// Account linking.
    public var accountLinking = AccountLinkingOptions()

    /// Creates the group with its defaults.
    public init() {}
}

/// How stored OAuth tokens are encrypted (`account.encryptOAuthTokens`).
///
/// A boolean literal works: `options.account.encryptOAuthTokens = true`.
public enum OAuthTokenEncryption: Sendable, ExpressibleByBooleanLiteral {
    /// Tokens are stored as they are.
    case disabled
    /// Tokens are encrypted with the library's own scheme.
    case enabled
    /// Tokens are encrypted by the host's functions.
    case custom(encrypt: AuthCallback, decrypt: AuthCallback)

    /// `true` is enabled, `false` is disabled.
    public init(booleanLiteral value: Bool) {
        self = value ? .enabled : .disabled
    }

    /// `true` is enabled, `false` is disabled.
    public init(_ value: Bool) {
        self.init(booleanLiteral: value)
    }

    /// Whether tokens are encrypted at all (custom functions count).
    public var isEnabled: Bool {
        if case .disabled = self { return false }
        return true
    }
}
