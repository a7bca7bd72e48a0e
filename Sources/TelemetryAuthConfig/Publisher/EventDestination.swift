//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetrySinks

/// Where a live publisher's events go: exactly one of the custom track, debug output, or the
/// endpoint (in that order of precedence, as upstream).
enum EventDestination: Sendable {
    /// The host's function receives every event.
    case customTrack(@Sendable (TelemetryEvent) async throws -> Void)
    /// Debug mode: each event is printed as pretty JSON, nothing is sent.
    case debug(@Sendable (String) -> Void)
    /// Each event is POSTed as its own `{"type","anonymousId","payload"}` envelope through the
    /// package's delivery engine (bounded queue, retries with backoff).
    case endpoint(EndpointDelivery)

    /// Delivers `event`; returns once it is delivered or has failed (for the endpoint: once it
    /// is delivered, dropped, or `limit` has passed). Never throws: telemetry failures stay
    /// inside the publisher.
    func deliver(_ event: TelemetryEvent, waitingUpTo limit: Duration) async {
        switch self {
        case .customTrack(let track):
            do { try await track(event) } catch {
                // Swallowed by design: a failing sink must never reach the host.
            }
        case .debug(let write):
            write("telemetry event \(event.prettyJSON)\n")
        case .endpoint(let delivery):
            await delivery.send(event, waitingUpTo: limit)
        }
    }
}

/// The endpoint path: a `DeliveryQueue` sending one envelope per request, in order.
final class EndpointDelivery: Sendable {
    private let queue: DeliveryQueue<[UInt8], ContinuousClock>

    /// Creates the queue for `endpoint`.
    ///
    /// - Throws: The queue's `invalidConfiguration` error for an endpoint it refuses: not an
    ///   absolute URL, credentials in the URL, or plain `http` to a host that is not loopback.
    init(endpoint: String, transport: any HTTPTransport) throws {
        var configuration = DeliveryConfiguration()
        configuration.capacity = 256
        configuration.maxBatchSize = 1  // upstream: one POST per event
        configuration.maxConcurrentRequests = 1  // in order: init first
        queue = try DeliveryQueue(
            endpoint: endpoint,
            configuration: configuration,
            transport: transport,
            encodeBatch: { batch in batch[0] }
        )
    }

    /// Queues `event` and waits until it is delivered or dropped, at most `limit`.
    func send(_ event: TelemetryEvent, waitingUpTo limit: Duration) async {
        guard queue.enqueue(event.jsonBytes) else { return }
        try? await queue.flush(deadline: .now + limit)
    }
}
