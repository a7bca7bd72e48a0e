//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Synchronization
public import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP listener on 127.0.0.1 that never accepts: connections complete into its backlog and
/// their requests are never read or answered, so every POST hangs until its timeout.
public final class HangingListener: Sendable {
    private let descriptor: Int32
    /// The port it listens on.
    public let port: Int

    /// Listens on an ephemeral port of 127.0.0.1, or returns `nil`.
    public init?() {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 4096) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

/// `Tests/Support/collector.py` (Python's standard library HTTP server, answering 200) on
/// 127.0.0.1, started as a subprocess.
public final class LoopbackCollector: Sendable {
    private let process: Mutex<Process?>
    /// The port it listens on.
    public let port: Int

    /// Starts the collector and waits (up to 30 s) for the port it prints on its first line, or
    /// returns `nil` (no `python3`).
    public init?() {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Support/collector.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        var line = Data()
        let deadline = ContinuousClock.now + .seconds(30)
        while !line.contains(UInt8(ascii: "\n")), ContinuousClock.now < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = String(decoding: line, as: UTF8.self).split(separator: "\n").first.flatMap({ Int($0) })
        else {
            process.terminate()
            return nil
        }
        self.port = port
        self.process = Mutex(process)
    }

    /// Stops the collector.
    public func stop() {
        process.withLock { process in
            process?.terminate()
            process?.waitUntilExit()
            process = nil
        }
    }

    deinit { stop() }
}

/// Returns `context` through a call the optimiser cannot see into (not generic, so that what
/// is measured is the call, not a generic function's value witnesses).
@inline(never)
public func opaque(_ context: TelemetryContext) -> TelemetryContext {
    context
}

/// Percentiles of a sample, in nanoseconds.
public func percentile(_ sorted: [Int64], _ fraction: Double) -> Int64 {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

/// A value set in a benchmark's setup and read by its closure and teardown.
public final class SharedValue<Value: Sendable>: Sendable {
    private let storage: Mutex<Value?> = Mutex(nil)

    public init() {}

    /// The value, once set.
    public var value: Value? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
