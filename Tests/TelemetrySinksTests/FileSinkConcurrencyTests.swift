//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import TelemetrySinks
import Testing

/// Many writers, one file: every line must parse, none may be lost or duplicated.
@Suite("FileSink under concurrency", .timeLimit(.minutes(5)))
struct FileSinkConcurrencyTests {
    /// The problems with the file at `path`: every line must be one event per (writer, sequence)
    /// pair, each with its intact payload, none missing, none twice. Empty when all is well.
    static func problems(inFileAt path: String, writers: [String], count: Int, payload: (Int) -> String) -> [String] {
        var problems: [String] = []
        var seen: [String: Set<Int>] = [:]
        let lines = TestSupport.lines(path)
        for (number, line) in lines.enumerated() {
            guard let event = try? TestSupport.decode(line) else {
                problems.append(
                    "line \(number + 1) does not parse (\(line.utf8.count) bytes, starts \(line.prefix(80)))"
                )
                continue
            }
            guard let writer = event.attributes["writer"]?.stringValue,
                let sequence = event.attributes["sequence"]?.intValue,
                let text = event.attributes["payload"]?.stringValue
            else {
                problems.append("line \(number + 1) lacks writer, sequence or payload")
                continue
            }
            if text != payload(sequence) {
                problems.append("line \(number + 1): payload of \(writer)#\(sequence) is cut or mixed")
            }
            if !seen[writer, default: []].insert(sequence).inserted {
                problems.append("\(writer)#\(sequence) appears twice")
            }
        }
        if lines.count != writers.count * count {
            problems.append("\(lines.count) lines, expected \(writers.count * count)")
        }
        for writer in writers where seen[writer] != Set(0..<count) {
            problems.append("\(writer) lost \(count - (seen[writer]?.count ?? 0)) events")
        }
        return problems
    }

    /// Checks the file as ``problems(inFileAt:writers:count:payload:)`` does, on a thread of its
    /// own: parsing tens of megabytes in a debug build takes a while, and the cooperative pool
    /// (as wide as the machine has cores) must stay free for the tests running beside this one.
    static func verify(
        _ path: String,
        writers: [String],
        count: Int,
        payload: @escaping @Sendable (Int) -> String
    ) async {
        let problems = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    returning: Self.problems(inFileAt: path, writers: writers, count: count, payload: payload)
                )
            }
        }
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(10))")
    }

    @Test(
        "64 tasks × 100 events of 8 KiB attributes into one FileSink: every line parses, none lost or duplicated",
        arguments: [FileSink.Durability.everyEvent, .buffered]
    )
    func manyTasks(durability: FileSink.Durability) async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/tasks.jsonl"
            let sink = try FileSink(path: path, durability: durability)
            let payload = String(repeating: "p", count: 8 * 1024)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<64 {
                    group.addTask {
                        for sequence in 0..<100 {
                            sink.emit(
                                TestSupport.event(
                                    "concurrent",
                                    attributes: [
                                        "writer": .string("task\(task)"), "sequence": .int(sequence),
                                        "payload": .string(payload),
                                    ]
                                )
                            )
                            // emit never suspends: without a yield these 64 tasks would hold
                            // every pool thread until done and stall the tests running beside.
                            await Task.yield()
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await sink.shutdown(deadline: .now + .seconds(5))
            await Self.verify(path, writers: (0..<64).map { "task\($0)" }, count: 100) { _ in payload }
        }
    }

    /// The `TelemetryTestHelper` executable, built next to the test bundle.
    static func helperExecutable() -> URL? {
        var directories: [URL] = []
        #if os(Linux)
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        #endif
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        return
            directories
            .map { $0.appendingPathComponent("TelemetryTestHelper") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the helper with `arguments`, waiting at most `timeout`; returns the finished process.
    /// The sanitizer options of this test process (Tests/Sanitizers/run.sh sets them), handed to
    /// a helper run with an environment of its own, so that its leak check reads the same
    /// suppressions (libcurl's, under URLSession) as the test process.
    static let sanitizerOptions: [String: String] = ProcessInfo.processInfo.environment.filter { name, _ in
        ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"].contains(name)
    }

    static func runHelper(
        _ arguments: [String],
        environment: [String: String]? = nil,
        timeout: Duration = .seconds(90)
    ) async throws -> [Process] {
        try await runHelpers([arguments], environment: environment, timeout: timeout)
    }

    /// Runs one helper per argument list, all at once, waiting at most `timeout` for them all;
    /// a helper still running then is terminated and recorded as a failure.
    static func runHelpers(
        _ argumentLists: [[String]],
        environment: [String: String]? = nil,
        timeout: Duration = .seconds(90)
    ) async throws -> [Process] {
        let executable = try #require(helperExecutable(), "TelemetryTestHelper must be built next to the tests")
        let processes = argumentLists.map { arguments in
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if let environment { process.environment = environment.merging(sanitizerOptions) { own, _ in own } }
            return process
        }
        for process in processes { try process.run() }
        let deadline = ContinuousClock.now + timeout
        while processes.contains(where: \.isRunning), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        for process in processes where process.isRunning {
            process.terminate()
            Issue.record("TelemetryTestHelper \(process.arguments ?? []) did not finish within \(timeout)")
        }
        for process in processes { process.waitUntilExit() }
        return processes
    }

    @Test("4 processes appending to one file: every line parses, none lost or duplicated")
    func manyProcesses() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/processes.jsonl"
            let writers = ["p0", "p1", "p2", "p3"]
            let count = 150
            // 24 KiB to 80 KiB per event: far above PIPE_BUF and the page size.
            let base = 24 * 1024
            let processes = try await Self.runHelpers(
                writers.map { ["append", path, $0, String(count), String(base)] }
            )
            for process in processes {
                #expect(
                    process.terminationReason == .exit && process.terminationStatus == 0,
                    "helper \(process.arguments ?? []) exited with \(process.terminationStatus)"
                )
            }
            // As the helper writes it: one letter, chosen by the sequence number, repeated.
            await Self.verify(path, writers: writers, count: count) { sequence in
                String(
                    repeating: Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(sequence % 26))),
                    count: base + sequence % 8 * 1024
                )
            }
        }
    }

    @Test("a line cut short (as by a full disk) is terminated, and the next line stands on its own")
    func tornLine() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/torn.jsonl"
            let processes = try await Self.runHelper(["torn", path])
            let process = try #require(processes.first)
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
            let lines = TestSupport.lines(path)
            try #require(lines.count == 3, "\(lines.map { $0.prefix(60) })")
            #expect(try TestSupport.decode(lines[0]).attributes["sequence"] == 0)
            #expect((try? TestSupport.decode(lines[1])) == nil, "the cut line is incomplete")
            #expect(lines[1].utf8.count == 1000, "the kernel wrote up to the limit")
            #expect(try TestSupport.decode(lines[2]).attributes["sequence"] == 2)
        }
    }
}
