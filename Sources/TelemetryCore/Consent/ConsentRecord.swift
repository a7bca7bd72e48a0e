//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// FoundationEssentials where it exists: it spares Linux binaries Foundation's ICU data.
#if canImport(FoundationEssentials)
public import struct FoundationEssentials.Date
#else
public import struct Foundation.Date
#endif

/// The contents of a tool's consent file, `telemetry.json`.
///
/// The file is small JSON, written atomically with mode 0600:
///
/// ```json
/// {"version":1,"state":"enabled","decidedAt":"2026-11-23T09:30:00.000Z","noticeVersion":1,"rotation":"5f0c…"}
/// ```
///
/// | key | meaning |
/// |---|---|
/// | `version` | the file's schema version, ``currentVersion``; any other version is ignored and reported |
/// | `state` | `"enabled"` or `"disabled"`: the user's decision; absent when the user has not decided (never, or since `telemetry reset`) |
/// | `decidedAt` | when the user decided, RFC 3339 UTC; present with `state` |
/// | `noticeVersion` | the latest first-run notice version shown to the user (0 or absent: none) |
/// | `rotation` | 32 random hex digits mixed into the machine-id salt; written when the file is created and replaced by `telemetry reset`, which gives the user a new, unlinkable anonymous machine id. Absent only in files written by version 0.1 |
public struct ConsentRecord: Sendable, Hashable {
    /// The schema version this library reads and writes.
    public static let currentVersion = 1

    /// A stored decision.
    public enum State: String, Sendable, Hashable {
        /// The user ran `telemetry enable` (or the host recorded an opt-in).
        case enabled
        /// The user ran `telemetry disable`.
        case disabled
    }

    /// The user's decision, or `nil` when there is none.
    public var state: State?
    /// When the user decided; set together with ``state``.
    public var decidedAt: Date?
    /// The latest notice version shown to the user; 0 for none.
    public var noticeVersion: Int
    /// The random material mixed into the machine-id salt, or `nil` in a file from before
    /// rotation material was written at creation.
    public var rotation: String?

    /// Creates a record.
    public init(state: State? = nil, decidedAt: Date? = nil, noticeVersion: Int = 0, rotation: String? = nil) {
        self.state = state
        self.decidedAt = decidedAt
        self.noticeVersion = noticeVersion
        self.rotation = rotation
    }
}
