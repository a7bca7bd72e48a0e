//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// How a ``DeliveryQueue`` buffers, batches and sends: the knobs shared by ``HTTPSink``,
/// ``OTLPSink`` and any other sender built on the queue.
///
/// The defaults are the OpenTelemetry batch log record processor's: a queue of 2048, batches of
/// at most 512 sent at least every second, a 10 s timeout per request, and the OTLP
/// ``RetryPolicy``.
///
/// ```swift
/// var configuration = DeliveryConfiguration()
/// configuration.maxBatchSize = 1          // one request per element
/// configuration.maxConcurrentRequests = 2 // a hung request does not hold up the next
/// ```
public struct DeliveryConfiguration: Sendable, Hashable {
    /// The most elements waiting to be sent; when full, new elements are dropped and counted
    /// in ``DeliveryStatistics/droppedQueueFull``. Batches being sent no longer count, so the
    /// memory bound is `capacity + maxConcurrentRequests × maxBatchSize` elements.
    public var capacity: Int
    /// The most elements in one request.
    public var maxBatchSize: Int
    /// How long a partial batch may wait before it is sent (the batch timer); a full batch
    /// is sent at once.
    public var scheduleDelay: Duration
    /// The longest one attempt (one request) may take; the queue gives up on it after that,
    /// whatever the deliverer does, and retries as the policy says.
    public var requestTimeout: Duration
    /// When to retry a failed batch.
    public var retryPolicy: RetryPolicy
    /// The most requests in flight at once. With 1 (the default), batches leave in order; more
    /// lets a slow or retried batch not hold up the next ones.
    public var maxConcurrentRequests: Int

    /// Creates a configuration; every parameter defaults to the OpenTelemetry value.
    public init(
        capacity: Int = 2048,
        maxBatchSize: Int = 512,
        scheduleDelay: Duration = .seconds(1),
        requestTimeout: Duration = .seconds(10),
        retryPolicy: RetryPolicy = .default,
        maxConcurrentRequests: Int = 1
    ) {
        self.capacity = capacity
        self.maxBatchSize = maxBatchSize
        self.scheduleDelay = scheduleDelay
        self.requestTimeout = requestTimeout
        self.retryPolicy = retryPolicy
        self.maxConcurrentRequests = maxConcurrentRequests
    }

    /// The defaults: 2048 queued, 512 per batch, 1 s, 10 s timeout, OTLP retries, 1 request at a time.
    public static var `default`: DeliveryConfiguration { DeliveryConfiguration() }

    /// Throws a ``TelemetryError`` with the `invalidConfiguration` code when a value is out of range.
    func validate() throws(TelemetryError) {
        func invalid(_ message: String) -> TelemetryError {
            TelemetryError(code: .invalidConfiguration, message: message)
        }
        guard capacity > 0 else {
            throw invalid("DeliveryConfiguration.capacity is \(capacity); it must be at least 1.")
        }
        guard maxBatchSize > 0 else {
            throw invalid("DeliveryConfiguration.maxBatchSize is \(maxBatchSize); it must be at least 1.")
        }
        guard maxConcurrentRequests > 0 else {
            throw invalid(
                "DeliveryConfiguration.maxConcurrentRequests is \(maxConcurrentRequests); it must be at least 1."
            )
        }
        guard scheduleDelay > .zero, requestTimeout > .zero else {
            throw invalid("DeliveryConfiguration.scheduleDelay and requestTimeout must be positive.")
        }
    }
}
