//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `telemetry-collector` executable, run as a real process on a free port.
final class CollectorProcess: @unchecked Sendable {
    // @unchecked: `process` and the log paths are set once in init and only read afterwards;
    // Process itself is thread-safe for terminate/isRunning/waitUntilExit.
    let process = Process()
    let port: Int
    let standardError: String

    /// The executable next to this test bundle.
    static var executable: String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: link).deletingLastPathComponent()
        }
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("telemetry-collector").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "telemetry-collector"
    }

    /// Starts the collector with `arguments` (the port is chosen by the system) and waits for it
    /// to print its port.
    init(_ arguments: [String], environment: [String: String] = [:], directory: ScratchDirectory) throws {
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["--port", "0"] + arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let output = Pipe()
        standardError = directory.file("collector.stderr")
        _ = FileManager.default.createFile(atPath: standardError, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: standardError))
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let text = String(data: line, encoding: .utf8),
            let port = Int(text.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        else {
            process.terminate()
            throw CollectorError(
                description:
                    "the collector did not start: \(String(decoding: line, as: UTF8.self)) \((try? String(contentsOfFile: standardError, encoding: .utf8)) ?? "")"
            )
        }
        self.port = port
    }

    struct CollectorError: Error, CustomStringConvertible { var description: String }

    /// Sends SIGTERM and waits (at most 30 s) for the exit status.
    func terminate() async -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("the collector did not stop within 30 s of SIGTERM")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    var logs: String { (try? String(contentsOfFile: standardError, encoding: .utf8)) ?? "" }

    deinit { if process.isRunning { process.terminate() } }
}
