//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryTestSupport
import Testing

@_spi(TelemetryInternals) @testable import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The consent file: location, names, format, mode, atomicity, corruption, failures, reset.
@Suite struct ConsentFileTests {
    // MARK: Names and location

    @Test func environmentNamesDeriveFromTheTool() throws {
        let consent = try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u"])
        #expect(consent.variables.prefix == "MY_CLI")
        #expect(consent.variables.telemetry == "MY_CLI_TELEMETRY")
        #expect(consent.variables.debug == "MY_CLI_TELEMETRY_DEBUG")
        #expect(consent.variables.endpoint == "MY_CLI_TELEMETRY_ENDPOINT")
        #expect(consent.variables.directory == "MY_CLI_TELEMETRY_DIR")
        #expect(consent.variables.notice == "MY_CLI_TELEMETRY_NOTICE")
        #expect(
            try TelemetryConsent(tool: "better-auth", environment: [:]).variables.telemetry == "BETTER_AUTH_TELEMETRY"
        )
        #expect(try TelemetryConsent(tool: "a.b_c-9", environment: [:]).variables.prefix == "A_B_C_9")
        #expect(TelemetryVariables(tool: "a.b_c-9").prefix == "A_B_C_9")
    }

    @Test func locationFollowsTheRules() throws {
        #if !canImport(Darwin)
        #expect(
            try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u"]).store.path
                == "/home/u/.config/my-cli/telemetry.json"
        )
        #expect(
            try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u", "XDG_CONFIG_HOME": "/xdg"]).store.path
                == "/xdg/my-cli/telemetry.json"
        )
        #endif
        #expect(
            try TelemetryConsent(tool: "my-cli", environment: ["HOME": "/home/u"], stateDirectory: "/state/").store.path
                == "/state/my-cli/telemetry.json"
        )
        // The override names the directory that holds telemetry.json, replacing <state dir>/<tool>.
        #expect(
            try TelemetryConsent(
                tool: "my-cli",
                environment: ["HOME": "/home/u", "MY_CLI_TELEMETRY_DIR": "/etc/my-cli"],
                stateDirectory: "/state"
            )
            .store.path == "/etc/my-cli/telemetry.json"
        )
        // An empty override is unset.
        #expect(
            try TelemetryConsent(tool: "my-cli", environment: ["MY_CLI_TELEMETRY_DIR": ""], stateDirectory: "/state")
                .store.path
                == "/state/my-cli/telemetry.json"
        )
    }

    @Test(arguments: [
        "", "My-CLI", "../etc", "a/b", "a..b", ".hidden", "-x", "_x", "tool name", "caf\u{E9}",
        String(repeating: "a", count: 65), "a\u{0}b",
    ])
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
        let record = try #require(consent.store.read().record)
        #expect(record.state == .enabled)
        #expect(record.noticeVersion == 3)
        // A file created from nothing gets fresh rotation material (issue 12, finding 4).
        let rotation = try #require(record.rotation)
        #expect(rotation.count == 32 && rotation.allSatisfy(\.isHexDigit))
        #expect(text.hasSuffix("\",\"noticeVersion\":3,\"rotation\":\"\(rotation)\"}\n"))
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
        try consent.store.reset()
        try consent.enable(noticeVersion: 2)
        let rotation = consent.store.read().record?.rotation
        try consent.store.disable()
        let record = try #require(consent.store.read().record)
        #expect(record.state == .disabled)
        #expect(record.noticeVersion == 2)
        #expect(record.rotation == rotation)
        #expect(rotation != nil)
    }

    @Test func fileHasMode0600AndDirectory0700() throws {
        let directory = ConsentTestDirectory()
        var environment = ["MY_CLI_TELEMETRY_DIR": directory.path + "/nested/dir"]
        environment["HOME"] = directory.path
        let consent = try TelemetryConsent(tool: "my-cli", environment: environment)
        try consent.store.disable()
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
        try consent.store.disable()
        var after = stat()
        #expect(stat(directory.path + "/telemetry.json", &after) == 0)
        #expect(before.st_ino != after.st_ino)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).contains("\"state\":\"enabled\""))
        #expect(consent.store.read().record?.state == .disabled)
        // No temporary file is left behind (the lock file is the writers' advisory lock).
        #expect(directory.entries() == ["telemetry.json", "telemetry.json.lock"])
    }

    @Test func aSymbolicLinkAtThePathIsReplacedNotFollowed() throws {
        let directory = ConsentTestDirectory()
        let victim = ConsentTestDirectory()
        victim.plant("precious\n", as: "target")
        #expect(symlink(victim.path + "/target", directory.path + "/telemetry.json") == 0)
        let consent = try TelemetryConsent.testing(directory)
        try consent.store.disable()
        #expect(victim.read("target") == "precious\n")
        var info = stat()
        #expect(lstat(directory.path + "/telemetry.json", &info) == 0)
        #expect((info.st_mode & S_IFMT) == S_IFREG)
        #expect(consent.store.read().record?.state == .disabled)
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
        let stored = consent.store.read()
        #expect(stored.record == nil)
        #expect(stored.problems.count == 1)
        #expect(stored.problems.first?.contains(problem) == true, "\(stored.problems)")
        let decision = consent.decide()
        #expect(decision.policy == .disabled)
        #expect(decision.source == .default)
        #expect(decision.diagnostics.count == 1)
        // Storing a decision replaces the unusable file.
        try consent.store.disable()
        #expect(consent.store.read().record?.state == .disabled)
    }

    @Test func aDirectoryAtThePathIsReportedNotFollowed() throws {
        let directory = ConsentTestDirectory()
        #expect(mkdir(directory.path + "/telemetry.json", 0o700) == 0)
        let consent = try TelemetryConsent.testing(directory)
        #expect(consent.store.read().problems.first?.contains("it is a directory, not a regular file") == true)
        #expect(consent.decide().policy == .disabled)
    }

    @Test func unknownKeysAreIgnored() throws {
        let directory = ConsentTestDirectory()
        directory.plant("{\"version\":1,\"state\":\"enabled\",\"future\":[1,2]}", as: "telemetry.json")
        #expect(try TelemetryConsent.testing(directory).store.read().record?.state == .enabled)
    }

    // MARK: Failures to write

    /// Tests run as root, which ignores permission bits: these paths fail for root too.
    @Test(arguments: ["/proc/self/no-such-dir/my-cli", "FILE/sub"])
    func unwritableDirectoryThrowsIO(_ location: String) throws {
        let directory = ConsentTestDirectory()
        directory.plant("a regular file\n", as: "FILE")
        let path = location.hasPrefix("/") ? location : directory.path + "/" + location
        let consent = try TelemetryConsent(tool: "my-cli", environment: ["MY_CLI_TELEMETRY_DIR": path])
        let changes: [(String, () throws -> Void)] = [
            ("enable", { try consent.enable() }), ("disable", { try consent.store.disable() }),
            ("reset", { try consent.store.reset() }),
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
            try consent.store.disable()
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
        try consent.store.reset()
        #expect(consent.store.read().record?.state == nil)
        #expect(consent.store.read().record?.decidedAt == nil)
        #expect(consent.decide().source == .default)
        let second = consent.machineId()
        #expect(second != first)
        try consent.enable()
        #expect(consent.machineId() == second)  // deciding again keeps the new id
        try consent.store.reset()
        #expect(consent.machineId() != second)
        #expect(consent.machineId(salt: "other") != consent.machineId())
    }

    @Test func aContextDerivesTheRotatedIdOnceAndADisabledOneNever() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.store.reset()
        try consent.enable()
        let derivations = LockedValue(0)
        let sink = ConsentRecordingSink()
        let context = TelemetryContext(tool: "my-cli", toolVersion: "1.0.0", sink: sink, policy: .enabled) {
            derivations.withLock { $0 += 1 }
            return consent.machineId()
        }
        #expect(context.policy == .enabled)
        #expect(context.machineId == consent.machineId())
        context.record("command_run", attributes: ["command": "build"])
        #expect(sink.count == 1)
        #expect(derivations.withLock { $0 } == 1)
        try consent.store.reset()
        try consent.enable()
        #expect(consent.machineId() != context.machineId)

        let disabled = TelemetryContext(tool: "my-cli", toolVersion: "1.0.0", sink: sink, policy: .disabled) {
            derivations.withLock { $0 += 1 }
            return consent.machineId()
        }
        #expect(disabled.machineId == nil)
        disabled.record("never")
        #expect(sink.count == 1)
        #expect(derivations.withLock { $0 } == 1)
    }

    @Test func noticeVersionIsRemembered() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.store.recordNoticeShown(version: 2)
        try consent.store.recordNoticeShown(version: 1)
        let record = try #require(consent.store.read().record)
        #expect(record.noticeVersion == 2)
        #expect(record.state == nil)
    }
}

/// A sink that counts what it receives.
final class ConsentRecordingSink: TelemetrySink {
    private let events = LockedValue<[Event]>([])
    var count: Int { events.withLock { $0.count } }
    func emit(_ event: Event) { events.withLock { $0.append(event) } }
}
