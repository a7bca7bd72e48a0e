//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Synchronization

/// The bounded queue between the request handlers and the writer.
///
/// A request's events go in together or not at all (``offer(_:)``), so that a 202 means every
/// one of them will be stored; a full queue refuses the request (503, the sender retries).
/// ``finish()`` refuses everything new and lets the writer take what is left.
final class IngestQueue: Sendable {
    /// The most events held at once.
    let capacity: Int

    private struct State {
        var events: [StoredEvent] = []
        var isFinished = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Queues `events` if there is room for all of them and the queue is open.
    func offer(_ events: [StoredEvent]) -> Bool {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>?? in
            guard !state.isFinished, state.events.count + events.count <= capacity else { return .none }
            state.events.append(contentsOf: events)
            defer { state.waiter = nil }
            return .some(state.waiter)
        }
        guard let waiter else { return false }
        waiter?.resume()
        return true
    }

    /// Up to `maximumCount` events, waiting for the first; `nil` once finished and empty.
    func take(upTo maximumCount: Int) async -> [StoredEvent]? {
        while true {
            enum Step {
                case events([StoredEvent])
                case finished
                case wait
            }
            let step = state.withLock { state -> Step in
                if !state.events.isEmpty {
                    let count = min(maximumCount, state.events.count)
                    let taken = Array(state.events.prefix(count))
                    state.events.removeFirst(count)
                    return .events(taken)
                }
                return state.isFinished ? .finished : .wait
            }
            switch step {
            case .events(let events): return events
            case .finished: return nil
            case .wait:
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        if !state.events.isEmpty || state.isFinished { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// Refuses new events from now on; the writer drains what is queued.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.isFinished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Events queued now.
    var count: Int { state.withLock { $0.events.count } }
}
