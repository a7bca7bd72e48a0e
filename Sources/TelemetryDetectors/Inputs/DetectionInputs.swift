//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything a detector reads, gathered in one value so that every detector can be run
/// against a fake machine.
///
/// Creating inputs is cheap: ``host(environment:workingDirectory:)`` copies the environment,
/// reads the working directory and asks whether standard output is a terminal, nothing more.
/// The files a detector needs (`Package.resolved`, `/proc/cpuinfo`, …) are read only when the
/// detector runs.
///
/// ```swift
/// var inputs = DetectionInputs.host()
/// inputs.workingDirectory = "/srv/my-app"
/// let detected = await DetectedEnvironment.detect(inputs)
/// ```
public struct DetectionInputs: Sendable {
    /// The environment variables the detectors read (CI, deployment vendor, `SWIFT_ENV`, …).
    public var environment: [String: String]

    /// The directory from which the project's `Package.swift` / `Package.resolved` is searched,
    /// upward.
    public var workingDirectory: String

    /// The operating system facts: CPU, memory, kernel release, container and WSL probes.
    public var system: any SystemInformationProvider

    /// Whether standard output is a terminal; `nil` when the process has no standard output.
    public var standardOutputIsTerminal: Bool?

    /// The path of the running executable, used to recognise a `swift test` run; `nil` if
    /// unknown.
    public var executablePath: String?

    /// The version of the Swift compiler that built the library, e.g. `"6.3.1"`; `nil` if
    /// unknown.
    public var compilerVersion: String?

    /// Whether the library was built by the Swift Package Manager.
    public var isSwiftPackageBuild: Bool

    /// Creates inputs from explicit values; every detector reads only these.
    ///
    /// - Parameters:
    ///   - environment: The environment variables.
    ///   - workingDirectory: The directory the project search starts from.
    ///   - system: The operating system facts.
    ///   - standardOutputIsTerminal: Whether standard output is a terminal (`nil`: no stdout).
    ///   - executablePath: The running executable's path, or `nil`.
    ///   - compilerVersion: The compiler version to report; the real one by default.
    ///   - isSwiftPackageBuild: Whether the host was built by SwiftPM; the real answer by default.
    public init(
        environment: [String: String],
        workingDirectory: String,
        system: any SystemInformationProvider,
        standardOutputIsTerminal: Bool?,
        executablePath: String? = nil,
        compilerVersion: String? = CompilerVersion.current,
        isSwiftPackageBuild: Bool = CompilerVersion.isSwiftPackageBuild
    ) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.system = system
        self.standardOutputIsTerminal = standardOutputIsTerminal
        self.executablePath = executablePath
        self.compilerVersion = compilerVersion
        self.isSwiftPackageBuild = isSwiftPackageBuild
    }

    /// The inputs of the running process: its environment, its working directory, the real
    /// machine (``HostSystemInformation``) and its standard output.
    ///
    /// - Parameters:
    ///   - environment: The environment variables.
    ///   - workingDirectory: The directory the project search starts from; the process's
    ///     current directory by default (`"."` if it cannot be read).
    public static func host(environment: [String: String], workingDirectory: String? = nil) -> DetectionInputs {
        DetectionInputs(
            environment: environment,
            workingDirectory: workingDirectory ?? FileSystem.currentDirectory() ?? ".",
            system: HostSystemInformation(),
            standardOutputIsTerminal: Self.standardOutputIsTerminal(),
            executablePath: CommandLine.arguments.first
        )
    }

    /// The inputs of the running process, with the process environment: see
    /// ``host(environment:workingDirectory:)``.
    ///
    /// - Parameter workingDirectory: The directory the project search starts from; the
    ///   process's current directory by default.
    public static func host(workingDirectory: String? = nil) -> DetectionInputs {
        host(environment: RuntimeEnvironment.processEnvironment, workingDirectory: workingDirectory)
    }

    /// `true` on a terminal, `false` for a pipe or file, `nil` when descriptor 1 is closed.
    static func standardOutputIsTerminal() -> Bool? {
        if isatty(STDOUT_FILENO) == 1 { return true }
        return fcntl(STDOUT_FILENO, F_GETFD) == -1 ? nil : false
    }
}
