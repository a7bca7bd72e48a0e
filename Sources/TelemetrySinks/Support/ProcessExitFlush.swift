//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes what buffered sinks hold when the process exits normally.
///
/// A command-line tool records an event and returns from `main` at once; a buffered sink would
/// lose what it had not written yet. One `atexit` handler, registered on first use, calls each
/// live sink's write-out (a short local write: nothing here waits on the network). A sink
/// unregisters itself on shutdown and on `deinit`.
enum ProcessExitFlush {
    private static let handlers = LockedValue<[ObjectIdentifier: @Sendable () -> Void]>([:])
    private static let installed = LockedValue(false)

    /// Calls `handler` at normal process exit, until ``unregister(_:)`` is called for `owner`.
    static func register(_ owner: AnyObject, _ handler: @escaping @Sendable () -> Void) {
        handlers.withLock { $0[ObjectIdentifier(owner)] = handler }
        let needsInstall = installed.withLock { installed -> Bool in
            defer { installed = true }
            return !installed
        }
        if needsInstall {
            atexit { ProcessExitFlush.runAll() }
        }
    }

    /// Stops calling the handler of `owner`.
    static func unregister(_ owner: AnyObject) {
        _ = handlers.withLock { $0.removeValue(forKey: ObjectIdentifier(owner)) }
    }

    private static func runAll() {
        // Taken out of the lock first: a handler must never run while the registry is locked.
        let all = handlers.withLock { handlers -> [@Sendable () -> Void] in
            defer { handlers = [:] }
            return Array(handlers.values)
        }
        for handler in all { handler() }
    }
}
