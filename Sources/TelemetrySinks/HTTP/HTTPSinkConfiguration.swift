//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

extension HTTPSink {
    /// How an ``HTTPSink`` sends: headers, batching and retries, time budgets.
    ///
    /// ```swift
    /// var configuration = HTTPSink.Configuration()
    /// configuration.headers = [.authorization(bearer: token)]
    /// configuration.delivery.maxBatchSize = 100
    /// let sink = try HTTPSink(endpoint: "https://collector.example.com/events", configuration: configuration)
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// Header fields sent with every request, for example a bearer token. Never logged.
        public var headers: [HTTPHeader]
        /// Queue capacity, batch size and delay, request timeout, retry policy.
        public var delivery: DeliveryConfiguration
        /// How long ``HTTPSink/flush()`` waits before it throws; delivery goes on afterwards.
        public var flushTimeout: Duration
        /// How long the sink drains on graceful shutdown when it runs as a `Service`.
        public var shutdownTimeout: Duration

        /// Whether a plain `http://` endpoint that is not loopback is accepted (off by default).
        public var allowsInsecureEndpoint: Bool {
            get { delivery.allowsInsecureEndpoint }
            set { delivery.allowsInsecureEndpoint = newValue }
        }

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - headers: Header fields for every request.
        ///   - delivery: Queue, batching, timeout and retries; the OpenTelemetry defaults.
        ///   - flushTimeout: The longest ``HTTPSink/flush()`` waits (30 s, the OTel export timeout).
        ///   - shutdownTimeout: The drain budget on graceful shutdown (5 s).
        public init(
            headers: [HTTPHeader] = [],
            delivery: DeliveryConfiguration = .default,
            flushTimeout: Duration = .seconds(30),
            shutdownTimeout: Duration = .seconds(5)
        ) {
            self.headers = headers
            self.delivery = delivery
            self.flushTimeout = flushTimeout
            self.shutdownTimeout = shutdownTimeout
        }

        /// The defaults.
        public static var `default`: Configuration { Configuration() }
    }
}
