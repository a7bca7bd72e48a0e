//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import HTTPTypes
import Logging
import TelemetryCore

/// How a remote sink puts events on the wire: what it keeps per event, and the body of a batch.
protocol WireFormat: Sendable {
    /// What the queue holds per event, made on the caller of `emit` (keep it cheap).
    associatedtype Record: Sendable

    /// The `Content-Type` of a body.
    var contentType: String { get }
    /// Whether every request carries exactly one record (the Better Auth envelope).
    var sendsOneRecordPerRequest: Bool { get }
    /// The record for `event`.
    func record(for event: Event) -> Record
    /// The body of one batch (never empty).
    func body(for records: [Record]) -> [UInt8]
    /// Reads a 2xx response's body (OTLP's `partialSuccess`).
    func didDeliver(responseBody: [UInt8], count: Int, logger: Logger)
}

extension WireFormat {
    var sendsOneRecordPerRequest: Bool { false }
    func didDeliver(responseBody: [UInt8], count: Int, logger: Logger) {}
}

/// The one implementation under ``HTTPSink`` and ``OTLPSink``: a ``DeliveryQueue`` of records
/// that POSTs each batch as one body of the wire format.
final class RemoteDelivery<Format: WireFormat>: Sendable {
    let queue: DeliveryQueue<Format.Record, ContinuousClock>
    let format: Format
    let logger: Logger

    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` for an invalid, insecure or
    ///   credential-carrying endpoint, an invalid header, or an out-of-range setting.
    init(
        endpoint: String,
        headers: [HTTPHeader],
        headerSource: String,
        allowsInsecureEndpoint: Bool,
        compression: HTTPCompression,
        configuration: DeliveryConfiguration,
        transport: any HTTPTransport,
        logger: Logger,
        format: Format
    ) throws(TelemetryError) {
        var configuration = configuration
        if format.sendsOneRecordPerRequest { configuration.maxBatchSize = 1 }
        let http = try HTTPDelivery(
            endpoint: endpoint,
            headers: headers,
            allowsInsecureEndpoint: allowsInsecureEndpoint,
            contentType: format.contentType,
            headerSource: headerSource,
            transport: transport,
            timeout: configuration.requestTimeout
        )
        try compression.checkAvailable()
        self.format = format
        self.logger = logger
        self.queue = try DeliveryQueue(configuration: configuration, logger: logger) { records in
            let (body, extraFields) = compression.encode(format.body(for: records))
            let (result, responseBody) = await http.send(body, extraFields: extraFields)
            if case .delivered = result, let responseBody {
                format.didDeliver(responseBody: responseBody, count: records.count, logger: logger)
            }
            return result
        }
    }

    func emit(_ event: Event) {
        queue.enqueue(format.record(for: event))
    }
}
