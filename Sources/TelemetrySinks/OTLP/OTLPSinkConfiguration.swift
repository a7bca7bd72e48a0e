//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

extension OTLPSink {
    /// Where and how an ``OTLPSink`` exports, before the `OTEL_EXPORTER_OTLP_*` environment
    /// variables are applied (they override these values, as in swift-otel and the OTel SDKs).
    public struct Configuration: Sendable, Hashable {
        /// The full logs endpoint; by default `http://localhost:4318/v1/logs`, a local
        /// OpenTelemetry Collector.
        public var endpoint: String
        /// Header fields sent with every request, for example an API key. Never logged.
        public var headers: [HTTPHeader]
        /// Whether bodies are gzip-compressed (`OTEL_EXPORTER_OTLP_COMPRESSION=gzip`; needs the
        /// `Compression` trait).
        public var compression: HTTPCompression
        /// The resource's `service.name`; `nil` uses each event's ``Event/tool``.
        public var serviceName: String?
        /// The resource's `service.version`; `nil` uses each event's ``Event/toolVersion``.
        public var serviceVersion: String?
        /// More resource attributes, for example `deployment.environment.name`.
        public var resourceAttributes: [String: TelemetryValue]
        /// Queue capacity, batch size and delay, request timeout, retry policy.
        public var delivery: DeliveryConfiguration
        /// How long ``OTLPSink/flush()`` waits before it throws; delivery goes on afterwards.
        public var flushTimeout: Duration
        /// How long the sink drains on graceful shutdown when it runs as a `Service`.
        public var shutdownTimeout: Duration

        /// Whether a plain `http://` endpoint that is not loopback is accepted (off by default).
        public var allowsInsecureEndpoint: Bool

        /// Creates a configuration; every parameter has the OpenTelemetry default.
        public init(
            endpoint: String = "http://localhost:4318/v1/logs",
            headers: [HTTPHeader] = [],
            compression: HTTPCompression = .none,
            serviceName: String? = nil,
            serviceVersion: String? = nil,
            resourceAttributes: [String: TelemetryValue] = [:],
            delivery: DeliveryConfiguration = .default,
            allowsInsecureEndpoint: Bool = false,
            flushTimeout: Duration = .seconds(30),
            shutdownTimeout: Duration = .seconds(5)
        ) {
            self.endpoint = endpoint
            self.headers = headers
            self.compression = compression
            self.allowsInsecureEndpoint = allowsInsecureEndpoint
            self.serviceName = serviceName
            self.serviceVersion = serviceVersion
            self.resourceAttributes = resourceAttributes
            self.delivery = delivery
            self.flushTimeout = flushTimeout
            self.shutdownTimeout = shutdownTimeout
        }

        /// The defaults: a local collector on port 4318.
        public static var `default`: Configuration { Configuration() }
    }
}
