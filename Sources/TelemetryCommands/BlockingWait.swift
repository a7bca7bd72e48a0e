//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Dispatch
@_spi(TelemetryInternals) import TelemetryCore

/// Runs `async` work from a synchronous command's `run()`.
///
/// The commands are synchronous so that any root command can mount them; the one piece of
/// asynchronous work (a host's `preview`, which may run detectors) runs in a task while the
/// command's thread waits. The task never needs the waiting thread: it runs on the global
/// executor.
package enum BlockingWait {
    package static func result<Value: Sendable>(_ operation: @escaping @Sendable () async -> Value) -> Value {
        let box = LockedValue<Value?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let value = await operation()
            box.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }
}
