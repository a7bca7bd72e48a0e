//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The library's one way to wait for something with a time limit.
///
/// Telemetry must never hang its host, even when the thing it waits for (a custom track, a
/// collector, a host's sink) ignores cancellation. A task group is not enough for that: leaving
/// the group waits for every child. So the operation runs in a task of its own and the caller
/// waits on a continuation that the first of three events resumes: the operation finishes, the
/// deadline passes, or the caller is cancelled. The operation is then cancelled, never awaited.
package enum Deadline {
    /// Runs `operation` and waits for it at most until `deadline` on `clock`.
    ///
    /// - Returns: What `operation` returned, or `nil` when the deadline or the caller's
    ///   cancellation came first (the operation is cancelled and left to finish on its own).
    package static func run<Result: Sendable, C: Clock>(
        until deadline: C.Instant,
        clock: C,
        _ operation: @escaping @Sendable () async -> Result
    ) async -> Result? {
        let race = Race<Result>()
        let work = Task { race.finish(with: await operation()) }
        let timer = Task {
            try? await clock.sleep(until: deadline, tolerance: nil)
            race.finish(with: nil)
        }
        let result = await withTaskCancellationHandler {
            await race.wait()
        } onCancel: {
            race.finish(with: nil)
        }
        work.cancel()
        timer.cancel()
        return result
    }

    /// Like ``run(until:clock:_:)`` on the continuous clock.
    package static func run<Result: Sendable>(
        until deadline: ContinuousClock.Instant,
        _ operation: @escaping @Sendable () async -> Result
    ) async -> Result? {
        await run(until: deadline, clock: ContinuousClock(), operation)
    }

    /// The first outcome wins; later ones are ignored.
    private final class Race<Result: Sendable>: Sendable {
        private enum State {
            case pending(CheckedContinuation<Result?, Never>?)
            case finished(Result?)
        }

        private let state = LockedValue<State>(.pending(nil))

        func finish(with result: Result?) {
            let waiter = state.withLock { state -> CheckedContinuation<Result?, Never>? in
                guard case .pending(let waiter) = state else { return nil }
                state = .finished(result)
                return waiter
            }
            waiter?.resume(returning: result)
        }

        func wait() async -> Result? {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result?, Never>) in
                let finished = state.withLock { state -> Result?? in
                    switch state {
                    case .finished(let result):
                        return .some(result)
                    case .pending:
                        state = .pending(continuation)
                        return nil
                    }
                }
                if let finished { continuation.resume(returning: finished) }
            }
        }
    }
}
