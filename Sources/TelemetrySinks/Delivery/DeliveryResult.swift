//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// What one attempt to deliver a batch came to: the answer a ``DeliveryQueue``'s deliverer
/// gives, from which the queue decides to count the batch delivered, drop it, or retry it.
///
/// A reason is logged: it must never hold a header value, a URL's credentials or an event's
/// contents (say `HTTP 503`, not the response).
public enum DeliveryResult: Sendable, Hashable {
    /// The destination has the batch.
    case delivered
    /// The destination refused the batch for good (an HTTP 400, a configuration that can never
    /// work): it is dropped and counted, never retried.
    case rejected(reason: String)
    /// The attempt failed for a reason that may pass (a timeout, a refused connection, an
    /// HTTP 503): it is retried as the ``RetryPolicy`` says, after `retryAfter` when the
    /// destination asked for a delay.
    case failed(reason: String, retryAfter: Duration? = nil)
}

/// How a batch's delivery ended, as a ``DeliveryQueue`` reports it to `onSettled`.
public enum DeliveryOutcome: Sendable, Hashable {
    /// Delivered.
    case delivered
    /// Refused for good by the destination.
    case rejected
    /// Still failing after the last attempt of the ``RetryPolicy``.
    case retriesExhausted
    /// Still queued or in flight when the queue stopped (its shutdown deadline passed).
    case abandoned
}
