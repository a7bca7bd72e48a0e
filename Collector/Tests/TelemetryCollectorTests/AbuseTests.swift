//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TelemetryCollector
import TelemetryCore
import Testing

/// Every bad input gets a clear 4xx, never a 500 and never a crash.
@Suite("Collector abuse", .timeLimit(.minutes(2)))
struct AbuseTests {
    static func post(
        _ client: any TestClientProtocol,
        _ uri: String = "/v1/events",
        headers: HTTPFields = [.contentType: "application/json"],
        body: ByteBuffer
    ) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .post, headers: headers, body: body) { response in
            (response.status, String(buffer: response.body))
        }
    }

    @Test("malformed bodies, wrong types and encodings, oversize and gzip bombs: each its own 4xx")
    func badInput() async throws {
        var configuration = CollectorTests.configuration
        configuration.maximumBodySize = 64 * 1024
        configuration.maximumDecompressedSize = 256 * 1024
        _ = try await CollectorTests.withLiveCollector(configuration) { client, _ in
            var (status, message) = try await Self.post(client, body: ByteBuffer(string: "{nope"))
            #expect(status == .badRequest && message.contains("not valid JSON"))
            (status, message) = try await Self.post(client, body: ByteBuffer(string: #"{"a":1}"#))
            #expect(status == .badRequest && message.contains("JSON array"))
            (status, message) = try await Self.post(client, body: ByteBuffer(string: #"[{"name":"x"}]"#))
            #expect(status == .badRequest && message.contains("no valid event"))
            (status, _) = try await Self.post(client, body: ByteBuffer())
            #expect(status == .badRequest)
            (status, _) = try await Self.post(
                client,
                headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "[]")
            )
            #expect(status == .unsupportedMediaType)
            (status, _) = try await Self.post(
                client,
                headers: [.contentType: "application/json", .contentEncoding: "br"],
                body: ByteBuffer(string: "[]")
            )
            #expect(status == .unsupportedMediaType)
            (status, _) = try await Self.post(client, body: ByteBuffer(repeating: UInt8(ascii: " "), count: 65 * 1024))
            #expect(status == .contentTooLarge)
            // 10 MiB of zeros, gzipped to a few KiB: stopped at the decompressed limit.
            var bomb = ByteBuffer(repeating: 0x20, count: 10 << 20)
            let compressed = try bomb.compress(with: .gzip)
            (status, message) = try await Self.post(
                client,
                headers: [.contentType: "application/json", .contentEncoding: "gzip"],
                body: compressed
            )
            #expect(status == .contentTooLarge && message.contains("decompressed"))
            (status, _) = try await Self.post(
                client,
                headers: [.contentType: "application/json", .contentEncoding: "gzip"],
                body: ByteBuffer(string: "not gzip at all")
            )
            #expect(status == .badRequest)
        }
    }

    @Test("2,000 random bodies to every ingest route: only 2xx and 4xx, and the collector still answers")
    func randomBodiesNeverFail() async throws {
        var configuration = CollectorTests.configuration
        configuration.requestsPerSecond = 1e9
        configuration.burst = 1e9
        _ = try await CollectorTests.withLiveCollector(configuration) { client, _ in
            var generator = SystemRandomNumberGenerator()
            let fragments = [
                "[", "]", "{", "}", "\"", ":", ",", "null", "1e999", "\"attrs\"", CollectorTests.line(), "\\u0000", "é",
            ]
            for index in 0..<2_000 {
                let uri = ["/v1/events", "/v1/envelope", "/v1/logs"][index % 3]
                var text = ""
                for _ in 0..<Int.random(in: 0...12, using: &generator) {
                    text += fragments.randomElement(using: &generator)!
                }
                let (status, _) = try await Self.post(client, uri, body: ByteBuffer(string: text))
                #expect((200..<500).contains(status.code), "\(uri) \(text): \(status)")
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("a private collector wants its bearer token everywhere but the schema and the health check")
    func bearerToken() async throws {
        var configuration = CollectorTests.configuration
        configuration.bearerToken = "s3cret-token"
        _ = try await CollectorTests.withLiveCollector(configuration) { client, _ in
            let body = CollectorTests.array([CollectorTests.line()])
            var (status, _) = try await AbuseTests.post(client, body: body)
            #expect(status == .unauthorized)
            (status, _) = try await AbuseTests.post(
                client,
                headers: [.contentType: "application/json", .authorization: "Bearer wrong"],
                body: body
            )
            #expect(status == .unauthorized)
            (status, _) = try await AbuseTests.post(
                client,
                headers: [.contentType: "application/json", .authorization: "Bearer s3cret-token"],
                body: body
            )
            #expect(status == .accepted)
            try await client.execute(uri: "/v1/report?tool=mytool", method: .get) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("a source past its rate gets 429 with Retry-After; a full queue gets 503 and nothing is half-taken")
    func rateLimitAndFullQueue() async throws {
        var limited = CollectorTests.configuration
        limited.requestsPerSecond = 1
        limited.burst = 5
        _ = try await CollectorTests.withLiveCollector(limited) { client, _ in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<8 {
                try await client.execute(
                    uri: "/v1/events",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: CollectorTests.array([CollectorTests.line()])
                ) { response in
                    statuses.append(response.status)
                    if response.status == .tooManyRequests { #expect(response.headers[.retryAfter] == "1") }
                }
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .accepted })
            #expect(statuses.suffix(3).allSatisfy { $0 == .tooManyRequests })
        }
        var small = CollectorTests.configuration
        small.queueCapacity = 3
        let (_, full) = try await CollectorTests.withLiveCollector(small, store: StalledStore()) { client, _ in
            let (first, _) = try await AbuseTests.post(
                client,
                body: CollectorTests.array([CollectorTests.line(), CollectorTests.line()])
            )
            #expect(first == .accepted)
            // The writer holds one batch while the store stalls; two more do not fit in 3 with
            // what waits: refused whole, so that the sender keeps both.
            try await Task.sleep(for: .milliseconds(200))
            let (second, _) = try await AbuseTests.post(
                client,
                body: CollectorTests.array([
                    CollectorTests.line(), CollectorTests.line(), CollectorTests.line(), CollectorTests.line(),
                ])
            )
            #expect(second == .serviceUnavailable)
        }
        #expect(full.statistics.snapshot.refusedRequests["503"] == 1)
    }
}

/// A store that takes a while: a queue that fills while it writes.
struct StalledStore: EventStore {
    func insert(_ events: [StoredEvent]) async throws -> Int {
        try? await Task.sleep(for: .milliseconds(500))
        return events.count
    }
    func report(tool: String) async throws -> CollectorReport { CollectorReport(tool: tool, weeks: []) }
    func count(tool: String?) async throws -> Int { 0 }
}
