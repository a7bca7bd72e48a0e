//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// How a schema-generation command ended (`cli_generate`'s `outcome`).
public enum GenerateOutcome: String, Sendable, Hashable, CaseIterable {
    /// A new schema file was written.
    case generated
    /// An existing file was replaced (after confirmation or with `--force`).
    case overwritten
    /// The schema was appended to an existing file.
    case appended
    /// The schema was already up to date.
    case noChanges = "no_changes"
    /// The user declined.
    case aborted
}

/// How a migration command ended (`cli_migrate`'s `outcome`).
public enum MigrateOutcome: String, Sendable, Hashable, CaseIterable {
    /// The migrations ran.
    case migrated
    /// The database was already up to date.
    case noChanges = "no_changes"
    /// The user declined.
    case aborted
    /// The configured adapter cannot be migrated by the command.
    case unsupportedAdapter = "unsupported_adapter"
    /// The plan held a destructive change, so nothing ran.
    case unsafeChange = "unsafe_change"
}

extension TelemetryEvent {
    /// A `cli_generate` event: `{outcome, config}`, where `config` is the redacted snapshot
    /// of `options` (as Better Auth's CLI sends it).
    ///
    /// ```swift
    /// let telemetry = await createTelemetry(options: options, context: context)
    /// await telemetry.publish(.cliGenerate(.generated, options: options, context: context))
    /// ```
    public static func cliGenerate(
        _ outcome: GenerateOutcome,
        options: AuthOptions,
        context: AuthTelemetryContext = AuthTelemetryContext()
    ) -> TelemetryEvent {
        TelemetryEvent(
            type: "cli_generate",
            payload: [
                "outcome": .string(outcome.rawValue), "config": telemetryAuthConfig(options: options, context: context),
            ]
        )
    }

    /// A `cli_migrate` event: `{outcome, config}`, plus `adapter` for
    /// `unsupported_adapter` (reported when it looks like a library identifier such as
    /// `prisma`, else `"other"`).
    public static func cliMigrate(
        _ outcome: MigrateOutcome,
        adapter: String? = nil,
        options: AuthOptions,
        context: AuthTelemetryContext = AuthTelemetryContext()
    ) -> TelemetryEvent {
        var payload: [String: TelemetryValue] = [
            "outcome": .string(outcome.rawValue),
            "config": telemetryAuthConfig(options: options, context: context),
        ]
        if outcome == .unsupportedAdapter {
            payload["adapter"] = Redaction.identifier(adapter ?? context.adapter ?? "")
        }
        return TelemetryEvent(type: "cli_migrate", payload: .object(payload))
    }
}
