//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// @preconcurrency: `__environ` is a mutable C global, which strict concurrency checking refuses
// to read. The overlay's own `environ` would be accepted, but it unwraps the pointer, so reading
// it traps once the host has called `clearenv()`.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the running process that decide whether telemetry may run: CI, test runs.
///
/// Every function reads an injected environment dictionary, so that tests never mutate the
/// process environment.
public enum RuntimeEnvironment {
    /// The process environment: the default of every `environment:` parameter in the package.
    ///
    /// Read when called; tests pass their own dictionary instead of changing this one.
    ///
    /// Read straight from `environ`: `ProcessInfo` costs a process that records nothing a
    /// measurable part of its start-up (`Benchmarks/RESULTS.md`). A variable that is not valid
    /// UTF-8, or has no `=`, is skipped; the first of two with the same name wins, as `getenv`.
    public static var processEnvironment: [String: String] {
        #if canImport(Darwin)
        guard var entry = _NSGetEnviron()?.pointee else { return [:] }
        #else
        // Null after `clearenv()`: an empty environment.
        guard var entry = __environ else { return [:] }
        #endif
        // Sized once: growing the dictionary variable by variable rehashed it four times for an
        // ordinary shell's environment, most of what reading it cost. Through the initializer,
        // which is inlined, not `reserveCapacity`, which is not: calling it made the runtime
        // build `Dictionary<String, String>`'s metadata from its mangled name and search every
        // conformance record for `String: Hashable` (0.25 M instructions at start-up, 0.37 M in
        // a static binary).
        var count = 0
        while entry[count] != nil { count += 1 }
        var variables = [String: String](minimumCapacity: count)
        while let pointer = entry.pointee {
            let length = strlen(pointer)
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                count: length
            )
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")),
                let name = String(validating: bytes[..<equals], as: UTF8.self),
                let value = String(validating: bytes[(equals + 1)...], as: UTF8.self),
                variables[name] == nil
            {
                variables[name] = value
            }
            entry += 1
        }
        return variables
    }

    /// The variables whose mere presence (even empty) means CI, exactly as Better Auth and
    /// rustauth check them.
    public static let ciVariables = [
        "BUILD_ID", "BUILD_NUMBER", "CI", "CI_APP_ID", "CI_BUILD_ID", "CI_BUILD_NUMBER", "CI_NAME",
        "CONTINUOUS_INTEGRATION", "RUN_ID",
    ]

    /// Whether the process runs under CI: `false` when `CI` is exactly `"false"`; otherwise `true`
    /// when any of ``ciVariables`` is present, even with an empty value.
    public static func isCI(environment: [String: String]) -> Bool {
        if environment["CI"] == "false" { return false }
        return ciVariables.contains { environment[$0] != nil }
    }

    /// Whether the process is a test run: `SWIFT_ENV=test`, a truthy `TEST`, or a process
    /// started by `swift test` (XCTest or Swift Testing) on Linux or macOS.
    ///
    /// - Parameters:
    ///   - environment: The environment to read.
    ///   - executablePath: The path of the running executable; the real one by default.
    public static func isTestRun(
        environment: [String: String],
        executablePath: String? = CommandLine.arguments.first
    ) -> Bool {
        if environment["SWIFT_ENV"]?.trimmingWhitespace().lowercased() == "test" { return true }
        if EnvironmentBoolean("TEST", in: environment).isTrue { return true }
        if environment["XCTestConfigurationFilePath"] != nil || environment["XCTestBundlePath"] != nil
            || environment["XCTestSessionIdentifier"] != nil
        {
            return true
        }
        guard let executablePath else { return false }
        // `swift test` runs `<package>PackageTests.xctest` on Linux, and `xctest` or
        // `swiftpm-testing-helper` (loading a `.xctest` bundle) on macOS, for XCTest and
        // Swift Testing alike.
        // Path components, not `String.contains(_:)`: that one lives in _StringProcessing,
        // whose first call instantiates generic types by name (≈ 450 000 instructions, a
        // measurable part of a disabled tool's start-up; Benchmarks/RESULTS.md).
        let components = executablePath.split(separator: "/")
        guard let name = components.last else { return false }
        return name == "xctest" || name == "swiftpm-testing-helper"
            || components.contains { $0.hasSuffix(".xctest") }
    }

    /// The CI vendor variables, checked in order: the first one present names the vendor.
    static let continuousIntegrationVendors: [(variable: String, vendor: String)] = [
        ("GITHUB_ACTIONS", "github-actions"), ("GITLAB_CI", "gitlab"), ("CIRCLECI", "circleci"),
        ("BUILDKITE", "buildkite"), ("TRAVIS", "travis"), ("JENKINS_URL", "jenkins"), ("TF_BUILD", "azure-pipelines"),
        ("BITBUCKET_BUILD_NUMBER", "bitbucket"), ("CODEBUILD_BUILD_ID", "aws-codebuild"),
        ("TEAMCITY_VERSION", "teamcity"),
        ("DRONE", "drone"), ("APPVEYOR", "appveyor"), ("SEMAPHORE", "semaphore"), ("CIRRUS_CI", "cirrus"),
        ("BITRISE_IO", "bitrise"), ("XCS", "xcode-cloud"), ("CI_XCODE_CLOUD", "xcode-cloud"),
    ]

    /// The CI vendor the process runs on (`github-actions`, `gitlab`, …, or `ci` for one this
    /// library does not know), or `nil` when it is not a CI run (see ``isCI(environment:)``).
    ///
    /// Telemetry enabled in CI reports one fixed machine id per vendor: every ephemeral CI
    /// machine would otherwise count as a new machine on every run.
    public static func continuousIntegrationVendor(environment: [String: String]) -> String? {
        // `CI=false` says it is not a CI run, whatever else is set (a vendor variable left over
        // in a developer's shell).
        guard environment["CI"] != "false" else { return nil }
        for (variable, vendor) in continuousIntegrationVendors where environment[variable].map({ !$0.isEmpty }) ?? false
        {
            return vendor
        }
        return isCI(environment: environment) ? "ci" : nil
    }
}
