//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing

@_spi(TelemetryInternals) @testable import TelemetryCore

/// `LockedValue` guards every sink's and queue's state; `Tests/Sanitizers/run.sh thread` runs
/// these (and every other test) under ThreadSanitizer, which sees this lock, unlike
/// `Synchronization.Mutex` on Linux.
@Suite("LockedValue", .timeLimit(.minutes(1)))
struct LockedValueTests {
    struct Failure: Error, Equatable {}

    @Test("read-modify-write from many threads at once loses no update")
    func mutualExclusion() async {
        let counter = LockedValue(0)
        let threads = 8
        let increments = 20_000
        // Real threads, not tasks: on 2 cores the cooperative pool has 2 threads, and preemption
        // in the middle of the read-modify-write is what a broken lock would lose updates to.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let remaining = LockedValue(threads)
            for _ in 0..<threads {
                Thread.detachNewThread {
                    for _ in 0..<increments {
                        counter.withLock { value in
                            let read = value
                            // Widen the window between the read and the write.
                            for _ in 0..<3 { _ = ProcessInfo.processInfo.processIdentifier }
                            value = read + 1
                        }
                    }
                    if remaining.withLock({
                        $0 -= 1
                        return $0
                    }) == 0 {
                        done.resume()
                    }
                }
            }
        }
        #expect(counter.withLock { $0 } == threads * increments)
    }

    @Test("a typed error thrown by the body reaches the caller, keeps earlier changes and releases the lock")
    func throwingBody() throws {
        let state = LockedValue([1, 2])
        #expect(throws: Failure.self) {
            try state.withLock { (value: inout [Int]) throws(Failure) in
                value.append(3)
                throw Failure()
            }
        }
        // The lock was released (a second acquisition would deadlock otherwise, and the time
        // limit would fail the test) and the change made before the throw is kept.
        #expect(state.withLock { $0 } == [1, 2, 3])
    }

    @Test("the value is returned from the body")
    func returnsBodyResult() {
        let state = LockedValue("telemetry")
        let count = state.withLock { value -> Int in
            value += "!"
            return value.count
        }
        #expect(count == 10)
        #expect(state.withLock { $0 } == "telemetry!")
    }
}
