//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The state a ``DeliveryQueue`` keeps under its mutex: the buffer, the batches in flight,
/// parked workers, flush waiters and the counters.
///
/// Every element accepted gets a sequence number, implicitly: the buffer holds the consecutive
/// numbers `headSequence ..< headSequence + buffer.count`, and a batch in flight is the range
/// starting at its key in ``inFlight``. A flush taken at `mark` (the next number at the call)
/// is settled once nothing below `mark` is queued or in flight.
struct DeliveryState<Element: Sendable>: Sendable {
    enum Phase: Sendable, Equatable {
        /// Accepting elements.
        case running
        /// Shutdown began: refusing new elements, sending what is left.
        case draining
        /// Stopped: workers exit, nothing more is sent.
        case stopped
    }

    /// A batch taken from the buffer.
    struct Batch: Sendable {
        var firstSequence: UInt64
        var elements: [Element]
    }

    /// What a worker should do next.
    enum Step: Sendable {
        case send(Batch)
        case wait
        case exit
    }

    struct Waiter: Sendable {
        var mark: UInt64
        var continuation: CheckedContinuation<Void, Never>
    }

    var phase: Phase = .running
    var buffer: [Element] = []
    var headSequence: UInt64 = 0
    /// Partial batches may leave while the buffer's head is below this mark (set by the batch
    /// timer, flush and shutdown); otherwise only full batches leave.
    var urgentBefore: UInt64 = 0
    var inFlight: [UInt64: Int] = [:]
    var idleWorkers: [CheckedContinuation<Void, Never>] = []
    var waiters: [Int: Waiter] = [:]
    var nextWaiterID = 0
    var statistics = DeliveryStatistics()
    var reportedQueueFullDrops = 0
    var hasLoggedRejection = false

    init(capacity: Int) {
        buffer.reserveCapacity(min(capacity, 4096))
    }

    /// The sequence number the next accepted element gets.
    var nextSequence: UInt64 { headSequence + UInt64(buffer.count) }

    /// The lowest sequence number not yet settled (queued or in flight).
    var lowestOutstanding: UInt64 {
        var lowest = headSequence
        for start in inFlight.keys where start < lowest { lowest = start }
        return lowest
    }

    /// The next step of a worker: a batch to send, wait for work, or exit.
    mutating func nextStep(maxBatchSize: Int) -> Step {
        switch phase {
        case .stopped:
            return .exit
        case .draining where buffer.isEmpty:
            return .exit
        case .running, .draining:
            break
        }
        let count = buffer.count
        guard count > 0, count >= maxBatchSize || headSequence < urgentBefore || phase == .draining else {
            return .wait
        }
        let taken = min(count, maxBatchSize)
        let elements: [Element]
        if taken == count {
            elements = buffer
            buffer.removeAll(keepingCapacity: true)
        } else {
            elements = Array(buffer[..<taken])
            buffer.removeFirst(taken)
        }
        let batch = Batch(firstSequence: headSequence, elements: elements)
        inFlight[headSequence] = taken
        headSequence += UInt64(taken)
        statistics.inFlight += taken
        return .send(batch)
    }

    /// Whether a parked worker has something to do.
    func hasWork(maxBatchSize: Int) -> Bool {
        switch phase {
        case .stopped, .draining: return true
        case .running: return buffer.count >= maxBatchSize || (!buffer.isEmpty && headSequence < urgentBefore)
        }
    }

    /// The counters, with ``DeliveryStatistics/queued`` filled in.
    var currentStatistics: DeliveryStatistics {
        var current = statistics
        current.queued = buffer.count
        return current
    }

    /// Records how `batch` ended and returns the flush waiters it settles.
    mutating func finish(_ batch: Batch, outcome: DeliveryOutcome) -> [CheckedContinuation<Void, Never>] {
        let count = batch.elements.count
        inFlight[batch.firstSequence] = nil
        statistics.inFlight -= count
        switch outcome {
        case .delivered: statistics.delivered += count
        case .rejected: statistics.droppedRejected += count
        case .retriesExhausted: statistics.droppedAfterRetries += count
        case .abandoned: statistics.droppedAtShutdown += count
        }
        return settledWaiters()
    }

    /// Removes and returns the waiters whose mark is settled.
    mutating func settledWaiters() -> [CheckedContinuation<Void, Never>] {
        guard !waiters.isEmpty else { return [] }
        let lowest = lowestOutstanding
        var settled: [CheckedContinuation<Void, Never>] = []
        for (id, waiter) in waiters where waiter.mark <= lowest {
            settled.append(waiter.continuation)
            waiters[id] = nil
        }
        return settled
    }

    /// Lets partial batches up to the current end of the buffer leave, and returns the parked
    /// workers to wake.
    mutating func expedite() -> [CheckedContinuation<Void, Never>] {
        urgentBefore = max(urgentBefore, nextSequence)
        return takeIdleWorkers()
    }

    mutating func takeIdleWorkers() -> [CheckedContinuation<Void, Never>] {
        defer { idleWorkers.removeAll() }
        return idleWorkers
    }

    /// Stops for good: what is still queued is dropped and counted; returns the dropped
    /// elements and every continuation to resume (parked workers, and waiters now settled).
    mutating func stop() -> (dropped: [Element], continuations: [CheckedContinuation<Void, Never>]) {
        phase = .stopped
        statistics.droppedAtShutdown += buffer.count
        headSequence += UInt64(buffer.count)
        let dropped = buffer
        buffer.removeAll()
        return (dropped, takeIdleWorkers() + settledWaiters())
    }
}

extension Array where Element == CheckedContinuation<Void, Never> {
    /// Resumes every continuation; call it outside the lock.
    func resumeAll() {
        for continuation in self { continuation.resume() }
    }
}
