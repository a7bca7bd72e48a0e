//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Where the collector keeps events: SQLite (``SQLiteEventStore``, the embedded default) or
/// ClickHouse (``ClickHouseEventStore``, for scale-out).
public protocol EventStore: Sendable {
    /// Stores `events`, skipping any whose id is already stored; returns how many were new.
    func insert(_ events: [StoredEvent]) async throws -> Int
    /// Counts per week (weeks start on Monday, UTC) of the events of `tool`.
    func report(tool: String) async throws -> CollectorReport
    /// The number of events stored, of one tool or of all.
    func count(tool: String?) async throws -> Int
}

/// Counts of one tool's events per week: by event, tool version, operating system and
/// architecture (`GET /v1/report?tool=TOOL`, `telemetry report`).
public struct CollectorReport: Sendable, Hashable, Codable {
    /// One week's counts.
    public struct Week: Sendable, Hashable, Codable {
        /// The Monday that starts the week, `YYYY-MM-DD` (UTC).
        public var start: String
        /// All events of the week.
        public var events: Int
        public var byName: [String: Int]
        public var byToolVersion: [String: Int]
        public var byOperatingSystem: [String: Int]
        public var byArchitecture: [String: Int]

        public init(
            start: String,
            events: Int = 0,
            byName: [String: Int] = [:],
            byToolVersion: [String: Int] = [:],
            byOperatingSystem: [String: Int] = [:],
            byArchitecture: [String: Int] = [:]
        ) {
            self.start = start
            self.events = events
            self.byName = byName
            self.byToolVersion = byToolVersion
            self.byOperatingSystem = byOperatingSystem
            self.byArchitecture = byArchitecture
        }
    }

    /// The tool.
    public var tool: String
    /// The weeks with events, oldest first.
    public var weeks: [Week]

    public init(tool: String, weeks: [Week]) {
        self.tool = tool
        self.weeks = weeks
    }

    /// The report from rows of `(week, name, version, os, arch, count)`.
    init(tool: String, rows: [(week: String, name: String, version: String, os: String, arch: String, count: Int)]) {
        var weeks: [String: Week] = [:]
        for row in rows {
            var week = weeks[row.week] ?? Week(start: row.week)
            week.events += row.count
            week.byName[row.name, default: 0] += row.count
            week.byToolVersion[row.version, default: 0] += row.count
            week.byOperatingSystem[row.os, default: 0] += row.count
            week.byArchitecture[row.arch, default: 0] += row.count
            weeks[row.week] = week
        }
        self.init(tool: tool, weeks: weeks.values.sorted { $0.start < $1.start })
    }
}
