//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import Testing

/// CI and test-run detection, through injected environments and executable paths.
@Suite struct RuntimeEnvironmentTests {
    @Test(arguments: RuntimeEnvironment.ciVariables)
    func eachCIVariableCountsEvenEmpty(_ name: String) {
        #expect(RuntimeEnvironment.isCI(environment: [name: "1"]))
        #expect(RuntimeEnvironment.isCI(environment: [name: ""]))
    }

    @Test func ciFalseExactlyMeansNotCI() {
        #expect(!RuntimeEnvironment.isCI(environment: ["CI": "false"]))
        #expect(!RuntimeEnvironment.isCI(environment: ["CI": "false", "BUILD_ID": "7"]))
        // As upstream: only the exact string "false" turns it off.
        #expect(RuntimeEnvironment.isCI(environment: ["CI": "FALSE"]))
        #expect(RuntimeEnvironment.isCI(environment: ["CI": "0"]))
        #expect(!RuntimeEnvironment.isCI(environment: [:]))
        #expect(!RuntimeEnvironment.isCI(environment: ["GITHUB_ACTIONS": "true", "HOME": "/root"]))
    }

    @Test(arguments: [
        "/repo/.build/x86_64-unknown-linux-gnu/debug/swift-telemetryPackageTests.xctest",
        "/Applications/Xcode.app/Contents/Developer/usr/bin/xctest",
        "/Applications/Xcode.app/Contents/Developer/usr/bin/swiftpm-testing-helper",
        "/repo/.build/debug/FooPackageTests.xctest/Contents/MacOS/FooPackageTests",
    ])
    func swiftTestIsDetectedFromTheExecutable(_ path: String) {
        #expect(RuntimeEnvironment.isTestRun(environment: [:], executablePath: path))
    }

    @Test(arguments: [
        "/usr/local/bin/my-cli", "my-cli", "/srv/app/Run", "/tmp/xctest-results/tool", "/usr/bin/testing",
    ])
    func ordinaryExecutablesAreNotTests(_ path: String) {
        #expect(!RuntimeEnvironment.isTestRun(environment: [:], executablePath: path))
    }

    @Test func theEnvironmentMarksTestRuns() {
        let path = "/usr/local/bin/my-cli"
        #expect(RuntimeEnvironment.isTestRun(environment: ["SWIFT_ENV": "test"], executablePath: path))
        #expect(RuntimeEnvironment.isTestRun(environment: ["SWIFT_ENV": "TEST"], executablePath: path))
        #expect(!RuntimeEnvironment.isTestRun(environment: ["SWIFT_ENV": "production"], executablePath: path))
        #expect(RuntimeEnvironment.isTestRun(environment: ["TEST": "yes"], executablePath: path))
        #expect(!RuntimeEnvironment.isTestRun(environment: ["TEST": "false"], executablePath: path))
        #expect(!RuntimeEnvironment.isTestRun(environment: ["TEST": "bogus"], executablePath: path))
        #expect(
            RuntimeEnvironment.isTestRun(environment: ["XCTestConfigurationFilePath": "/tmp/x"], executablePath: path)
        )
        #expect(!RuntimeEnvironment.isTestRun(environment: [:], executablePath: nil))
    }

    @Test func thisProcessIsDetectedAsATestRun() {
        // The real executable path of this very test process, without any configuration.
        #expect(RuntimeEnvironment.isTestRun(environment: [:]))
    }

    @Test("the CI vendor: named by its variable, `ci` for an unknown one, none when CI=false says it is not CI")
    func continuousIntegrationVendor() {
        #expect(
            RuntimeEnvironment.continuousIntegrationVendor(environment: ["GITHUB_ACTIONS": "true"]) == "github-actions"
        )
        #expect(RuntimeEnvironment.continuousIntegrationVendor(environment: ["CI": "1"]) == "ci")
        #expect(RuntimeEnvironment.continuousIntegrationVendor(environment: ["GITHUB_ACTIONS": ""]) == nil)
        #expect(RuntimeEnvironment.continuousIntegrationVendor(environment: [:]) == nil)
        // A vendor variable left in a developer's shell, with CI=false: not a CI run, so the
        // machine keeps its own id instead of the vendor's shared one.
        #expect(
            RuntimeEnvironment.continuousIntegrationVendor(environment: ["CI": "false", "GITLAB_CI": "true"]) == nil
        )
    }

    @Test("the process environment, read from environ, is what Foundation reads")
    func processEnvironmentMatchesFoundation() {
        #expect(RuntimeEnvironment.processEnvironment == ProcessInfo.processInfo.environment)
        #expect(RuntimeEnvironment.processEnvironment["PATH"] != nil)
    }
}
