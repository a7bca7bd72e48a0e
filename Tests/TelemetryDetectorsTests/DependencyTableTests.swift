//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import Testing

@Suite("Framework and database tables", .timeLimit(.minutes(1)))
struct DependencyTableTests {
    static let frameworkRows: [(identity: String, name: String)] = [
        ("vapor", "vapor"),
        ("hummingbird", "hummingbird"),
        ("swift-nio", "swift-nio"),
        ("smoke-framework", "smoke-framework"),
        ("Kitura", "kitura"),
    ]

    static let databaseRows: [(identity: String, name: String)] = [
        ("postgres-nio", "postgresql"),
        ("mysql-nio", "mysql"),
        ("sqlite-nio", "sqlite"),
        ("GRDB.swift", "sqlite"),
        ("SQLite.swift", "sqlite"),
        ("mongo-swift-driver", "mongodb"),
        ("MongoKitten", "mongodb"),
        ("fluent", "fluent"),
        ("redis", "redis"),
        ("RediStack", "redis"),
    ]

    private static func pin(_ identity: String, _ version: String?) -> ProjectDependency {
        ProjectDependency(names: [identity], version: version, source: .resolved)
    }

    private static func requirement(_ identity: String, _ version: String?) -> ProjectDependency {
        ProjectDependency(names: [identity], version: version, source: .manifest)
    }

    @Test("every framework row maps its identity, from a pin and from a requirement", arguments: frameworkRows)
    func frameworkRow(_ row: (identity: String, name: String)) {
        let pinned = ProjectDependencies(
            resolved: [Self.pin(row.identity, "2.5.1")],
            declared: [Self.requirement(row.identity, "2.0.0")]
        )
        #expect(FrameworkDetector.detect(in: pinned) == .named(row.name, version: "2.5.1"))
        let declaredOnly = ProjectDependencies(declared: [Self.requirement(row.identity, "2.0.0")])
        #expect(FrameworkDetector.detect(in: declaredOnly) == .named(row.name, version: "2.0.0"))
        #expect(DatabaseDetector.detect(in: pinned) == .null)
    }

    @Test("every database row maps its identity, from a pin and from a requirement", arguments: databaseRows)
    func databaseRow(_ row: (identity: String, name: String)) {
        let pinned = ProjectDependencies(resolved: [Self.pin(row.identity, "1.7.0")], declared: nil)
        #expect(DatabaseDetector.detect(in: pinned) == .named(row.name, version: "1.7.0"))
        let declaredOnly = ProjectDependencies(declared: [Self.requirement(row.identity, "1.0.0")])
        #expect(DatabaseDetector.detect(in: declaredOnly) == .named(row.name, version: "1.0.0"))
        #expect(FrameworkDetector.detect(in: pinned) == .null)
    }

    @Test("identities are matched exactly, without case, never as prefixes or substrings")
    func exactMatching() {
        let lookalikes = [
            "postgres-kit", "fluent-postgres-driver", "postgres-nio-extras", "sqlite-kit", "fluent-kit",
            "vapor-toolbox", "hummingbird-auth", "swift-nio-ssl", "redis-stack", "grdb", "mongo", "xvapor",
        ]
        let dependencies = ProjectDependencies(resolved: lookalikes.map { Self.pin($0, "1.0.0") }, declared: nil)
        #expect(DatabaseDetector.detect(in: dependencies) == .null)
        #expect(FrameworkDetector.detect(in: dependencies) == .null)

        let mixedCase = ProjectDependencies(
            resolved: [Self.pin("Postgres-NIO", "1.2.3"), Self.pin("VAPOR", "4.0.0")],
            declared: nil
        )
        #expect(DatabaseDetector.detect(in: mixedCase) == .named("postgresql", version: "1.2.3"))
        #expect(FrameworkDetector.detect(in: mixedCase) == .named("vapor", version: "4.0.0"))
    }

    @Test("the first row in table order wins, whatever the manifest order")
    func tableOrderWins() {
        let databases = ProjectDependencies(
            resolved: [
                Self.pin("RediStack", "1.6.0"), Self.pin("fluent", "4.13.0"), Self.pin("sqlite-nio", "1.13.2"),
                Self.pin("mysql-nio", "1.8.0"),
            ],
            declared: nil
        )
        #expect(DatabaseDetector.detect(in: databases) == .named("mysql", version: "1.8.0"))
        let frameworks = ProjectDependencies(
            resolved: [Self.pin("Kitura", "2.9.0"), Self.pin("hummingbird", "2.28.1"), Self.pin("vapor", "4.122.3")],
            declared: nil
        )
        #expect(FrameworkDetector.detect(in: frameworks) == .named("vapor", version: "4.122.3"))
        // Within a row, the row's own order decides.
        let sqlite = ProjectDependencies(
            resolved: [Self.pin("SQLite.swift", "0.15.3"), Self.pin("GRDB.swift", "7.10.0")],
            declared: nil
        )
        #expect(DatabaseDetector.detect(in: sqlite) == .named("sqlite", version: "7.10.0"))
    }

    @Test("a pin's resolved version beats the requirement's lower bound; a branch pin has no version")
    func resolvedBeatsDeclared() {
        let dependencies = ProjectDependencies(
            resolved: [Self.pin("vapor", "4.122.3")],
            declared: [Self.requirement("vapor", "4.89.0")]
        )
        #expect(FrameworkDetector.detect(in: dependencies) == .named("vapor", version: "4.122.3"))
        let branch = ProjectDependencies(resolved: [Self.pin("vapor", nil)], declared: [Self.requirement("vapor", nil)])
        #expect(FrameworkDetector.detect(in: branch) == .named("vapor", version: nil))
    }

    @Test("a requirement missing from a stale Package.resolved is still found in Package.swift")
    func staleResolvedFile() {
        let dependencies = ProjectDependencies(
            resolved: [Self.pin("swift-log", "1.6.0")],
            declared: [Self.requirement("hummingbird", "2.0.0")]
        )
        #expect(FrameworkDetector.detect(in: dependencies) == .named("hummingbird", version: "2.0.0"))
    }

    @Test("swift-nio counts only when the project declares it, not when another package pulls it in")
    func swiftNIODirectOnly() {
        let transitive = ProjectDependencies(
            resolved: [Self.pin("async-http-client", "1.37.0"), Self.pin("swift-nio", "2.101.3")],
            declared: [Self.requirement("async-http-client", "1.37.0")]
        )
        #expect(FrameworkDetector.detect(in: transitive) == .null)
        let direct = ProjectDependencies(
            resolved: [Self.pin("swift-nio", "2.101.3")],
            declared: [Self.requirement("swift-nio", "2.65.0")]
        )
        #expect(FrameworkDetector.detect(in: direct) == .named("swift-nio", version: "2.101.3"))
        // Without a readable Package.swift there is no telling; the pin counts.
        let resolvedOnly = ProjectDependencies(resolved: [Self.pin("swift-nio", "2.101.3")], declared: nil)
        #expect(FrameworkDetector.detect(in: resolvedOnly) == .named("swift-nio", version: "2.101.3"))
    }

    @Test("no dependencies, no match")
    func nothing() {
        #expect(FrameworkDetector.detect(in: .none) == .null)
        #expect(DatabaseDetector.detect(in: .none) == .null)
        let unrelated = ProjectDependencies(
            resolved: [Self.pin("swift-log", "1.16.2")],
            declared: [Self.requirement("swift-log", "1.6.0")]
        )
        #expect(FrameworkDetector.detect(in: unrelated) == .null)
        #expect(DatabaseDetector.detect(in: unrelated) == .null)
    }

    @Test("the tables hold exactly the documented rows, in order")
    func tableContents() {
        #expect(
            DependencyTable.frameworks.rows.map(\.name) == [
                "vapor", "hummingbird", "swift-nio", "smoke-framework", "kitura",
            ]
        )
        #expect(
            DependencyTable.databases.rows.map(\.name) == [
                "postgresql", "mysql", "sqlite", "mongodb", "fluent", "redis",
            ]
        )
        #expect(DependencyTable.databases.rows.flatMap(\.identities) == Self.databaseRows.map(\.identity))
        #expect(DependencyTable.frameworks.rows.flatMap(\.identities) == Self.frameworkRows.map(\.identity))
    }
}
