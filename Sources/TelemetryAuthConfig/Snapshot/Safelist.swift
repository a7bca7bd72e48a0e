//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// The fixed lists of well-known values a snapshot may report by name.
///
/// Everything else a host can type freely is reported as `"other"`, so a typo, a custom
/// provider id or a private header name never leaves the process, while counts survive.
package enum Safelist {
    /// The placeholder for a value that is not in a safelist or vocabulary.
    package static let other = "other"

    /// Well-known OAuth provider ids.
    package static let providerIds: Set<String> = [
        "apple", "atlassian", "cognito", "discord", "dropbox", "facebook", "figma", "github",
        "gitlab", "google", "huggingface", "kakao", "kick", "line", "linear", "linkedin",
        "microsoft", "naver", "notion", "paypal", "reddit", "roblox", "salesforce", "slack",
        "spotify", "tiktok", "twitch", "twitter", "vk", "zoom",
    ]

    /// Better Auth's published server plugin ids (better-auth/better-auth, `id:` of each server
    /// plugin), the ones a Swift port names the same. Any other id, such as a host's private
    /// `acme-internal-sso`, is sent as `"other"`.
    static let pluginIds: Set<String> = [
        "admin", "anonymous", "api-key", "bearer", "captcha", "cimd", "custom-session", "device-authorization",
        "electron", "electron-proxy", "email-otp", "expo", "generic-oauth", "have-i-been-pwned", "i18n", "jwt",
        "last-login-method", "last-login-method-expo", "magic-link", "mcp", "multi-session", "next-cookies",
        "oauth-popup", "oauth-provider", "oauth-provider-resource-client", "oauth-proxy", "oidc-provider", "one-tap",
        "one-time-token", "open-api", "organization", "otp", "passkey", "phone-number", "scim", "siwe", "sso",
        "stripe", "sveltekit-cookies", "tanstack-start-cookies", "tanstack-start-cookies-solid", "totp",
        "two-factor", "username",
    ]

    /// Standard OpenID Connect scopes.
    package static let oidcScopes: Set<String> = ["openid", "email", "profile", "offline_access"]

    /// Standard proxy headers that carry the client address.
    static let proxyHeaders: Set<String> = [
        "x-forwarded-for", "x-real-ip", "forwarded", "cf-connecting-ip", "true-client-ip",
        "x-client-ip", "fly-client-ip", "x-vercel-forwarded-for",
    ]

    /// Nothing is safelisted: every item is reported as `"other"` (cookie names).
    package static let none: Set<String> = []

    /// Logical field names of Better Auth's core schema (user, session, account,
    /// verification), which `fields` maps may rename.
    static let coreFieldNames: Set<String> = [
        "id", "name", "email", "emailVerified", "image", "createdAt", "updatedAt", "userId",
        "token", "expiresAt", "ipAddress", "userAgent", "accountId", "providerId",
        "accessToken", "refreshToken", "idToken", "accessTokenExpiresAt",
        "refreshTokenExpiresAt", "scope", "password", "identifier", "value",
    ]

    /// `item` in its canonical lower-case form when `list` holds it (compared
    /// case-insensitively, after trimming), else `"other"`.
    package static func project(_ item: String, through list: Set<String>) -> String {
        let canonical = item.trimmingWhitespace().lowercased()
        return list.contains(canonical) ? canonical : other
    }

    /// Each item of `items` projected through `list`; repeated `"other"` entries are kept
    /// so that the count survives.
    package static func project(_ items: [String], through list: Set<String>) -> [String] {
        items.map { project($0, through: list) }
    }
}
