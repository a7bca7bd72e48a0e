//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The Docker, Podman and WSL checks of `systemInfo`, exactly as Better Auth's Node build.
///
/// - `isDocker`: `/.dockerenv` exists, or `/proc/self/cgroup` contains `docker`.
/// - inside a container: `/run/.containerenv` exists (Podman), or `isDocker`.
/// - `isWSL`: on `linux` only, when the kernel release or else `/proc/version` (lower-cased)
///   contains `microsoft`, and the process is not inside a container.
public enum ContainerDetector {
    /// Whether the process runs in a Docker container.
    public static func isDocker(_ system: any SystemInformationProvider) -> Bool {
        system.hasDockerEnvironmentFile || (system.controlGroups?.contains("docker") ?? false)
    }

    /// Whether the process runs in a container: Podman's marker file, or Docker.
    public static func isInsideContainer(_ system: any SystemInformationProvider) -> Bool {
        system.hasContainerEnvironmentFile || isDocker(system)
    }

    /// Whether the process runs under the Windows Subsystem for Linux (outside a container).
    public static func isWSL(_ system: any SystemInformationProvider) -> Bool {
        guard system.platform == "linux" else { return false }
        if system.release?.lowercased().contains("microsoft") == true {
            return !isInsideContainer(system)
        }
        if system.kernelVersion?.lowercased().contains("microsoft") == true {
            return !isInsideContainer(system)
        }
        return false
    }
}
