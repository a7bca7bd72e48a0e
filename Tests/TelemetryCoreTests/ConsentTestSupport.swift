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

@testable import TelemetryCore

/// A fresh temporary directory for one consent test, removed when the value is released.
final class ConsentTestDirectory: Sendable {
    let path: String

    init() {
        var template = Array("/tmp/consent-tests-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        path = String(cString: created!)
    }

    deinit {
        Self.remove(path)
    }

    /// Writes `text` to `name` inside the directory (not atomically: tests plant files).
    func plant(_ text: String, as name: String) {
        let descriptor = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(descriptor >= 0)
        _ = Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    func read(_ name: String) -> String? {
        FileSystem.readFile(atPath: path + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    func entries() -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR, let directory = opendir(path) {
            var children: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != ".", name != ".." { children.append(path + "/" + name) }
            }
            closedir(directory)
            children.forEach(remove)
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

extension TelemetryConsent {
    /// A consent for `my-cli` whose file lives in `directory`, outside any test run unless the
    /// environment says so.
    static func testing(
        _ directory: ConsentTestDirectory,
        environment: [String: String] = [:],
        executablePath: String = "/usr/local/bin/my-cli"
    ) throws -> TelemetryConsent {
        var environment = environment
        environment["MY_CLI_TELEMETRY_DIR"] = directory.path
        return try TelemetryConsent(tool: "my-cli", environment: environment, executablePath: executablePath)
    }
}
