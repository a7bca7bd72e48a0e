//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Logging
import TelemetryCore
import TelemetryTestSupport
import Testing

@testable import TelemetrySinks

@Suite("HTTPSink endpoint rules")
struct HTTPSinkEndpointTests {
    @Test(
        "HTTPS anywhere, plain HTTP only to loopback",
        arguments: [
            ("https://collector.example.com/events", true),
            ("http://127.0.0.1:4318/v1/logs", true),
            ("http://127.1.2.3/events", true),
            ("http://localhost:8080", true),
            ("http://[::1]:9000/x", true),
            ("http://collector.example.com/events", false),
            ("http://10.0.0.1/events", false),
            ("http://127.0.0.1.example.com/", false),
            ("ftp://collector.example.com/", false),
            ("collector.example.com/events", false),
            ("", false),
        ]
    )
    func endpointRules(endpoint: String, isAccepted: Bool) {
        let result = Result { try HTTPSink(endpoint: endpoint) }
        switch result {
        case .success:
            #expect(isAccepted)
        case .failure(let error):
            #expect(!isAccepted)
            #expect((error as? TelemetryError)?.code == .invalidConfiguration)
        }
    }

    @Test("allowsInsecureEndpoint accepts plain HTTP to a remote host")
    func explicitInsecure() throws {
        var configuration = HTTPSink.Configuration()
        configuration.allowsInsecureEndpoint = true
        _ = try HTTPSink(endpoint: "http://collector.internal/events", configuration: configuration)
    }

    @Test("A URL with credentials is refused, and the error never repeats them")
    func credentialsRefused() {
        for endpoint in [
            "https://alice:s3cr3t-pw@collector.example.com/x", "https://tok3n-only@collector.example.com/",
        ] {
            do {
                _ = try HTTPSink(endpoint: endpoint)
                Issue.record("accepted \(endpoint)")
            } catch {
                #expect(error.code == .invalidConfiguration)
                #expect(!error.description.contains("s3cr3t-pw"))
                #expect(!error.description.contains("tok3n-only"))
                #expect(!error.description.contains("alice"))
            }
        }
    }

    @Test("A header prints its name, never its value, and so does a configuration holding it")
    func headerRedaction() {
        let header = HTTPHeader.authorization(bearer: "top-secret-token")
        let configuration = HTTPSink.Configuration(headers: [header])
        #expect(header.value == "Bearer top-secret-token")
        #expect(!"\(header)".contains("top-secret-token"))
        #expect(!String(reflecting: header).contains("top-secret-token"))
        #expect(!"\(configuration)".contains("top-secret-token"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("top-secret-token"))
    }
}

@Suite("HTTPSink against a real collector", .serialized, .timeLimit(.minutes(1)))
struct HTTPSinkTests {
    typealias Support = DeliveryTestSupport

    @Test("The body is a JSON array of EventEncoder objects that decodes back to the events")
    func bodyIsJSONArrayOfEvents() async throws {
        try await withCollector { collector in
            let sink = try HTTPSink(
                endpoint: collector.url("/ingest"),
                configuration: .init(delivery: Support.configuration())
            )
            var events = (0..<3).map { Support.event($0) }
            events[1].attributes["nested"] = ["list": [1, 2.5, "x", nil, true]]
            for event in events { sink.emit(event) }
            try await sink.flush()

            let received = try await collector.requests()
            try #require(received.count == 1)
            let encoder = EventEncoder()
            let expected =
                "[" + events.map { String(decoding: encoder.encode($0), as: UTF8.self) }.joined(separator: ",") + "]"
            #expect(received[0].body == expected)
            #expect(try received[0].events() == events)
            #expect(received[0].path == "/ingest")
            #expect(received[0].headers["content-type"] == "application/json")
            #expect(received[0].headers["user-agent"]?.hasPrefix("swift-telemetry/") == true)
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("The bearer token reaches the collector and never a log line")
    func bearerTokenSentNeverLogged() async throws {
        try await withCollector { collector in
            try await collector.script([.status(400), .status(503)], default: .status(200))
            let (logger, logs) = RecordingLogHandler.logger()
            var configuration = HTTPSink.Configuration(delivery: Support.configuration())
            configuration.headers = [
                .authorization(bearer: "tok-9f8e7d"), HTTPHeader(name: "X-Api-Key", value: "key-1a2b3c"),
            ]
            let sink = try HTTPSink(endpoint: collector.url(), configuration: configuration, logger: logger)
            sink.emit(Support.event(1))
            try await sink.flush()
            sink.emit(Support.event(2))
            try await sink.flush()
            try await sink.shutdown(deadline: .now + .seconds(1))

            let received = try await collector.requests()
            #expect(received.count == 3)
            #expect(received.allSatisfy { $0.headers["authorization"] == "Bearer tok-9f8e7d" })
            #expect(received.allSatisfy { $0.headers["x-api-key"] == "key-1a2b3c" })
            #expect(!logs.all.isEmpty, "the rejection and the retry were logged")
            #expect(!logs.joined.contains("tok-9f8e7d"))
            #expect(!logs.joined.contains("key-1a2b3c"))
            #expect(!logs.joined.contains("127.0.0.1"), "no URL in logs")
        }
    }

    @Test("emit after shutdown neither throws nor sends; it is counted")
    func emitAfterShutdown() async throws {
        try await withCollector { collector in
            let sink = try HTTPSink(endpoint: collector.url(), configuration: .init(delivery: Support.configuration()))
            try await sink.shutdown(deadline: .now + .seconds(1))
            sink.emit(Support.event(1))
            try await Task.sleep(for: .milliseconds(150))
            #expect(try await collector.requests().isEmpty)
            #expect(sink.statistics.droppedAtShutdown == 1)
        }
    }

    @Test("Through a TelemetryContext, recorded events reach the collector")
    func throughTelemetryContext() async throws {
        try await withCollector { collector in
            let sink = try HTTPSink(endpoint: collector.url(), configuration: .init(delivery: Support.configuration()))
            let context = TelemetryContext(
                tool: "my-cli",
                toolVersion: "2.0.0",
                sink: sink,
                policy: .enabled,
                salt: "s"
            )
            context.record("command_run", attributes: ["command": "build"])
            try await context.flush()
            let events = try await collector.requests().flatMap { try $0.events() }
            #expect(events.map(\.name) == ["command_run"])
            #expect(events.first?.tool == "my-cli")
            #expect(events.first?.attributes["command"] == "build")
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }
}
