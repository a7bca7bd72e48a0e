//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HTTPTypes
import TelemetryCore
import TelemetrySinks

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
final class Collector: @unchecked Sendable {
    /// The port the OS chose.
    let port: Int
    /// The loopback address it listens on.
    let host: String
    private let process: Process
    private let control = URLSessionTransport()

    /// `http://<host>:<port>`.
    var baseURL: String { "http://\(host):\(port)" }

    /// A URL on the collector.
    func url(_ path: String = "/events") -> String { baseURL + path }

    private init(host: String, port: Int, process: Process) {
        self.host = host
        self.port = port
        self.process = process
    }

    /// Starts the collector and waits for it to print its port.
    ///
    /// The wait (seconds, when protobuf is imported on a loaded machine) blocks a dedicated
    /// thread, never the cooperative pool that the other tests running in parallel need.
    static func start(otlp: Bool = false, host: String = "127.0.0.1") async throws -> Collector {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try startBlocking(otlp: otlp, host: host) })
            }
            thread.start()
        }
    }

    private static func startBlocking(otlp: Bool, host: String) throws -> Collector {
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
    func stop() {
        guard process.isRunning else { return }
        // SIGKILL: a signal mask inherited from the spawning thread cannot block it.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Replaces the script: the next requests get `actions` in order, then `default`.
    func script(_ actions: [Action], default defaultAction: Action = .status(200)) async throws {
        let body: [String: Any] = ["actions": actions.map(\.json), "default": defaultAction.json]
        try await post("/_control/script", body)
    }

    /// Stops listening for `seconds` (connections are refused), then listens again on the same port.
    func goDown(for seconds: Double) async throws {
        try await post("/_control/down", ["seconds": seconds])
    }

    /// Everything received so far, oldest first (control requests excluded).
    func requests() async throws -> [ReceivedRequest] {
        let (_, body) = try await control.send(controlRequest(.get, "/_control/requests"), body: [], timeout: .seconds(10))
        return try JSONDecoder().decode([ReceivedRequest].self, from: Data(body))
    }

    /// Polls ``requests()`` until `condition` holds or `timeout` passes; returns the last list.
    func requests(
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
        let (response, _) = try await control.send(controlRequest(.post, path), body: Array(data), timeout: .seconds(10))
        guard response.status == .ok else { throw CollectorError(message: "\(path) answered \(response.status)") }
    }

    private func controlRequest(_ method: HTTPRequest.Method, _ path: String) -> HTTPRequest {
        HTTPRequest(method: method, scheme: "http", authority: "\(host):\(port)", path: path, headerFields: [.contentType: "application/json"])
    }

    /// One scripted answer.
    struct Action {
        fileprivate var json: [String: Any]

        /// Answer `code`, with optional headers and body.
        static func status(_ code: Int, headers: [String: String] = [:], body: String = "{}") -> Action {
            Action(json: ["status": code, "headers": headers, "body": body])
        }

        /// Read the request and answer nothing for `seconds`, then close.
        static func hang(seconds: Double) -> Action { Action(json: ["hang": seconds]) }

        /// Read the request and close the connection without answering.
        static var close: Action { Action(json: ["close": true]) }
    }

    /// A request the collector received.
    struct ReceivedRequest: Decodable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
        var bodyBase64: String
        var receivedAt: Double
        /// The status answered, or `"hang"` / `"close"`.
        var answer: TelemetryValue
        /// The OTLP body parsed by protobuf's `json_format.Parse`, as `MessageToDict` gives it.
        var otlp: TelemetryValue?
        var otlpError: String?

        var wasAccepted: Bool { answer.intValue.map { (200..<300).contains($0) } ?? false }

        /// The body decoded as the JSON array of events ``HTTPSink`` sends.
        func events() throws -> [Event] {
            try JSONDecoder().decode([Event].self, from: Data(base64Encoded: bodyBase64) ?? Data())
        }
    }

    struct CollectorError: Error, CustomStringConvertible {
        var message: String
        var description: String { "Collector: \(message)" }
    }
}

/// Runs `body` with a fresh collector, and stops it afterwards.
func withCollector<T>(otlp: Bool = false, host: String = "127.0.0.1", _ body: (Collector) async throws -> T) async throws -> T {
    let collector = try await Collector.start(otlp: otlp, host: host)
    defer { collector.stop() }
    return try await body(collector)
}
