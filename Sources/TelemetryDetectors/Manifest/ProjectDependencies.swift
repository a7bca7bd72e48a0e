//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// What a project's manifests say about its dependencies: the pins of `Package.resolved`
/// (every package in the graph, with resolved versions) and the requirements of
/// `Package.swift` (the direct dependencies, with their lower bounds).
public struct ProjectDependencies: Sendable, Hashable {
    /// The pins of `Package.resolved`; `nil` when there is no readable `Package.resolved`.
    public var resolved: [ProjectDependency]?

    /// The `.package(…)` requirements of `Package.swift`; `nil` when there is no readable
    /// `Package.swift`.
    public var declared: [ProjectDependency]?

    /// Creates the dependency facts of a project.
    public init(resolved: [ProjectDependency]? = nil, declared: [ProjectDependency]? = nil) {
        self.resolved = resolved
        self.declared = declared
    }

    /// No manifest at all.
    public static let none = ProjectDependencies()

    /// The dependency named `identity`: its pin when `Package.resolved` has one (the resolved
    /// version), else its requirement in `Package.swift` (the lower bound as written).
    ///
    /// - Parameters:
    ///   - identity: A package identity or repository name, compared exactly and without case.
    ///   - directOnly: Require the project itself to declare the package, when its
    ///     `Package.swift` could be read: a package that is only pulled in by another one does
    ///     not count.
    public func dependency(named identity: String, directOnly: Bool = false) -> ProjectDependency? {
        let declaredMatch = declared?.first { $0.matches(identity) }
        if let pin = resolved?.first(where: { $0.matches(identity) }) {
            if directOnly, declared != nil, declaredMatch == nil { return nil }
            return pin
        }
        return declaredMatch
    }
}
