//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Sessions (Better Auth's `session` option group).
public struct SessionOptions: Sendable {
    /// Caching the session in a signed cookie (`session.cookieCache`).
    public struct CookieCacheOptions: Sendable {
        /// Whether the cookie cache is on.
        public var enabled: Bool = false
        /// How long a cached session is trusted.
        public var maxAge: Duration?
        /// The encoding: `"compact"`, `"jwt"` or `"jwe"` (anything else is reported as
        /// `"other"`).
        public var strategy: String? = "compact"

        /// Creates the group with its defaults.
        public init() {}
    }

    /// The table name, when it differs from the default.
    public var modelName: String?
    /// Extra columns, by logical field name.
    public var additionalFields: [String: AdditionalField] = [:]
    /// The cookie cache.
    public var cookieCache = CookieCacheOptions()
    /// Never extend a session's lifetime on use.
    public var disableSessionRefresh: Bool = false
    /// How long a session lives.
    public var expiresIn: Duration?
    /// Column renames: logical field name → physical column name.
    public var fields: [String: String] = [:]
    /// How long after sign-in a session counts as fresh.
    public var freshAge: Duration?
    /// Keep sessions in the database when a secondary storage holds them.
    public var preserveSessionInDatabase: Bool = false
    /// Store sessions in the database besides a secondary storage.
    public var storeSessionInDatabase: Bool = false
    /// How often a session's expiry is pushed back.
    public var updateAge: Duration?

    /// Creates the group with its defaults.
    public init() {}
}
