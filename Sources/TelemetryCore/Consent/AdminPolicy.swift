//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The machine-wide policy of an administrator: a file that turns telemetry off for every user
/// of the machine, beating every user's opt-in.
///
/// The file is `/etc/swift-telemetry/policy.json` (on Apple platforms also
/// `/Library/Application Support/swift-telemetry/policy.json`):
///
/// ```json
/// {"version": 1, "telemetry": "disabled"}
/// {"version": 1, "telemetry": "disabled", "tools": ["my-cli", "my-cli-lsp"]}
/// ```
///
/// Without `tools` it applies to every tool built on swift-telemetry. A policy can only turn
/// telemetry off, so it is honoured whoever owns it; a file that is there but cannot be read
/// as a policy (corrupt, an unknown version, not a regular file) turns telemetry off too, with a
/// diagnostic: the administrator meant something, and off is the safe reading.
package enum AdminPolicy {
    /// Where the policy is looked for, in order; the first file that exists is used.
    package static var standardPaths: [String] {
        #if canImport(Darwin)
        ["/etc/swift-telemetry/policy.json", "/Library/Application Support/swift-telemetry/policy.json"]
        #else
        ["/etc/swift-telemetry/policy.json"]
        #endif
    }

    /// What the policy at the first existing path of `paths` says about `tool`.
    ///
    /// - Returns: `nil` when no policy applies; otherwise why telemetry is off, and a problem to
    ///   report when the file could not be read as a policy.
    static func disabling(tool: String, paths: [String]) -> (reason: String, problem: String?)? {
        for path in paths {
            let bytes: [UInt8]
            switch FileSystem.readFile(atPath: path, maxBytes: 64 * 1024) {
            case .failure(.missing):
                continue
            case .failure(let failure):
                return (
                    "the administrator's policy \(path) is there but unreadable",
                    "the administrator's policy \(path) \(failure); telemetry is off"
                )
            case .success(let contents):
                bytes = contents.bytes
            }
            guard case .object(let policy)? = try? TelemetryValue(jsonBytes: bytes),
                policy["version"] == .int(1), policy["telemetry"] == .string("disabled")
            else {
                return (
                    "the administrator's policy \(path) is there but not a valid policy",
                    "the administrator's policy \(path) is not {\"version\":1,\"telemetry\":\"disabled\"}; telemetry is off"
                )
            }
            switch policy["tools"] {
            case nil, .null?:
                return ("the administrator's policy \(path) disables telemetry on this machine", nil)
            case .array(let tools)? where tools.contains(.string(tool)):
                return ("the administrator's policy \(path) disables telemetry for \(tool)", nil)
            case .array?:
                return nil
            default:
                return (
                    "the administrator's policy \(path) has a \"tools\" that is not a list",
                    "the administrator's policy \(path) has a \"tools\" that is not a list of names; telemetry is off"
                )
            }
        }
        return nil
    }
}
