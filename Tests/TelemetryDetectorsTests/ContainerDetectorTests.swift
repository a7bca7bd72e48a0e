//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryDetectors
import Testing

@Suite("Docker, Podman and WSL", .timeLimit(.minutes(1)))
struct ContainerDetectorTests {
    @Test("Docker: /.dockerenv, or docker in /proc/self/cgroup")
    func docker() {
        #expect(!ContainerDetector.isDocker(FixedSystemInformation(platform: "linux")))
        #expect(ContainerDetector.isDocker(FixedSystemInformation(hasDockerEnvironmentFile: true)))
        #expect(ContainerDetector.isDocker(FixedSystemInformation(controlGroups: "12:pids:/docker/3f2a9c\n0::/\n")))
        #expect(!ContainerDetector.isDocker(FixedSystemInformation(controlGroups: "0::/user.slice/user-1000.slice\n")))
        // Podman alone is a container, but not Docker (Better Auth's split).
        let podman = FixedSystemInformation(hasContainerEnvironmentFile: true)
        #expect(!ContainerDetector.isDocker(podman))
        #expect(ContainerDetector.isInsideContainer(podman))
    }

    @Test("WSL: microsoft in the kernel release or /proc/version, on linux, outside containers")
    func wsl() {
        let release = "5.15.153.1-microsoft-standard-WSL2"
        #expect(ContainerDetector.isWSL(FixedSystemInformation(platform: "linux", release: release)))
        #expect(
            ContainerDetector.isWSL(
                FixedSystemInformation(
                    platform: "linux",
                    release: "4.4.0-19041-Generic",
                    kernelVersion: "Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com)"
                )
            )
        )
        #expect(
            !ContainerDetector.isWSL(
                FixedSystemInformation(
                    platform: "linux",
                    release: "6.8.0-45-generic",
                    kernelVersion: "Linux version 6.8.0"
                )
            )
        )
        // Not on another platform, whatever the strings say.
        #expect(!ContainerDetector.isWSL(FixedSystemInformation(platform: "darwin", release: release)))
        #expect(!ContainerDetector.isWSL(FixedSystemInformation(platform: nil, release: release)))
        // Not inside Docker or Podman on WSL.
        #expect(
            !ContainerDetector.isWSL(
                FixedSystemInformation(platform: "linux", release: release, hasDockerEnvironmentFile: true)
            )
        )
        #expect(
            !ContainerDetector.isWSL(
                FixedSystemInformation(platform: "linux", release: release, hasContainerEnvironmentFile: true)
            )
        )
        #expect(
            !ContainerDetector.isWSL(
                FixedSystemInformation(
                    platform: "linux",
                    controlGroups: "1:name=docker:/",
                    kernelVersion: "Linux version 5.15 microsoft"
                )
            )
        )
        // Unreadable files mean no.
        #expect(!ContainerDetector.isWSL(FixedSystemInformation(platform: "linux")))
    }

    @Test("the real probes on this machine agree with the files")
    func host() {
        let host = HostSystemInformation()
        #expect(host.hasDockerEnvironmentFile == FileProbe.exists("/.dockerenv"))
        #expect(host.hasContainerEnvironmentFile == FileProbe.exists("/run/.containerenv"))
        #if os(Linux)
        #expect(host.controlGroups?.isEmpty == false)
        #expect(host.kernelVersion?.hasPrefix("Linux version") == true)
        #endif
    }
}
