//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// How a collector listens, what it accepts and how much.
public struct CollectorConfiguration: Sendable {
    /// The address to listen on: loopback by default (put a TLS proxy in front to expose it).
    public var host = "127.0.0.1"
    /// The port: 4380 by default (OTLP/HTTP's 4318 is left to an OpenTelemetry Collector).
    public var port = 4380
    /// The tools' schemas; with none, every valid event is stored (a development collector).
    public var schemas = try! SchemaRegistry([])  // an empty registry cannot fail
    /// A bearer token every request but `GET /v1/schema/…` and `/healthz` must carry, for a
    /// private deployment; `nil` for an open collector.
    public var bearerToken: String?
    /// The largest request body, as sent (compressed or not): 1 MiB.
    public var maximumBodySize = 1 << 20
    /// The largest body once decompressed: 8 MiB (a gzip bomb stops there).
    public var maximumDecompressedSize = 8 << 20
    /// Requests per second one source may keep up (10), and at once (50). Held in memory only.
    public var requestsPerSecond = 10.0
    public var burst = 50.0
    /// The most events waiting to be stored: 100 000. A request that does not fit is refused
    /// with 503 and `Retry-After`, so the sender keeps it and retries.
    public var queueCapacity = 100_000
    /// The tool of a Better Auth envelope whose request names none (`?tool=`).
    public var defaultEnvelopeTool = "swift-auth"

    /// The defaults.
    public init() {}
}
