//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Crypto

#if canImport(IOKit)
import IOKit
#endif

/// The anonymous machine id: a salted SHA-256 of the host's machine identifier.
///
/// ``derive(salt:)`` hashes the tool's salt, a zero byte, and the host's machine UID
/// (`/etc/machine-id`, else `/var/lib/dbus/machine-id` on Linux; `IOPlatformUUID` on macOS).
/// The raw UID never leaves this type: it is not logged, returned or stored elsewhere, and
/// different salts give unrelated ids, so two tools cannot link their users.
///
/// A host with no machine UID (a container, a sandbox) gets a random install id, created once in
/// `<state dir>/swift-telemetry/install-id` with mode 0600, so that its id is stable across runs.
/// Only when that file can be neither read nor written does the id fall back to random bytes that
/// last for the life of the process.
public enum MachineId {
    /// Where the host identifier is looked for. The default reads the real host; tests inject
    /// their own files and environment.
    package struct Source: Sendable {
        /// Files that may hold a machine UID, tried in order.
        var machineIdentifierFiles: [String]
        /// Whether to ask the platform (IOKit on macOS) before the files.
        var usesPlatformIdentifier: Bool
        /// The file that holds the persisted install id, or `nil` for none.
        var installIdentifierFile: String?

        package init(machineIdentifierFiles: [String], usesPlatformIdentifier: Bool, installIdentifierFile: String?) {
            self.machineIdentifierFiles = machineIdentifierFiles
            self.usesPlatformIdentifier = usesPlatformIdentifier
            self.installIdentifierFile = installIdentifierFile
        }

        /// The real host's sources, with the state directory taken from `environment`.
        package static func host(environment: [String: String]) -> Source {
            Source(
                machineIdentifierFiles: ["/etc/machine-id", "/var/lib/dbus/machine-id"],
                usesPlatformIdentifier: true,
                installIdentifierFile: StateDirectory.base(environment: environment).map {
                    $0 + "/swift-telemetry/install-id"
                }
            )
        }
    }

    /// Where a host identifier came from. Reported by `telemetry status`; never the value itself.
    enum Origin: String, Sendable {
        case machineIdentifier
        case installIdentifier
        case processIdentifier
    }

    /// Derives the anonymous machine id for `salt`: 64 lowercase hexadecimal digits.
    ///
    /// The result is stable for a fixed salt on a given host, and different for different salts.
    /// The host identifier is read once per process and cached; the hash is cheap.
    ///
    /// - Parameter salt: A tool-specific string, for example `"my-cli.telemetry.v1"`.
    /// - Returns: `hex(SHA-256(salt ‖ 0x00 ‖ machine UID))`.
    public static func derive(salt: String) -> String {
        hash(salt: salt, identifier: hostIdentifier.identifier)
    }

    /// Derives the anonymous machine id for `salt` with a tool's rotation material (from its
    /// consent file) mixed in: `salt` alone when `rotation` is `nil`, `salt ‖ 0x1F ‖ rotation`
    /// otherwise, so that `telemetry reset` gives a new id that cannot be linked to the old one.
    public static func derive(salt: String, rotation: String?) -> String {
        derive(salt: rotatedSalt(salt, rotation: rotation))
    }

    /// `salt` alone without rotation material; `salt ‖ 0x1F ‖ rotation` with it.
    static func rotatedSalt(_ salt: String, rotation: String?) -> String {
        guard let rotation else { return salt }
        return salt + "\u{1F}" + rotation
    }

    /// The fixed machine id of a CI vendor's runs for `salt`: every run on that vendor counts
    /// as one machine, so ephemeral CI machines never inflate the count of machines.
    package static func derive(salt: String, continuousIntegrationVendor vendor: String) -> String {
        hash(salt: salt, identifier: "ci:" + vendor)
    }

    /// Derives the id from an explicit source, without the process-wide cache (for tests and
    /// for `telemetry status`).
    package static func derive(salt: String, source: Source) -> String {
        hash(salt: salt, identifier: resolve(source).identifier)
    }

    /// Where the host identifier of `source` comes from.
    static func origin(of source: Source) -> Origin {
        resolve(source).origin
    }

    /// `hex(SHA-256(salt ‖ 0x00 ‖ identifier))`.
    package static func hash(salt: String, identifier: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(salt.utf8))
        hasher.update(data: [0])
        hasher.update(data: Array(identifier.utf8))
        return hexadecimal(hasher.finalize())
    }

    /// Lowercase hexadecimal digits of `bytes`.
    static func hexadecimal(_ bytes: some Sequence<UInt8>) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(64)
        for byte in bytes {
            digits.append(hexDigit(byte >> 4))
            digits.append(hexDigit(byte & 0x0F))
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// `count` random bytes as lowercase hexadecimal digits.
    static func randomHexadecimal(byteCount: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        return hexadecimal((0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    // The host identifier never changes while the process runs: resolve it once.
    private static let hostIdentifier: (identifier: String, origin: Origin) = resolve(
        .host(environment: RuntimeEnvironment.processEnvironment)
    )

    private static func resolve(_ source: Source) -> (identifier: String, origin: Origin) {
        #if canImport(IOKit)
        if source.usesPlatformIdentifier, let identifier = platformIdentifier() {
            return (identifier, .machineIdentifier)
        }
        #endif
        for path in source.machineIdentifierFiles {
            if let identifier = readIdentifier(atPath: path) { return (identifier, .machineIdentifier) }
        }
        if let path = source.installIdentifierFile, let identifier = installIdentifier(atPath: path) {
            return ("install:" + identifier, .installIdentifier)
        }
        return ("process:" + randomHexadecimal(), .processIdentifier)
    }

    /// A trimmed, non-empty identifier of printable ASCII from a small file, or `nil`.
    private static func readIdentifier(atPath path: String, followsSymbolicLinks: Bool = true) -> String? {
        guard
            let bytes = FileSystem.contentsOfFile(
                atPath: path,
                maxBytes: 4096,
                followsSymbolicLinks: followsSymbolicLinks
            )
        else {
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        // An all-zero id is a placeholder some images ship; it identifies nothing.
        guard text.contains(where: { $0 != "0" && $0 != "-" }) else { return nil }
        return text
    }

    /// Reads the persisted install id, creating it (mode 0600, exclusively) when absent.
    ///
    /// The file is never read through a symbolic link: a link planted there would make the id
    /// the hash of a file of someone else's choosing. Such a host falls back to a process id.
    private static func installIdentifier(atPath path: String) -> String? {
        if let existing = readIdentifier(atPath: path, followsSymbolicLinks: false) { return existing }
        let fresh = randomHexadecimal()
        do {
            try FileSystem.createDirectories(atPath: FileSystem.parentDirectory(of: path), mode: 0o700)
            if try FileSystem.createFileExclusively(atPath: path, bytes: Array((fresh + "\n").utf8), mode: 0o600) {
                return fresh
            }
            // Another process created it first: use theirs.
            return readIdentifier(atPath: path, followsSymbolicLinks: false)
        } catch {
            return nil
        }
    }

    #if canImport(IOKit)
    private static func platformIdentifier() -> String? {
        let service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceMatching("IOPlatformExpertDevice"))
        guard service != 0 else { return nil }
        defer { IOObjectRelease(service) }
        guard
            let property = IORegistryEntryCreateCFProperty(
                service,
                "IOPlatformUUID" as CFString,
                kCFAllocatorDefault,
                0
            ),
            let identifier = property.takeRetainedValue() as? String,
            !identifier.isEmpty
        else { return nil }
        return identifier
    }
    #endif

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 48 + nibble : 87 + nibble
    }
}
