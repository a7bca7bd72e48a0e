//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

extension HTTPSink {
    /// How an ``HTTPSink`` sends: headers, body format, compression, batching and retries, time
    /// budgets.
    ///
    /// ```swift
    /// var configuration = HTTPSink.Configuration()
    /// configuration.headers = [.authorization(bearer: token)]
    /// configuration.delivery.maxBatchSize = 100
    /// let sink = try HTTPSink(endpoint: "https://collector.example.com/v1/events", configuration: configuration)
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// Header fields sent with every request, for example a bearer token. Never logged.
        public var headers: [HTTPHeader]
        /// How events are put in a body: a JSON array of event lines (the default), or one
        /// Better Auth envelope per request.
        public var format: HTTPBodyFormat
        /// Whether bodies are gzip-compressed (needs the `Compression` trait).
        public var compression: HTTPCompression
        /// Queue capacity, batch size and delay, request timeout, retry policy.
        public var delivery: DeliveryConfiguration
        /// Whether a plain `http://` endpoint that is not loopback is accepted (off by default:
        /// telemetry to a remote host travels over HTTPS).
        public var allowsInsecureEndpoint: Bool
        /// How long ``HTTPSink/flush()`` waits before it throws; delivery goes on afterwards.
        public var flushTimeout: Duration
        /// How long the sink drains on graceful shutdown when it runs as a `Service`.
        public var shutdownTimeout: Duration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - headers: Header fields for every request.
        ///   - format: How events are put in a body.
        ///   - compression: Whether bodies are compressed.
        ///   - delivery: Queue, batching, timeout and retries; the OpenTelemetry defaults.
        ///   - allowsInsecureEndpoint: Accept plain `http://` to a host that is not loopback.
        ///   - flushTimeout: The longest ``HTTPSink/flush()`` waits (30 s, the OTel export timeout).
        ///   - shutdownTimeout: The drain budget on graceful shutdown (5 s).
        public init(
            headers: [HTTPHeader] = [],
            format: HTTPBodyFormat = .eventArray,
            compression: HTTPCompression = .none,
            delivery: DeliveryConfiguration = .default,
            allowsInsecureEndpoint: Bool = false,
            flushTimeout: Duration = .seconds(30),
            shutdownTimeout: Duration = .seconds(5)
        ) {
            self.headers = headers
            self.format = format
            self.compression = compression
            self.delivery = delivery
            self.allowsInsecureEndpoint = allowsInsecureEndpoint
            self.flushTimeout = flushTimeout
            self.shutdownTimeout = shutdownTimeout
        }

        /// The defaults.
        public static var `default`: Configuration { Configuration() }
    }
}
