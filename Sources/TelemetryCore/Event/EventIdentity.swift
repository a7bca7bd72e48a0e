//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// What every event of one context carries unchanged: the tool, its version and the machine id.
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
    /// `,"tool":"…","tool_version":"…","machine_id":"…"`, when made by a context.
    package let encoded: [UInt8]?

    @usableFromInline
    package init(tool: String, toolVersion: String, machineId: String) {
        self.tool = tool
        self.toolVersion = toolVersion
        self.machineId = machineId
        self.encoded = nil
    }

    /// An identity shared by many events, with its part of the line encoded now.
    package init(sharedBy tool: String, toolVersion: String, machineId: String) {
        self.tool = tool
        self.toolVersion = toolVersion
        self.machineId = machineId
        var bytes: [UInt8] = []
        JSONBuffer.append(to: &bytes) { buffer in
            EventEncoder.writeIdentity(tool: tool, toolVersion: toolVersion, machineId: machineId, to: &buffer)
        }
        self.encoded = bytes
    }

    @usableFromInline
    package static func == (lhs: EventIdentity, rhs: EventIdentity) -> Bool {
        lhs === rhs || (lhs.tool == rhs.tool && lhs.toolVersion == rhs.toolVersion && lhs.machineId == rhs.machineId)
    }

    @usableFromInline
    package func hash(into hasher: inout Hasher) {
        hasher.combine(tool)
        hasher.combine(toolVersion)
        hasher.combine(machineId)
    }
}
