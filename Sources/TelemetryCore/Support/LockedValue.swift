//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// `public`: the inlinable `withLock` calls pthread from the other modules of the package.
#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif

/// A value guarded by a `pthread_mutex_t`, for the library's tiny critical sections.
///
/// Why not `Synchronization.Mutex`: on Linux, `Mutex` locks with raw `futex` system calls that
/// ThreadSanitizer cannot see, so every access made under it is reported as a data race and
/// `swift test --sanitize=thread` drowns in false positives (reproduced with Swift 6.3.1: eight
/// tasks appending to a `Mutex<[Int]>` produce a TSan report; the same program over a
/// `pthread_mutex_t` produces none). ThreadSanitizer intercepts `pthread_mutex_lock`, so with
/// this type a race report is a real race. This is the lock swift-log and SwiftNIO
/// (`NIOLockedValueBox`) use on Linux, for the same reason; the uncontended cost is the same
/// order as `Mutex` (see `Benchmarks/RESULTS.md`).
///
/// Public only as SPI (`@_spi(TelemetryInternals) import TelemetryCore`), for the package's
/// other modules: a `package` declaration's body is never serialized into the module (Swift 6.3,
/// without the experimental package cross-module optimization), so `@inlinable package` is not
/// inlined across modules, and every `withLock` in TelemetrySinks ran as an unspecialised generic
/// call: a metadata lookup and value-witness copies of the result, about 100 instructions per
/// event on the spool's path (`Benchmarks/RESULTS.md`). Hosts never see it.
@_spi(TelemetryInternals)
public final class LockedValue<Value> {
    // Both behind pointers, never moved: POSIX requires a mutex to stay where it was
    // initialised, and `inout` access through a pointer needs no dynamic exclusivity check
    // (a stored `var` of a class would pay one on every `withLock`).
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    // Only ever read or written between `pthread_mutex_lock` and `pthread_mutex_unlock`.
    @usableFromInline let value: UnsafeMutablePointer<Value>

    /// Creates a lock guarding `initialValue`.
    public init(_ initialValue: Value) {
        self.value = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        self.value.initialize(to: initialValue)
        self.mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        self.mutex.initialize(to: pthread_mutex_t())
        let result = pthread_mutex_init(self.mutex, nil)
        // pthread_mutex_init with default attributes fails only on resource exhaustion
        // (EAGAIN/ENOMEM), where no lock-based code can go on safely.
        precondition(result == 0, "pthread_mutex_init failed: \(result)")
    }

    deinit {
        pthread_mutex_destroy(self.mutex)
        self.mutex.deinitialize(count: 1)
        self.mutex.deallocate()
        self.value.deinitialize(count: 1)
        self.value.deallocate()
    }

    /// Runs `body` with exclusive access to the value, and returns what it returns.
    ///
    /// `body` must not call back into the same lock: the mutex is not recursive.
    // Inlinable so that callers in other modules get a specialised, inlined lock (as they do
    // with the standard library's `Mutex`) rather than an unspecialised generic call.
    @inlinable
    public func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let locked = pthread_mutex_lock(self.mutex)
        precondition(locked == 0, "pthread_mutex_lock failed: \(locked)")
        defer {
            let unlocked = pthread_mutex_unlock(self.mutex)
            precondition(unlocked == 0, "pthread_mutex_unlock failed: \(unlocked)")
        }
        return try body(&self.value.pointee)
    }

}

// Safe: `value` is only dereferenced inside `withLock`, which holds the mutex; `mutex`
// is an immutable pointer to a lock that is itself thread-safe. The value must be Sendable
// because `withLock` lets different threads read and write it in turn.
extension LockedValue: @unchecked Sendable where Value: Sendable {}
