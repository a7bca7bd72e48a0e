//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import Testing

@testable import TelemetryAuthConfig

/// `cli_generate` / `cli_migrate` (DESIGN section 8, UPSTREAM section 8, R-X3, R-X4).
@Suite("CLI events", .timeLimit(.minutes(1)))
struct CLIEventTests {
    static let secret = "swift-auth-secret-for-test-0123456789"
    static let baseURL = "http://localhost:3000/api/auth"

    /// The R-X3 setup: opted in and in debug mode through the environment, an endpoint that
    /// must never be contacted, sqlx on sqlite, the `username` plugin.
    static func debugRun(adapter: String, database: String) -> (AuthOptions, AuthTelemetryContext, TextSink) {
        var options = AuthOptions()
        options.baseURL = baseURL
        options.secret = secret
        options.plugins = ["username"]
        let output = TextSink()
        var context = testContext(
            environment: [
                "SWIFT_AUTH_TELEMETRY": "true", "SWIFT_AUTH_TELEMETRY_DEBUG": "true",
                "SWIFT_AUTH_TELEMETRY_ENDPOINT": "http://telemetry.invalid/collect",
                "SWIFT_ENV": "development", "TEST": "false",
            ],
            transport: RecordingTransport()
        )
        context.adapter = adapter
        context.database = database
        context.debugOutput = output.write
        return (options, context, output)
    }

    @Test("R-X3: generate prints init then cli_generate to stderr in debug mode, without secrets")
    func generateDebugOutput() async {
        let (options, context, output) = Self.debugRun(adapter: "sqlx", database: "sqlite")
        let telemetry = await createTelemetry(options: options, context: context)
        await telemetry.publish(.cliGenerate(.generated, options: options, context: context))
        let text = output.text
        for expected in [
            "\"type\": \"init\"", "\"type\": \"cli_generate\"", "\"outcome\": \"generated\"",
            "\"adapter\": \"sqlx\"", "\"database\": \"sqlite\"", "\"plugins\": [", "\"username\"",
        ] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        for leaked in [Self.baseURL, "localhost:3000", Self.secret, "sqlite://"] {
            #expect(!text.contains(leaked), "\(leaked) leaked")
        }
    }

    @Test("R-X4: an unsupported adapter is reported by cli_migrate, the database URL is not")
    func migrateUnsupportedAdapter() async {
        let (options, context, output) = Self.debugRun(adapter: "memory", database: "sqlite::memory:")
        let telemetry = await createTelemetry(options: options, context: context)
        await telemetry.publish(.cliMigrate(.unsupportedAdapter, options: options, context: context))
        let text = output.text
        for expected in [
            "\"type\": \"init\"", "\"type\": \"cli_migrate\"", "\"outcome\": \"unsupported_adapter\"",
            "\"adapter\": \"memory\"",
        ] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        for leaked in [Self.baseURL, Self.secret, "sqlite::memory:"] {
            #expect(!text.contains(leaked), "\(leaked) leaked")
        }
    }

    @Test("Payload shape: {outcome, config}, plus adapter only for unsupported_adapter")
    func payloadShape() {
        var options = AuthOptions()
        options.plugins = ["username"]
        let generate = TelemetryEvent.cliGenerate(.noChanges, options: options)
        #expect(generate.type == "cli_generate")
        #expect(generate.payload["outcome"] == "no_changes")
        #expect(generate.payload["config"] == telemetryAuthConfig(options: options))
        #expect(Set(generate.payload.objectValue?.keys ?? [:].keys) == ["outcome", "config"])

        let migrated = TelemetryEvent.cliMigrate(.migrated, adapter: "prisma", options: options)
        #expect(migrated.payload["adapter"] == nil)
        let unsupported = TelemetryEvent.cliMigrate(.unsupportedAdapter, adapter: "prisma", options: options)
        #expect(unsupported.type == "cli_migrate")
        #expect(unsupported.payload["adapter"] == "prisma")
        let urlAdapter = TelemetryEvent.cliMigrate(
            .unsupportedAdapter,
            adapter: "mysql://root:pw@db/app",
            options: options
        )
        #expect(urlAdapter.payload["adapter"] == "other")
    }

    @Test("Outcome vocabularies are upstream's")
    func outcomes() {
        #expect(
            GenerateOutcome.allCases.map(\.rawValue) == [
                "generated", "overwritten", "appended", "no_changes", "aborted",
            ]
        )
        #expect(
            MigrateOutcome.allCases.map(\.rawValue) == [
                "migrated", "no_changes", "aborted", "unsupported_adapter", "unsafe_change",
            ]
        )
    }
}
