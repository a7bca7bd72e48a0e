//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import Testing

@Suite("Environment", .timeLimit(.minutes(1)))
struct EnvironmentDetectorTests {
    private func inputs(
        _ environment: [String: String],
        executablePath: String? = "/usr/local/bin/my-server"
    ) -> DetectionInputs {
        DetectionInputs(
            environment: environment,
            workingDirectory: "/nonexistent",
            system: FixedSystemInformation(),
            standardOutputIsTerminal: false,
            executablePath: executablePath
        )
    }

    static let ciVariables = [
        "BUILD_ID", "BUILD_NUMBER", "CI", "CI_APP_ID", "CI_BUILD_ID", "CI_BUILD_NUMBER", "CI_NAME",
        "CONTINUOUS_INTEGRATION", "RUN_ID",
    ]

    @Test("each CI variable means ci when present, even empty", arguments: ciVariables)
    func ciVariable(_ name: String) {
        #expect(EnvironmentDetector.detect(inputs([name: "true"])) == "ci")
        #expect(EnvironmentDetector.detect(inputs([name: ""])) == "ci")
        #expect(SystemInfoDetector.detect(inputs([name: ""]))["isCI"] == true)
    }

    @Test("CI=false exactly is not CI; CI=FALSE and CI=0 are")
    func ciFalse() {
        #expect(EnvironmentDetector.detect(inputs(["CI": "false"])) == "development")
        #expect(SystemInfoDetector.detect(inputs(["CI": "false"]))["isCI"] == false)
        #expect(EnvironmentDetector.detect(inputs(["CI": "FALSE"])) == "ci")
        #expect(EnvironmentDetector.detect(inputs(["CI": "0"])) == "ci")
        // CI=false wins over every other CI variable, as upstream.
        #expect(EnvironmentDetector.detect(inputs(["CI": "false", "BUILD_ID": "7"])) == "development")
    }

    @Test("production beats ci beats test beats development")
    func precedence() {
        let all = ["SWIFT_ENV": "production", "CI": "1", "TEST": "1"]
        #expect(EnvironmentDetector.detect(inputs(all)) == "production")
        #expect(EnvironmentDetector.detect(inputs(["CI": "1", "TEST": "1"])) == "ci")
        #expect(EnvironmentDetector.detect(inputs(["CI": "1", "SWIFT_ENV": "test"])) == "ci")
        #expect(EnvironmentDetector.detect(inputs(["TEST": "1"])) == "test")
        #expect(EnvironmentDetector.detect(inputs([:])) == "development")
    }

    @Test("SWIFT_ENV=production, trimmed and in any case; other values are not production")
    func production() {
        #expect(EnvironmentDetector.detect(inputs(["SWIFT_ENV": "production"])) == "production")
        #expect(EnvironmentDetector.detect(inputs(["SWIFT_ENV": " Production\n"])) == "production")
        #expect(EnvironmentDetector.detect(inputs(["SWIFT_ENV": "prod"])) == "development")
        #expect(EnvironmentDetector.detect(inputs(["SWIFT_ENV": ""])) == "development")
        // Node's variable is not ours.
        #expect(EnvironmentDetector.detect(inputs(["NODE_ENV": "production"])) == "development")
    }

    @Test("a test run: SWIFT_ENV=test, a truthy TEST, or a swift test process")
    func testRun() {
        #expect(EnvironmentDetector.detect(inputs(["SWIFT_ENV": "test"])) == "test")
        #expect(EnvironmentDetector.detect(inputs(["TEST": "true"])) == "test")
        #expect(EnvironmentDetector.detect(inputs(["TEST": "false"])) == "development")
        #expect(
            EnvironmentDetector.detect(
                inputs([:], executablePath: "/w/.build/debug/swift-telemetryPackageTests.xctest")
            ) == "test"
        )
        #expect(EnvironmentDetector.name(inputs([:], executablePath: nil)) == "development")
    }
}
