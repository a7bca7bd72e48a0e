//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a thread of its own and waits for it at most `seconds`; returns whether it
/// finished. For tests of code that could block forever in a system call (reading a FIFO): a
/// blocked thread of its own is leaked, never one of the cooperative pool the other tests need.
package func finishesOnAThread(within seconds: Double, _ body: @escaping @Sendable () -> Void) -> Bool {
    final class Box: @unchecked Sendable {
        // Safe: `done` is only read and written while `mutex` is held.
        var mutex = pthread_mutex_t()
        var condition = pthread_cond_t()
        var done = false
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) {
            self.body = body
            pthread_mutex_init(&mutex, nil)
            pthread_cond_init(&condition, nil)
        }
    }
    let box = Box(body)
    var thread = pthread_t()
    let unmanaged = Unmanaged.passRetained(box)
    let created = pthread_create(
        &thread,
        nil,
        { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            pthread_mutex_lock(&box.mutex)
            box.done = true
            pthread_cond_signal(&box.condition)
            pthread_mutex_unlock(&box.mutex)
            return nil
        },
        unmanaged.toOpaque()
    )
    precondition(created == 0, "pthread_create failed")
    pthread_detach(thread)
    var deadline = timespec()
    clock_gettime(CLOCK_REALTIME, &deadline)
    let nanoseconds = Int(seconds * 1_000_000_000) + deadline.tv_nsec
    deadline.tv_sec += nanoseconds / 1_000_000_000
    deadline.tv_nsec = nanoseconds % 1_000_000_000
    pthread_mutex_lock(&box.mutex)
    while !box.done {
        if pthread_cond_timedwait(&box.condition, &box.mutex, &deadline) == ETIMEDOUT { break }
    }
    let finished = box.done
    pthread_mutex_unlock(&box.mutex)
    return finished
}
