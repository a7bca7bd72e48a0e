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

@Suite("OTLPSink environment configuration")
struct OTLPSinkEnvironmentTests {
    private func configuration(
        _ environment: [String: String],
        base: OTLPSink.Configuration = .init()
    ) throws -> OTLPSink.Configuration {
        try OTLPSink(configuration: base, environment: environment).configuration
    }

    @Test("Without variables: the local collector on 4318")
    func defaults() throws {
        let configuration = try configuration([:])
        #expect(configuration.endpoint == "http://localhost:4318/v1/logs")
        #expect(configuration.delivery.requestTimeout == .seconds(10))
        #expect(configuration.headers.isEmpty)
    }

    @Test(
        "OTEL_EXPORTER_OTLP_ENDPOINT gets /v1/logs appended to its path",
        arguments: [
            ("https://otel.example.com", "https://otel.example.com/v1/logs"),
            ("https://otel.example.com/", "https://otel.example.com/v1/logs"),
            ("https://otel.example.com:4318/otlp", "https://otel.example.com:4318/otlp/v1/logs"),
            ("https://otel.example.com/otlp/?tenant=a", "https://otel.example.com/otlp/v1/logs?tenant=a"),
        ]
    )
    func sharedEndpoint(value: String, expected: String) throws {
        #expect(try configuration(["OTEL_EXPORTER_OTLP_ENDPOINT": value]).endpoint == expected)
    }

    @Test("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT is used as is and wins over the shared one")
    func logsEndpoint() throws {
        let environment = [
            "OTEL_EXPORTER_OTLP_ENDPOINT": "https://shared.example.com",
            "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "https://logs.example.com/custom/path",
        ]
        #expect(try configuration(environment).endpoint == "https://logs.example.com/custom/path")
    }

    @Test("The environment overrides the endpoint given in code, as in the OTel SDKs")
    func environmentOverridesCode() throws {
        let base = OTLPSink.Configuration(endpoint: "https://code.example.com/v1/logs")
        #expect(try configuration([:], base: base).endpoint == "https://code.example.com/v1/logs")
        #expect(
            try configuration(["OTEL_EXPORTER_OTLP_ENDPOINT": "https://env.example.com"], base: base).endpoint
                == "https://env.example.com/v1/logs"
        )
    }

    @Test(
        "Headers: k=v pairs, trimmed and percent-decoded; the logs variable wins; code headers of the same name are replaced"
    )
    func headers() throws {
        let base = OTLPSink.Configuration(headers: [
            HTTPHeader(name: "api-key", value: "from-code"), HTTPHeader(name: "keep", value: "1"),
        ])
        let shared = try configuration(
            ["OTEL_EXPORTER_OTLP_HEADERS": " api-key = s%20ecret%3D%2C ,x-tenant=a%C3%A9,broken,=nokey"],
            base: base
        )
        #expect(shared.headers.map(\.name) == ["keep", "api-key", "x-tenant"])
        #expect(shared.headers.map(\.value) == ["1", "s ecret=,", "aé"])
        let logs = try configuration([
            "OTEL_EXPORTER_OTLP_HEADERS": "a=shared",
            "OTEL_EXPORTER_OTLP_LOGS_HEADERS": "b=logs",
        ])
        #expect(logs.headers.map(\.name) == ["b"])
    }

    @Test("Malformed header entries are skipped and reported without their values")
    func malformedHeadersNotLogged() throws {
        let (logger, logs) = RecordingLogHandler.logger()
        let sink = try OTLPSink(
            environment: ["OTEL_EXPORTER_OTLP_HEADERS": "bad entry-secret99,ok=fine"],
            logger: logger
        )
        #expect(sink.configuration.headers.map(\.name) == ["ok"])
        #expect(logs.joined.contains("OTEL_EXPORTER_OTLP_HEADERS"))
        #expect(!logs.joined.contains("secret99"))
        #expect(!logs.joined.contains("fine"))
    }

    @Test("Timeout in milliseconds; the logs variable wins; nonsense is ignored")
    func timeout() throws {
        #expect(
            try configuration(["OTEL_EXPORTER_OTLP_TIMEOUT": "2500"]).delivery.requestTimeout == .milliseconds(2500)
        )
        #expect(
            try configuration(["OTEL_EXPORTER_OTLP_TIMEOUT": "2500", "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": "700"])
                .delivery.requestTimeout == .milliseconds(700)
        )
        #expect(try configuration(["OTEL_EXPORTER_OTLP_TIMEOUT": "soon"]).delivery.requestTimeout == .seconds(10))
        #expect(try configuration(["OTEL_EXPORTER_OTLP_TIMEOUT": "-5"]).delivery.requestTimeout == .seconds(10))
    }

    @Test("An insecure or credential-carrying endpoint from the environment is refused")
    func insecureEnvironmentEndpoint() {
        for endpoint in ["http://otel.example.com", "https://user:pw@otel.example.com"] {
            #expect(throws: TelemetryError.self) {
                try OTLPSink(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": endpoint])
            }
        }
    }
}

@Suite("OTLPSink against a real collector with the protobuf JSON parser", .serialized, .timeLimit(.minutes(1)))
struct OTLPSinkTests {
    typealias Support = DeliveryTestSupport

    private func fastConfiguration() -> OTLPSink.Configuration {
        OTLPSink.Configuration(delivery: Support.configuration())
    }

    @Test("The body parses as ExportLogsServiceRequest and every field round-trips")
    func protobufRoundTrip() async throws {
        try await withCollector(otlp: true) { collector in
            let sink = try OTLPSink(
                configuration: fastConfiguration(),
                environment: [
                    "OTEL_EXPORTER_OTLP_ENDPOINT": collector.baseURL + "/otlp",
                    "OTEL_EXPORTER_OTLP_HEADERS": "x-api-key=k%20v",
                ]
            )
            var event = Support.event(7, name: "command_run")
            event.attributes = [
                "command": "build",
                "count": 42,
                "big": .int(Int.max),
                "ratio": 0.25,
                "cached": true,
                "targets": ["Core", 3, false],
                "details": ["depth": 2, "name": "x", "empty": nil],
                "missing": nil,
            ]
            let before = Date()
            sink.emit(event)
            sink.emit(Support.event(8))
            try await sink.flush()
            let after = Date()

            let received = try await collector.requests()
            try #require(received.count == 1)
            let request = received[0]
            #expect(request.path == "/otlp/v1/logs")
            #expect(request.headers["x-api-key"] == "k v")
            #expect(request.otlpError == nil, "protobuf rejected the body: \(request.otlpError ?? "")")
            let message = try #require(request.otlp)

            let resourceLogs = try #require(message["resourceLogs"]?.arrayValue)
            try #require(resourceLogs.count == 1)
            let resource = Self.keyValues(resourceLogs[0]["resource"]?["attributes"])
            #expect(resource["service.name"] == ["stringValue": "delivery-tests"])
            #expect(resource["service.version"] == ["stringValue": "1.0.0"])
            #expect(resource["telemetry.sdk.name"] == ["stringValue": "swift-telemetry"])
            let scopeLogs = try #require(resourceLogs[0]["scopeLogs"]?.arrayValue)
            #expect(scopeLogs[0]["scope"]?["name"] == "swift-telemetry")
            #expect(scopeLogs[0]["scope"]?["version"]?.stringValue?.isEmpty == false)

            let records = try #require(scopeLogs[0]["logRecords"]?.arrayValue)
            try #require(records.count == 2)
            let record = records[0]
            #expect(record["eventName"] == "command_run")
            #expect(record["timeUnixNano"] == "1795000000125000000")
            #expect(record["severityNumber"] == "SEVERITY_NUMBER_INFO")
            #expect(record["severityText"] == "INFO")
            let observed = try #require(record["observedTimeUnixNano"]?.stringValue.flatMap { Int64($0) })
            #expect(observed >= Int64(before.timeIntervalSince1970 * 1e9) - 1_000_000)
            #expect(observed <= Int64(after.timeIntervalSince1970 * 1e9) + 1_000_000)

            let attributes = Self.keyValues(record["attributes"])
            #expect(attributes["command"] == ["stringValue": "build"])
            #expect(attributes["count"] == ["intValue": "42"])
            #expect(attributes["big"] == ["intValue": .string(String(Int.max))])
            #expect(attributes["ratio"] == ["doubleValue": 0.25])
            #expect(attributes["cached"] == ["boolValue": true])
            #expect(
                attributes["targets"] == [
                    "arrayValue": ["values": [["stringValue": "Core"], ["intValue": "3"], ["boolValue": false]]]
                ]
            )
            let details = Self.keyValues(attributes["details"]?["kvlistValue"]?["values"])
            #expect(details["depth"] == ["intValue": "2"])
            #expect(details["name"] == ["stringValue": "x"])
            #expect(details["empty"] == [:])
            #expect(attributes["missing"] == [:])
            #expect(attributes[OTLPLogsEncoder.machineIdKey] == ["stringValue": .string(event.machineId)])
            #expect(Self.keyValues(records[1]["attributes"])["n"] == ["intValue": "8"])
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("Events of different tools go into separate resources; a configured service name wins")
    func resourcesPerTool() async throws {
        try await withCollector(otlp: true) { collector in
            let sink = try OTLPSink(
                configuration: fastConfiguration(),
                environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": collector.baseURL]
            )
            var other = Support.event(2)
            other.tool = "other-tool"
            sink.emit(Support.event(1))
            sink.emit(other)
            try await sink.flush()
            let message = try #require(try await collector.requests().first?.otlp)
            let names = (message["resourceLogs"]?.arrayValue ?? []).map {
                Self.keyValues($0["resource"]?["attributes"])["service.name"]
            }
            #expect(names == [["stringValue": "delivery-tests"], ["stringValue": "other-tool"]])
            try await sink.shutdown(deadline: .now + .seconds(1))

            let named = try OTLPSink(
                configuration: fastConfiguration(),
                environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": collector.baseURL, "OTEL_SERVICE_NAME": "my-service"]
            )
            named.emit(other)
            try await named.flush()
            let last = try #require(try await collector.requests().last?.otlp)
            let resource = Self.keyValues(last["resourceLogs"]?[0]?["resource"]?["attributes"])
            #expect(resource["service.name"] == ["stringValue": "my-service"])
            try await named.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("A partialSuccess answer is logged as a warning with its count and message, not retried")
    func partialSuccessLogged() async throws {
        try await withCollector(otlp: true) { collector in
            try await collector.script([
                .status(
                    200,
                    body: #"{"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"attribute too long"}}"#
                )
            ])
            let (logger, logs) = RecordingLogHandler.logger()
            let sink = try OTLPSink(
                configuration: fastConfiguration(),
                environment: ["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": collector.url("/v1/logs")],
                logger: logger
            )
            sink.emit(Support.event(1))
            sink.emit(Support.event(2))
            try await sink.flush()
            let warnings = logs.all.filter { $0.level == .warning }.map(\.text)
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("rejectedLogRecords=1") == true)
            #expect(warnings.first?.contains("attribute too long") == true)
            #expect(try await collector.requests().count == 1)
            #expect(sink.statistics.delivered == 2)
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("partialSuccess parsing accepts numbers and strings, and ignores an empty one")
    func partialSuccessParsing() {
        #expect(OTLPPartialSuccess.parse(Array(#"{"partialSuccess":{}}"#.utf8)) == nil)
        #expect(OTLPPartialSuccess.parse(Array("{}".utf8)) == nil)
        #expect(OTLPPartialSuccess.parse(Array("not json".utf8)) == nil)
        #expect(
            OTLPPartialSuccess.parse(Array(#"{"partialSuccess":{"rejectedLogRecords":3}}"#.utf8))
                == OTLPPartialSuccess(rejectedLogRecords: 3, errorMessage: "")
        )
    }

    /// `[{key, value}]` as a dictionary.
    static func keyValues(_ list: TelemetryValue?) -> [String: TelemetryValue] {
        var result: [String: TelemetryValue] = [:]
        for entry in list?.arrayValue ?? [] {
            if let key = entry["key"]?.stringValue { result[key] = entry["value"] ?? .object([:]) }
        }
        return result
    }
}
