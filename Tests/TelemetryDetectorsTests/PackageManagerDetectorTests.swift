//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import Testing

@Suite("Package manager", .timeLimit(.minutes(1)))
struct PackageManagerDetectorTests {
    @Test("swiftpm with the toolchain version when the project has a Package.swift (R-D10 in SwiftPM terms)")
    func manifestPresent() async throws {
        try await withTemporaryProject { project in
            try project.write(Fixtures.hummingbirdManifest, to: "Package.swift")
            #expect(PackageManagerDetector.detect(project.inputs()) == .named("swiftpm", version: "6.3.1"))
            // From a nested directory too.
            try project.directory("Sources/App")
            #expect(
                PackageManagerDetector.detect(project.inputs(in: "Sources/App")) == .named("swiftpm", version: "6.3.1")
            )
        }
    }

    @Test("swiftpm when the host was built by SwiftPM, even run from elsewhere (R-D12)")
    func builtBySwiftPM() async throws {
        try await withTemporaryProject { project in
            #expect(
                PackageManagerDetector.detect(project.inputs(isSwiftPackageBuild: true))
                    == .named("swiftpm", version: "6.3.1")
            )
        }
    }

    @Test("an unknown toolchain version is null (R-D11)")
    func unknownVersion() async throws {
        try await withTemporaryProject { project in
            var inputs = project.inputs(isSwiftPackageBuild: true)
            inputs.compilerVersion = nil
            #expect(PackageManagerDetector.detect(inputs) == .named("swiftpm", version: nil))
        }
    }

    @Test("null with neither a manifest nor a SwiftPM build")
    func none() async throws {
        try await withTemporaryProject { project in
            #expect(PackageManagerDetector.detect(project.inputs()) == .null)
        }
    }
}
