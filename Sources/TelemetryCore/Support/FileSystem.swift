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
/// semantics, and the state files need `O_NOFOLLOW`, `O_NONBLOCK`, exclusive creation, advisory
/// locks and mode 0600, none of which `FileManager` promises.
///
/// Every read of a file the library does not own goes through ``readFile(atPath:maxBytes:followsSymbolicLinks:)``:
/// it opens with `O_NONBLOCK` (a FIFO or a device planted at the path cannot block the
/// process), refuses anything but a regular file, and never reads more than its bound.
package enum FileSystem {
    /// The text of `errno`, e.g. `Permission denied (errno 13)`.
    package static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }

    // MARK: - Reading files the library does not own

    /// A regular file's bytes, with the owner and mode of the file that was read (from `fstat`
    /// on the open descriptor, so they belong to exactly the bytes returned).
    package struct FileContents: Sendable {
        package var bytes: [UInt8]
        package var owner: UInt32
        package var mode: UInt32
    }

    /// Why ``readFile(atPath:maxBytes:followsSymbolicLinks:)`` returned no bytes.
    package enum ReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Nothing is at the path.
        case missing
        /// The path is a symbolic link, and links are not followed for this file.
        case symbolicLink
        /// The path is not a regular file (a FIFO, a socket, a device, a directory).
        case notRegularFile(kind: String)
        /// The file is larger than the bound.
        case tooLarge(limit: Int)
        /// `open` or `read` failed.
        case unreadable(errno: Int32)

        package var description: String {
            switch self {
            case .missing: "it does not exist"
            case .symbolicLink: "it is a symbolic link, which is never followed"
            case .notRegularFile(let kind): "it is a \(kind), not a regular file"
            case .tooLarge(let limit): "it is larger than \(limit) bytes"
            case .unreadable(let code): "it cannot be read: \(FileSystem.describe(errno: code))"
            }
        }
    }

    /// Reads a whole regular file of at most `maxBytes` bytes.
    ///
    /// The file is opened with `O_NONBLOCK` before its type is checked, so a FIFO or a device at
    /// `path` never blocks; anything but a regular file is refused. Unless `followsSymbolicLinks`,
    /// a symbolic link at `path` itself is refused too (`O_NOFOLLOW`), for files whose origin
    /// matters (the consent file, the install id).
    package static func readFile(
        atPath path: String,
        maxBytes: Int,
        followsSymbolicLinks: Bool = true
    ) -> Result<FileContents, ReadFailure> {
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (followsSymbolicLinks ? 0 : O_NOFOLLOW)
        let descriptor = open(path, flags)
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR: return .failure(.missing)
            case ELOOP where !followsSymbolicLinks: return .failure(.symbolicLink)
            default: return .failure(.unreadable(errno: code))
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable(errno: errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(.notRegularFile(kind: kind(of: info.st_mode)))
        }
        guard Int(info.st_size) <= maxBytes else { return .failure(.tooLarge(limit: maxBytes)) }
        var result: [UInt8] = []
        result.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: min(64 * 1024, maxBytes + 1))
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(errno: errno))
            }
            if count == 0 { break }
            // The file may have grown since fstat: the bound holds on what is read.
            guard result.count + count <= maxBytes else { return .failure(.tooLarge(limit: maxBytes)) }
            result.append(contentsOf: chunk[0..<count])
        }
        return .success(FileContents(bytes: result, owner: UInt32(info.st_uid), mode: UInt32(info.st_mode & 0o7777)))
    }

    /// The bytes of a regular file of at most `maxBytes` bytes, or `nil` for any failure (see
    /// ``readFile(atPath:maxBytes:followsSymbolicLinks:)``).
    package static func contentsOfFile(
        atPath path: String,
        maxBytes: Int,
        followsSymbolicLinks: Bool = true
    ) -> [UInt8]? {
        try? readFile(atPath: path, maxBytes: maxBytes, followsSymbolicLinks: followsSymbolicLinks).get().bytes
    }

    /// The first `count` bytes (or fewer) of the regular file at `path`, read without blocking
    /// and never through a symbolic link; `nil` when it cannot be read.
    package static func prefixOfFile(atPath path: String, count: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, count - filled) }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            filled += got
        }
        return Array(bytes.prefix(filled))
    }

    /// Opens a file for streaming reads (an event log) without ever blocking on a FIFO or a
    /// device: `O_NONBLOCK` first, then anything but a regular file is refused with an
    /// ``TelemetryError/Code/io`` error that names the path and what it is.
    package static func openRegularFileForReading(atPath path: String) throws(TelemetryError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            throw TelemetryError(code: .io, message: "cannot open \(path): \(describe(errno: code)).", errno: code)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw TelemetryError(code: .io, message: "cannot inspect \(path): \(describe(errno: code)).", errno: code)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw TelemetryError(
                code: .io,
                message:
                    "cannot read \(path): it is a \(kind(of: info.st_mode)), not a regular file. Pass a JSONL file, or - to read standard input.",
                errno: EINVAL
            )
        }
        return descriptor
    }

    /// The owner and permission bits of `path` (following a final symbolic link), or `nil`.
    static func ownerAndMode(atPath path: String) -> (owner: UInt32, mode: UInt32)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt32(info.st_uid), UInt32(info.st_mode & 0o7777))
    }

    /// The device and inode of `path` (following a final symbolic link), or `nil`.
    package static func identity(atPath path: String) -> (device: UInt64, inode: UInt64, size: Int)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino), Int(info.st_size))
    }

    /// The device, inode and size of an open descriptor, or `nil`.
    package static func identity(ofDescriptor descriptor: Int32) -> (device: UInt64, inode: UInt64, size: Int)? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino), Int(info.st_size))
    }

    /// The effective user id of the process.
    static var effectiveUserID: UInt32 { UInt32(geteuid()) }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "FIFO (named pipe)"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        case S_IFDIR: "directory"
        case S_IFSOCK: "socket"
        case S_IFLNK: "symbolic link"
        default: "special file"
        }
    }

    /// Whether something exists at `path` (without following a final symbolic link).
    package static func exists(atPath path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    // MARK: - Writing the library's own files

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
                    message:
                        "cannot create directory \(path): a file that is not a directory is in the way. Remove it or choose another path.",
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
                message:
                    "cannot create directory \(path): \(describe(errno: code)). Check that its parent is writable by this user.",
                errno: code
            )
        }
    }

    /// Replaces the file at `path` with `bytes`, atomically and durably: the bytes go to a new
    /// temporary file in the same directory (created exclusively, mode `mode`, never through a
    /// symbolic link), are synced, renamed over `path`, and the directory is synced, so that the
    /// new file survives a power loss. A reader sees the old file or the new one, never a
    /// half-written one; a symbolic link planted at `path` is replaced, not followed.
    ///
    /// - Throws: ``TelemetryError/Code/io`` naming the file and the failed step.
    static func writeFileAtomically(
        atPath path: String,
        bytes: [UInt8],
        mode: Int = 0o600
    ) throws(TelemetryError) {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else {
            let code = errno
            throw TelemetryError(
                code: .io,
                message:
                    "cannot create \(temporary) to write \(path): \(describe(errno: code)). Check that the directory exists and is writable.",
                errno: code
            )
        }
        var failure: TelemetryError?
        do {
            try writeAll(descriptor, bytes, path: path)
            // The mode of a new file is masked by the umask; set it exactly.
            if fchmod(descriptor, mode_t(mode)) != 0 || fsync(descriptor) != 0 {
                let code = errno
                failure = TelemetryError(
                    code: .io,
                    message: "cannot sync \(temporary): \(describe(errno: code)).",
                    errno: code
                )
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
        // The rename is only durable once the directory entry is on disk.
        syncDirectory(atPath: parentDirectory(of: path))
    }

    /// Creates the file at `path` with `bytes` only if nothing exists there yet, atomically
    /// (write a temporary file, then `link(2)` it into place). Returns `false` when a file was
    /// already there, in which case the caller should read it.
    static func createFileExclusively(
        atPath path: String,
        bytes: [UInt8],
        mode: Int = 0o600
    ) throws(TelemetryError) -> Bool {
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

    /// Syncs the directory at `path`, so that renames and unlinks in it survive a power loss.
    /// Best effort: a file system that cannot sync directories loses nothing else by it.
    static func syncDirectory(atPath path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
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

    /// Removes the directory at `path` and the regular files directly in it (the library's own
    /// spool and state directories are flat). Best effort; a missing directory is not an error.
    static func removeFlatDirectory(atPath path: String) {
        guard let directory = opendir(path) else { return }
        while let entry = readdir(directory) {
            let name = entryName(entry)
            if name == "." || name == ".." { continue }
            unlink(path + "/" + name)
        }
        closedir(directory)
        rmdir(path)
    }

    /// The name of a directory entry that `readdir` returned.
    ///
    /// Read in place, never by copying `entry.pointee`: the kernel sizes each entry to its name
    /// (`d_reclen`), so the last entry of `readdir`'s buffer can end before the 256 bytes that
    /// `d_name` declares, and copying the whole struct reads past the buffer (AddressSanitizer
    /// caught exactly that).
    private static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        let name = (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self)
        return String(decoding: UnsafeRawBufferPointer(start: name, count: strlen(name)), as: UTF8.self)
    }

    /// The names of the entries of the directory at `path` (without `.` and `..`), or `[]`.
    package static func directoryEntries(atPath path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = entryName(entry)
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: - Cross-process locks

    /// Runs `body` while holding an exclusive advisory lock (`flock`) on the file at `lockPath`,
    /// created with mode 0600 if missing and never through a symbolic link.
    ///
    /// Processes that change the same state file serialize on its lock file, so no update is
    /// lost. The wait is bounded: when another process holds the lock for longer than `timeout`
    /// (a hung or hostile holder), this throws instead of hanging.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the lock file cannot be opened or the lock not
    ///   taken in time; whatever `body` throws.
    package static func withExclusiveLock<Result>(
        atPath lockPath: String,
        timeout: Duration = .seconds(10),
        _ body: () throws(TelemetryError) -> Result
    ) throws(TelemetryError) -> Result {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode_t(0o600))
        guard descriptor >= 0 else {
            let code = errno
            throw TelemetryError(
                code: .io,
                message:
                    "cannot open the lock file \(lockPath): \(describe(errno: code)). Check that its directory is writable by this user.",
                errno: code
            )
        }
        defer { close(descriptor) }  // closing releases the lock
        let deadline = ContinuousClock.now + timeout
        var pause = 1_000  // microseconds
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                throw TelemetryError(
                    code: .io,
                    message: "cannot lock \(lockPath): \(describe(errno: code)).",
                    errno: code
                )
            }
            guard ContinuousClock.now < deadline else {
                throw TelemetryError(
                    code: .io,
                    message:
                        "another process has held the lock \(lockPath) for more than \(timeout); nothing was changed. Try again, or remove the lock file if no telemetry command is running.",
                    errno: EWOULDBLOCK
                )
            }
            usleep(useconds_t(pause))
            pause = min(pause * 2, 50_000)
        }
        return try body()
    }

    /// Tries to take an exclusive advisory lock on `descriptor` without waiting.
    package static func tryLock(_ descriptor: Int32) -> Bool {
        flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    // MARK: - Paths

    /// The directory part of `path` (`"."` for a bare name, `"/"` for a file in the root).
    package static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// `directory/name`, with exactly one separator.
    package static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The current working directory, or `nil` if it cannot be read.
    package static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The home directory: `HOME` from `environment`, else the password database.
    static func homeDirectory(environment: [String: String]) -> String? {
        if let home = environment["HOME"], !home.isEmpty { return home }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.isEmpty ? nil : home
    }
}
