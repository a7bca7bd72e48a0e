//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The operating-system facts that `systemInfo` reports, and the file probes behind the
/// Docker, Podman and WSL checks.
///
/// ``HostSystemInformation`` reads the real machine; ``FixedSystemInformation`` holds given
/// values, for tests and for hosts that want to report something else. Every requirement may
/// answer `nil` (or `false`) when the fact is unknown: the detectors report `null` then.
///
/// Platform and architecture use Node.js's vocabulary (`os.platform()`, `os.arch()`), so that
/// one collector can aggregate this library with Better Auth's Node build.
public protocol SystemInformationProvider: Sendable {
    /// The platform: `linux`, `darwin`, `win32`, `freebsd`, `openbsd`, `android`, …
    var platform: String? { get }

    /// The CPU architecture: `x64`, `arm64`, `ia32`, `arm`, `ppc64`, `s390x`, `riscv64`, …
    var architecture: String? { get }

    /// The kernel release, as `uname -r` prints it (`6.8.0-45-generic`, `24.6.0`).
    var release: String? { get }

    /// The number of online logical processors.
    var cpuCount: Int? { get }

    /// The model name of the first processor (`AMD EPYC 7B13`, `Apple M3`).
    var cpuModel: String? { get }

    /// The clock speed of the first processor, in MHz.
    var cpuSpeed: Int? { get }

    /// The total physical memory, in bytes.
    var memory: Int? { get }

    /// Whether `/.dockerenv` exists.
    var hasDockerEnvironmentFile: Bool { get }

    /// Whether `/run/.containerenv` exists (Podman).
    var hasContainerEnvironmentFile: Bool { get }

    /// The text of `/proc/self/cgroup`, if readable.
    var controlGroups: String? { get }

    /// The text of `/proc/version`, if readable.
    var kernelVersion: String? { get }
}
