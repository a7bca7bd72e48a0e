//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

@_spi(TelemetryInternals) import TelemetryCore

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
    /// The live handlers and the sinks they belong to. An array, not a dictionary keyed by
    /// `ObjectIdentifier`: there are a handful of buffered sinks at most, and the dictionary's
    /// first use cost a command-line tool 0.25 M instructions of start-up (the runtime's search
    /// for `ObjectIdentifier: Hashable` through every conformance record; `Benchmarks/RESULTS.md`).
    private static let handlers = LockedValue<[Registration]>([])
    private static let installed = LockedValue(false)

    private struct Registration: Sendable {
        var owner: ObjectIdentifier
        var handler: @Sendable () -> Void
    }

    /// Calls `handler` at normal process exit, until ``unregister(_:)`` is called for `owner`.
    static func register(_ owner: AnyObject, _ handler: @escaping @Sendable () -> Void) {
        let owner = ObjectIdentifier(owner)
        handlers.withLock { handlers in
            handlers.removeAll { $0.owner == owner }
            handlers.append(Registration(owner: owner, handler: handler))
        }
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
        let owner = ObjectIdentifier(owner)
        handlers.withLock { $0.removeAll { $0.owner == owner } }
    }

    private static func runAll() {
        // Taken out of the lock first: a handler must never run while the registry is locked.
        let all = handlers.withLock { handlers -> [Registration] in
            defer { handlers = [] }
            return handlers
        }
        for registration in all { registration.handler() }
    }
}
