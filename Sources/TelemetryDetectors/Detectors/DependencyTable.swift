//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// A mapping from package identities to the name telemetry reports, searched in row order.
///
/// The framework and database detectors are this table over a project's dependencies: the
/// first row (in table order, not manifest order) with a dependency present wins, and the
/// result is `{"name": <row name>, "version": <resolved version or lower bound, or null>}`.
public struct DependencyTable: Sendable, Hashable {
    /// One row: any of `identities` reports `name`.
    public struct Row: Sendable, Hashable {
        /// The reported name, e.g. `postgresql`.
        public var name: String
        /// The package identities that count, in order (`sqlite-nio`, `GRDB.swift`, …).
        public var identities: [String]
        /// Whether the project must declare the package itself (see
        /// ``ProjectDependencies/dependency(named:directOnly:)``).
        public var directOnly: Bool

        /// Creates a row.
        public init(name: String, identities: [String], directOnly: Bool = false) {
            self.name = name
            self.identities = identities
            self.directOnly = directOnly
        }
    }

    /// The rows, in precedence order.
    public var rows: [Row]

    /// Creates a table from rows in precedence order.
    public init(rows: [Row]) {
        self.rows = rows
    }

    /// The first row with a dependency present, as `{name, version}`; `null` when none is.
    public func firstMatch(in dependencies: ProjectDependencies) -> TelemetryValue {
        for row in rows {
            for identity in row.identities {
                if let dependency = dependencies.dependency(named: identity, directOnly: row.directOnly) {
                    return [
                        "name": .string(row.name), "version": dependency.version.map(TelemetryValue.string) ?? .null,
                    ]
                }
            }
        }
        return .null
    }

    /// The server frameworks: Vapor, Hummingbird, a raw SwiftNIO server, Smoke, Kitura.
    ///
    /// `swift-nio` counts only when the project declares it itself: nearly every server-side
    /// package pulls SwiftNIO in, and that alone does not make the project a NIO server.
    public static let frameworks = DependencyTable(rows: [
        Row(name: "vapor", identities: ["vapor"]),
        Row(name: "hummingbird", identities: ["hummingbird"]),
        Row(name: "swift-nio", identities: ["swift-nio"], directOnly: true),
        Row(name: "smoke-framework", identities: ["smoke-framework"]),
        Row(name: "kitura", identities: ["Kitura"]),
    ])

    /// The databases: PostgreSQL, MySQL, SQLite, MongoDB, Fluent, Redis.
    public static let databases = DependencyTable(rows: [
        Row(name: "postgresql", identities: ["postgres-nio"]),
        Row(name: "mysql", identities: ["mysql-nio"]),
        Row(name: "sqlite", identities: ["sqlite-nio", "GRDB.swift", "SQLite.swift"]),
        Row(name: "mongodb", identities: ["mongo-swift-driver", "MongoKitten"]),
        Row(name: "fluent", identities: ["fluent"]),
        Row(name: "redis", identities: ["redis", "RediStack"]),
    ])
}
