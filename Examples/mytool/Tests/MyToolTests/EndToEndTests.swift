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
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `mytool` as its users meet it: the built executable, a real terminal (a pseudo-terminal) or
/// a pipe, a real loopback collector (the package's `Tests/Support/collector.py`), real files.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct EndToEndTests {
    @Test("the first run at a terminal prints the notice, naming mytool's own commands; a pipe never sees it")
    func noticeOnATerminalOnly() throws {
        let home = try Home()
        let onPipe = try Tool.run(["greet"], environment: home.environment)
        #expect(onPipe.status == 0)
        #expect(onPipe.output.contains("Hello, world!"))
        #expect(!onPipe.output.contains("anonymous usage statistics"))

        let first = try Tool.runOnTerminal(["greet", "ada"], environment: home.environment)
        #expect(first.contains("Hello, ada!"))
        #expect(first.contains("mytool can send anonymous usage statistics"), "\(first)")
        #expect(first.contains("mytool telemetry enable"))
        #expect(first.contains("mytool telemetry disable"))
        #expect(!first.contains("--tool"))
        let second = try Tool.runOnTerminal(["greet", "ada"], environment: home.environment)
        #expect(!second.contains("anonymous usage statistics"), "shown once")
    }

    @Test(
        "enabled: an event recorded right before exit arrives (that run or the next), and the local copy matches what the collector received"
    )
    func nothingIsLostAtExit() async throws {
        let collector = try PythonCollector()
        defer { collector.stop() }
        let home = try Home()
        var environment = home.environment
        environment["MYTOOL_TELEMETRY_ENDPOINT"] = collector.url("/v1/events")
        let enable = try Tool.run(["telemetry", "enable"], environment: environment)
        #expect(enable.status == 0, "\(enable.output)")
        let status = try Tool.run(["telemetry", "status", "--json"], environment: environment)
        #expect(status.output.contains(#""policy":"enabled""#))

        // Three runs that exit at once: each event is stored before the process exits.
        for name in ["a", "bb", "ccc"] {
            let greet = try Tool.run(["greet", name], environment: environment)
            #expect(greet.status == 0)
        }
        // A run that takes a while sends, in the background, what the quick runs left; the event
        // it records right before its own exit goes out with the run after it.
        let work = try Tool.run(["work", "--milliseconds", "1500"], environment: environment)
        #expect(work.status == 0)
        let received = try await collector.events(atLeast: 4, within: .seconds(20))
        let lengths = received.compactMap { ($0["attrs"] as? [String: Any])?["nameLength"] as? Int }
        #expect(Set(lengths) == [1, 2, 3], "every greet arrived: \(lengths)")
        #expect(received.contains { $0["name"] as? String == "work_started" })
        _ = try Tool.run(["work", "--milliseconds", "1500"], environment: environment)
        let later = try await collector.events(atLeast: 6, within: .seconds(20))
        #expect(
            later.contains { $0["name"] as? String == "work_finished" },
            "the event recorded right before exit arrived with the next run"
        )
        // The local copy lists exactly the events sent (a collector may see one twice: at least once).
        let copy = try String(contentsOfFile: home.path + "/config/mytool/events.jsonl", encoding: .utf8)
        let copied = Set(
            copy.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["event_id"] as? String
            }
        )
        let sent = Set(later.compactMap { $0["event_id"] as? String })
        #expect(sent.isSubset(of: copied), "everything the collector received is in the local copy")
        #expect(copied.count == 7, "three greets and two runs of work, two events each")
    }

    @Test("mytool telemetry disable stops all sending, and the tool's own status and tail work")
    func disableStopsSending() async throws {
        let collector = try PythonCollector()
        defer { collector.stop() }
        let home = try Home()
        var environment = home.environment
        environment["MYTOOL_TELEMETRY_ENDPOINT"] = collector.url("/v1/events")
        _ = try Tool.run(["telemetry", "enable"], environment: environment)
        _ = try Tool.run(["greet"], environment: environment)
        _ = try Tool.run(["greet"], environment: environment)
        let before = try await collector.events(atLeast: 1, within: .seconds(20)).count
        let tail = try Tool.run(
            ["telemetry", "tail", home.path + "/config/mytool/events.jsonl"],
            environment: environment
        )
        #expect(tail.output.contains("greet  mytool 1.0.0"))

        let disable = try Tool.run(["telemetry", "disable"], environment: environment)
        #expect(disable.status == 0)
        for _ in 0..<3 { _ = try Tool.run(["greet"], environment: environment) }
        try await Task.sleep(for: .seconds(1))
        _ = try Tool.run(["work", "--milliseconds", "500"], environment: environment)
        #expect(try collector.events().count == before, "sent after disable")
        let spool = (try? FileManager.default.contentsOfDirectory(atPath: home.path + "/config/mytool/spool")) ?? []
        #expect(spool.isEmpty, "disable deleted the spool: \(spool)")
        let status = try Tool.run(["telemetry", "status"], environment: environment)
        #expect(status.output.contains("telemetry:     disabled"))
        #expect(status.output.contains("decided by:    consentFile"))
    }
}

// MARK: - Support

/// A home of its own for one test (consent, spool, local copy), removed afterwards.
final class Home {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "mytool-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    var environment: [String: String] {
        ["HOME": path, "XDG_CONFIG_HOME": path + "/config", "PATH": "/usr/bin:/bin", "TERM": "dumb"]
    }
}

/// The built `mytool`, next to this test bundle.
enum Tool {
    struct Result {
        var status: Int32
        var output: String
    }

    static var executable: String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        #if os(Linux)
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: link).deletingLastPathComponent()
        }
        #endif
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("mytool").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "mytool"
    }

    /// Runs mytool with stdout and stderr on one pipe; bounded to 30 s.
    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs mytool with a pseudo-terminal as its standard input, output and error, as a person
    /// at a terminal would (util-linux `script` provides the terminal); returns what it printed.
    static func runOnTerminal(_ arguments: [String], environment: [String: String]) throws -> String {
        func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = ([executable] + arguments).map(quoted).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["--quiet", "--return", "--command", command, "/dev/null"]
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// The package's scriptable loopback collector, `Tests/Support/collector.py`.
final class PythonCollector {
    let port: Int
    private let process: Process

    init() throws {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()  // Examples/mytool
            .deletingLastPathComponent().deletingLastPathComponent()  // the package
            .appendingPathComponent("Tests/Support/collector.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        guard let port = Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw POSIXError(.ECONNREFUSED)
        }
        self.port = port
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received (control requests excluded), as JSON objects.
    func requests() throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(string: url("/_control/requests"))!)
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    /// Every event of every accepted request.
    func events() throws -> [[String: Any]] {
        try requests().flatMap { request -> [[String: Any]] in
            guard let base64 = request["bodyBase64"] as? String, let body = Data(base64Encoded: base64),
                let events = try JSONSerialization.jsonObject(with: body) as? [[String: Any]]
            else { return [] }
            return events
        }
    }

    /// The events once there are at least `count`, or what arrived within `limit`.
    func events(atLeast count: Int, within limit: Duration) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let received = try events()
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try events()
    }
}
