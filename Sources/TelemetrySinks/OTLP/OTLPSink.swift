//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(FoundationEssentials)
import struct FoundationEssentials.Date
#else
import struct Foundation.Date
#endif
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
/// percent-decoded), `OTEL_EXPORTER_OTLP_[LOGS_]TIMEOUT` (milliseconds) and `OTEL_SERVICE_NAME`.
///
/// ```swift
/// let sink = try OTLPSink(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "https://otel.example.com"])
/// // … record events …
/// try await sink.shutdown(deadline: .now + .seconds(2))
/// ```
///
/// Batching, retries, flush and shutdown are those of ``HTTPSink``: both run on a
/// ``DeliveryQueue``. `emit` never waits on the network.
public struct OTLPSink: ManagedTelemetrySink {
    private let queue: DeliveryQueue<OTLPLogRecord, ContinuousClock>
    let logger: Logger

    /// The configuration in effect: the one given, with the environment applied.
    public let configuration: Configuration

    /// Creates a sink configured by `configuration` and the process environment.
    ///
    /// - Throws: A ``TelemetryError`` with the `invalidConfiguration` code for an invalid,
    ///   insecure or credential-carrying endpoint or an out-of-range setting.
    public init(
        configuration: Configuration = .default,
        transport: any HTTPTransport = URLSessionTransport(),
        logger: Logger = Logger(label: "swift-telemetry.otlp-sink")
    ) throws {
        try self.init(
            configuration: configuration,
            environment: ProcessInfoEnvironment.current,
            transport: transport,
            logger: logger
        )
    }

    /// Creates a sink configured by `configuration` and the `OTEL_*` variables of `environment`.
    ///
    /// - Throws: A ``TelemetryError`` with the `invalidConfiguration` code for an invalid,
    ///   insecure or credential-carrying endpoint or an out-of-range setting.
    public init(
        configuration: Configuration = .default,
        environment: [String: String],
        transport: any HTTPTransport = URLSessionTransport(),
        logger: Logger = Logger(label: "swift-telemetry.otlp-sink")
    ) throws {
        let effective = OTLPEnvironment.apply(environment, to: configuration, logger: logger)
        let encoder = OTLPLogsEncoder(
            serviceName: effective.serviceName,
            serviceVersion: effective.serviceVersion,
            resourceAttributes: effective.resourceAttributes
        )
        self.configuration = effective
        self.logger = logger
        self.queue = try DeliveryQueue(
            endpoint: effective.endpoint,
            headers: effective.headers,
            configuration: effective.delivery,
            transport: transport,
            logger: logger,
            encodeBatch: { encoder.encode($0) },
            onDelivered: { response, count in
                guard let partial = OTLPPartialSuccess.parse(response.body) else { return }
                logger.warning(
                    "OTLP collector accepted the export only partially",
                    metadata: [
                        "rejectedLogRecords": "\(partial.rejectedLogRecords)",
                        "logRecords": "\(count)",
                        "errorMessage": "\(partial.errorMessage)",
                    ]
                )
            }
        )
    }

    /// Queues `event` for export and returns at once; never waits on the network and never
    /// throws: an event that does not fit the queue (or arrives after shutdown) is dropped and
    /// counted in ``statistics``.
    public func emit(_ event: Event) async throws {
        queue.enqueue(OTLPLogRecord(event: event, observedAt: Date()))
    }

    /// Exports what is queued and returns once it is delivered or has failed.
    ///
    /// - Throws: A ``TelemetryError`` with the `delivery` code when
    ///   ``Configuration/flushTimeout`` passed first.
    public func flush() async throws {
        try await queue.flush(deadline: .now + configuration.flushTimeout)
    }

    /// Like ``flush()``, with a deadline of your own.
    public func flush(deadline: ContinuousClock.Instant) async throws {
        try await queue.flush(deadline: deadline)
    }

    /// Exports what is queued until `deadline`, then stops; later events are dropped.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        try await queue.shutdown(deadline: deadline)
    }

    /// The delivery counters: enqueued, delivered, dropped, retried, in flight.
    public var statistics: DeliveryStatistics {
        queue.statistics
    }
}
