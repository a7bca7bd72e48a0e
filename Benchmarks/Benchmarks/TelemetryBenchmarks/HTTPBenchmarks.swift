//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark
import Foundation
import Synchronization
import TelemetryCore
import TelemetrySinks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// 7. `HTTPSink.emit` while the collector hangs (per-call latency, p50/p99 in the table), and
/// events delivered per second to a real HTTP collector on loopback.
func registerHTTPBenchmarks() {
    let event = Fixtures.event

    // 7a. The collector accepts the connection (the kernel completes it into the listen
    // backlog) and never reads or answers: every POST hangs until its timeout. emit must not
    // notice. One emit per iteration, so that the percentiles are per call; the queue (2048)
    // fills within the first iterations, after which emit drops and counts, as designed.
    let hanging = HangingCollector()
    Benchmark(
        "7a HTTPSink.emit, collector hangs (per call)",
        configuration: .init(scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 200_000),
        closure: { benchmark in
            guard let sink = hanging.sink else {
                benchmark.error("cannot listen on 127.0.0.1")
                return
            }
            try? await sink.emit(event)
        },
        teardown: { await hanging.stop() }
    )

    // 7b. Delivery to a real HTTP/1.1 collector on 127.0.0.1 (the delivery tests' own
    // Tests/Support/collector.py, answering 200): 1000 events per iteration, then flush, so
    // that what is measured is events actually delivered.
    let collector = LoopbackCollector()
    Benchmark(
        "7b HTTPSink delivered to a loopback collector (emit + flush)",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(3), maxIterations: 200),
        closure: { benchmark in
            guard let sink = collector.sink else {
                benchmark.error("the loopback collector did not start (python3 Tests/Support/collector.py)")
                return
            }
            for _ in benchmark.scaledIterations {
                try? await sink.emit(event)
            }
            do {
                try await sink.flush()
            } catch {
                benchmark.error("flush: \(error)")
            }
        },
        setup: { collector.start() },
        teardown: { await collector.stop() }
    )
}

/// A TCP listener on 127.0.0.1 that never accepts: connections complete into its backlog and
/// their requests are never read or answered.
final class HangingCollector: Sendable {
    private struct State {
        var descriptor: Int32 = -1
        var sink: HTTPSink?
    }
    private let state = Mutex(State())

    /// A sink posting to the listener, created (with the listener) on first use.
    var sink: HTTPSink? {
        state.withLock { state in
            if let sink = state.sink { return sink }
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
            state.descriptor = descriptor
            let port = Int(UInt16(bigEndian: address.sin_port))
            state.sink = try? HTTPSink(endpoint: "http://127.0.0.1:\(port)/events")
            return state.sink
        }
    }

    func stop() async {
        let (sink, descriptor) = state.withLock { state in
            defer { state = State() }
            return (state.sink, state.descriptor)
        }
        try? await sink?.shutdown(deadline: .now + .milliseconds(100))
        if descriptor >= 0 { close(descriptor) }
    }
}

/// `Tests/Support/collector.py` (Python's standard library HTTP server) on 127.0.0.1, and a
/// sink posting to it.
final class LoopbackCollector: Sendable {
    private struct State {
        var process: Process?
        var sink: HTTPSink?
    }
    private let state = Mutex(State())

    var sink: HTTPSink? { state.withLock { $0.sink } }

    /// Starts the collector and waits (up to 30 s) for the port it prints on its first line.
    func start() {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Support/collector.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else { return }
        var line = Data()
        let deadline = ContinuousClock.now + .seconds(30)
        while !line.contains(UInt8(ascii: "\n")), ContinuousClock.now < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let port = String(decoding: line, as: UTF8.self).split(separator: "\n").first.flatMap { Int($0) }
        guard let port else {
            process.terminate()
            return
        }
        let sink = try? HTTPSink(endpoint: "http://127.0.0.1:\(port)/events")
        state.withLock { $0 = State(process: process, sink: sink) }
    }

    func stop() async {
        let (process, sink) = state.withLock { state in
            defer { state = State() }
            return (state.process, state.sink)
        }
        try? await sink?.shutdown(deadline: .now + .seconds(2))
        process?.terminate()
        process?.waitUntilExit()
    }
}
