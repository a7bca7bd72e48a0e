//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the built `telemetry` executable as a real subprocess, with an explicit environment,
/// bounded in time; stdout and stderr go to files, so a large output can never block it.
struct TelemetryProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as one JSON object.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any], "stdout is not a JSON object: \(stdout)")
        }
    }

    /// The `telemetry` executable next to this test bundle, or the one named by
    /// `TELEMETRY_TEST_EXECUTABLE` (to run these tests against another build, for example the
    /// previous release, and see which of them it fails).
    static let executable: String? = {
        if let override = ProcessInfo.processInfo.environment["TELEMETRY_TEST_EXECUTABLE"], !override.isEmpty {
            return override
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        #if os(Linux)
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: link).deletingLastPathComponent()
        }
        #endif
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("telemetry").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// Runs `telemetry arguments…` in `directory` with exactly `environment` (plus PATH), and
    /// kills it after `timeout` (a failure unless `expectTimeout`, for `tail --follow`).
    ///
    /// - Parameters:
    ///   - standardInput: Bytes to feed on standard input (else `/dev/null`).
    ///   - user: Run as this uid (and gid), through `setpriv`: a second user for the trust tests.
    ///   - wrapper: A command the executable runs under, for example a memory-measuring one.
    ///   - program: Another executable built next to the tests (`TelemetryTestHelper`) to run
    ///     instead of `telemetry`, with `prefix` before `arguments`.
    static func run(
        _ arguments: [String],
        environment: [String: String],
        directory: String? = nil,
        timeout: Duration = .seconds(30),
        expectTimeout: Bool = false,
        standardInput: [UInt8]? = nil,
        user: UInt32? = nil,
        wrapper: [String] = [],
        program: String? = nil,
        prefix: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Result {
        let telemetry = try #require(
            program.map { name in
                executable.map {
                    URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent(name).path
                }
            } ?? executable,
            "the telemetry executable was not built next to the tests",
            sourceLocation: sourceLocation
        )
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "telemetry-cli-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }

        var command = wrapper + [telemetry] + prefix + arguments
        if let user {
            command = ["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(user)", "--clear-groups"] + command
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var environment = environment
        environment["PATH"] = environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let standardInput {
            let input = scratch.appendingPathComponent("stdin")
            try Data(standardInput).write(to: input)
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = ContinuousClock.now + timeout
        // Poll without blocking a thread: the cooperative pool is small and other suites'
        // timing tests share it.
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            process.terminate()
            // A child spawned from a thread that blocks SIGTERM inherits that mask: SIGKILL
            // after a grace period, so a test can never wait forever for its process.
            let grace = ContinuousClock.now + .seconds(2)
            while process.isRunning, ContinuousClock.now < grace {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            while process.isRunning {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if !expectTimeout {
                Issue.record(
                    "telemetry \(arguments.joined(separator: " ")) did not finish within \(timeout)",
                    sourceLocation: sourceLocation
                )
            }
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        )
    }
}

/// A temporary directory for one CLI test.
final class CLITestDirectory: Sendable {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "telemetry-cli-tests-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }

    /// An environment that sends `my-cli`'s consent file here, with a home of its own.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["HOME": path, "MY_CLI_TELEMETRY_DIR": file("state")]
        environment.merge(extra) { $1 }
        return environment
    }
}

/// A valid event line as FileSink writes it.
func eventLine(
    _ name: String,
    at timestamp: String = "2026-11-23T09:30:00.000Z",
    attributes: String = "{}"
) -> String {
    let machineId = String(repeating: "ab", count: 32)
    return
        "{\"schema\":1,\"name\":\"\(name)\",\"tool\":\"my-cli\",\"tool_version\":\"1.2.0\",\"machine_id\":\"\(machineId)\",\"timestamp_utc\":\"\(timestamp)\",\"attrs\":\(attributes)}"
}
