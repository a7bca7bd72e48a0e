//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import Foundation
import Testing

@testable import TelemetryCore

/// The consent file: location, names, format, mode, atomicity, corruption, failures, reset.
@Suite struct ConsentFileTests {
    // MARK: Names and location

    @Test func environmentNamesDeriveFromTheTool() throws {
        let consent = try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u"])
        #expect(consent.environmentPrefix == "MY_CLI")
        #expect(consent.variables.telemetry == "MY_CLI_TELEMETRY")
        #expect(consent.variables.debug == "MY_CLI_TELEMETRY_DEBUG")
        #expect(consent.variables.endpoint == "MY_CLI_TELEMETRY_ENDPOINT")
        #expect(consent.variables.directory == "MY_CLI_TELEMETRY_DIR")
        #expect(consent.variables.notice == "MY_CLI_TELEMETRY_NOTICE")
        #expect(try TelemetryConsent(tool: "better-auth", environment: [:]).variables.telemetry == "BETTER_AUTH_TELEMETRY")
        #expect(try TelemetryConsent(tool: "a.b_c-9", environment: [:]).environmentPrefix == "A_B_C_9")
    }

    @Test func locationFollowsTheRules() throws {
        #if !canImport(Darwin)
        #expect(try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u"]).consentFilePath == "/home/u/.config/my-cli/telemetry.json")
        #expect(
            try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u", "XDG_CONFIG_HOME": "/xdg"]).consentFilePath
                == "/xdg/my-cli/telemetry.json"
        )
        #endif
        #expect(
            try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u"], stateDirectory: "/state/").consentFilePath
                == "/state/my-cli/telemetry.json"
        )
        // The override names the directory that holds telemetry.json, replacing <state dir>/<tool>.
        #expect(
            try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u", "MY_CLI_TELEMETRY_DIR": "/etc/my-cli"], stateDirectory: "/state")
                .consentFilePath == "/etc/my-cli/telemetry.json"
        )
        // An empty override is unset.
        #expect(
            try TelemetryConsent(tool: "my-cli", environment: ["MY_CLI_TELEMETRY_DIR": ""], stateDirectory: "/state").consentFilePath
                == "/state/my-cli/telemetry.json"
        )
    }

    @Test(arguments: ["", "My-CLI", "../etc", "a/b", "a..b", ".hidden", "-x", "_x", "tool name", "caf\u{E9}", String(repeating: "a", count: 65), "a\u{0}b"])
    func unsafeToolNamesAreRejected(_ name: String) {
        #expect {
            try TelemetryConsent(tool: name, environment: [:])
        } throws: { error in
            (error as? TelemetryError)?.code == .invalidConfiguration
        }
    }

    @Test(arguments: ["a", "my-cli", "better-auth", "x.y", "tool_2", String(repeating: "a", count: 64)])
    func safeToolNamesAreAccepted(_ name: String) throws {
        _ = try TelemetryConsent(tool: name, environment: [:])
    }

    // MARK: Format

    @Test func enableWritesTheDocumentedFile() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.enable(noticeVersion: 3)
        let text = try #require(directory.read("telemetry.json"))
        #expect(text.hasPrefix("{\"version\":1,\"state\":\"enabled\",\"decidedAt\":\""))
        #expect(text.hasSuffix("\",\"noticeVersion\":3}\n"))
        let record = try #require(consent.storedRecord().record)
        #expect(record.state == .enabled)
        #expect(record.noticeVersion == 3)
        #expect(record.rotation == nil)
        let decidedAt = try #require(record.decidedAt)
        #expect(abs(decidedAt.timeIntervalSinceNow) < 60)
    }

    @Test func roundTripKeepsEveryField() throws {
        let record = ConsentRecord(
            state: .disabled,
            decidedAt: Timestamp.parse("2026-11-23T09:30:00.123Z"),
            noticeVersion: 7,
            rotation: "00ff00ff00ff00ff00ff00ff00ff00ff"
        )
        #expect(try ConsentRecord.decode(record.encoded()).get() == record)
        #expect(try ConsentRecord.decode(ConsentRecord().encoded()).get() == ConsentRecord())
    }

    @Test func disableKeepsRotationAndNoticeVersion() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.reset()
        try consent.enable(noticeVersion: 2)
        let rotation = consent.storedRecord().record?.rotation
        try consent.disable()
        let record = try #require(consent.storedRecord().record)
        #expect(record.state == .disabled)
        #expect(record.noticeVersion == 2)
        #expect(record.rotation == rotation)
        #expect(rotation != nil)
    }

    @Test func fileHasMode0600AndDirectory0700() throws {
        let directory = ConsentTestDirectory()
        var environment = ["MY_CLI_TELEMETRY_DIR": directory.path + "/nested/dir"]
        environment["HOME"] = directory.path
        let consent = try TelemetryConsent(tool: "my-cli", environment: environment, executablePath: "/usr/bin/my-cli")
        try consent.disable()
        var info = stat()
        #expect(stat(directory.path + "/nested/dir/telemetry.json", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(directory.path + "/nested/dir", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    @Test func writesReplaceTheFileAtomically() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.enable()
        // A reader holding the old file keeps seeing a complete old file: the new one is a
        // different inode renamed over it, not the old one rewritten in place.
        let descriptor = open(directory.path + "/telemetry.json", O_RDONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var before = stat()
        fstat(descriptor, &before)
        try consent.disable()
        var after = stat()
        #expect(stat(directory.path + "/telemetry.json", &after) == 0)
        #expect(before.st_ino != after.st_ino)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).contains("\"state\":\"enabled\""))
        #expect(consent.storedRecord().record?.state == .disabled)
        // No temporary file is left behind.
        #expect(directory.entries() == ["telemetry.json"])
    }

    @Test func aSymbolicLinkAtThePathIsReplacedNotFollowed() throws {
        let directory = ConsentTestDirectory()
        let victim = ConsentTestDirectory()
        victim.plant("precious\n", as: "target")
        #expect(symlink(victim.path + "/target", directory.path + "/telemetry.json") == 0)
        let consent = try TelemetryConsent.testing(directory)
        try consent.disable()
        #expect(victim.read("target") == "precious\n")
        var info = stat()
        #expect(lstat(directory.path + "/telemetry.json", &info) == 0)
        #expect((info.st_mode & S_IFMT) == S_IFREG)
        #expect(consent.storedRecord().record?.state == .disabled)
    }

    // MARK: Unusable files are unset, reported, never a crash

    @Test(arguments: [
        ("{\"version\":1,\"state\":", "not valid JSON"),
        ("", "not valid JSON"),
        ("[1,2]", "not a JSON object"),
        ("{\"state\":\"enabled\"}", "no integer \"version\""),
        ("{\"version\":2,\"state\":\"enabled\"}", "version 2 is not one this library knows"),
        ("{\"version\":\"1\",\"state\":\"enabled\"}", "no integer \"version\""),
        ("{\"version\":1,\"state\":\"on\"}", "neither \"enabled\" nor \"disabled\""),
        ("{\"version\":1,\"state\":true}", "\"state\" is not a string"),
        ("{\"version\":1,\"state\":\"enabled\",\"decidedAt\":\"yesterday\"}", "not an RFC 3339"),
        ("{\"version\":1,\"state\":\"enabled\",\"noticeVersion\":-1}", "not a non-negative integer"),
        ("{\"version\":1,\"state\":\"enabled\",\"rotation\":\"\"}", "\"rotation\" is not a short"),
        ("\u{FF}\u{FE}\u{0}garbage\u{1}", "not valid JSON"),
    ])
    func unusableFilesAreTreatedAsUnset(_ contents: String, _ problem: String) throws {
        let directory = ConsentTestDirectory()
        directory.plant(contents, as: "telemetry.json")
        let consent = try TelemetryConsent.testing(directory)
        let stored = consent.storedRecord()
        #expect(stored.record == nil)
        #expect(stored.problem?.contains(problem) == true, "\(stored.problem ?? "no problem")")
        let decision = consent.decide()
        #expect(decision.policy == .disabled)
        #expect(decision.source == .default)
        #expect(decision.diagnostics.count == 1)
        // Storing a decision replaces the unusable file.
        try consent.disable()
        #expect(consent.storedRecord().record?.state == .disabled)
    }

    @Test func aDirectoryAtThePathIsReportedNotFollowed() throws {
        let directory = ConsentTestDirectory()
        #expect(mkdir(directory.path + "/telemetry.json", 0o700) == 0)
        let consent = try TelemetryConsent.testing(directory)
        #expect(consent.storedRecord().problem?.contains("cannot be read") == true)
        #expect(consent.decide().policy == .disabled)
    }

    @Test func unknownKeysAreIgnored() throws {
        let directory = ConsentTestDirectory()
        directory.plant("{\"version\":1,\"state\":\"enabled\",\"future\":[1,2]}", as: "telemetry.json")
        #expect(try TelemetryConsent.testing(directory).storedRecord().record?.state == .enabled)
    }

    // MARK: Failures to write

    /// Tests run as root, which ignores permission bits: these paths fail for root too.
    @Test(arguments: ["/proc/self/no-such-dir/my-cli", "FILE/sub"])
    func unwritableDirectoryThrowsIO(_ location: String) throws {
        let directory = ConsentTestDirectory()
        directory.plant("a regular file\n", as: "FILE")
        let path = location.hasPrefix("/") ? location : directory.path + "/" + location
        let consent = try TelemetryConsent(tool: "my-cli", environment: ["MY_CLI_TELEMETRY_DIR": path], executablePath: "/usr/bin/my-cli")
        let changes: [(String, () throws -> Void)] = [
            ("enable", { try consent.enable() }), ("disable", { try consent.disable() }), ("reset", { try consent.reset() }),
        ]
        for (name, change) in changes {
            #expect(throws: TelemetryError.self, "\(name)") {
                try change()
            }
            do {
                try change()
            } catch let error as TelemetryError {
                #expect(error.code == .io, "\(name): \(error)")
            }
        }
        #expect(directory.entries() == ["FILE"])
        #expect(consent.decide().policy == .disabled)
    }

    @Test func enableUnderCIIsRefusedAndWritesNothing() throws {
        for environment in [["CI": "true"], ["CI": ""], ["BUILD_NUMBER": "12"], ["RUN_ID": ""]] {
            let directory = ConsentTestDirectory()
            let consent = try TelemetryConsent.testing(directory, environment: environment)
            do {
                try consent.enable()
                Issue.record("enable succeeded under CI: \(environment)")
            } catch {
                #expect(error.code == .consent)
                #expect(error.message.contains("MY_CLI_TELEMETRY=1"))
            }
            #expect(directory.entries().isEmpty)
            // Opting out is always allowed, and persists for the next CI step.
            try consent.disable()
            #expect(consent.decide().source == .consentFile)
        }
        let directory = ConsentTestDirectory()
        try TelemetryConsent.testing(directory, environment: ["CI": "false"]).enable()
        #expect(try TelemetryConsent.testing(directory).decide().policy == .enabled)
    }

    // MARK: Reset and the machine id

    @Test func resetForgetsConsentAndRotatesTheMachineId() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.enable()
        let first = consent.machineId()
        #expect(first.count == 64)
        #expect(consent.machineId() == first)  // stable
        try consent.reset()
        #expect(consent.storedRecord().record?.state == nil)
        #expect(consent.storedRecord().record?.decidedAt == nil)
        #expect(consent.decide().source == .default)
        let second = consent.machineId()
        #expect(second != first)
        try consent.enable()
        #expect(consent.machineId() == second)  // deciding again keeps the new id
        try consent.reset()
        #expect(consent.machineId() != second)
        #expect(consent.machineId(salt: "other") != consent.machineId())
    }

    @Test func contextUsesTheRotatedId() async throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.reset()
        try consent.enable()
        let context = consent.makeContext(toolVersion: "1.0.0", sink: ConsentRecordingSink())
        #expect(context.policy == .enabled)
        #expect(context.machineId == consent.machineId())
        try consent.reset()
        try consent.enable()
        let rotated = consent.makeContext(toolVersion: "1.0.0", sink: ConsentRecordingSink())
        #expect(rotated.machineId != context.machineId)

        let sink = ConsentRecordingSink()
        try await rotated.record("command_run", attributes: ["command": "build"])
        let disabled = consent.makeContext(
            toolVersion: "1.0.0",
            sink: sink,
            decision: TelemetryDecision(policy: .disabled, source: .doNotTrack, reason: "test")
        )
        #expect(disabled.machineId == nil)
        try await disabled.record("never")
        #expect(sink.count == 0)
    }

    @Test func noticeVersionIsRemembered() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.recordNoticeShown(version: 2)
        try consent.recordNoticeShown(version: 1)
        let record = try #require(consent.storedRecord().record)
        #expect(record.noticeVersion == 2)
        #expect(record.state == nil)
    }
}

/// A sink that counts what it receives.
final class ConsentRecordingSink: TelemetrySink {
    private let events = LockedValue<[Event]>([])
    var count: Int { events.withLock { $0.count } }
    func emit(_ event: Event) async throws { events.withLock { $0.append(event) } }
}
