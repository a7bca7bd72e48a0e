//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import Logging
public import TelemetryCore

/// Exports events as OpenTelemetry log records over OTLP/HTTP JSON, to any OpenTelemetry
/// Collector pipeline.
///
/// Each batch is one `ExportLogsServiceRequest` POSTed to the logs endpoint (by default
/// `http://localhost:4318/v1/logs`). Each event is a log record in the OpenTelemetry Events
/// form: `eventName` is the event name, attributes keep their types, `timeUnixNano` is the
/// event's timestamp, severity is `INFO` (9); the resource carries `service.name` and
/// `service.version` (the event's tool and version unless configured). A `partialSuccess` in
/// the answer is logged as a warning.
///
/// The standard exporter variables apply, read from the `environment` you pass (by default
/// the process's), and override the configuration as in the OpenTelemetry SDKs:
/// `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT` (used as is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (with
/// `/v1/logs` appended), `OTEL_EXPORTER_OTLP_[LOGS_]HEADERS` (`key=value,key2=value2`,
/// percent-decoded), `OTEL_EXPORTER_OTLP_[LOGS_]TIMEOUT` (milliseconds),
/// `OTEL_EXPORTER_OTLP_[LOGS_]COMPRESSION` (`gzip` or `none`) and `OTEL_SERVICE_NAME`.
///
/// ```swift
/// let sink = try OTLPSink(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "https://otel.example.com"])
/// // … record events …
/// try await sink.shutdown(deadline: .now + .seconds(2))
/// ```
///
/// Batching, retries, flush and shutdown are those of ``HTTPSink``: both are the same remote
/// delivery with another wire format. `emit` never waits on the network.
public struct OTLPSink: ManagedTelemetrySink {
    let delivery: RemoteDelivery<OTLPLogsEncoder>

    /// The configuration in effect: the one given, with the environment applied.
    public let configuration: Configuration

    /// Creates a sink configured by `configuration` and the `OTEL_*` variables of
    /// `environment` (the process environment by default).
    ///
    /// - Throws: A `TelemetryError` with the `invalidConfiguration` code for an invalid,
    ///   insecure or credential-carrying endpoint, a header value with a control character
    ///   (configured or from `OTEL_EXPORTER_OTLP_HEADERS`), or an out-of-range setting.
    public init(
        configuration: Configuration = .default,
        environment: [String: String] = RuntimeEnvironment.processEnvironment,
        transport: any HTTPTransport = StandardHTTPTransport(),
        logger: Logger = Logger(label: "swift-telemetry.otlp-sink")
    ) throws(TelemetryError) {
        let effective = try OTLPEnvironment.apply(environment, to: configuration, logger: logger)
        self.configuration = effective
        self.delivery = try RemoteDelivery(
            endpoint: effective.endpoint,
            headers: effective.headers,
            headerSource: "the OTLP headers (configuration or OTEL_EXPORTER_OTLP_HEADERS)",
            allowsInsecureEndpoint: effective.allowsInsecureEndpoint,
            compression: effective.compression,
            configuration: effective.delivery,
            transport: transport,
            logger: logger,
            format: OTLPLogsEncoder(
                serviceName: effective.serviceName,
                serviceVersion: effective.serviceVersion,
                resourceAttributes: effective.resourceAttributes
            )
        )
    }

    /// Queues `event` for export and returns at once; never waits on the network. An event
    /// that does not fit the queue (or arrives after shutdown) is dropped and counted in
    /// ``statistics``.
    public func emit(_ event: Event) {
        delivery.emit(event)
    }

    /// Exports what is queued and returns once it is delivered or has failed.
    ///
    /// - Throws: A `TelemetryError` with the `delivery` code when
    ///   ``Configuration/flushTimeout`` passed first.
    public func flush() async throws {
        try await delivery.queue.flush(deadline: .now + configuration.flushTimeout)
    }

    /// Like ``flush()``, with a deadline of your own.
    public func flush(deadline: ContinuousClock.Instant) async throws {
        try await delivery.queue.flush(deadline: deadline)
    }

    /// Exports what is queued until `deadline`, then stops; later events are dropped.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        try await delivery.queue.shutdown(deadline: deadline)
    }

    /// The delivery counters: enqueued, delivered, dropped, retried, in flight.
    public var statistics: DeliveryStatistics {
        delivery.queue.statistics
    }
}
