//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The configuration of an auth library, modelled after Better Auth 1.6.9's options, as the
/// telemetry publisher sees it.
///
/// Every option group is a value with a no-argument initializer and the effective defaults
/// rustauth reports, and every property is named as the key of the telemetry snapshot, so
/// configuring reads like Better Auth:
///
/// ```swift
/// var options = AuthOptions()
/// options.baseURL = "https://auth.example.com"
/// options.emailAndPassword.enabled = true
/// options.session.cookieCache.enabled = true
/// options.session.cookieCache.maxAge = .seconds(300)
/// options.telemetry = TelemetryOptions(enabled: true)
/// ```
///
/// The model holds the real values (secrets, table names, URLs); only
/// telemetryAuthConfig(options:context:) decides what leaves the process, by projection.
public struct AuthOptions: Sendable {
    /// The public origin of the auth server. Never sent; it feeds the anonymous project id.
    public var baseURL: String?
    /// The application's display name. Never sent.
    public var appName: String?
    /// The signing secret. Never sent.
    public var secret: String?
    /// The ids of the enabled plugins, in order (`nil`: none configured). The snapshot keeps
    /// Better Auth's published plugin ids and sends any other id as `"other"`.
    public var plugins: [String]?
    /// Origins trusted for redirects and CSRF checks. Only their count is sent.
    public var trustedOrigins: [String]?
    /// A key-value store besides the database.
    public var secondaryStorage: (any SecondaryStorage)?
    /// The configured social sign-in providers, in order. Add them with the
    /// `TelemetryOAuth` module (`SocialProvider(SocialProviderOptions(...))`); without it
    /// this list is always empty.
    public var socialProviders: [SocialProvider] = []
    /// E-mail verification.
    public var emailVerification = EmailVerificationOptions()
    /// E-mail and password sign-in.
    public var emailAndPassword = EmailAndPasswordOptions()
    /// The user model.
    public var user = UserOptions()
    /// The verification-token model.
    public var verification = VerificationOptions()
    /// Sessions.
    public var session = SessionOptions()
    /// Linked accounts.
    public var account = AccountOptions()
    /// Request hooks.
    public var hooks = HooksOptions()
    /// Cookies, CSRF, IP addresses and ids.
    public var advanced = AdvancedOptions()
    /// Rate limiting.
    public var rateLimit = RateLimitOptions()
    /// API error handling.
    public var onAPIError = OnAPIErrorOptions()
    /// The auth library's logger.
    public var logger = LoggerOptions()
    /// Hooks around database writes.
    public var databaseHooks = DatabaseHooksOptions()
    /// The host's telemetry switch.
    public var telemetry = TelemetryOptions()

    /// Creates options with every default.
    public init() {}
}
