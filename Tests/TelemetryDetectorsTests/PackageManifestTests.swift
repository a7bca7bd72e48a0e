//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import TelemetryTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Package.swift and Package.resolved readers", .timeLimit(.minutes(1)))
struct PackageManifestTests {
    // MARK: Package.resolved

    @Test("format version 1: object.pins with package and repositoryURL")
    func resolvedVersion1() throws {
        let pins = try #require(PackageManifest.resolvedDependencies(fromResolvedFile: Fixtures.resolvedVersion1))
        #expect(pins.count == 6)
        let grdb = try #require(pins.first { $0.matches("GRDB.swift") })
        #expect(grdb.version == "5.26.1")
        #expect(grdb.source == .resolved)
        // The v1 `package` field is the manifest's name, which may differ from the repository.
        #expect(grdb.matches("GRDB"))
        let kitura = try #require(pins.first { $0.matches("kitura") })
        #expect(kitura.version == "2.9.200")
        let branch = try #require(pins.first { $0.matches("swift-log") })
        #expect(branch.version == nil)
    }

    @Test("format version 2: pins with identity and location")
    func resolvedVersion2() throws {
        let pins = try #require(PackageManifest.resolvedDependencies(fromResolvedFile: Fixtures.vaporResolved))
        #expect(pins.count == 35)
        #expect(pins.first { $0.matches("vapor") }?.version == "4.122.3")
        #expect(pins.first { $0.matches("postgres-nio") }?.version == "1.33.2")
        #expect(pins.allSatisfy { $0.version != nil })
    }

    @Test("format version 3: pins with identity, location and an originHash")
    func resolvedVersion3() throws {
        let pins = try #require(PackageManifest.resolvedDependencies(fromResolvedFile: Fixtures.hummingbirdResolved))
        #expect(pins.first { $0.matches("hummingbird") }?.version == "2.28.1")
        #expect(pins.first { $0.matches("sqlite-nio") }?.version == "1.13.2")
    }

    @Test("branch and revision pins have no version; odd pins are skipped, not fatal")
    func oddPins() throws {
        let text = """
            {"pins": [
              {"identity": "vapor", "kind": "remoteSourceControl", "location": "https://github.com/vapor/vapor.git",
               "state": {"branch": "main", "revision": "0123456789abcdef0123456789abcdef01234567"}},
              {"identity": "fluent", "state": {"revision": "abc"}},
              {"identity": 42, "location": ["x"], "state": "nope"},
              "not a pin",
              {"location": "https://example.com/me/GRDB.swift.git", "state": {"version": 7}},
              {"identity": "sneaky", "state": {"version": "1.0.0 user@example.com"}},
              {"identity": "local", "kind": "fileSystem", "location": "/Users/me/local"}
            ], "version": 2}
            """
        let pins = try #require(PackageManifest.resolvedDependencies(fromResolvedFile: text))
        #expect(pins.first { $0.matches("vapor") }?.version == nil)
        #expect(pins.first { $0.matches("fluent") }?.version == nil)
        #expect(pins.first { $0.matches("grdb.swift") }?.version == nil)
        // A version that is not a version never reaches an event.
        #expect(pins.first { $0.matches("sneaky") }?.version == nil)
        #expect(pins.first { $0.matches("local") } != nil)
        #expect(pins.count == 5)
    }

    @Test(
        "corrupt, empty, truncated or foreign JSON is not a Package.resolved",
        arguments: [
            "", "{", "null", "[]", "42", "\"pins\"", #"{"pins": 3}"#, #"{"object": {"pins": {}}}"#, #"{"version": 2}"#,
            String(Fixtures.vaporResolved.prefix(500)), String(repeating: "[", count: 100_000),
            "{\"pins\": [" + String(repeating: "{\"a\":", count: 5000),
        ]
    )
    func corruptResolved(_ text: String) {
        #expect(PackageManifest.resolvedDependencies(fromResolvedFile: text) == nil)
    }

    @Test("bytes that are not UTF-8 do not crash the reader")
    func binaryResolved() {
        var generator = SplitMix64(seed: 7)
        for length in [1, 7, 64, 4096] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(PackageManifest.resolvedDependencies(fromResolvedFile: bytes) == nil)
        }
    }

    // MARK: Package.swift requirements

    @Test("every requirement form gives its lower bound as written")
    func requirementForms() {
        let manifest = """
            // swift-tools-version:5.9
            import PackageDescription

            let package = Package(
                name: "Forms",
                dependencies: [
                    .package(url: "https://github.com/vapor/vapor.git", from: "4.89.0"),
                    .package(url: "https://github.com/vapor/fluent.git", exact: "4.13.0"),
                    .package(url: "https://github.com/vapor/postgres-nio.git", .upToNextMajor(from: "1.21.0")),
                    .package(url: "https://github.com/vapor/mysql-nio.git", .upToNextMinor(from: "1.7.2")),
                    .package(url: "https://github.com/vapor/sqlite-nio.git", "1.0.0"..<"2.0.0"),
                    .package(url: "https://github.com/groue/GRDB.swift.git", "6.0.0"..."6.29.3"),
                    .package(url: "git@github.com:orlandos-nl/MongoKitten.git", .exact("7.9.0")),
                    .package(url: "https://github.com/swift-server/RediStack.git", branch: "main"),
                    .package(url: "https://github.com/hummingbird-project/hummingbird", revision: "3f1c0b2"),
                    .package(name: "Kitura", url: "https://github.com/Kitura/Kitura", .branch("master")),
                    .package(path: "../smoke-framework"),
                    .package(id: "apple.swift-nio", from: "2.65.0"),
                ]
            )
            """
        let dependencies = PackageManifest.declaredDependencies(inManifest: manifest)
        func version(_ identity: String) -> String?? {
            dependencies.first { $0.matches(identity) }.map(\.version)
        }
        #expect(dependencies.count == 12)
        #expect(dependencies.allSatisfy { $0.source == .manifest })
        #expect(version("vapor") == "4.89.0")
        #expect(version("fluent") == "4.13.0")
        #expect(version("postgres-nio") == "1.21.0")
        #expect(version("mysql-nio") == "1.7.2")
        #expect(version("sqlite-nio") == "1.0.0")
        #expect(version("GRDB.swift") == "6.0.0")
        #expect(version("mongokitten") == "7.9.0")
        #expect(version("redistack") == .some(nil))
        #expect(version("hummingbird") == .some(nil))
        #expect(version("kitura") == .some(nil))
        #expect(version("smoke-framework") == .some(nil))
        #expect(version("swift-nio") == "2.65.0")
    }

    @Test("comments, string look-alikes and interpolations are not dependencies")
    func scannerTraps() {
        let manifest = #"""
            // .package(url: "https://github.com/vapor/vapor.git", from: "1.0.0"),
            /* .package(url: "https://github.com/vapor/fluent.git", from: "1.0.0"),
               /* nested */ .package(url: "https://github.com/vapor/redis.git", from: "1.0.0") */
            let note = ".package(url: \"https://github.com/vapor/mysql-nio.git\", from: \"1.0.0\")"
            let raw = #".package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.0.0")"#
            let multi = """
                .package(url: "https://github.com/Kitura/Kitura.git", from: "2.0.0")
                """
            let version = "4.0.0"
            let package = Package(
                name: "Traps",
                dependencies: [
                    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "\(version)"),
                    .package(url: "https://github.com/vapor/postgres-nio.git", from: version),
                ]
            )
            """#
        let dependencies = PackageManifest.declaredDependencies(inManifest: manifest)
        #expect(dependencies.count == 2)
        #expect(dependencies.first { $0.matches("hummingbird") }?.version == nil)
        #expect(dependencies.first { $0.matches("postgres-nio") }?.version == nil)
        #expect(PackageManifest.packageName(inManifest: manifest) == "Traps")
    }

    @Test("packageName reads name: of Package(, not of a target or a dependency")
    func packageName() {
        #expect(PackageManifest.packageName(inManifest: Fixtures.vaporManifest) == "TodoBackend")
        let reordered = """
            let package = Package(
                platforms: [.macOS(.v13)],
                products: [.library(name: "NotThis", targets: ["NotThis"])],
                dependencies: [.package(name: "NorThis", url: "https://github.com/a/b.git", from: "1.0.0")],
                targets: [.target(name: "NotThis")],
                name: "late-name"
            )
            """
        #expect(PackageManifest.packageName(inManifest: reordered) == "late-name")
        #expect(PackageManifest.packageName(inManifest: "let package = Package(name: packageName)") == nil)
        #expect(PackageManifest.packageName(inManifest: "let x = 1") == nil)
        #expect(PackageManifest.packageName(inManifest: "") == nil)
        #expect(
            PackageManifest.packageName(inManifest: ##"let package = Package(name: #"raw "quoted" name"#)"##)
                == #"raw "quoted" name"#
        )
    }

    @Test("repository names drop .git, slashes, queries, and work for SSH and registry forms")
    func repositoryNames() {
        #expect(ProjectDependency.repositoryName(of: "https://github.com/vapor/vapor.git") == "vapor")
        #expect(ProjectDependency.repositoryName(of: "https://github.com/vapor/vapor/") == "vapor")
        #expect(ProjectDependency.repositoryName(of: "git@github.com:groue/GRDB.swift.git") == "GRDB.swift")
        #expect(ProjectDependency.repositoryName(of: "https://gitlab.com/x/RediStack.GIT?ref=1#frag") == "RediStack")
        #expect(ProjectDependency.repositoryName(of: "../local") == "local")
        #expect(ProjectDependency.repositoryName(of: "") == nil)
        #expect(ProjectDependency.repositoryName(of: "/") == nil)
    }

    @Test("unterminated, truncated and random manifests never crash", arguments: 0..<64)
    func randomManifests(_ seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let pieces = [
            ".package(", "url:", "\"", "\"\"\"", "#\"", "\\(", ")", "(", "/*", "*/", "//", "\n", "from:", "Package(",
            "name:", ",", "\"4.0.0\"", "..<", "branch:", "é", "\\", "#", "[", "]",
        ]
        var text = ""
        for _ in 0..<Int(generator.next() % 400) {
            text += pieces[Int(generator.next() % UInt64(pieces.count))]
        }
        let bytes =
            Array(text.utf8) + (0..<Int(generator.next() % 16)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        _ = PackageManifest.declaredDependencies(inManifest: bytes)
        _ = PackageManifest.packageName(inManifest: bytes)
        // Every prefix of a real manifest is handled too.
        let real = Array(Fixtures.vaporManifest.utf8)
        let cut = Int(generator.next() % UInt64(real.count))
        _ = PackageManifest.declaredDependencies(inManifest: Array(real[..<cut]))
        _ = PackageManifest.packageName(inManifest: Array(real[..<cut]))
    }

    @Test("a pathological manifest is scanned in linear time")
    func pathologicalManifest() {
        func scan(_ count: Int) -> Duration {
            let nested = String(repeating: ".package(", count: count) + String(repeating: ")", count: count)
            let quotes = String(repeating: "\"\\(", count: count)
            let name = String(repeating: "Package(", count: count)
            return Self.threadCPUTime {
                _ = PackageManifest.declaredDependencies(inManifest: nested)
                _ = PackageManifest.declaredDependencies(inManifest: quotes)
                _ = PackageManifest.packageName(inManifest: name)
            }
        }
        // CPU time of this thread, not wall time: the scan never suspends, and wall time in a
        // parallel run on 2 cores (5.5 s under ThreadSanitizer) is mostly waiting for a core.
        // Four times the input must cost about four times the CPU; quadratic would be 16×.
        let small = scan(25_000)
        let large = scan(100_000)
        #expect(large < small * 10, "25 000 repetitions: \(small); 100 000: \(large)")
        // And in absolute terms: about 0.3 s in a debug build, 1 s under ThreadSanitizer.
        #expect(large < .seconds(10))
    }

    /// The CPU time this thread spends in `body`.
    static func threadCPUTime(_ body: () -> Void) -> Duration {
        func now() -> Duration {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }
        let start = now()
        body()
        return now() - start
    }

    // MARK: Finding the project

    @Test("the project is found from a nested working directory, upward")
    func nestedWorkingDirectory() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.vaporManifest, to: "Package.swift")
            try project.write(Fixtures.vaporResolved, to: "Package.resolved")
            let nested = try project.directory("Sources/App/Controllers")
            #expect(PackageManifest.projectDirectory(startingAt: nested) == project.path)
            let dependencies = PackageManifest.dependencies(startingAt: nested)
            #expect(dependencies.resolved?.count == 35)
            #expect(dependencies.declared?.count == 3)
        }
    }

    @Test("the nearest project wins over an enclosing one")
    func nearestProject() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.vaporManifest, to: "Package.swift")
            try project.write(Fixtures.hummingbirdManifest, to: "Benchmarks/Package.swift")
            let dependencies = PackageManifest.dependencies(startingAt: project.path + "/Benchmarks")
            #expect(FrameworkDetector.detect(in: dependencies) == .named("hummingbird", version: "2.0.0"))
        }
    }

    @Test("no manifest anywhere up the tree gives no dependencies")
    func noManifest() async throws {
        try await withTemporaryProject { project in
            let empty = try project.directory("a/b")
            // The temporary directory lives in /tmp, which holds no Package.swift.
            #expect(PackageManifest.projectDirectory(startingAt: empty) == nil)
            #expect(PackageManifest.dependencies(startingAt: empty) == .none)
            #expect(PackageManifest.dependencies(startingAt: project.path + "/missing/dir") == .none)
            #expect(PackageManifest.packageName(inDirectory: empty) == nil)
        }
    }

    @Test("a huge, unreadable or non-file manifest reads as absent")
    func hugeAndUnreadable() async throws {
        try await withTemporaryProject { project in
            let huge = "{\"pins\": [" + String(repeating: " ", count: PackageManifest.maximumResolvedFileSize) + "]}"
            try project.write(huge, to: "Package.resolved")
            try project.write(
                "// " + String(repeating: "x", count: PackageManifest.maximumManifestSize) + "\n"
                    + Fixtures.vaporManifest,
                to: "Package.swift"
            )
            let dependencies = PackageManifest.dependencies(startingAt: project.path)
            #expect(dependencies.resolved == nil)
            #expect(dependencies.declared == nil)
            #expect(PackageManifest.packageName(inDirectory: project.path) == nil)
        }
        try await withTemporaryProject { project in
            // A directory where the file should be: found by the search, unreadable as a file.
            try project.directory("Package.resolved")
            try project.directory("Package.swift")
            #expect(PackageManifest.projectDirectory(startingAt: project.path) == project.path)
            #expect(PackageManifest.dependencies(startingAt: project.path) == .none)
            #expect(PackageManifest.packageName(inDirectory: project.path) == nil)
        }
    }

    @Test("a corrupt Package.resolved falls back to Package.swift's lower bounds")
    func corruptResolvedFallsBack() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.vaporManifest, to: "Package.swift")
            try project.write("{ this is not json", to: "Package.resolved")
            let dependencies = PackageManifest.dependencies(startingAt: project.path)
            #expect(dependencies.resolved == nil)
            #expect(FrameworkDetector.detect(in: dependencies) == .named("vapor", version: "4.99.0"))
            #expect(DatabaseDetector.detect(in: dependencies) == .named("fluent", version: "4.9.0"))
        }
    }
}
