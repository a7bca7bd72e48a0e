//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import Logging
public import TelemetryCore

/// Sends events to an HTTP collector in batches, from the background.
///
/// ``emit(_:)`` only appends the event to a bounded queue (default 2048; when full the new event
/// is dropped and counted) and returns: it never waits on the network. A background task POSTs
/// batches (default 512 events, or whatever is queued after 1 s) in the configured
/// ``HTTPBodyFormat``, retries 429/502/503/504 and network errors with exponential backoff and
/// jitter honouring `Retry-After`, and drops batches refused with any other status (counted;
/// logged once). Redirects are never followed. See ``DeliveryQueue``, which does the work.
///
/// ```swift
/// var configuration = HTTPSink.Configuration()
/// configuration.headers = [.authorization(bearer: token)]
/// let sink = try HTTPSink(endpoint: "https://collector.example.com/v1/events", configuration: configuration)
/// let telemetry = TelemetryContext(tool: "my-cli", toolVersion: "1.0", sink: sink, policy: .enabled, salt: "…")
/// telemetry.record("build", attributes: ["targets": 3])
/// await telemetry.shutdown(deadline: .now + .seconds(2))   // before the process exits
/// ```
///
/// Only `https://` endpoints are accepted, except loopback (`127.0.0.0/8`, `::1`, `localhost`)
/// or with ``Configuration/allowsInsecureEndpoint``; a URL carrying a user name or password is
/// refused, and so is a header whose value holds a control character. Header values are never
/// logged.
public struct HTTPSink: ManagedTelemetrySink {
    let delivery: RemoteDelivery<HTTPBodyFormat>

    /// The endpoint events are POSTed to.
    public let endpoint: String
    /// The configuration the sink was created with.
    public let configuration: Configuration

    /// Creates a sink and starts its background delivery.
    ///
    /// - Parameters:
    ///   - endpoint: The collector URL, `https://` (or `http://` to loopback).
    ///   - configuration: Headers, body format, compression, batching, retries, time budgets.
    ///   - transport: What sends the requests; by default a ``StandardHTTPTransport``.
    ///   - logger: Where drops and refusals are reported.
    /// - Throws: A `TelemetryError` with the `invalidConfiguration` code for an invalid,
    ///   insecure or credential-carrying endpoint, an invalid header, or an out-of-range setting.
    public init(
        endpoint: String,
        configuration: Configuration = .default,
        transport: any HTTPTransport = StandardHTTPTransport(),
        logger: Logger = Logger(label: "swift-telemetry.http-sink")
    ) throws(TelemetryError) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.delivery = try RemoteDelivery(
            endpoint: endpoint,
            headers: configuration.headers,
            headerSource: "HTTPSink.Configuration.headers",
            allowsInsecureEndpoint: configuration.allowsInsecureEndpoint,
            compression: configuration.compression,
            configuration: configuration.delivery,
            transport: transport,
            logger: logger,
            format: configuration.format
        )
    }

    /// Queues `event` for delivery and returns at once; never waits on the network. An event
    /// that does not fit the queue (or arrives after shutdown) is dropped and counted in
    /// ``statistics``.
    public func emit(_ event: Event) {
        delivery.emit(event)
    }

    /// Sends what is queued and returns once it is delivered or has failed.
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

    /// Delivers what is queued until `deadline`, then stops; later events are dropped.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        try await delivery.queue.shutdown(deadline: deadline)
    }

    /// The delivery counters: enqueued, delivered, dropped, retried, in flight.
    public var statistics: DeliveryStatistics {
        delivery.queue.statistics
    }
}
