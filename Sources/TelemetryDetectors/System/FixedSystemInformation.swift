//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A ``SystemInformationProvider`` that answers with the values it holds.
///
/// Use it in tests, or to report a fixed machine description. Every value defaults to
/// unknown (`nil`) and every file probe to "absent".
///
/// ```swift
/// let system = FixedSystemInformation(platform: "linux", architecture: "x64", cpuCount: 8)
/// ```
public struct FixedSystemInformation: SystemInformationProvider, Hashable {
    /// The platform in Node.js's vocabulary (`linux`, `darwin`, …).
    public var platform: String?
    /// The architecture in Node.js's vocabulary (`x64`, `arm64`, …).
    public var architecture: String?
    /// The kernel release.
    public var release: String?
    /// The number of online logical processors.
    public var cpuCount: Int?
    /// The first processor's model name.
    public var cpuModel: String?
    /// The first processor's clock speed, in MHz.
    public var cpuSpeed: Int?
    /// The total physical memory, in bytes.
    public var memory: Int?
    /// Whether `/.dockerenv` exists.
    public var hasDockerEnvironmentFile: Bool
    /// Whether `/run/.containerenv` exists.
    public var hasContainerEnvironmentFile: Bool
    /// The text of `/proc/self/cgroup`.
    public var controlGroups: String?
    /// The text of `/proc/version`.
    public var kernelVersion: String?

    /// Creates a description of a machine; anything not given is unknown or absent.
    public init(
        platform: String? = nil,
        architecture: String? = nil,
        release: String? = nil,
        cpuCount: Int? = nil,
        cpuModel: String? = nil,
        cpuSpeed: Int? = nil,
        memory: Int? = nil,
        hasDockerEnvironmentFile: Bool = false,
        hasContainerEnvironmentFile: Bool = false,
        controlGroups: String? = nil,
        kernelVersion: String? = nil
    ) {
        self.platform = platform
        self.architecture = architecture
        self.release = release
        self.cpuCount = cpuCount
        self.cpuModel = cpuModel
        self.cpuSpeed = cpuSpeed
        self.memory = memory
        self.hasDockerEnvironmentFile = hasDockerEnvironmentFile
        self.hasContainerEnvironmentFile = hasContainerEnvironmentFile
        self.controlGroups = controlGroups
        self.kernelVersion = kernelVersion
    }

    /// A snapshot of `provider`: every value read once.
    public init(snapshotOf provider: any SystemInformationProvider) {
        self.init(
            platform: provider.platform,
            architecture: provider.architecture,
            release: provider.release,
            cpuCount: provider.cpuCount,
            cpuModel: provider.cpuModel,
            cpuSpeed: provider.cpuSpeed,
            memory: provider.memory,
            hasDockerEnvironmentFile: provider.hasDockerEnvironmentFile,
            hasContainerEnvironmentFile: provider.hasContainerEnvironmentFile,
            controlGroups: provider.controlGroups,
            kernelVersion: provider.kernelVersion
        )
    }
}
