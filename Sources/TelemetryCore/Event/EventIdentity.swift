//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// What every event of one context carries unchanged: the tool, its version, the machine id, the
/// operating system and the architecture; and the Better Auth publisher's project id, which only
/// an identity made for one event (not a context's shared one) holds.
///
/// A context makes one identity and hands it to each of its events, with the identity's part
/// of the event line (`,"tool":…,"tool_version":…,"machine_id":…`) encoded once: ``EventEncoder``
/// copies those bytes instead of escaping three strings per event. An identity made for a single
/// event (an event built by hand, or read from a line) has no encoded form, and is encoded as
/// usual. Immutable: changing an event's ``Event/tool`` gives the event a new identity.
@usableFromInline
package final class EventIdentity: Sendable, Hashable {
    package let tool: String
    package let toolVersion: String
    package let machineId: String
    package let operatingSystem: String?
    package let architecture: String?
    /// The Better Auth per-project id (``Event/projectId``). Here rather than in ``Event``, which
    /// it would make large enough that the compiler copies every event once more on its way
    /// into a sink (`Benchmarks/RESULTS.md`, round 3).
    package let projectId: String?
    /// `,"tool":"…","tool_version":"…","machine_id":"…"` (and `,"os":…,"arch":…`), when made by
    /// a context.
    package let encoded: [UInt8]?

    @usableFromInline
    package init(
        tool: String,
        toolVersion: String,
        machineId: String,
        operatingSystem: String? = nil,
        architecture: String? = nil,
        projectId: String? = nil
    ) {
        self.tool = tool
        self.toolVersion = toolVersion
        self.machineId = machineId
        self.operatingSystem = operatingSystem
        self.architecture = architecture
        self.projectId = projectId
        self.encoded = nil
    }

    /// An identity shared by many events, with its part of the line encoded now.
    package init(
        sharedBy tool: String,
        toolVersion: String,
        machineId: String,
        operatingSystem: String?,
        architecture: String?
    ) {
        self.tool = tool
        self.toolVersion = toolVersion
        self.machineId = machineId
        self.operatingSystem = operatingSystem
        self.architecture = architecture
        self.projectId = nil
        var bytes: [UInt8] = []
        JSONBuffer.append(to: &bytes) { buffer in
            EventEncoder.writeIdentity(
                tool: tool,
                toolVersion: toolVersion,
                machineId: machineId,
                operatingSystem: operatingSystem,
                architecture: architecture,
                to: &buffer
            )
        }
        self.encoded = bytes
    }

    /// A copy with one field changed (an event's identity is never changed in place).
    package func with(
        tool: String? = nil,
        toolVersion: String? = nil,
        machineId: String? = nil,
        operatingSystem: String?? = nil,
        architecture: String?? = nil,
        projectId: String?? = nil
    ) -> EventIdentity {
        EventIdentity(
            tool: tool ?? self.tool,
            toolVersion: toolVersion ?? self.toolVersion,
            machineId: machineId ?? self.machineId,
            operatingSystem: operatingSystem ?? self.operatingSystem,
            architecture: architecture ?? self.architecture,
            projectId: projectId ?? self.projectId
        )
    }

    @usableFromInline
    package static func == (lhs: EventIdentity, rhs: EventIdentity) -> Bool {
        lhs === rhs
            || (lhs.tool == rhs.tool && lhs.toolVersion == rhs.toolVersion && lhs.machineId == rhs.machineId
                && lhs.operatingSystem == rhs.operatingSystem && lhs.architecture == rhs.architecture
                && lhs.projectId == rhs.projectId)
    }

    @usableFromInline
    package func hash(into hasher: inout Hasher) {
        hasher.combine(tool)
        hasher.combine(toolVersion)
        hasher.combine(machineId)
        hasher.combine(operatingSystem)
        hasher.combine(architecture)
        hasher.combine(projectId)
    }

    /// The operating system this build runs on, as events name it (`linux`, `macos`, …).
    package static let currentOperatingSystem: String = {
        #if os(Linux)
        "linux"
        #elseif os(macOS)
        "macos"
        #elseif os(iOS)
        "ios"
        #elseif os(tvOS)
        "tvos"
        #elseif os(watchOS)
        "watchos"
        #elseif os(visionOS)
        "visionos"
        #elseif os(Windows)
        "windows"
        #elseif os(FreeBSD)
        "freebsd"
        #elseif os(Android)
        "android"
        #else
        "other"
        #endif
    }()

    /// The processor architecture of this build (`x86_64`, `arm64`, …).
    package static let currentArchitecture: String = {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "arm64"
        #elseif arch(arm)
        "arm"
        #elseif arch(i386)
        "i386"
        #elseif arch(riscv64)
        "riscv64"
        #elseif arch(wasm32)
        "wasm32"
        #else
        "other"
        #endif
    }()
}
