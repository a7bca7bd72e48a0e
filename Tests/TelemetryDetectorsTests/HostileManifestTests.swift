//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

@_spi(TelemetryInternals) import TelemetryCore
import TelemetryDetectors
import TelemetryTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 12, finding 1: a FIFO named `Package.swift` or `Package.resolved` in an ancestor
/// directory (`mkfifo /tmp/Package.swift`) froze detection for every tool run below it.
@Suite struct HostileManifestTests {
    @Test(
        "a FIFO named Package.swift or Package.resolved is skipped, never opened for a blocking read",
        arguments: ["Package.swift", "Package.resolved"]
    )
    func fifoManifest(_ name: String) throws {
        let root = TemporaryDirectory()
        #expect(mkfifo(root.file(name), 0o600) == 0)
        #expect(mkdir(root.file("project"), 0o755) == 0)
        let project = root.file("project")
        let found = LockedValue<(String?, String?, ProjectDependencies?)>((nil, nil, nil))
        let finished = finishesOnAThread(within: 5) {
            let directory = PackageManifest.projectDirectory(startingAt: project)
            let name = PackageManifest.packageName(inDirectory: root.path)
            let dependencies = PackageManifest.dependencies(startingAt: project)
            found.withLock { $0 = (directory, name, dependencies) }
        }
        #expect(finished, "detection blocked on the FIFO")
        let (directory, name, dependencies) = found.withLock { $0 }
        #expect(directory == root.path)  // it is where the project would be…
        #expect(name == nil)  // …but nothing is read from it
        #expect(dependencies == ProjectDependencies.none || dependencies?.resolved == nil)
    }
}
