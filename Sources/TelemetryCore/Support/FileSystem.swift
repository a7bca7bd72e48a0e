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

/// The few POSIX file operations the library needs, with errors that say what failed and where.
///
/// Plain system calls rather than `FileManager`: the sinks need `O_APPEND` single-`write`
/// semantics, and the state files need `O_NOFOLLOW`, exclusive creation and mode 0600, none of
/// which `FileManager` promises.
package enum FileSystem {
    /// The text of `errno`, e.g. `Permission denied (errno 13)`.
    package static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }

    /// Reads a whole file of at most `maxBytes` bytes; `nil` when it is missing, unreadable,
    /// larger than `maxBytes`, or not a regular file, and, unless `followsSymbolicLinks`, when
    /// `path` itself is a symbolic link (for files the library created and must not be
    /// redirected, such as the install id).
    package static func readFile(atPath path: String, maxBytes: Int = 1 << 20, followsSymbolicLinks: Bool = true) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (followsSymbolicLinks ? 0 : O_NOFOLLOW))
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
            if result.count > maxBytes { return nil }
        }
    }

    /// Whether something exists at `path` (without following a final symbolic link).
    package static func exists(atPath path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates `path` and every missing parent, each with `mode`.
    ///
    /// - Throws: ``TelemetryError/Code/io`` naming the directory that could not be created.
    package static func createDirectories(atPath path: String, mode: Int = 0o755) throws(TelemetryError) {
        guard !path.isEmpty else { return }
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw TelemetryError(
                    code: .io,
                    message: "cannot create directory \(path): a file that is not a directory is in the way. Remove it or choose another path.",
                    errno: ENOTDIR
                )
            }
            return
        }
        let parent = parentDirectory(of: path)
        if parent != path, !parent.isEmpty {
            try createDirectories(atPath: parent, mode: mode)
        }
        if mkdir(path, mode_t(mode)) != 0 {
            let code = errno
            if code == EEXIST, stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw TelemetryError(
                code: .io,
                message: "cannot create directory \(path): \(describe(errno: code)). Check that its parent is writable by this user.",
                errno: code
            )
        }
    }

    /// Replaces the file at `path` with `bytes`, atomically: the bytes go to a new temporary
    /// file in the same directory (created exclusively, mode `mode`, never through a symbolic
    /// link), are synced, then renamed over `path`. A reader sees the old file or the new one,
    /// never a half-written one; a symbolic link planted at `path` is replaced, not followed.
    ///
    /// - Throws: ``TelemetryError/Code/io`` naming the file and the failed step.
    package static func writeFileAtomically(atPath path: String, bytes: [UInt8], mode: Int = 0o600) throws(TelemetryError) {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else {
            let code = errno
            throw TelemetryError(
                code: .io,
                message: "cannot create \(temporary) to write \(path): \(describe(errno: code)). Check that the directory exists and is writable.",
                errno: code
            )
        }
        var failure: TelemetryError?
        do {
            try writeAll(descriptor, bytes, path: path)
            // The mode of a new file is masked by the umask; set it exactly.
            if fchmod(descriptor, mode_t(mode)) != 0 || fsync(descriptor) != 0 {
                let code = errno
                failure = TelemetryError(code: .io, message: "cannot sync \(temporary): \(describe(errno: code)).", errno: code)
            }
        } catch {
            failure = error
        }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 {
            let code = errno
            failure = TelemetryError(
                code: .io,
                message: "cannot move \(temporary) to \(path): \(describe(errno: code)).",
                errno: code
            )
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Creates the file at `path` with `bytes` only if nothing exists there yet, atomically
    /// (write a temporary file, then `link(2)` it into place). Returns `false` when a file was
    /// already there, in which case the caller should read it.
    package static func createFileExclusively(atPath path: String, bytes: [UInt8], mode: Int = 0o600) throws(TelemetryError) -> Bool {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try writeFileAtomically(atPath: temporary, bytes: bytes, mode: mode)
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST { return false }
            throw TelemetryError(code: .io, message: "cannot create \(path): \(describe(errno: code)).", errno: code)
        }
        return true
    }

    /// Writes every byte of `bytes` to `descriptor`, retrying on `EINTR` and short writes.
    package static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(TelemetryError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 {
            throw TelemetryError(
                code: .io,
                message: "cannot write to \(path): \(describe(errno: failure)).",
                errno: failure
            )
        }
    }

    /// The directory part of `path` (`"."` for a bare name, `"/"` for a file in the root).
    package static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The current working directory, or `nil` if it cannot be read.
    package static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The home directory: `HOME` from `environment`, else the password database.
    package static func homeDirectory(environment: [String: String]) -> String? {
        if let home = environment["HOME"], !home.isEmpty { return home }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.isEmpty ? nil : home
    }
}
