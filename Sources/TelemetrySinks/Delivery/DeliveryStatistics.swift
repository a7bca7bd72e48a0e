//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Counters of a ``DeliveryQueue``, read with ``DeliveryQueue/statistics``.
///
/// Every element offered to ``DeliveryQueue/enqueue(_:)`` is counted once: as ``enqueued`` when
/// accepted, or as ``droppedQueueFull`` or ``droppedAtShutdown`` when refused. An accepted
/// element is then, at any instant, in exactly one of ``queued``, ``inFlight``, ``delivered``,
/// ``droppedRejected``, ``droppedAfterRetries`` or ``droppedAtShutdown`` (still queued or in
/// flight at the shutdown deadline). So, before shutdown,
/// `enqueued == queued + inFlight + delivered + droppedRejected + droppedAfterRetries`.
/// Counts are of elements (events), except ``retried``, which counts requests.
public struct DeliveryStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Elements accepted into the queue.
    public var enqueued: Int = 0
    /// Elements the collector acknowledged with a 2xx status.
    public var delivered: Int = 0
    /// Elements refused by ``DeliveryQueue/enqueue(_:)`` because the queue was full.
    public var droppedQueueFull: Int = 0
    /// Elements in batches the collector refused with a non-retryable status (400, 401, 413, 500, …),
    /// or that could not be encoded.
    public var droppedRejected: Int = 0
    /// Elements in batches that still failed after the last attempt of the ``RetryPolicy``.
    public var droppedAfterRetries: Int = 0
    /// Elements dropped because the queue shut down: offered after shutdown began, or still
    /// queued or in flight when the shutdown deadline passed.
    public var droppedAtShutdown: Int = 0
    /// Requests sent again after a retryable failure (each retry of a batch counts once).
    public var retried: Int = 0
    /// Elements in batches being sent (or waiting to be retried) right now.
    public var inFlight: Int = 0
    /// Elements waiting in the queue right now.
    public var queued: Int = 0

    /// Creates empty counters.
    public init() {}

    /// All drops together: full queue, rejected, retries exhausted, shutdown.
    public var dropped: Int {
        droppedQueueFull + droppedRejected + droppedAfterRetries + droppedAtShutdown
    }

    /// `enqueued=… delivered=… …`, for logs.
    public var description: String {
        "enqueued=\(enqueued) delivered=\(delivered) droppedQueueFull=\(droppedQueueFull) "
            + "droppedRejected=\(droppedRejected) droppedAfterRetries=\(droppedAfterRetries) "
            + "droppedAtShutdown=\(droppedAtShutdown) retried=\(retried) inFlight=\(inFlight) queued=\(queued)"
    }
}
