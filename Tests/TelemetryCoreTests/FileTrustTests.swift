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

/// Issue 12, findings 1 to 4, in process: the shared file-reading and consent-writing
/// mechanisms, with real files, FIFOs, symbolic links and (as root) a second owner.
@Suite struct FileTrustTests {
    static let isRoot = getuid() == 0

    // MARK: Finding 1

    @Test("reading a FIFO, a device or a directory never blocks, and says what it is")
    func specialFilesAreRefusedWithoutBlocking() throws {
        let directory = TemporaryDirectory()
        #expect(mkfifo(directory.file("fifo"), 0o600) == 0)
        let results = LockedValue<[FileSystem.ReadFailure?]>([])
        let finished = finishesOnAThread(within: 5) {
            for path in [directory.file("fifo"), "/dev/zero", directory.path] {
                let failure: FileSystem.ReadFailure?
                switch FileSystem.readFile(atPath: path, maxBytes: 1024) {
                case .success: failure = nil
                case .failure(let reason): failure = reason
                }
                results.withLock { $0.append(failure) }
            }
        }
        #expect(finished, "a read blocked")
        let failures = results.withLock { $0 }
        #expect(failures.count == 3)
        #expect(failures[0] == .notRegularFile(kind: "FIFO (named pipe)"))
        #expect(failures[1] == .notRegularFile(kind: "character device"))
        #expect(failures[2] == .notRegularFile(kind: "directory"))
        // Bounded: a larger regular file is refused, a file of exactly the bound is read.
        directory.plant(String(repeating: "x", count: 100), as: "hundred")
        if case .failure(let failure) = FileSystem.readFile(atPath: directory.file("hundred"), maxBytes: 99) {
            #expect(failure == .tooLarge(limit: 99))
        } else {
            Issue.record("a file larger than the bound was read")
        }
        #expect(try FileSystem.readFile(atPath: directory.file("hundred"), maxBytes: 100).get().bytes.count == 100)
    }

    @Test("a FIFO at the install id falls back to a process id instead of hanging")
    func fifoAtTheInstallId() {
        let directory = TemporaryDirectory()
        #expect(mkfifo(directory.file("install-id"), 0o600) == 0)
        let source = MachineId.Source(
            machineIdentifierFiles: [directory.file("no-machine-id")],
            usesPlatformIdentifier: false,
            installIdentifierFile: directory.file("install-id")
        )
        let origin = LockedValue<MachineId.Origin?>(nil)
        #expect(
            finishesOnAThread(within: 5) { origin.withLock { $0 = MachineId.origin(of: source) } },
            "the install id read blocked"
        )
        #expect(origin.withLock { $0 } == .processIdentifier)
    }

    @Test("a FIFO at the consent path is reported and counts as unset")
    func fifoAtTheConsentPath() throws {
        let directory = TemporaryDirectory()
        #expect(mkfifo(directory.file("telemetry.json"), 0o600) == 0)
        let consent = try TelemetryConsent.testing(directory)
        let decision = LockedValue<TelemetryDecision?>(nil)
        #expect(finishesOnAThread(within: 5) { decision.withLock { $0 = consent.decide(optionsEnabled: true) } })
        let decided = try #require(decision.withLock { $0 })
        #expect(decided.source == .options)
        #expect(decided.diagnostics.contains { $0.contains("FIFO") })
    }

    // MARK: Finding 2

    @Test("the trust rule: owner, file mode, directory owner and mode")
    func provenanceRules() throws {
        let directory = TemporaryDirectory()  // 0700, owned by this user
        directory.plant(#"{"version":1,"state":"enabled"}"#, as: "telemetry.json", mode: 0o600)
        let consent = try TelemetryConsent.testing(directory)
        #expect(consent.store.read().isTrusted)
        #expect(consent.decide().policy == .enabled)

        #expect(chmod(directory.file("telemetry.json"), 0o620) == 0)  // group-writable
        var reading = consent.store.read()
        #expect(!reading.isTrusted)
        #expect(reading.effectiveState == nil)
        #expect(reading.problems.contains { $0.contains("writable by group or others (mode 620)") })
        #expect(consent.decide().policy == .disabled)

        #expect(chmod(directory.file("telemetry.json"), 0o600) == 0)
        #expect(chmod(directory.path, 0o777) == 0)  // a directory anyone can write
        reading = consent.store.read()
        #expect(!reading.isTrusted)
        #expect(reading.problems.contains { $0.contains("writable by others (mode 777)") })
        // The same file saying disabled is believed: an opt-out needs no proof.
        directory.plant(#"{"version":1,"state":"disabled"}"#, as: "telemetry.json", mode: 0o600)
        #expect(
            try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY": "1"]).decide().source
                == .consentFile
        )
        #expect(chmod(directory.path, 0o700) == 0)
    }

    @Test("as root: a file owned by another user cannot opt in, but can opt out", .enabled(if: FileTrustTests.isRoot))
    func foreignOwner() throws {
        let directory = TemporaryDirectory()
        directory.plant(#"{"version":1,"state":"enabled"}"#, as: "telemetry.json", mode: 0o600)
        #expect(chown(directory.file("telemetry.json"), 65534, 65534) == 0)
        let consent = try TelemetryConsent.testing(directory)
        #expect(consent.decide().policy == .disabled)
        #expect(consent.store.read().problems.contains { $0.contains("owned by another user (uid 65534)") })
        directory.plant(#"{"version":1,"state":"disabled"}"#, as: "telemetry.json", mode: 0o600)
        #expect(
            try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY": "1"]).decide().source
                == .consentFile
        )
        // A write replaces the foreign file with one of our own, and keeps its opt-out.
        try consent.store.recordNoticeShown(version: 1)
        #expect(consent.store.read().isTrusted)
        #expect(consent.store.read().record?.state == .disabled)
    }

    // MARK: Finding 3

    @Test("a writer waits for the lock another writer holds, and gives up with an error instead of hanging")
    func writersAreSerialized() throws {
        let directory = TemporaryDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.enable()
        let lock = open(directory.file("telemetry.json.lock"), O_RDWR)
        #expect(lock >= 0)
        #expect(flock(lock, LOCK_EX) == 0)
        // Released after 300 ms, from another thread: the waiting writer then goes ahead.
        Thread.detachNewThread {
            usleep(300_000)
            flock(lock, LOCK_UN)
        }
        let start = ContinuousClock.now
        try consent.store.disable()
        #expect(ContinuousClock.now - start >= .milliseconds(250))
        #expect(consent.store.read().record?.state == .disabled)
        // Held for good: the writer fails after its timeout, having changed nothing.
        #expect(flock(lock, LOCK_EX) == 0)
        #expect(throws: TelemetryError.self) {
            try FileSystem.withExclusiveLock(atPath: directory.file("telemetry.json.lock"), timeout: .milliseconds(200))
            {}
        }
        close(lock)
    }

    // MARK: Finding 4

    @Test("a consent file created from nothing has fresh rotation: a lost file never brings back an old id")
    func freshRotationOnCreation() throws {
        let directory = TemporaryDirectory()
        let consent = try TelemetryConsent.testing(directory)
        let unrotated = consent.machineId()  // before any file: the plain salted id
        try consent.enable()
        let first = consent.machineId()
        #expect(first != unrotated)
        try consent.store.reset()
        let afterReset = consent.machineId()
        directory.plant("{corrupt", as: "telemetry.json")
        try consent.enable()
        let afterCorruption = consent.machineId()
        #expect(Set([unrotated, first, afterReset, afterCorruption]).count == 4)
        unlink(directory.file("telemetry.json"))
        try consent.enable()
        #expect(![unrotated, first, afterReset, afterCorruption].contains(consent.machineId()))
    }
}
