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

/// Issue 12, through the real executable: what a hostile local user or a careless operator can
/// do with the files `telemetry` reads and writes. Each test names the finding it proves; on
/// 0.1 (run them with `TELEMETRY_TEST_EXECUTABLE=<old telemetry>`) each one fails.
@Suite(.serialized, .timeLimit(.minutes(5))) struct TrustCommandTests {
    static let isRoot = getuid() == 0
    static let nobody: UInt32 = 65534

    // MARK: Finding 1: a FIFO hangs the process

    @Test("a FIFO at the consent path is reported, never opened for a blocking read")
    func fifoAtTheConsentPath() async throws {
        let directory = try CLITestDirectory()
        try FileManager.default.createDirectory(atPath: directory.file("state"), withIntermediateDirectories: true)
        #expect(mkfifo(directory.file("state/telemetry.json"), 0o600) == 0)
        let result = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: directory.environment(),
            timeout: .seconds(10)
        )
        #expect(result.status == 0)
        #expect(try result.json()["policy"] as? String == "disabled")
        #expect(result.stderr.contains("FIFO"), "\(result.stderr)")
    }

    @Test("audit and tail refuse a FIFO and a device, and read standard input when asked with -")
    func auditAndTailRefuseSpecialFiles() async throws {
        let directory = try CLITestDirectory()
        #expect(mkfifo(directory.file("pipe"), 0o600) == 0)
        for arguments in [
            ["audit", directory.file("pipe")], ["audit", "/dev/zero"], ["tail", directory.file("pipe")],
            ["tail", "/dev/zero"],
        ] {
            let result = try await TelemetryProcess.run(arguments, environment: [:], timeout: .seconds(10))
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("not a regular file"), "\(arguments): \(result.stderr)")
        }
        let log = [eventLine("a"), eventLine("b"), eventLine("c")].joined(separator: "\n") + "\n"
        let audit = try await TelemetryProcess.run(
            ["audit", "-", "--json"],
            environment: [:],
            standardInput: Array(log.utf8)
        )
        #expect(audit.status == 0)
        #expect(try audit.json()["events"] as? Int == 3)
        let tail = try await TelemetryProcess.run(
            ["tail", "-n", "2", "--json", "-"],
            environment: [:],
            standardInput: Array(log.utf8)
        )
        #expect(tail.stdout == eventLine("b") + "\n" + eventLine("c") + "\n")
    }

    // MARK: Finding 2: forged opt-in

    @Test("an opt-in through a symbolic link does not count; an opt-out through one does")
    func symbolicLinkAtTheConsentPath() async throws {
        let directory = try CLITestDirectory()
        try FileManager.default.createDirectory(atPath: directory.file("state"), withIntermediateDirectories: true)
        try directory.write(#"{"version":1,"state":"enabled"}"#, to: "elsewhere.json")
        #expect(symlink(directory.file("elsewhere.json"), directory.file("state/telemetry.json")) == 0)
        let enabled = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: directory.environment()
        )
        #expect(try enabled.json()["policy"] as? String == "disabled")
        #expect(enabled.stderr.contains("symbolic link"))

        try directory.write(#"{"version":1,"state":"disabled"}"#, to: "elsewhere.json")
        let disabled = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: directory.environment(["MY_CLI_TELEMETRY": "1"])
        )
        let json = try disabled.json()
        #expect(json["policy"] as? String == "disabled")
        #expect(json["source"] as? String == "consentFile")
    }

    @Test("as another user: a root-owned opt-in in a world-writable directory does not count, and says why")
    func plantedOptInIsIgnored() async throws {
        guard Self.isRoot else {
            print("skipped: needs root to run the command as uid \(Self.nobody) (CI runs as root)")
            return
        }
        let directory = try CLITestDirectory()
        let shared = directory.file("shared")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        #expect(chmod(shared, 0o777) == 0)
        #expect(chmod(directory.path, 0o755) == 0)
        try directory.write(#"{"version":1,"state":"enabled","noticeVersion":1}"#, to: "shared/telemetry.json")
        #expect(chmod(directory.file("shared/telemetry.json"), 0o644) == 0)
        let environment = ["HOME": shared, "MY_CLI_TELEMETRY_DIR": shared]
        let result = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: environment,
            user: Self.nobody
        )
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["policy"] as? String == "disabled")
        #expect(json["source"] as? String == "default")
        #expect(result.stderr.contains("writable by others"), "\(result.stderr)")

        // The same file, owned by the user, in a directory only the user writes: it counts.
        let own = directory.file("own")
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
        try directory.write(#"{"version":1,"state":"enabled","noticeVersion":1}"#, to: "own/telemetry.json")
        #expect(chown(own, Self.nobody, Self.nobody) == 0 && chmod(own, 0o700) == 0)
        #expect(chown(directory.file("own/telemetry.json"), Self.nobody, Self.nobody) == 0)
        let trusted = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: ["HOME": own, "MY_CLI_TELEMETRY_DIR": own],
            user: Self.nobody
        )
        #expect(try trusted.json()["policy"] as? String == "enabled", "\(trusted.stderr)")

        // An opt-out planted the same way is honoured: only an opt-in needs proof.
        try directory.write(#"{"version":1,"state":"disabled"}"#, to: "shared/telemetry.json")
        let optOut = try await TelemetryProcess.run(
            ["status", "--tool", "my-cli", "--json"],
            environment: environment.merging(["MY_CLI_TELEMETRY": "1"]) { $1 },
            user: Self.nobody
        )
        #expect(try optOut.json()["source"] as? String == "consentFile")
    }

    // MARK: Finding 3: lost updates

    @Test("12 concurrent enables racing a reset never lose the reset's new rotation")
    func concurrentWritersLoseNothing() async throws {
        let directory = try CLITestDirectory()
        let environment = directory.environment()
        // A reset first, so that the file has rotation material on every version.
        #expect(try await TelemetryProcess.run(["reset", "--tool", "my-cli"], environment: environment).status == 0)
        #expect(try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: environment).status == 0)
        for round in 1...6 {
            let before = try Self.rotation(directory)
            let results = try await withThrowingTaskGroup(of: (String, TelemetryProcess.Result).self) { group in
                for index in 0..<13 {
                    let command = index == 6 ? "reset" : "enable"
                    group.addTask {
                        (
                            command,
                            try await TelemetryProcess.run([command, "--tool", "my-cli"], environment: environment)
                        )
                    }
                }
                var results: [(String, TelemetryProcess.Result)] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(
                results.allSatisfy { $0.1.status == 0 },
                "round \(round): \(results.map { "\($0.0): \($0.1.status) \($0.1.stderr)" })"
            )
            let after = try Self.rotation(directory)
            #expect(after != before, "round \(round): an enable wrote back the rotation the reset had replaced")
        }
    }

    static func rotation(_ directory: CLITestDirectory) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.file("state/telemetry.json")))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return try #require(object?["rotation"] as? String)
    }

    // MARK: Finding 4: reset is not durable

    @Test("a lost or corrupt consent file gives a new machine id, never the one from before the reset")
    func resetSurvivesALostFile() async throws {
        let directory = try CLITestDirectory()
        let environment = directory.environment()
        func machineId() async throws -> String? {
            try await TelemetryProcess.run(["status", "--tool", "my-cli", "--json"], environment: environment).json()[
                "machineId"
            ] as? String
        }
        _ = try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: environment)
        let first = try #require(try await machineId())
        _ = try await TelemetryProcess.run(["reset", "--tool", "my-cli"], environment: environment)
        try directory.write("{corrupt", to: "state/telemetry.json")
        _ = try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: environment)
        let second = try #require(try await machineId())
        #expect(second != first)
        try FileManager.default.removeItem(atPath: directory.file("state/telemetry.json"))
        _ = try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: environment)
        let third = try #require(try await machineId())
        #expect(third != first && third != second)
    }

    // MARK: Finding 7: terminal injection

    @Test("tail and audit escape every control character for people, and keep --json exact")
    func terminalInjectionIsEscaped() async throws {
        let directory = try CLITestDirectory()
        // ESC ] 0; sets the title, ESC [ 8 m hides text, U+009B is a C1 CSI, U+202E reverses.
        let hostile = eventLine(
            "\\u001b]0;pwned\\u0007",
            attributes: #"{"note":"\u001b[8mhidden\u009b2J\u202Ereversed"}"#
        )
        try directory.write(hostile + "\n", to: "events.jsonl")
        for arguments in [["tail", directory.file("events.jsonl")], ["audit", directory.file("events.jsonl")]] {
            let result = try await TelemetryProcess.run(arguments, environment: [:])
            let printed = result.stdout + result.stderr
            for forbidden: Unicode.Scalar in ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}"] {
                #expect(
                    !printed.unicodeScalars.contains(forbidden),
                    "\(arguments) printed U+\(String(forbidden.value, radix: 16))"
                )
            }
            #expect(printed.contains("\\u{1B}"), "\(arguments): \(printed)")
        }
        let json = try await TelemetryProcess.run(["tail", "--json", directory.file("events.jsonl")], environment: [:])
        #expect(json.stdout == hostile + "\n")
    }

    // MARK: Finding 8: tail -n

    @Test("tail -n with a huge count, and a huge unterminated last line, neither crash nor hide events")
    func tailCountsAndLongLines() async throws {
        let directory = try CLITestDirectory()
        let lines = (1...5).map { eventLine("event_\($0)") }
        try directory.write(lines.joined(separator: "\n") + "\n", to: "events.jsonl")
        let huge = try await TelemetryProcess.run(
            ["tail", "-n", "8796093022208", "--json", directory.file("events.jsonl")],
            environment: [:]
        )
        #expect(huge.status == 0)
        #expect(huge.stdout == lines.joined(separator: "\n") + "\n")

        // An unterminated last line of 12 MiB (a writer still at work, or garbage).
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.file("events.jsonl")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "x"), count: 12 << 20))
        try handle.close()
        let result = try await TelemetryProcess.run(
            ["tail", "-n", "3", "--json", directory.file("events.jsonl")],
            environment: [:]
        )
        #expect(result.status == 0)
        #expect(result.stdout == lines.suffix(3).joined(separator: "\n") + "\n")
        #expect(result.stderr.contains("longer than"), "\(result.stderr)")
    }

    /// Whether this test process (and so the command it runs, built alike) has AddressSanitizer.
    static let isUnderAddressSanitizer: Bool = {
        #if canImport(Darwin)
        dlsym(UnsafeMutableRawPointer(bitPattern: -2), "__asan_init") != nil  // RTLD_DEFAULT
        #else
        dlsym(nil, "__asan_init") != nil  // RTLD_DEFAULT is a null handle on Linux
        #endif
    }()

    @Test("tail's memory is bounded by what it shows, not by the file")
    func tailMemoryIsBounded() async throws {
        let directory = try CLITestDirectory()
        // 64 MiB of events.
        let line = eventLine("bulk", attributes: "{\"pad\":\"\(String(repeating: "p", count: 900))\"}") + "\n"
        let block = Data(String(repeating: line, count: 4096).utf8)
        let path = directory.file("big.jsonl")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        while try handle.offset() < 64 << 20 { try handle.write(contentsOf: block) }
        try handle.close()
        // Python measures the child's peak resident memory (ru_maxrss, KiB).
        let measure = [
            "/usr/bin/env", "python3", "-c",
            "import resource,subprocess,sys; r=subprocess.run(sys.argv[1:]); print('maxrss', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)",
        ]
        let result = try await TelemetryProcess.run(
            ["tail", "-n", "200000", "--json", path],
            environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
            timeout: .seconds(120),
            wrapper: measure
        )
        #expect(result.status == 0)
        let kibibytes =
            result.stderr.split(separator: "\n").compactMap { $0.hasPrefix("maxrss ") ? Int($0.dropFirst(7)) : nil }
            .first ?? .max
        print("tail -n 200000 of a 64 MiB log: peak resident memory \(kibibytes / 1024) MiB")
        if Self.isUnderAddressSanitizer {
            // ASan's allocator keeps freed memory in quarantine (256 MiB by default), so the
            // peak says nothing about our reader here; Scripts/test checks the bound.
            print("tail's memory bound is not checked under AddressSanitizer")
        } else {
            #expect(kibibytes < 80 * 1024, "peak resident memory \(kibibytes) KiB for a 64 MiB file")
        }
        #expect(result.stdout.utf8.count > 60 << 20)  // it did print the whole file
    }

    // MARK: Finding 9: tail --follow across truncation and replacement

    @Test("tail --follow shows every line across truncation, regrowth past the old offset, and replacement")
    func followByIdentity() async throws {
        let directory = try CLITestDirectory()
        let path = directory.file("events.jsonl")
        let names = (1...19).map { "line_\($0)" }
        @Sendable func lines(_ range: ClosedRange<Int>) -> String {
            range.map { eventLine(names[$0 - 1]) + "\n" }.joined()
        }
        try lines(1...2).write(toFile: path, atomically: false, encoding: .utf8)
        let writer = Thread {
            func pause() { Thread.sleep(forTimeInterval: 0.7) }
            pause()
            // Appended.
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.seekToEndOfFile()
                handle.write(Data(lines(3...4).utf8))
                handle.closeFile()
            }
            pause()
            // Truncated and regrown past the old offset, between two polls (copytruncate-like).
            try? lines(5...9).write(toFile: path, atomically: false, encoding: .utf8)
            pause()
            // Replaced by a larger file (logrotate's mv of a new file into place).
            try? lines(10...14).write(toFile: path + ".new", atomically: false, encoding: .utf8)
            rename(path + ".new", path)
            pause()
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.seekToEndOfFile()
                handle.write(Data(lines(15...19).utf8))
                handle.closeFile()
            }
        }
        writer.start()
        let result = try await TelemetryProcess.run(
            ["tail", "--follow", "--json", path],
            environment: [:],
            timeout: .seconds(5),
            expectTimeout: true
        )
        let shown = result.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "\"name\":\"") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(shown == names, "stderr: \(result.stderr)")
    }

    // MARK: Finding 11: DO_NOT_TRACK fails closed

    @Test("DO_NOT_TRACK=2 or \"yes please\" opts out, whatever the consent file says")
    func doNotTrackFailsClosed() async throws {
        let directory = try CLITestDirectory()
        #expect(
            try await TelemetryProcess.run(["enable", "--tool", "my-cli"], environment: directory.environment()).status
                == 0
        )
        for value in ["2", "yes please"] {
            let json = try await TelemetryProcess.run(
                ["status", "--tool", "my-cli", "--json"],
                environment: directory.environment(["DO_NOT_TRACK": value])
            ).json()
            #expect(json["policy"] as? String == "disabled", "DO_NOT_TRACK=\(value)")
            #expect(json["source"] as? String == "doNotTrack")
        }
    }
}
