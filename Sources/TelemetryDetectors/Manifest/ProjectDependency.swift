//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A package the project depends on, as `Package.resolved` pins it or `Package.swift`
/// declares it.
public struct ProjectDependency: Sendable, Hashable {
    /// Where a dependency was read.
    public enum Source: Sendable, Hashable {
        /// A pin of `Package.resolved`: the version is the resolved one.
        case resolved
        /// A `.package(…)` requirement of `Package.swift`: the version is its lower bound as
        /// written.
        case manifest
    }

    /// The names the dependency answers to, lower-cased: its package identity, and the last
    /// component of its repository URL or path without `.git` (`vapor`, `grdb.swift`).
    public var names: Set<String>

    /// The resolved version (``Source/resolved``) or the requirement's lower bound
    /// (``Source/manifest``); `nil` for a branch, a revision, a local path or an unreadable
    /// requirement.
    public var version: String?

    /// Where the dependency was read.
    public var source: Source

    /// Creates a dependency. Names are lower-cased; empty names are dropped.
    public init(names: some Sequence<String>, version: String?, source: Source) {
        self.names = Set(names.lazy.filter { !$0.isEmpty }.map { $0.lowercased() })
        self.version = version
        self.source = source
    }

    /// Whether the dependency is `identity` (compared without case): an exact name, never a
    /// prefix or substring.
    public func matches(_ identity: String) -> Bool {
        names.contains(identity.lowercased())
    }

    /// The package name in a repository URL, registry id or path: the last path component,
    /// without a trailing `/` or `.git` (`https://github.com/vapor/vapor.git` → `vapor`,
    /// `git@github.com:groue/GRDB.swift.git` → `GRDB.swift`).
    public static func repositoryName(of location: String) -> String? {
        var text = Substring(location)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        while text.hasSuffix("/") { text = text.dropLast() }
        if text.lowercased().hasSuffix(".git") { text = text.dropLast(4) }
        let name = text.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "\\" }).last ?? ""
        return name.isEmpty ? nil : String(name)
    }

    /// `version` if it looks like a version (at most 64 letters, digits, `.`, `-`, `+`,
    /// starting with a digit or `v`), else `nil`: telemetry never carries arbitrary manifest
    /// text.
    static func sanitizedVersion(_ version: String?) -> String? {
        guard let version, !version.isEmpty, version.utf8.count <= 64,
            let first = version.utf8.first,
            (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) || first == UInt8(ascii: "v")
        else { return nil }
        let allowed = version.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
        }
        return allowed ? version : nil
    }
}
