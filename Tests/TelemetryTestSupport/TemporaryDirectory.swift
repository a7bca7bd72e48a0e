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

/// A fresh temporary directory for one test, removed (with everything in it) when the value is
/// released.
package final class TemporaryDirectory: Sendable {
    package let path: String

    package init() {
        var template = Array("/tmp/telemetry-tests-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        path = String(cString: created!)
    }

    deinit {
        Self.remove(path)
    }

    /// `path/name`.
    package func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` inside the directory (not atomically: tests plant files).
    package func plant(_ text: String, as name: String, mode: UInt32 = 0o644) {
        plant(Array(text.utf8), as: name, mode: mode)
    }

    /// Writes `bytes` to `name` inside the directory.
    package func plant(_ bytes: [UInt8], as name: String, mode: UInt32 = 0o644) {
        let descriptor = open(file(name), O_WRONLY | O_CREAT | O_TRUNC, mode_t(mode))
        precondition(descriptor >= 0, "cannot create \(file(name))")
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            precondition(written > 0)
            offset += written
        }
        close(descriptor)
    }

    /// The text of `name`, or `nil`.
    package func read(_ name: String) -> String? {
        guard let descriptor = Optional(open(file(name), O_RDONLY | O_NONBLOCK)), descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names in the directory, sorted.
    package func entries(_ subdirectory: String? = nil) -> [String] {
        guard let directory = opendir(subdirectory.map(file) ?? path) else { return [] }
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

@inline(__always)
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #elseif canImport(Musl)
    Musl.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
