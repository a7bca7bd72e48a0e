//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryDetectors

@testable import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryProject {
    let path: String

    init() throws {
        var template = Array("/tmp/telemetry-detectors-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else { throw TelemetryError(code: .io, message: "mkdtemp failed") }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes `text` to `relativePath`, creating the directories on the way.
    @discardableResult
    func write(_ text: String, to relativePath: String) throws -> String {
        try write(Array(text.utf8), to: relativePath)
    }

    /// Writes `bytes` to `relativePath`, creating the directories on the way.
    @discardableResult
    func write(_ bytes: [UInt8], to relativePath: String) throws -> String {
        let file = path + "/" + relativePath
        try FileSystem.createDirectories(atPath: FileSystem.parentDirectory(of: file))
        try FileSystem.writeFileAtomically(atPath: file, bytes: bytes, mode: 0o644)
        return file
    }

    /// Creates the directory `relativePath` and returns its path.
    @discardableResult
    func directory(_ relativePath: String) throws -> String {
        let directory = path + "/" + relativePath
        try FileSystem.createDirectories(atPath: directory)
        return directory
    }

    /// Inputs whose working directory is `relativePath` (the project root by default), on a
    /// fixed machine and an empty environment.
    func inputs(
        in relativePath: String? = nil,
        environment: [String: String] = [:],
        isSwiftPackageBuild: Bool = false
    ) -> DetectionInputs {
        DetectionInputs(
            environment: environment,
            workingDirectory: relativePath.map { path + "/" + $0 } ?? path,
            system: FixedSystemInformation(),
            standardOutputIsTerminal: false,
            executablePath: nil,
            compilerVersion: "6.3.1",
            isSwiftPackageBuild: isSwiftPackageBuild
        )
    }

    /// Removes the directory and everything in it.
    func remove() {
        Self.removeTree(path)
    }

    private static func removeTree(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                    String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = path + "/" + name
                var info = stat()
                if lstat(child, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    chmod(child, 0o755)
                    removeTree(child)
                } else {
                    unlink(child)
                }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

/// Runs `body` with a fresh temporary project, removing it afterwards.
func withTemporaryProject<Result>(_ body: (TemporaryProject) async throws -> Result) async throws -> Result {
    let project = try TemporaryProject()
    defer { project.remove() }
    return try await body(project)
}

extension TelemetryValue {
    /// `{"name": name, "version": version}`.
    static func named(_ name: String, version: String?) -> TelemetryValue {
        ["name": .string(name), "version": version.map(TelemetryValue.string) ?? .null]
    }
}
