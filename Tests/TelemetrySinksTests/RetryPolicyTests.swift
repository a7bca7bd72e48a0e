//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryTestSupport
import Testing

@testable import TelemetrySinks

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test("Defaults are the OTLP exporter's: 10 attempts, 1 s base, 60 s cap, ±10 %")
    func defaults() {
        let policy = RetryPolicy.default
        #expect(policy.maxAttempts == 10)
        #expect(policy.baseDelay == .seconds(1))
        #expect(policy.maxDelay == .seconds(60))
        #expect(policy.jitter == 0.1)
    }

    @Test("Delays double from the base delay and stop at the cap")
    func exponentialAndCapped() {
        let policy = RetryPolicy(maxAttempts: 20, baseDelay: .seconds(1), maxDelay: .seconds(60), jitter: 0)
        let delays = (1...9).map { policy.delay(afterAttempt: $0) }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
        // Far beyond any shift width: still the cap, no overflow.
        #expect(policy.delay(afterAttempt: 19) == .seconds(60))
    }

    @Test("No delay after the last attempt")
    func attemptsExhausted() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), jitter: 0)
        #expect(policy.delay(afterAttempt: 2) != nil)
        #expect(policy.delay(afterAttempt: 3) == nil)
        #expect(RetryPolicy.none.delay(afterAttempt: 1) == nil)
    }

    @Test("Jitter stays within ±jitter of the computed delay, and varies")
    func jitterBounds() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(1), maxDelay: .seconds(60), jitter: 0.1)
        var generator = SplitMix64(seed: 42)
        let samples = (0..<1000).map { _ in policy.delay(afterAttempt: 3, retryAfter: nil, using: &generator)! }
        #expect(samples.allSatisfy { $0 >= .milliseconds(3600) && $0 <= .milliseconds(4400) })
        // Spread over most of the ±10 % band, not stuck at one value.
        #expect(samples.min()! < .milliseconds(3700))
        #expect(samples.max()! > .milliseconds(4300))
    }

    @Test("Retry-After replaces the computed delay, capped at maxDelay")
    func retryAfterWins() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(10), maxDelay: .seconds(30), jitter: 0.5)
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(7)) == .seconds(7))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3600)) == .seconds(30))
        #expect(policy.delay(afterAttempt: 5, retryAfter: .seconds(1)) == nil)
    }

    @Test("Only 429, 502, 503 and 504 are retryable statuses")
    func retryableStatuses() {
        let retryable = (100...599).filter(RetryPolicy.isRetryable(status:))
        #expect(retryable == [429, 502, 503, 504])
    }

    @Test("Retry-After parses delay-seconds and IMF-fixdate, and refuses the rest")
    func parseRetryAfter() {
        #expect(RetryPolicy.parseRetryAfter("120") == .seconds(120))
        #expect(RetryPolicy.parseRetryAfter(" 0 ") == .zero)
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:07 GMT", now: now) == .zero)
        #expect(RetryPolicy.parseRetryAfter("-5") == nil)
        #expect(RetryPolicy.parseRetryAfter("1.5") == nil)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        #expect(RetryPolicy.parseRetryAfter("") == nil)
        #expect(RetryPolicy.parseRetryAfter("99999999999999999999999") != nil)
    }
}
