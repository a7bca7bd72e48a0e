//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
package import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real HTTP collector on 127.0.0.1: `Tests/Support/collector.py`, Python's standard library
/// `http.server`, started for one test and stopped after it. Its answers are scripted per test
/// and it records what it received (see the script's docstring).
///
/// Python 3 is required (and, for `otlp: true`, the `opentelemetry-proto` package): when it is
/// missing the test fails with the reason; it never skips.
///
/// `@unchecked Sendable`: every stored property is an immutable `let`, and the only `Process`
/// members used after launch (`isRunning`, `processIdentifier`, `waitUntilExit`) are safe from
/// any thread.
package final class Collector: @unchecked Sendable {
    /// The port the OS chose.
    package let port: Int
    /// The loopback address it listens on.
    package let host: String
    private let process: Process

    /// `http://<host>:<port>`.
    package var baseURL: String { "http://\(host):\(port)" }

    /// A URL on the collector.
    package func url(_ path: String = "/events") -> String { baseURL + path }

    private init(host: String, port: Int, process: Process) {
        self.host = host
        self.port = port
        self.process = process
    }

    /// Starts the collector and waits for it to print its port.
    ///
    /// The wait (seconds, when protobuf is imported on a loaded machine) blocks a dedicated
    /// thread, never the cooperative pool that the other tests running in parallel need.
    package static func start(otlp: Bool = false, host: String = "127.0.0.1") async throws -> Collector {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try startBlocking(otlp: otlp, host: host) })
            }
            thread.start()
        }
    }

    private static func startBlocking(otlp: Bool, host: String) throws -> Collector {
        // Tests/, two levels above this file.
        let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let script = testsDirectory.appendingPathComponent("Support/collector.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--host", host] + (otlp ? ["--otlp"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw CollectorError(message: "cannot start python3 \(script): \(error)")
        }
        // The first line is the port; EOF before it means the script failed (its stderr says why).
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw CollectorError(
                message: "collector.py did not start (exit status \(process.terminationStatus)); "
                    + "it needs python3\(otlp ? " and `pip install opentelemetry-proto`" : "")"
            )
        }
        return Collector(host: host, port: port, process: process)
    }

    /// Stops the collector.
    package func stop() {
        guard process.isRunning else { return }
        // SIGKILL: a signal mask inherited from the spawning thread cannot block it.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Replaces the script: the next requests get `actions` in order, then `default`.
    package func script(_ actions: [Action], default defaultAction: Action = .status(200)) async throws {
        let body: [String: Any] = ["actions": actions.map(\.json), "default": defaultAction.json]
        try await post("/_control/script", body)
    }

    /// Stops listening for `seconds` (connections are refused), then listens again on the same port.
    package func goDown(for seconds: Double) async throws {
        try await post("/_control/down", ["seconds": seconds])
    }

    /// Everything received so far, oldest first (control requests excluded).
    package func requests() async throws -> [ReceivedRequest] {
        let (body, _) = try await control(path: "/_control/requests", method: "GET", body: nil)
        return try JSONDecoder().decode([ReceivedRequest].self, from: body)
    }

    /// Polls ``requests()`` until `condition` holds or `timeout` passes; returns the last list.
    package func requests(
        waitingUpTo timeout: Duration,
        until condition: ([ReceivedRequest]) -> Bool
    ) async throws -> [ReceivedRequest] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let received = try await requests()
            if condition(received) || ContinuousClock.now >= deadline { return received }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    private func post(_ path: String, _ body: [String: Any]) async throws {
        let data = try JSONSerialization.data(withJSONObject: body)
        let (_, status) = try await control(path: path, method: "POST", body: data)
        guard status == 200 else { throw CollectorError(message: "\(path) answered \(status)") }
    }

    /// One request to the collector's control API, through an ephemeral URLSession.
    private func control(path: String, method: String, body: Data?) async throws -> (Data, Int) {
        var request = URLRequest(url: URL(string: url(path))!)
        request.httpMethod = method
        request.timeoutInterval = 10
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) =
            if let body { try await session.upload(for: request, from: body) } else {
                try await session.data(for: request)
            }
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    /// One scripted answer.
    package struct Action {
        fileprivate var json: [String: Any]

        /// Answer `code`, with optional headers and body.
        package static func status(_ code: Int, headers: [String: String] = [:], body: String = "{}") -> Action {
            Action(json: ["status": code, "headers": headers, "body": body])
        }

        /// Read the request and answer nothing for `seconds`, then close.
        package static func hang(seconds: Double) -> Action { Action(json: ["hang": seconds]) }

        /// Read the request and close the connection without answering.
        package static var close: Action { Action(json: ["close": true]) }
    }

    /// A request the collector received.
    package struct ReceivedRequest: Decodable {
        package var method: String
        package var path: String
        package var headers: [String: String]
        package var body: String
        package var bodyBase64: String
        package var receivedAt: Double
        /// The status answered, or `"hang"` / `"close"`.
        package var answer: TelemetryValue
        /// The OTLP body parsed by protobuf's `json_format.Parse`, as `MessageToDict` gives it.
        package var otlp: TelemetryValue?
        package var otlpError: String?

        package var wasAccepted: Bool { answer.intValue.map { (200..<300).contains($0) } ?? false }

        /// The body decoded as the JSON array of events ``HTTPSink`` sends.
        package func events() throws -> [Event] {
            try JSONDecoder().decode([Event].self, from: Data(base64Encoded: bodyBase64) ?? Data())
        }
    }

    package struct CollectorError: Error, CustomStringConvertible {
        package var message: String
        package var description: String { "Collector: \(message)" }
    }
}

/// Runs `body` with a fresh collector, and stops it afterwards.
package func withCollector<T>(
    otlp: Bool = false,
    host: String = "127.0.0.1",
    _ body: (Collector) async throws -> T
) async throws -> T {
    let collector = try await Collector.start(otlp: otlp, host: host)
    defer { collector.stop() }
    return try await body(collector)
}
