//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

#if canImport(FoundationEssentials)
public import struct FoundationEssentials.Date
#else
public import struct Foundation.Date
#endif

/// When and how often a ``DeliveryQueue`` retries a batch that failed for a transient reason.
///
/// The queue retries a batch after a network error (refused, reset, timed out) and after the
/// statuses the OTLP specification calls retryable: 429, 502, 503 and 504. Every other status is
/// final: 2xx delivers the batch, anything else drops it. The delay before retry *n* is
/// `baseDelay × 2^(n-1)`, capped at ``maxDelay``, varied by ±``jitter`` so that many clients do
/// not retry in step; a `Retry-After` header replaces that delay (also capped at ``maxDelay``).
///
/// The defaults are swift-otel's and the OTLP exporter specification's: 10 attempts, 1 s base
/// delay, 60 s cap, ±10 % jitter.
///
/// ```swift
/// var configuration = DeliveryConfiguration()
/// configuration.retryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(200))
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// The number of attempts per batch, the first one included; `1` disables retries.
    public var maxAttempts: Int
    /// The delay before the first retry; each later retry doubles it.
    public var baseDelay: Duration
    /// The longest delay between two attempts, `Retry-After` included.
    public var maxDelay: Duration
    /// The relative variation applied to a computed delay, between 0 and 1 (`0.1` is ±10 %).
    public var jitter: Double

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maxAttempts: Attempts per batch, the first included (at least 1).
    ///   - baseDelay: The delay before the first retry.
    ///   - maxDelay: The longest delay between two attempts.
    ///   - jitter: The relative variation of a computed delay, clamped to `0...1`.
    public init(
        maxAttempts: Int = 10,
        baseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(60),
        jitter: Double = 0.1
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maxDelay = max(.zero, maxDelay)
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The OTLP exporter defaults: 10 attempts, 1 s base delay, 60 s cap, ±10 % jitter.
    public static var `default`: RetryPolicy { RetryPolicy() }

    /// Never retries: every batch gets exactly one attempt.
    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// Whether a response with `status` is worth retrying (429, 502, 503, 504).
    public static func isRetryable(status: Int) -> Bool {
        switch status {
        case 429, 502, 503, 504: true
        default: false
        }
    }

    /// The delay before the next attempt, or `nil` when `attempt` was the last one allowed.
    ///
    /// - Parameters:
    ///   - attempt: The number of the attempt that just failed, starting at 1.
    ///   - retryAfter: The server's `Retry-After`, if it sent one; it replaces the computed
    ///     delay, capped at ``maxDelay``.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration? {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, retryAfter: retryAfter, using: &generator)
    }

    /// The delay before the next attempt, drawing the jitter from `generator`.
    public func delay(
        afterAttempt attempt: Int,
        retryAfter: Duration?,
        using generator: inout some RandomNumberGenerator
    ) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter {
            return min(max(retryAfter, .zero), maxDelay)
        }
        // 2^(attempt-1), kept finite: past 2^30 the cap has long been reached.
        let exponent = min(max(attempt - 1, 0), 30)
        let exponential = baseDelay * (1 << exponent)
        let capped = min(exponential, maxDelay)
        guard jitter > 0, capped > .zero else { return capped }
        let factor = 1 + jitter * Double.random(in: -1...1, using: &generator)
        return min(max(capped * factor, .zero), maxDelay)
    }

    /// Parses a `Retry-After` header value: delay-seconds (`"120"`) or an HTTP date
    /// (`"Wed, 21 Oct 2026 07:28:00 GMT"`), relative to `now`. Returns `nil` for anything else.
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingWhitespace()
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Absurdly long values saturate rather than fail: the cap applies anyway.
            guard let seconds = Int64(trimmed) else { return .seconds(Int64.max / 1_000_000_000_000) }
            return .seconds(seconds)
        }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        let interval = date.timeIntervalSince(now)
        return interval > 0 ? .milliseconds(Int64((interval * 1000).rounded(.up))) : .zero
    }
}

/// The IMF-fixdate form of an HTTP date (RFC 9110 §5.6.7), the only one a sender may generate.
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), (1...31).contains(day),
            let monthIndex = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3]), (1970...9999).contains(year)
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = Int(Timestamp.days(fromCivil: Int64(year), month: monthIndex + 1, day: day))
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds))
    }
}
