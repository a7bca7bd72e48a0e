//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing

@testable import TelemetryCore

@Suite("MachineId", .timeLimit(.minutes(2)))
struct MachineIdTests {
    static func isLowercaseHex64(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A fresh directory under the system temporary directory, removed after `body`.
    static func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "swift-telemetry-machine-id-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("T7: the machine id is 64 lowercase hexadecimal digits")
    func format() {
        let id = MachineId.derive(salt: "tests.t7")
        #expect(Self.isLowercaseHex64(id), "\(id)")
        #expect(Self.isLowercaseHex64(MachineId.derive(salt: "")))
    }

    @Test("T8: the id is stable for a fixed salt and different for another salt")
    func stablePerSalt() {
        let first = MachineId.derive(salt: "tests.t8")
        #expect(MachineId.derive(salt: "tests.t8") == first)
        #expect(MachineId.derive(salt: "tests.t8.other") != first)
        #expect(MachineId.derive(salt: "tests.t8 ") != first)
    }

    @Test("the hash is SHA-256 of salt, a zero byte and the identifier, and never contains the identifier")
    func hash() throws {
        // SHA-256("salt\0id") computed independently (Python hashlib).
        #expect(
            MachineId.hash(salt: "salt", identifier: "id")
                == "cb0ca50536705c8575f2ec5dd3832d47a8f9b0b74723281092e920364e14ef2a"
        )
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        #expect(MachineId.hash(salt: "ab", identifier: "c") != MachineId.hash(salt: "a", identifier: "bc"))
        try Self.withTemporaryDirectory { directory in
            let raw = "4c4c4544003957108052b4c04f384833"
            let file = directory + "/machine-id"
            try (raw + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let source = MachineId.Source(
                machineIdentifierFiles: [file],
                usesPlatformIdentifier: false,
                installIdentifierFile: nil
            )
            let id = MachineId.derive(salt: "s", source: source)
            #expect(id == MachineId.hash(salt: "s", identifier: raw))
            #expect(!id.contains(raw))
            #expect(MachineId.origin(of: source) == .machineIdentifier)
        }
    }

    @Test("files that hold no usable identifier are skipped, in order")
    func skipsUnusableFiles() throws {
        try Self.withTemporaryDirectory { directory in
            let empty = directory + "/empty"
            let zeros = directory + "/zeros"
            let good = directory + "/good"
            try "\n".write(toFile: empty, atomically: true, encoding: .utf8)
            try "00000000000000000000000000000000\n".write(toFile: zeros, atomically: true, encoding: .utf8)
            try "  0123456789abcdef  \n".write(toFile: good, atomically: true, encoding: .utf8)
            let source = MachineId.Source(
                machineIdentifierFiles: [directory + "/missing", empty, zeros, good],
                usesPlatformIdentifier: false,
                installIdentifierFile: nil
            )
            #expect(
                MachineId.derive(salt: "s", source: source) == MachineId.hash(salt: "s", identifier: "0123456789abcdef")
            )
        }
    }

    @Test("without a machine UID, a random install id is created once (mode 0600) and reused")
    func installIdentifierFallback() throws {
        try Self.withTemporaryDirectory { directory in
            let installFile = directory + "/state/swift-telemetry/install-id"
            let source = MachineId.Source(
                machineIdentifierFiles: [directory + "/no-machine-id"],
                usesPlatformIdentifier: false,
                installIdentifierFile: installFile
            )
            let first = MachineId.derive(salt: "s", source: source)
            #expect(Self.isLowercaseHex64(first))
            #expect(MachineId.origin(of: source) == .installIdentifier)
            let stored = try String(contentsOfFile: installFile, encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines
            )
            #expect(stored.count == 32)
            #expect(try Self.mode(of: installFile) == 0o600)
            #expect(!first.contains(stored))
            // Reused: the same id on the next call (as in the next run), different per salt.
            #expect(MachineId.derive(salt: "s", source: source) == first)
            #expect(MachineId.derive(salt: "t", source: source) != first)
            #expect(
                try String(contentsOfFile: installFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                    == stored
            )
            // A second host (another directory) gets another id.
            let other = MachineId.Source(
                machineIdentifierFiles: [],
                usesPlatformIdentifier: false,
                installIdentifierFile: directory + "/other/install-id"
            )
            #expect(MachineId.derive(salt: "s", source: other) != first)
        }
    }

    @Test("a symbolic link planted at the install id is not followed")
    func installIdentifierSymlinkNotFollowed() throws {
        try Self.withTemporaryDirectory { directory in
            let target = directory + "/chosen-by-someone-else"
            try "attacker-chosen-identifier\n".write(toFile: target, atomically: true, encoding: .utf8)
            let installFile = directory + "/install-id"
            try FileManager.default.createSymbolicLink(atPath: installFile, withDestinationPath: target)
            let source = MachineId.Source(
                machineIdentifierFiles: [],
                usesPlatformIdentifier: false,
                installIdentifierFile: installFile
            )
            let id = MachineId.derive(salt: "s", source: source)
            #expect(id != MachineId.hash(salt: "s", identifier: "install:attacker-chosen-identifier"))
            #expect(id != MachineId.hash(salt: "s", identifier: "attacker-chosen-identifier"))
            #expect(MachineId.origin(of: source) == .processIdentifier)
            // The link's target is untouched.
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "attacker-chosen-identifier\n")
        }
    }

    @Test("when the install id cannot be written, a per-process random id is used")
    func processFallback() {
        let source = MachineId.Source(
            machineIdentifierFiles: [],
            usesPlatformIdentifier: false,
            installIdentifierFile: "/proc/swift-telemetry-cannot-exist/install-id"
        )
        let first = MachineId.derive(salt: "s", source: source)
        #expect(Self.isLowercaseHex64(first))
        #expect(MachineId.origin(of: source) == .processIdentifier)
        // Not cached by the source-taking variant: each resolution draws fresh random bytes.
        #expect(MachineId.derive(salt: "s", source: source) != first)
    }
}
