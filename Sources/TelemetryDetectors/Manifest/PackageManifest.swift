//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// Readers for a Swift package's `Package.swift` and `Package.resolved`.
///
/// They never evaluate the manifest: `Package.resolved` is decoded as JSON (format versions 1,
/// 2 and 3), and `Package.swift` is scanned for the literal `Package(name: …)` and
/// `.package(…)` calls. Inputs are capped in size, the scan is linear, and anything odd reads
/// as "nothing found", never as a crash.
public enum PackageManifest {
    /// The largest `Package.swift` read, in bytes.
    public static let maximumManifestSize = 1 << 20

    /// The largest `Package.resolved` read, in bytes.
    public static let maximumResolvedFileSize = 4 << 20

    /// How many directories the upward search visits at most.
    public static let maximumSearchDepth = 64

    // MARK: - Finding the project

    /// The nearest directory at or above `directory` that holds a `Package.swift` or a
    /// `Package.resolved`; `nil` if there is none.
    public static func projectDirectory(startingAt directory: String) -> String? {
        var current = directory.isEmpty ? "." : directory
        for _ in 0..<maximumSearchDepth {
            if FileSystem.exists(atPath: current + "/Package.swift")
                || FileSystem.exists(atPath: current + "/Package.resolved")
            {
                return current
            }
            let parent = FileSystem.parentDirectory(of: current)
            if parent == current { return nil }
            current = parent
        }
        return nil
    }

    /// The dependencies of the project at or above `directory` (see
    /// ``projectDirectory(startingAt:)``); ``ProjectDependencies/none`` when there is none.
    public static func dependencies(startingAt directory: String) -> ProjectDependencies {
        guard let project = projectDirectory(startingAt: directory) else { return .none }
        let resolved = FileSystem.contentsOfFile(
            atPath: project + "/Package.resolved",
            maxBytes: maximumResolvedFileSize
        )
        .flatMap(resolvedDependencies(fromResolvedFile:))
        let declared = FileSystem.contentsOfFile(atPath: project + "/Package.swift", maxBytes: maximumManifestSize)
            .map(declaredDependencies(inManifest:))
        return ProjectDependencies(resolved: resolved, declared: declared)
    }

    /// The `name:` of the `Package(…)` in `directory/Package.swift`; `nil` when the file is
    /// missing, unreadable, too large, or names no package with a string literal.
    public static func packageName(inDirectory directory: String) -> String? {
        guard
            let source = FileSystem.contentsOfFile(atPath: directory + "/Package.swift", maxBytes: maximumManifestSize)
        else {
            return nil
        }
        return packageName(inManifest: source)
    }

    // MARK: - Package.swift

    /// The `name:` argument of the first `Package(…)` call in a manifest's source.
    public static func packageName(inManifest source: [UInt8]) -> String? {
        let tree = SwiftTokenTree(SwiftSourceScanner.tokens(of: source))
        let tokens = tree.tokens
        var index = 0
        while index + 1 < tokens.count {
            defer { index += 1 }
            guard tokens[index] == .identifier("Package"), tokens[index + 1] == .punctuation(UInt8(ascii: "(")),
                index == 0 || tokens[index - 1] != .punctuation(UInt8(ascii: "."))
            else { continue }
            if let position = tree.labeledValuePosition("name", inCallOpeningAt: index + 1),
                case .string(let name?) = tokens[position], !name.isEmpty
            {
                return name
            }
        }
        return nil
    }

    /// The `name:` argument of the first `Package(…)` call in a manifest's source.
    public static func packageName(inManifest source: String) -> String? {
        packageName(inManifest: Array(source.utf8))
    }

    /// The `.package(…)` dependencies of a manifest, in order: the name from `url:`, `id:`,
    /// `path:` or `name:`, and the version its requirement starts from (`from:`, `exact:`,
    /// `.upToNextMajor(from:)`, `.upToNextMinor(from:)`, `"1.0.0"..<"2.0.0"`); no version for
    /// `branch:`, `revision:` and `path:`.
    public static func declaredDependencies(inManifest source: [UInt8]) -> [ProjectDependency] {
        let tree = SwiftTokenTree(SwiftSourceScanner.tokens(of: source))
        let tokens = tree.tokens
        var dependencies: [ProjectDependency] = []
        var index = 1
        while index + 1 < tokens.count {
            defer { index += 1 }
            guard tokens[index - 1] == .punctuation(UInt8(ascii: ".")), tokens[index] == .identifier("package"),
                tokens[index + 1] == .punctuation(UInt8(ascii: "("))
            else { continue }
            if let dependency = dependency(inCallOpeningAt: index + 1, of: tree) {
                dependencies.append(dependency)
            }
        }
        return dependencies
    }

    /// The `.package(…)` dependencies of a manifest's source.
    public static func declaredDependencies(inManifest source: String) -> [ProjectDependency] {
        declaredDependencies(inManifest: Array(source.utf8))
    }

    private static func dependency(inCallOpeningAt open: Int, of tree: SwiftTokenTree) -> ProjectDependency? {
        let tokens = tree.tokens
        var names: [String] = []
        var labelledValues: Set<Int> = []
        var isLocal = false
        for label in ["url", "id", "path", "name", "location"] {
            guard let position = tree.labeledValuePosition(label, inCallOpeningAt: open) else { continue }
            labelledValues.insert(position)
            guard case .string(let value?) = tokens[position] else { continue }
            switch label {
            case "id":
                // A registry identity is `scope.name`.
                if let dot = value.firstIndex(of: ".") { names.append(String(value[value.index(after: dot)...])) }
            case "name":
                names.append(value)
            default:
                if label == "path" { isLocal = true }
                if let name = ProjectDependency.repositoryName(of: value) { names.append(name) }
            }
        }
        guard !names.isEmpty else { return nil }
        // The requirement is an argument (`from: "1.0.0"`, `"1.0.0"..<"2.0.0"`, `branch: "main"`)
        // or a call one level down (`.upToNextMajor(from: "1.0.0")`, `.branch("main")`); its
        // first string literal is the lower bound in every versioned form.
        var version: String?
        var sawVersion = false
        for position in tree.arguments(ofCallOpeningAt: open) {
            switch tokens[position] {
            case .identifier(let word) where word == "branch" || word == "revision":
                let next = position + 1 < tokens.count ? tokens[position + 1] : nil
                if next == .punctuation(UInt8(ascii: ":")) || next == .punctuation(UInt8(ascii: "(")) {
                    return ProjectDependency(names: names, version: nil, source: .manifest)
                }
            case .string(let text) where !sawVersion && !labelledValues.contains(position):
                sawVersion = true
                version = ProjectDependency.sanitizedVersion(text)
            default: break
            }
        }
        return ProjectDependency(names: names, version: isLocal ? nil : version, source: .manifest)
    }

    // MARK: - Package.resolved

    /// The pins of a `Package.resolved` (format version 1: `object.pins[]` with `package`,
    /// `repositoryURL`; versions 2 and 3: `pins[]` with `identity`, `location`), each with its
    /// `state.version` (`nil` for a branch or revision pin). `nil` when the bytes are not a
    /// `Package.resolved`.
    public static func resolvedDependencies(fromResolvedFile bytes: [UInt8]) -> [ProjectDependency]? {
        // The package's one JSON reader; every field is optional and each pin stands alone, so
        // one odd pin never hides the others.
        guard bytes.count <= maximumResolvedFileSize,
            case .object(let file)? = try? TelemetryValue(jsonBytes: bytes)
        else { return nil }
        let pins: [TelemetryValue]
        if case .array(let list)? = file["pins"] {
            pins = list
        } else if case .array(let list)? = file["object"]?["pins"] {
            pins = list
        } else {
            return nil
        }
        return pins.compactMap { pin in
            guard case .object(let pin) = pin else { return nil }
            var names: [String] = []
            if let identity = pin["identity"]?.stringValue { names.append(identity) }
            if let package = pin["package"]?.stringValue { names.append(package) }
            for location in [pin["location"]?.stringValue, pin["repositoryURL"]?.stringValue] {
                if let location, let name = ProjectDependency.repositoryName(of: location) { names.append(name) }
            }
            guard !names.isEmpty else { return nil }
            return ProjectDependency(
                names: names,
                version: ProjectDependency.sanitizedVersion(pin["state"]?["version"]?.stringValue),
                source: .resolved
            )
        }
    }

    /// The pins of a `Package.resolved` given as text.
    public static func resolvedDependencies(fromResolvedFile text: String) -> [ProjectDependency]? {
        resolvedDependencies(fromResolvedFile: Array(text.utf8))
    }
}
