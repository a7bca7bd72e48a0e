//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryOAuth
import Testing

@testable import TelemetryAuthConfig
@testable import TelemetryCore
@testable import TelemetrySinks

/// Every key the code can put into a payload appears in `Docs/PRIVACY.md`, written as `` `key` ``.
///
/// The events are built by the real code with every option that adds keys set: a social
/// provider with every option, renamed fields (every core field name and an unknown one),
/// additional fields, plugins. Options that only change values (booleans, durations,
/// callbacks) do not change the key set: every snapshot key is always present.
@Suite(.timeLimit(.minutes(1)))
struct PrivacyDocumentationTests {
    /// Every object key in `value`, recursively, except inside the members named in `opaque`
    /// (whose keys are the host's, such as an event's `attrs`).
    static func keys(of value: TelemetryValue, opaque: Set<String> = []) -> Set<String> {
        switch value {
        case .object(let members):
            var keys = Set(members.keys)
            for (key, member) in members where !opaque.contains(key) {
                keys.formUnion(Self.keys(of: member, opaque: opaque))
            }
            return keys
        case .array(let elements):
            return elements.reduce(into: []) { $0.formUnion(Self.keys(of: $1, opaque: opaque)) }
        default:
            return []
        }
    }

    static func undocumented(_ keys: Set<String>) throws -> [String] {
        let documentation = try Repository.text("Docs/PRIVACY.md")
        return keys.filter { !documentation.contains("`\($0)`") }.sorted()
    }

    static func maximalOptions() -> AuthOptions {
        var options = AuthOptions()
        options.baseURL = "https://auth.example.com"
        options.plugins = ["two-factor", "organization"]
        options.trustedOrigins = ["https://app.example.com"]
        var provider = SocialProviderOptions(id: "github", clientId: "client-id", clientSecret: "client-secret")
        provider.scope = ["openid", "read:user"]
        provider.prompt = "consent"
        options.socialProviders = [SocialProvider(provider)]
        let renamed = Dictionary(uniqueKeysWithValues: Safelist.coreFieldNames.map { ($0, "col_\($0)") })
            .merging(["favoriteColor": "favorite_color"]) { first, _ in first }
        options.user.fields = renamed
        options.session.fields = renamed
        options.account.fields = renamed
        options.verification.fields = renamed
        options.user.additionalFields = [
            "plan": AdditionalField(type: .string, defaultValue: "free", fieldName: "plan_name")
        ]
        options.session.additionalFields = ["device": AdditionalField(type: .json)]
        options.telemetry = TelemetryOptions(enabled: true)
        return options
    }

    static func maximalContext() -> AuthTelemetryContext {
        var context = AuthTelemetryContext()
        context.database = "postgresql"
        context.adapter = "fluent"
        context.environment = ["SWIFT_ENV": "production"]
        context.workingDirectory = Repository.root
        return context
    }

    @Test("every key of an Event line is documented (attrs are the host's own keys)")
    func eventKeys() throws {
        let event = Event(
            name: "command_run",
            tool: "my-cli",
            toolVersion: "1.2.0",
            machineId: String(repeating: "a", count: 64),
            attributes: ["command": "build", "nested": ["deep": [1, 2]]],
            id: Event.newIdentifier(),
            projectId: "project",
            operatingSystem: "linux",
            architecture: "x86_64"
        )
        let line = try TelemetryValue(jsonBytes: EventEncoder().encode(event))
        let keys = Self.keys(of: line, opaque: ["attrs"])
        #expect(
            keys == [
                "schema", "name", "tool", "tool_version", "machine_id", "os", "arch", "timestamp_utc", "event_id",
                "project_id", "attrs",
            ]
        )
        #expect(try Self.undocumented(keys) == [])
    }

    @Test("every key of the Better Auth init event, with every key-adding option set, is documented")
    func initEventKeys() async throws {
        let event = await initEvent(options: Self.maximalOptions(), context: Self.maximalContext())
        let keys = Self.keys(of: event.envelope)
        // Sanity: the walk reaches the snapshot's depths.
        #expect(
            keys.isSuperset(of: [
                "type", "anonymousId", "payload", "config", "socialProviders", "additionalFields", "cookieCache",
            ])
        )
        let plain = Self.keys(of: await initEvent(options: AuthOptions(), context: Self.maximalContext()).envelope)
        #expect(plain.isSubset(of: keys))
        let missing = try Self.undocumented(keys)
        #expect(missing.isEmpty, "keys of the init event missing from Docs/PRIVACY.md: \(missing)")
    }

    @Test("every key of the cli_generate and cli_migrate events is documented")
    func cliEventKeys() throws {
        let options = Self.maximalOptions()
        let context = Self.maximalContext()
        var keys = Self.keys(of: TelemetryEvent.cliGenerate(.generated, options: options, context: context).envelope)
        keys.formUnion(
            Self.keys(
                of: TelemetryEvent.cliMigrate(
                    .unsupportedAdapter,
                    adapter: "prisma",
                    options: options,
                    context: context
                ).envelope
            )
        )
        #expect(keys.isSuperset(of: ["outcome", "adapter", "config"]))
        let missing = try Self.undocumented(keys)
        #expect(missing.isEmpty, "keys of the CLI events missing from Docs/PRIVACY.md: \(missing)")
    }

    @Test("the walk finds keys at every depth and skips opaque members")
    func walkIsComplete() {
        let value: TelemetryValue = ["a": ["b": [["c": 1]]], "attrs": ["hidden": true]]
        #expect(Self.keys(of: value, opaque: ["attrs"]) == ["a", "b", "c", "attrs"])
        #expect(Self.keys(of: value) == ["a", "b", "c", "attrs", "hidden"])
    }

    /// Every `"key"` string of an OTLP `KeyValue` list, recursively.
    static func attributeNames(of value: TelemetryValue) -> Set<String> {
        switch value {
        case .object(let members):
            var names: Set<String> = []
            if case .string(let name)? = members["key"] { names.insert(name) }
            for member in members.values { names.formUnion(attributeNames(of: member)) }
            return names
        case .array(let elements):
            return elements.reduce(into: []) { $0.formUnion(attributeNames(of: $1)) }
        default:
            return []
        }
    }

    @Test("every key of an OTLP request, and every attribute name the library adds, is documented")
    func otlpKeys() throws {
        // Host attributes carry every kind of value, so every AnyValue member is written; their
        // names start with `host.` and are the host's own, not ours to document.
        let event = Event(
            name: "command_run",
            tool: "my-cli",
            toolVersion: "1.2.0",
            machineId: String(repeating: "a", count: 64),
            attributes: [
                "host.string": "build", "host.bool": true, "host.int": 3, "host.double": 1.5,
                "host.array": [1, "two"], "host.object": ["host.nested": false], "host.null": nil,
            ],
            id: Event.newIdentifier(),
            operatingSystem: "linux",
            architecture: "x86_64"
        )
        let encoder = OTLPLogsEncoder(serviceName: nil, serviceVersion: nil, resourceAttributes: [:])
        let body = try TelemetryValue(
            jsonBytes: encoder.encode([OTLPLogRecord(event: event, observedAt: event.timestamp)])
        )
        let keys = Self.keys(of: body)
        // Sanity: the walk reached the log record and every AnyValue kind.
        #expect(
            keys.isSuperset(of: [
                "resourceLogs", "logRecords", "eventName", "stringValue", "kvlistValue", "arrayValue", "values",
            ])
        )
        let names = Self.attributeNames(of: body).filter { !$0.hasPrefix("host.") }
        #expect(names.contains("telemetry.machine_id"))
        let missing = try Self.undocumented(keys.union(names))
        #expect(missing.isEmpty, "keys or attribute names of an OTLP request missing from Docs/PRIVACY.md: \(missing)")
    }
}
