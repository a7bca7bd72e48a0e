//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import CompressNIO
import Foundation
import Hummingbird
import Logging
import NIOCore
import TelemetryCore

/// The collector: routes, validation, rate limit, queue and writer over an ``EventStore``.
///
/// | route | what |
/// |---|---|
/// | `POST /v1/events` | a JSON array of event lines (`HTTPSink`, the front door's spool) |
/// | `POST /v1/envelope` | one Better Auth `{type, anonymousId, payload}` envelope (`?tool=`) |
/// | `POST /v1/logs` | OTLP/HTTP JSON logs (`OTLPSink`, any OpenTelemetry SDK) |
/// | `GET /v1/schema/TOOL` | the schema the collector enforces for TOOL |
/// | `GET /v1/report?tool=TOOL` | counts per week by event, version, OS and architecture |
/// | `GET /?tool=TOOL` | the same as charts |
/// | `GET /v1/stats` | what was accepted, stored, and dropped since start |
/// | `GET /healthz` | `ok` |
///
/// Every bad input gets a 4xx that says what is wrong (400, 401, 413, 415, 429, 503), never a
/// 500. Nothing about a request (its address, its user agent) is stored or logged.
public struct Collector: Sendable {
    public let configuration: CollectorConfiguration
    public let store: any EventStore
    public let statistics = CollectorStatistics()
    let queue: IngestQueue
    let limiter: RateLimiter
    let logger: Logger

    public init(configuration: CollectorConfiguration, store: any EventStore, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        queue = IngestQueue(capacity: configuration.queueCapacity)
        limiter = RateLimiter(rate: configuration.requestsPerSecond, burst: configuration.burst)
    }

    /// The HTTP application, its writer service included: run it with `runService()` (graceful
    /// shutdown on SIGTERM and SIGINT: the server stops accepting, then the writer stores
    /// everything acknowledged) or test it with HummingbirdTesting.
    public func application(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: CollectorContext.self)
        router.add(middleware: GuardMiddleware(collector: self))
        router.post("/v1/events") { request, _ in
            try await self.ingest(request) { body throws(IncomingBatch.Refusal) in try IncomingBatch.eventArray(body) }
        }
        router.post("/v1/envelope") { request, _ in
            let tool =
                request.uri.queryParameters.get("tool").map { String($0) } ?? self.configuration.defaultEnvelopeTool
            return try await self.ingest(request) { body throws(IncomingBatch.Refusal) in
                try IncomingBatch.envelope(body, tool: tool, now: Date())
            }
        }
        router.post("/v1/logs") { request, _ in
            try await self.ingest(request) { body throws(IncomingBatch.Refusal) in try IncomingBatch.otlpLogs(body) }
        }
        router.get("/v1/schema/:tool") { _, context -> Response in
            let tool = context.parameters.get("tool") ?? ""
            guard let schema = self.configuration.schemas.schemas[tool] else {
                throw HTTPError(.notFound, message: "no schema for \"\(tool)\" on this collector")
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: schema.jsonBytes))
            )
        }
        router.get("/v1/report") { request, _ -> Response in
            let report = try await self.report(for: request)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(report)))
            )
        }
        router.get("/") { request, _ -> Response in
            let report = try await self.report(for: request)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'",
                ],
                body: ResponseBody(
                    byteBuffer: ByteBuffer(
                        string: ReportPage.html(report: report, tools: self.configuration.schemas.schemas.keys.sorted())
                    )
                )
            )
        }
        router.get("/v1/stats") { _, _ -> Response in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(self.statistics.snapshot)))
            )
        }
        router.get("/healthz") { _, _ in "ok" }

        let writer = EventWriter(queue: queue, store: store, statistics: statistics, logger: logger)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            services: [writer],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    // MARK: - Ingest

    private func ingest(
        _ request: Request,
        parse: @Sendable ([UInt8]) throws(IncomingBatch.Refusal) -> IncomingBatch
    ) async throws -> Response {
        let body = try await self.body(of: request)
        let batch: IncomingBatch
        do {
            batch = try parse(body)
        } catch {
            throw refuse(.badRequest, error.description)
        }
        var accepted: [StoredEvent] = []
        var offSchema = 0
        for event in batch.events {
            if configuration.schemas.refusal(of: event) != nil {
                offSchema += 1
            } else {
                accepted.append(StoredEvent(event))
            }
        }
        if accepted.isEmpty, offSchema == 0, batch.invalid > 0 {
            throw refuse(.badRequest, "no valid event in the body (\(batch.invalid) invalid)")
        }
        guard queue.offer(accepted) else {
            throw refuse(.serviceUnavailable, "the collector is busy or stopping; retry later", retryAfter: true)
        }
        statistics.accepted(accepted.count, invalid: batch.invalid, offSchema: offSchema)
        let answer: TelemetryValue = [
            "accepted": .int(accepted.count), "invalid": .int(batch.invalid), "offSchema": .int(offSchema),
        ]
        return Response(
            status: .accepted,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.jsonBytes))
        )
    }

    /// The body, decompressed when it says `Content-Encoding: gzip`, within the size limits.
    private func body(of request: Request) async throws -> [UInt8] {
        if let type = request.headers[.contentType]?.lowercased(), !type.hasPrefix("application/json") {
            throw refuse(.unsupportedMediaType, "the body must be application/json")
        }
        var raw: ByteBuffer
        do {
            raw = try await request.body.collect(upTo: configuration.maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw refuse(.contentTooLarge, "the body is larger than \(configuration.maximumBodySize) bytes")
        }
        switch request.headers[.contentEncoding]?.lowercased() {
        case nil, "identity":
            return Array(raw.readableBytesView)
        case "gzip", "x-gzip":
            return Array(try gunzip(&raw).readableBytesView)
        default:
            throw refuse(.unsupportedMediaType, "Content-Encoding must be gzip or identity")
        }
    }

    /// Strict, bounded gunzip: a truncated stream or a bomb is a 400 or a 413, never a crash.
    private func gunzip(_ input: inout ByteBuffer) throws -> ByteBuffer {
        let limit = configuration.maximumDecompressedSize
        guard input.readableBytes > 0 else { throw refuse(.badRequest, "an empty gzip body") }
        let inflater = try ZlibDecompressor(algorithm: .gzip)
        var output = ByteBufferAllocator().buffer(capacity: min(limit, 64 * 1024))
        var chunk = ByteBufferAllocator().buffer(capacity: 64 * 1024)
        while true {
            chunk.clear()
            var outputFull = false
            do {
                try inflater.inflate(from: &input, to: &chunk)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                outputFull = true
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                // The input ended: a complete stream has been read, or it was cut short (then
                // the JSON that follows does not parse: a 400).
            } catch {
                throw refuse(.badRequest, "the gzip body is corrupt")
            }
            guard output.readableBytes + chunk.readableBytes <= limit else {
                throw refuse(.contentTooLarge, "the body is larger than \(limit) bytes once decompressed")
            }
            output.writeImmutableBuffer(chunk)
            if !outputFull { break }
        }
        return output
    }

    private func report(for request: Request) async throws -> CollectorReport {
        let named = request.uri.queryParameters.get("tool").map { String($0) }
        guard let tool = named ?? configuration.schemas.schemas.keys.sorted().first else {
            throw refuse(.badRequest, "name the tool: ?tool=TOOL")
        }
        do {
            return try await store.report(tool: tool)
        } catch {
            logger.error("Collector report failed: \(error)")
            throw refuse(.serviceUnavailable, "the store is unavailable; retry later", retryAfter: true)
        }
    }

    /// An error response, counted.
    func refuse(_ status: HTTPResponse.Status, _ message: String, retryAfter: Bool = false) -> HTTPError {
        statistics.refused(status: status.code)
        return HTTPError(status, headers: retryAfter ? [.retryAfter: "1"] : [:], message: message)
    }
}

/// Bearer authentication and the per-source rate limit, before any route.
struct GuardMiddleware: RouterMiddleware {
    typealias Context = CollectorContext
    let collector: Collector

    func handle(
        _ request: Request,
        context: CollectorContext,
        next: (Request, CollectorContext) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let isPublic = path == "/healthz" || path.hasPrefix("/v1/schema/")
        if !isPublic, let token = collector.configuration.bearerToken {
            // Compared in constant time; the token is never logged.
            let given = request.headers[.authorization].map { Array($0.utf8) } ?? []
            let expected = Array("Bearer \(token)".utf8)
            var difference = given.count ^ expected.count
            for index in 0..<max(given.count, expected.count) {
                difference |= Int(
                    (index < given.count ? given[index] : 0) ^ (index < expected.count ? expected[index] : 0)
                )
            }
            guard difference == 0 else {
                throw collector.refuse(.unauthorized, "a valid bearer token is required")
            }
        }
        if request.method == .post, !collector.limiter.allow(context.rateLimitKey) {
            throw collector.refuse(.tooManyRequests, "too many requests from this source; slow down", retryAfter: true)
        }
        return try await next(request, context)
    }
}
