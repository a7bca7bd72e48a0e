//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import HTTPTypes
import TelemetryCore
import TelemetryTestSupport
import Testing

@testable import TelemetrySinks

#if AsyncHTTPClientTransport
import AsyncHTTPClient
#endif

/// Both shipped transports against the real collector: status, headers and body both ways,
/// refused connections and timeouts as `TelemetryError.delivery`.
@Suite("HTTP transports against a real collector", .serialized, .timeLimit(.minutes(1)))
struct HTTPTransportTests {
    /// A POST to `url` (an `http://host:port/path` of a test collector).
    static func post(_ url: String, headers: HTTPFields = [:]) -> HTTPRequest {
        let components = URLComponents(string: url)!
        let authority = "\(components.host!):\(components.port!)"
        let path = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        return HTTPRequest(
            method: .post,
            scheme: "http",
            authority: authority,
            path: path.isEmpty ? "/" : path,
            headerFields: headers
        )
    }

    static var transports: [(String, any HTTPTransport)] {
        var transports: [(String, any HTTPTransport)] = [("URLSession", URLSessionTransport())]
        #if AsyncHTTPClientTransport
        transports.append(("AsyncHTTPClient", AsyncHTTPClientTransport()))
        #endif
        return transports
    }

    @Test(
        "A POST carries method, headers and body; the answer's status, headers and body come back",
        arguments: transports
    )
    func roundTrip(name: String, transport: any HTTPTransport) async throws {
        try await withCollector { collector in
            try await collector.script([.status(202, headers: ["X-Answer": "yes"], body: #"{"ok":true}"#)])
            let request = Self.post(
                collector.url("/path?q=1"),
                headers: [HTTPField.Name("X-Custom")!: "v1", .contentType: "application/json"]
            )
            let (response, body) = try await transport.send(
                request,
                body: Array(#"[{"a":1}]"#.utf8),
                timeout: .seconds(5)
            )
            #expect(response.status.code == 202)
            #expect(response.headerFields[HTTPField.Name("x-answer")!] == "yes")
            #expect(String(decoding: body, as: UTF8.self) == #"{"ok":true}"#)

            let received = try await collector.requests()
            try #require(received.count == 1)
            #expect(received[0].method == "POST")
            #expect(received[0].path == "/path?q=1")
            #expect(received[0].headers["x-custom"] == "v1")
            #expect(received[0].body == #"[{"a":1}]"#)
        }
    }

    @Test("Error statuses are responses, not errors", arguments: transports)
    func errorStatusIsAResponse(name: String, transport: any HTTPTransport) async throws {
        try await withCollector { collector in
            try await collector.script([.status(503, headers: ["Retry-After": "7"])])
            let (response, _) = try await transport.send(Self.post(collector.url()), body: [1], timeout: .seconds(5))
            #expect(response.status.code == 503)
            #expect(response.headerFields[.retryAfter] == "7")
        }
    }

    @Test("A hanging collector times out within the request timeout", arguments: transports)
    func timeout(name: String, transport: any HTTPTransport) async throws {
        try await withCollector { collector in
            try await collector.script([.hang(seconds: 10)])
            let start = ContinuousClock.now
            await #expect {
                _ = try await transport.send(Self.post(collector.url()), body: [1], timeout: .milliseconds(500))
            } throws: { error in
                (error as? TelemetryError)?.code == .delivery
            }
            let elapsed = ContinuousClock.now - start
            print("\(name) timed out after \(elapsed)")
            #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(4), "timed out after \(elapsed)")
        }
    }

    @Test("A closed port is a delivery error, within the request timeout", arguments: transports)
    func connectionRefused(name: String, transport: any HTTPTransport) async throws {
        // Start and stop a collector: its port is then (almost certainly) closed.
        let collector = try await Collector.start()
        collector.stop()
        let port = collector.port
        let start = ContinuousClock.now
        await #expect {
            _ = try await transport.send(Self.post("http://127.0.0.1:\(port)/"), body: [1], timeout: .seconds(1))
        } throws: { error in
            (error as? TelemetryError)?.code == .delivery
        }
        // URLSession fails at once; AsyncHTTPClient keeps reconnecting until the timeout.
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    #if AsyncHTTPClientTransport
    @Test("HTTPSink on a host's own AsyncHTTPClient delivers every event")
    func sinkOnSharedClient() async throws {
        try await withCollector { collector in
            let sink = try HTTPSink(
                endpoint: collector.url(),
                configuration: .init(delivery: DeliveryTestSupport.configuration(maxBatchSize: 5)),
                transport: AsyncHTTPClientTransport(client: .shared)
            )
            for n in 0..<12 { sink.emit(DeliveryTestSupport.event(n)) }
            try await sink.flush()
            #expect(try DeliveryTestSupport.deliveredNumbers(try await collector.requests()) == Array(0..<12))
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }
    #endif
}

/// Issue 12, finding 5: on 0.1, `AsyncHTTPClientTransport` followed a `307` to another origin
/// and delivered the body and the `x-api-key` header there (`delivered=1`).
@Suite("HTTP transport redirects", .serialized, .timeLimit(.minutes(1)))
struct HTTPTransportRedirectTests {
    @Test(
        "A redirect to another origin is returned, never followed: nothing reaches the second origin",
        arguments: HTTPTransportTests.transports
    )
    func redirectIsNotFollowed(name: String, transport: any HTTPTransport) async throws {
        try await withCollector { first in
            // 127.0.0.2 is another origin on loopback.
            try await withCollector(host: "127.0.0.2") { second in
                try await first.script([.status(307, headers: ["Location": second.url("/steal")])])
                let (response, _) = try await transport.send(
                    HTTPTransportTests.post(
                        first.url("/events"),
                        headers: [HTTPField.Name("x-api-key")!: "SECRET", .authorization: "Bearer redirect-secret"]
                    ),
                    body: Array("[]".utf8),
                    timeout: .seconds(15)  // generous: see sinkDoesNotFollowRedirects
                )
                #expect(response.status.code == 307, "\(name) returns the redirect as the response")
                try await Task.sleep(for: .milliseconds(200))
                let forwarded = try await second.requests()
                #expect(forwarded.isEmpty, "\(name) sent \(forwarded.count) request(s) to the second origin")
            }
        }
    }

    @Test(
        "An HTTPSink whose collector redirects drops the batch and delivers nothing elsewhere",
        arguments: HTTPTransportTests.transports
    )
    func sinkDoesNotFollowRedirects(name: String, transport: any HTTPTransport) async throws {
        try await withCollector { first in
            try await withCollector(host: "127.0.0.2") { second in
                try await first.script([], default: .status(307, headers: ["Location": second.url("/steal")]))
                var configuration = HTTPSink.Configuration(headers: [HTTPHeader(name: "x-api-key", value: "SECRET")])
                // A generous timeout: FoundationNetworking crashes when a request times out while
                // a redirect waits for the delegate (its own race, seen under ThreadSanitizer).
                configuration.delivery = DeliveryTestSupport.configuration(requestTimeout: .seconds(15))
                let sink = try HTTPSink(endpoint: first.url(), configuration: configuration, transport: transport)
                sink.emit(DeliveryTestSupport.event(1))
                try await sink.flush(deadline: .now + .seconds(10))
                let statistics = sink.statistics
                #expect(statistics.delivered == 0)
                #expect(statistics.droppedRejected == 1)
                #expect(statistics.retried == 0, "a redirect is not retried")
                #expect(try await second.requests().isEmpty)
                #expect(try await first.requests().count == 1)
                try await sink.shutdown(deadline: .now + .seconds(1))
            }
        }
    }
}
