//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Cookies, CSRF, IP addresses and ids (Better Auth's `advanced` option group).
public struct AdvancedOptions: Sendable {
    /// Sharing cookies across subdomains (`advanced.crossSubDomainCookies`).
    public struct CrossSubDomainCookiesOptions: Sendable {
        /// Whether cookies are shared across subdomains.
        public var enabled: Bool = false
        /// The parent domain, for example `.example.com` (reported only as present or not).
        public var domain: String?
        /// Further cookie names to share (each reported as `"other"`; only the count survives).
        public var additionalCookies: [String]?

        /// Creates the group with its defaults.
        public init() {}
    }

    /// Database behaviour (`advanced.database`).
    public struct DatabaseOptions: Sendable {
        /// How ids are generated: `"uuid"` or `"serial"` (anything else, such as a custom
        /// generator, is reported as `"other"`).
        public var generateId: String?
        /// The default row limit of list queries.
        public var defaultFindManyLimit: Int?

        /// Creates the group with its defaults.
        public init() {}
    }

    /// Client IP address handling (`advanced.ipAddress`).
    public struct IPAddressOptions: Sendable {
        /// Do not record client IP addresses.
        public var disableIpTracking: Bool = false
        /// The headers read for the client address, in order (standard proxy headers are
        /// reported by name, others as `"other"`).
        public var ipAddressHeaders: [String] = []

        /// Creates the group with its defaults.
        public init() {}
    }

    /// Attributes applied to every cookie (Better Auth's `advanced.defaultCookieAttributes`,
    /// reported as `advanced.cookieAttributes`).
    public struct CookieAttributesOptions: Sendable {
        /// The cookies' lifetime (reported in seconds, as rustauth reports `max_age`).
        public var expires: Duration?
        /// The `Secure` attribute.
        public var secure: Bool?
        /// The `SameSite` attribute: `"strict"`, `"lax"` or `"none"` (any case).
        public var sameSite: String?
        /// The `Domain` attribute (reported only as present or not).
        public var domain: String?
        /// The `Path` attribute (reported only as present or not).
        public var path: String?
        /// The `HttpOnly` attribute.
        public var httpOnly: Bool?

        /// Creates the group with no attributes set.
        public init() {}
    }

    /// A prefix for every cookie name (reported only as present or not).
    public var cookiePrefix: String?
    /// Per-cookie name overrides: default cookie name → custom name (reported only as present
    /// or not).
    public var cookies: [String: String] = [:]
    /// Sharing cookies across subdomains.
    public var crossSubDomainCookies = CrossSubDomainCookiesOptions()
    /// Database behaviour.
    public var database = DatabaseOptions()
    /// Force the `Secure` cookie attribute on or off.
    public var useSecureCookies: Bool?
    /// Client IP address handling.
    public var ipAddress = IPAddressOptions()
    /// Turn the CSRF origin check off.
    public var disableCSRFCheck: Bool = false
    /// Attributes applied to every cookie.
    public var cookieAttributes = CookieAttributesOptions()

    /// Creates the group with its defaults.
    public init() {}
}
