//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing
import TelemetryCore
@testable import TelemetrySinks

#if AsyncHTTPClientTransport
import AsyncHTTPClient
#endif

/// Both shipped transports against the real collector: status, headers and body both ways,
/// refused connections and timeouts as `TelemetryError.delivery`.
@Suite("HTTP transports against a real collector", .serialized, .timeLimit(.minutes(1)))
struct HTTPTransportTests {
    static var transports: [(String, any HTTPTransport)] {
        var transports: [(String, any HTTPTransport)] = [("URLSession", URLSessionTransport())]
        #if AsyncHTTPClientTransport
        transports.append(("AsyncHTTPClient", AsyncHTTPClientTransport()))
        #endif
        return transports
    }

    @Test("A POST carries method, headers and body; the answer's status, headers and body come back", arguments: transports)
    func roundTrip(name: String, transport: any HTTPTransport) async throws {
        try await withCollector { collector in
            try await collector.script([.status(202, headers: ["X-Answer": "yes"], body: #"{"ok":true}"#)])
            let request = HTTPRequest(
                url: collector.url("/path?q=1"),
                headers: [HTTPHeader(name: "X-Custom", value: "v1"), HTTPHeader(name: "Content-Type", value: "application/json")],
                body: Array(#"[{"a":1}]"#.utf8),
                timeout: .seconds(5)
            )
            let response = try await transport.send(request)
            #expect(response.status == 202)
            #expect(response.header("x-answer") == "yes")
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)

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
            let response = try await transport.send(HTTPRequest(url: collector.url(), body: [1], timeout: .seconds(5)))
            #expect(response.status == 503)
            #expect(response.header("Retry-After") == "7")
        }
    }

    @Test("A hanging collector times out within the request timeout", arguments: transports)
    func timeout(name: String, transport: any HTTPTransport) async throws {
        try await withCollector { collector in
            try await collector.script([.hang(seconds: 10)])
            let start = ContinuousClock.now
            await #expect {
                _ = try await transport.send(HTTPRequest(url: collector.url(), body: [1], timeout: .milliseconds(500)))
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
            _ = try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(port)/", body: [1], timeout: .seconds(1)))
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
            for n in 0..<12 { try await sink.emit(DeliveryTestSupport.event(n)) }
            try await sink.flush()
            #expect(try DeliveryTestSupport.deliveredNumbers(try await collector.requests()) == Array(0..<12))
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }
    #endif
}

@Suite("HTTP transport redirects", .serialized, .timeLimit(.minutes(1)))
struct HTTPTransportRedirectTests {
    @Test("A redirect to another origin never carries the Authorization header", arguments: HTTPTransportTests.transports)
    func redirectDropsCredentials(name: String, transport: any HTTPTransport) async throws {
        try await withCollector { first in
            try await withCollector { second in
                try await first.script([.status(307, headers: ["Location": second.url("/elsewhere")])])
                let response = try await transport.send(HTTPRequest(
                    url: first.url("/events"),
                    headers: [.authorization(bearer: "redirect-secret")],
                    body: Array("[]".utf8),
                    timeout: .seconds(5)
                ))
                let forwarded = try await second.requests()
                print("\(name): redirect answered \(response.status); second origin got \(forwarded.count) request(s), authorization: \(forwarded.first?.headers["authorization"] ?? "none")")
                #expect(forwarded.allSatisfy { $0.headers["authorization"] == nil })
                if name == "URLSession" {
                    #expect(response.status == 307, "URLSessionTransport does not follow redirects")
                    #expect(forwarded.isEmpty)
                }
            }
        }
    }
}
