//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import Testing

@Suite("Projects modelled on real ones", .timeLimit(.minutes(1)))
struct FixtureProjectTests {
    @Test("Vapor + Fluent + PostgreSQL: vapor 4.122.3 and postgresql 1.33.2 (postgres-nio via fluent-postgres-driver)")
    func vaporFluentPostgres() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.vaporManifest, to: "Package.swift")
            try project.write(Fixtures.vaporResolved, to: "Package.resolved")
            try project.write("import Vapor\n", to: "Sources/App/configure.swift")
            let detected = await DetectedEnvironment.detect(project.inputs(in: "Sources/App"))
            #expect(detected.framework == .named("vapor", version: "4.122.3"))
            #expect(detected.database == .named("postgresql", version: "1.33.2"))
            #expect(detected.packageManager == .named("swiftpm", version: "6.3.1"))
            #expect(PackageManifest.packageName(inDirectory: project.path) == "TodoBackend")
        }
    }

    @Test("Hummingbird + SQLite (format 3): hummingbird 2.28.1 and sqlite 1.13.2; swift-nio is only transitive")
    func hummingbirdSQLite() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.hummingbirdManifest, to: "Package.swift")
            try project.write(Fixtures.hummingbirdResolved, to: "Package.resolved")
            let detected = await DetectedEnvironment.detect(project.inputs())
            #expect(detected.framework == .named("hummingbird", version: "2.28.1"))
            #expect(detected.database == .named("sqlite", version: "1.13.2"))
            #expect(PackageManifest.packageName(inDirectory: project.path) == "hb-notes")
        }
    }

    @Test("Kitura + GRDB (format 1): kitura 2.9.200 and sqlite 5.26.1")
    func kituraVersion1() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.resolvedVersion1, to: "Package.resolved")
            let detected = await DetectedEnvironment.detect(project.inputs())
            #expect(detected.framework == .named("kitura", version: "2.9.200"))
            #expect(detected.database == .named("sqlite", version: "5.26.1"))
        }
    }

    @Test("a Package.swift-only project reports the requirements' lower bounds")
    func manifestOnly() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.hummingbirdManifest, to: "Package.swift")
            let detected = await DetectedEnvironment.detect(project.inputs())
            #expect(detected.framework == .named("hummingbird", version: "2.0.0"))
            #expect(detected.database == .named("sqlite", version: "1.10.0"))
        }
    }

    @Test("R-D5/R-D7/R-D8 in SwiftPM terms: a requirement with extra arguments gives its version")
    func requirementWithTraits() async throws {
        try await withTemporaryProject { project in
            try project.write(
                """
                // swift-tools-version:6.1
                import PackageDescription
                let package = Package(
                    name: "api",
                    dependencies: [
                        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0", traits: [.defaults]),
                        .package(
                            url: "https://github.com/vapor/vapor.git",
                            "4.89.0"..<"5.0.0"
                        ),
                    ]
                )
                """,
                to: "Package.swift"
            )
            #expect(DatabaseDetector.detect(project.inputs()) == .named("postgresql", version: "1.21.0"))
            #expect(FrameworkDetector.detect(project.inputs()) == .named("vapor", version: "4.89.0"))
        }
    }

    @Test("R-D9: a project with no known framework or database gives null")
    func noKnownFramework() async throws {
        try await withTemporaryProject { project in
            try project.write(
                """
                // swift-tools-version:6.0
                import PackageDescription
                let package = Package(
                    name: "tool",
                    dependencies: [.package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0")]
                )
                """,
                to: "Package.swift"
            )
            #expect(FrameworkDetector.detect(project.inputs()) == .null)
            #expect(DatabaseDetector.detect(project.inputs()) == .null)
        }
    }

    @Test("an empty directory: no framework, no database, no package manager, no crash")
    func emptyDirectory() async throws {
        try await withTemporaryProject { project in
            let detected = await DetectedEnvironment.detect(project.inputs())
            #expect(detected.framework == .null)
            #expect(detected.database == .null)
            #expect(detected.packageManager == .null)
            let missing = await DetectedEnvironment.detect(project.inputs(in: "does/not/exist"))
            #expect(missing.framework == .null)
        }
    }

    @Test("this package itself: found from a nested source directory, its name, requirements and no database")
    func thisPackage() async throws {
        // Tests/TelemetryDetectorsTests/FixtureProjectTests.swift → the package root.
        let root = FileProbe.ancestor(of: #filePath, levels: 3)
        let nested = root + "/Sources/TelemetryDetectors/Manifest"
        #expect(PackageManifest.projectDirectory(startingAt: nested) == root)
        #expect(PackageManifest.packageName(inDirectory: root) == "swift-telemetry")
        let dependencies = PackageManifest.dependencies(startingAt: nested)
        let declared = try #require(dependencies.declared)
        #expect(declared.contains { $0.matches("swift-crypto") && $0.version == "3.0.0" })
        #expect(declared.contains { $0.matches("async-http-client") && $0.version == "1.37.0" })
        #expect(DatabaseDetector.detect(in: dependencies) == .null)
    }
}
