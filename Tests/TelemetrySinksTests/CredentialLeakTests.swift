//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import HTTPTypes
import Logging
import TelemetryCore
import TelemetryTestSupport
import Testing

@testable import TelemetrySinks

/// Issue 12, finding 6. On 0.1 a header value `SECRET-456\r\nx-injected: 1` was accepted, every
/// attempt then failed with an AsyncHTTPClient error whose text carried the value, the engine
/// logged it verbatim (3 lines) and kept retrying a request that could never succeed.
@Suite("Credentials never reach an error or a log", .serialized, .timeLimit(.minutes(2)))
struct CredentialLeakTests {
    static let secret = "SECRET-456"

    /// Everything a failure path produced: what was logged (at trace level), and the errors.
    static func assertClean(_ logs: RecordingLogHandler.Store, _ errors: [any Error], _ context: String) {
        let text = logs.joined + errors.map { "\($0) \(String(reflecting: $0))" }.joined()
        #expect(!text.contains(secret), "\(context): the secret reached a log or an error: \(text)")
        #expect(!text.contains("alice"), "\(context): URL user info reached a log or an error")
    }

    @Test("a header value with CR, LF or NUL is refused when the sink is configured, without echoing it")
    func controlCharactersAreRefused() throws {
        for value in [
            "\(Self.secret)\r\nx-injected: 1", "\(Self.secret)\n", "\(Self.secret)\u{0}", "\(Self.secret)\u{7F}",
        ] {
            let configuration = HTTPSink.Configuration(headers: [HTTPHeader(name: "x-api-key", value: value)])
            #expect {
                _ = try HTTPSink(endpoint: "https://collector.example.com/v1/events", configuration: configuration)
            } throws: { error in
                guard let error = error as? TelemetryError else { return false }
                return error.code == .invalidConfiguration && error.message.contains("x-api-key")
                    && !"\(error)".contains(Self.secret)
            }
        }
        let (logger, logs) = RecordingLogHandler.logger()
        #expect {
            _ = try OTLPSink(
                environment: ["OTEL_EXPORTER_OTLP_HEADERS": "x-api-key=\(Self.secret)%0D%0Ax-injected%3A%201"],
                logger: logger
            )
        } throws: { error in
            guard let error = error as? TelemetryError else { return false }
            return error.code == .invalidConfiguration && error.message.contains("OTEL_EXPORTER_OTLP_HEADERS")
                && !"\(error)".contains(Self.secret)
        }
        Self.assertClean(logs, [], "OTEL_EXPORTER_OTLP_HEADERS")
        // A credential in the URL is refused the same way.
        #expect(throws: TelemetryError.self) {
            _ = try HTTPSink(endpoint: "https://alice:\(Self.secret)@collector.example.com/")
        }
        do {
            _ = try HTTPSink(endpoint: "https://alice:\(Self.secret)@collector.example.com/")
        } catch {
            Self.assertClean(RecordingLogHandler.Store(), [error], "URL user info")
        }
    }

    @Test("a transport error that can never pass is not retried")
    func permanentErrorsAreNotRetried() async throws {
        struct RefusingTransport: HTTPTransport {
            let attempts = LockedCount()
            func send(
                _ request: HTTPRequest,
                body: [UInt8],
                timeout: Duration
            ) async throws -> (response: HTTPResponse, body: [UInt8]) {
                attempts.increment()
                throw TelemetryError(code: .invalidConfiguration, message: "the client refused the request")
            }
        }
        let transport = RefusingTransport()
        let sink = try HTTPSink(
            endpoint: "https://collector.example.com/v1/events",
            configuration: HTTPSink.Configuration(delivery: DeliveryTestSupport.configuration(maxAttempts: 10)),
            transport: transport
        )
        sink.emit(DeliveryTestSupport.event(1))
        try await sink.flush(deadline: .now + .seconds(10))
        #expect(transport.attempts.value == 1)
        #expect(sink.statistics.droppedRejected == 1)
        #expect(sink.statistics.retried == 0)
        try await sink.shutdown(deadline: .now + .seconds(1))
    }

    enum FailurePath: String, CaseIterable {
        case clientError = "400"
        case serverError = "503"
        case timeout
        case connectionRefused = "connection refused"
        case redirect
    }

    static var cases: [(String, FailurePath)] {
        HTTPTransportTests.transports.map(\.0).flatMap { name in FailurePath.allCases.map { (name, $0) } }
    }

    static func transport(named name: String) -> any HTTPTransport {
        HTTPTransportTests.transports.first { $0.0 == name }!.1
    }

    @Test(
        "every failure path, through both transports, at trace level: the secret header never reaches a log or an error",
        arguments: cases
    )
    func failurePathsStayClean(transportName: String, path: FailurePath) async throws {
        let (logger, logs) = RecordingLogHandler.logger()
        var errors: [any Error] = []
        try await withCollector { collector in
            try await withCollector(host: "127.0.0.2") { elsewhere in
                var endpoint = collector.url("/v1/events")
                switch path {
                case .clientError:
                    try await collector.script([], default: .status(400, body: #"{"error":"\#(Self.secret)"}"#))
                case .serverError: try await collector.script([], default: .status(503))
                case .timeout: try await collector.script([], default: .hang(seconds: 10))
                case .redirect:
                    try await collector.script(
                        [],
                        default: .status(307, headers: ["Location": elsewhere.url("/steal")])
                    )
                case .connectionRefused:
                    let closed = try await Collector.start()
                    closed.stop()
                    endpoint = closed.url("/v1/events")
                }
                var configuration = HTTPSink.Configuration(headers: [
                    HTTPHeader(name: "x-api-key", value: Self.secret), .authorization(bearer: Self.secret),
                ])
                // 1 s where the collector hangs; generously otherwise: FoundationNetworking crashes when a
                // request times out while a redirect it reported waits for the delegate (a race of its
                // own, seen under ThreadSanitizer).
                configuration.delivery = DeliveryTestSupport.configuration(
                    requestTimeout: path == .timeout ? .seconds(1) : .seconds(15),
                    maxAttempts: 3
                )
                let sink = try HTTPSink(
                    endpoint: endpoint,
                    configuration: configuration,
                    transport: Self.transport(named: transportName),
                    logger: logger
                )
                sink.emit(DeliveryTestSupport.event(1))
                do { try await sink.flush(deadline: .now + .seconds(15)) } catch { errors.append(error) }
                do { try await sink.shutdown(deadline: .now + .seconds(1)) } catch { errors.append(error) }
                #expect(sink.statistics.delivered == 0)
                #expect(try await elsewhere.requests().isEmpty)
            }
        }
        #expect(!logs.all.isEmpty, "the failure was logged at all")
        Self.assertClean(logs, errors, "\(transportName), \(path.rawValue)")
    }
}
