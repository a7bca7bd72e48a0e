//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TelemetryCollector
import TelemetryCore
import TelemetrySinks
import Testing

/// The three wire formats, through the library's own sinks and by hand, into a real SQLite file.
@Suite("Collector ingest", .timeLimit(.minutes(2)))
struct IngestTests {
    @Test("HTTPSink's JSON arrays, gzip included, are stored once each: a resend is a duplicate")
    func eventArraysFromHTTPSink() async throws {
        let (_, collector) = try await CollectorTests.withLiveCollector { client, _ in
            let port = try #require(client.port)
            var configuration = HTTPSink.Configuration()
            configuration.compression = .gzip
            let sink = try HTTPSink(endpoint: "http://localhost:\(port)/v1/events", configuration: configuration)
            let context = TelemetryContext(
                tool: "mytool",
                toolVersion: "1.2.0",
                sink: sink,
                policy: .enabled,
                salt: "t"
            )
            for n in 0..<20 { context.record("command_run", attributes: ["n": .int(n)]) }
            try await sink.shutdown(deadline: .now + .seconds(10))
            #expect(sink.statistics.delivered == 20)
            // The same line twice, by hand: one stored.
            let line = CollectorTests.line(id: "0123456789abcdef0123456789abcdef")
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/v1/events",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: CollectorTests.array([line])
                ) { response in
                    #expect(response.status == .accepted)
                    #expect(String(buffer: response.body) == #"{"accepted":1,"invalid":0,"offSchema":0}"#)
                }
            }
        }
        #expect(try await collector.store.count(tool: "mytool") == 21)
        let statistics = collector.statistics.snapshot
        #expect(statistics.accepted == 22)
        #expect(statistics.stored == 21)
        #expect(statistics.duplicates == 1)
        let report = try await collector.store.report(tool: "mytool")
        #expect(report.weeks.reduce(0) { $0 + $1.events } == 21)
        #if os(Linux)
        #expect(report.weeks.last?.byOperatingSystem["linux"] == 21)
        #endif
    }

    @Test("Better Auth envelopes (HTTPSink's betterAuthEnvelope format) are stored with their project id")
    func envelopes() async throws {
        let (_, collector) = try await CollectorTests.withLiveCollector { client, _ in
            let port = try #require(client.port)
            var configuration = HTTPSink.Configuration()
            configuration.format = .betterAuthEnvelope
            let sink = try HTTPSink(
                endpoint: "http://localhost:\(port)/v1/envelope?tool=swift-auth",
                configuration: configuration
            )
            sink.emit(
                Event(
                    name: "init",
                    tool: "swift-auth",
                    toolVersion: "1.0.0",
                    machineId: CollectorTests.machineId,
                    attributes: ["config": ["emailAndPassword": ["enabled": true]]],
                    projectId: "cHJvamVjdA=="
                )
            )
            try await sink.shutdown(deadline: .now + .seconds(10))
            #expect(sink.statistics.delivered == 1)
            try await client.execute(
                uri: "/v1/envelope",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"type":"init"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("envelope"))
            }
        }
        let report = try await collector.store.report(tool: "swift-auth")
        #expect(report.weeks.first?.byName == ["init": 1])
    }

    @Test("OTLPSink's logs, gzip included (OTEL_EXPORTER_OTLP_COMPRESSION=gzip), keep their ids and platform")
    func otlpLogs() async throws {
        let (_, collector) = try await CollectorTests.withLiveCollector { client, _ in
            let port = try #require(client.port)
            let sink = try OTLPSink(
                configuration: .init(endpoint: "http://localhost:\(port)/v1/logs"),
                environment: ["OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"]
            )
            let context = TelemetryContext(
                tool: "otlp-tool",
                toolVersion: "2.0.0",
                sink: sink,
                policy: .enabled,
                salt: "t"
            )
            for n in 0..<5 { context.record("job_done", attributes: ["n": .int(n), "ok": true]) }
            try await sink.shutdown(deadline: .now + .seconds(10))
            #expect(sink.statistics.delivered == 5)
        }
        let report = try await collector.store.report(tool: "otlp-tool")
        let week = try #require(report.weeks.last)
        #expect(week.byName == ["job_done": 5])
        #expect(week.byToolVersion == ["2.0.0": 5])
        #expect(week.byOperatingSystem.keys.contains("unknown") == false)
    }

    @Test("with schemas, what is off a tool's schema is dropped and counted, never stored; the schema is published")
    func schemaEnforced() async throws {
        var configuration = CollectorTests.configuration
        configuration.schemas = try SchemaRegistry([CollectorTests.schema])
        let (_, collector) = try await CollectorTests.withLiveCollector(configuration) { client, _ in
            let lines = [
                CollectorTests.line(attributes: #"{"command":"build"}"#),
                CollectorTests.line(attributes: #"{"command":"cat /etc/passwd"}"#),
                CollectorTests.line(attributes: #"{"path":"/home/me"}"#),
                CollectorTests.line("secret_event"),
                CollectorTests.line(tool: "unlisted-tool"),
                #"{"not":"an event"}"#,
            ]
            try await client.execute(
                uri: "/v1/events",
                method: .post,
                headers: [.contentType: "application/json"],
                body: CollectorTests.array(lines)
            ) { response in
                #expect(response.status == .accepted)
                #expect(String(buffer: response.body) == #"{"accepted":1,"invalid":1,"offSchema":4}"#)
            }
            try await client.execute(uri: "/v1/schema/mytool", method: .get) { response in
                #expect(response.status == .ok)
                let published = try TelemetrySchema(jsonBytes: Array(response.body.readableBytesView))
                #expect(published == CollectorTests.schema)
            }
            try await client.execute(uri: "/v1/schema/other", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(try await collector.store.count(tool: nil) == 1)
        #expect(collector.statistics.snapshot.offSchema == 4)
        #expect(collector.statistics.snapshot.invalid == 1)
    }
}
