//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import Testing

@Suite("Runtime", .timeLimit(.minutes(1)))
struct RuntimeDetectorTests {
    @Test("swift and the compiler version the library was built with")
    func runtime() throws {
        let version = try #require(CompilerVersion.current)
        #if compiler(>=6.3.1) && !compiler(>=6.3.2)
        #expect(version == "6.3.1")
        #endif
        #if compiler(>=6.0)
        #expect(version.hasPrefix("6.") || version == "7")
        #endif
        let inputs = DetectionInputs.host(environment: [:])
        #expect(RuntimeDetector.detect(inputs) == .named("swift", version: version))
    }

    @Test("an unknown compiler version is null, the name stays")
    func unknownVersion() {
        var inputs = DetectionInputs.host(environment: [:])
        inputs.compilerVersion = nil
        #expect(RuntimeDetector.detect(inputs) == .named("swift", version: nil))
    }

    @Test("the library knows it was built by SwiftPM")
    func swiftPackageBuild() {
        #expect(CompilerVersion.isSwiftPackageBuild)
    }
}
