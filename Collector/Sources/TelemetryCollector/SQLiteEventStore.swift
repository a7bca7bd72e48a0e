//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import GRDB

/// The embedded store: one SQLite file in WAL mode (GRDB's `DatabasePool`), nothing to run.
///
/// Table `events` (see Docs/COLLECTOR.md): the event id is the primary key, so a duplicate is
/// skipped by `INSERT OR IGNORE`; a batch is one transaction; `synchronous = FULL`, so an
/// acknowledged event survives a power loss once the writer has stored it.
public final class SQLiteEventStore: EventStore {
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Throws: A ``CollectorError`` naming the path and what SQLite said.
    public init(path: String) throws(CollectorError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.label = "telemetry-collector"
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE events (
                          event_id      TEXT    PRIMARY KEY NOT NULL,
                          tool          TEXT    NOT NULL,
                          tool_version  TEXT    NOT NULL,
                          name          TEXT    NOT NULL,
                          machine_id    TEXT    NOT NULL,
                          project_id    TEXT,
                          os            TEXT    NOT NULL,
                          arch          TEXT    NOT NULL,
                          occurred_ms   INTEGER NOT NULL,
                          attributes    TEXT    NOT NULL
                        ) STRICT;
                        CREATE INDEX events_by_tool_time ON events(tool, occurred_ms);
                        """
                )
            }
            try migrator.migrate(pool)
        } catch {
            throw CollectorError(
                "cannot open the SQLite database \(path): \(error). Check the path and its directory's permissions."
            )
        }
    }

    public func insert(_ events: [StoredEvent]) async throws -> Int {
        try await pool.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO events
                      (event_id, tool, tool_version, name, machine_id, project_id, os, arch, occurred_ms, attributes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            var inserted = 0
            for event in events {
                try statement.execute(arguments: [
                    event.eventId, event.tool, event.toolVersion, event.name, event.machineId, event.projectId,
                    event.operatingSystem, event.architecture, event.occurredAt, event.attributes,
                ])
                inserted += db.changesCount
            }
            return inserted
        }
    }

    public func report(tool: String) async throws -> CollectorReport {
        let rows = try await pool.read { db in
            // The Monday of the event's week: 1970-01-05 was a Monday, so whole weeks are
            // counted from there (exact for every UTC instant, and the same rule ClickHouse's
            // toMonday applies).
            try Row.fetchAll(
                db,
                sql: """
                    SELECT date((((occurred_ms / 1000) - 345600) / 604800) * 604800 + 345600, 'unixepoch') AS week,
                           name, tool_version, os, arch, COUNT(*) AS n
                    FROM events WHERE tool = ?
                    GROUP BY week, name, tool_version, os, arch
                    ORDER BY week
                    """,
                arguments: [tool]
            ).map { row -> (week: String, name: String, version: String, os: String, arch: String, count: Int) in
                (row["week"], row["name"], row["tool_version"], row["os"], row["arch"], row["n"])
            }
        }
        return CollectorReport(tool: tool, rows: rows)
    }

    public func count(tool: String?) async throws -> Int {
        try await pool.read { db in
            if let tool {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE tool = ?", arguments: [tool]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
        }
    }
}
