//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// The closed vocabularies of the enum-like options (`strategy`, `storage`, `level`,
/// `sameSite`, `prompt`, `generateId`). The model holds them as strings so that any host
/// value can be represented; the snapshot reports a known value in its canonical spelling
/// and anything else as `"other"`.
package struct Vocabulary: Sendable {
    /// Canonical values by their lower-cased spellings (aliases included).
    private let canonical: [String: String]

    /// A vocabulary of `values`, plus `aliases` mapping another spelling to a value.
    package init(_ values: [String], aliases: [String: String] = [:]) {
        var canonical: [String: String] = [:]
        for value in values { canonical[value.lowercased()] = value }
        for (alias, value) in aliases { canonical[alias.lowercased()] = value }
        self.canonical = canonical
    }

    /// The canonical spelling of `value`, or `"other"`.
    package func project(_ value: String) -> String {
        canonical[value.trimmingWhitespace().lowercased()] ?? Safelist.other
    }

    /// `session.cookieCache.strategy`
    static let cookieCacheStrategy = Vocabulary(["compact", "jwt", "jwe"])
    /// `rateLimit.storage`, spelled as Better Auth spells it.
    static let rateLimitStorage = Vocabulary(
        ["memory", "database", "secondary-storage"],
        aliases: ["secondaryStorage": "secondary-storage", "secondary_storage": "secondary-storage"]
    )
    /// `logger.level`
    static let logLevel = Vocabulary(
        ["debug", "info", "success", "warn", "error"],
        aliases: ["warning": "warn"]
    )
    /// `advanced.cookieAttributes.sameSite`
    static let sameSite = Vocabulary(["strict", "lax", "none"])
    /// `advanced.database.generateId`
    static let generateId = Vocabulary(["uuid", "serial"])
    /// One value of a social provider's `prompt` (OpenID Connect).
    package static let prompt = Vocabulary(["none", "login", "consent", "select_account"])

    /// A `prompt` value: each space-separated value must be known (`"select_account consent"`
    /// is kept), else the whole value is `"other"`.
    package static func projectPrompt(_ value: String) -> String {
        let parts = value.split(whereSeparator: { $0 == " " })
        guard !parts.isEmpty else { return Safelist.other }
        var projected: [String] = []
        for part in parts {
            let value = prompt.project(String(part))
            if value == Safelist.other { return Safelist.other }
            projected.append(value)
        }
        return projected.joined(separator: " ")
    }
}
