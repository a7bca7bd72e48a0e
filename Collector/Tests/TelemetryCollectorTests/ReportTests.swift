//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Reading it: the report as JSON, `telemetry report`, and the charts page in a real browser.
@Suite("Collector report", .serialized, .timeLimit(.minutes(3)))
struct ReportTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Events over two weeks, two versions, two platforms, and one hostile name.
    static func seed(_ port: Int) async throws {
        func line(_ name: String, _ at: String, version: String, os: String, arch: String) -> String {
            CollectorTests.line(name, at: at).replacingOccurrences(
                of: #""tool_version":"1.0.0""#,
                with: #""tool_version":"\#(version)""#
            )
            .replacingOccurrences(of: #""os":"linux""#, with: #""os":"\#(os)""#)
            .replacingOccurrences(of: #""arch":"x86_64""#, with: #""arch":"\#(arch)""#)
        }
        var lines: [String] = []
        for _ in 0..<6 {
            lines.append(line("command_run", "2026-11-24T09:00:00.000Z", version: "1.0.0", os: "linux", arch: "x86_64"))
        }
        for _ in 0..<9 {
            lines.append(line("command_run", "2026-12-01T09:00:00.000Z", version: "1.1.0", os: "macos", arch: "arm64"))
        }
        lines.append(
            line("<script>alert(1)</script>", "2026-12-01T10:00:00.000Z", version: "1.1.0", os: "linux", arch: "x86_64")
        )
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/events")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "[" + lines.joined(separator: ",") + "]"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status == .accepted)
        // The writer stores within milliseconds; wait until the report shows all 16.
        for _ in 0..<100 {
            if try await get(port, "/v1/report?tool=mytool").contains(#""events":10"#) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func get(_ port: Int, _ path: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"),
            timeout: .seconds(10)
        )
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }

    /// Runs a program, returning its status and standard output.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()].merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        let errorBytes = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: bytes, as: UTF8.self),
            String(decoding: errorBytes, as: UTF8.self)
        )
    }

    @Test("the report counts per week by event, version, OS and architecture; the page escapes what senders wrote")
    func reportAndPage() async throws {
        let directory = ScratchDirectory()
        let collector = try CollectorProcess(["--sqlite", directory.file("t.sqlite")], directory: directory)
        try await Self.seed(collector.port)
        let json =
            try JSONSerialization.jsonObject(
                with: Data(try await Self.get(collector.port, "/v1/report?tool=mytool").utf8)
            ) as? [String: Any]
        let weeks = try #require(json?["weeks"] as? [[String: Any]])
        #expect(weeks.map { $0["start"] as? String } == ["2026-11-23", "2026-11-30"])
        #expect(weeks.map { $0["events"] as? Int } == [6, 10])
        #expect((weeks[1]["byToolVersion"] as? [String: Int]) == ["1.1.0": 10])
        #expect((weeks[1]["byOperatingSystem"] as? [String: Int]) == ["macos": 9, "linux": 1])
        #expect((weeks[1]["byArchitecture"] as? [String: Int]) == ["arm64": 9, "x86_64": 1])
        let page = try await Self.get(collector.port, "/?tool=mytool")
        #expect(page.contains("<svg") && page.contains("command_run"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>"))
        #expect(await collector.terminate() == 0)
    }

    @Test("telemetry report prints the collector's counts as a table and as JSON")
    func telemetryReportCommand() async throws {
        let telemetry =
            ProcessInfo.processInfo.environment["TELEMETRY_EXECUTABLE"]
            ?? Self.repository.appendingPathComponent(".build/debug/telemetry").path
        try #require(
            FileManager.default.isExecutableFile(atPath: telemetry),
            "build the telemetry command first (swift build --product telemetry at the repository root), or set TELEMETRY_EXECUTABLE"
        )
        let directory = ScratchDirectory()
        let collector = try CollectorProcess(
            ["--sqlite", directory.file("t.sqlite")],
            environment: ["TELEMETRY_COLLECTOR_TOKEN": "tok"],
            directory: directory
        )
        let address = "http://127.0.0.1:\(collector.port)"
        var request = HTTPClientRequest(url: "\(address)/v1/events")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer tok")
        request.body = .bytes(
            ByteBuffer(
                string: "["
                    + (0..<3).map { _ in CollectorTests.line(at: "2026-12-02T08:00:00.000Z") }.joined(separator: ",")
                    + "]"
            )
        )
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status == .accepted)
        try await Task.sleep(for: .milliseconds(300))

        let (status, table, _) = try Self.run(
            telemetry,
            ["report", "--tool", "mytool", "--collector", address],
            environment: ["TELEMETRY_COLLECTOR_TOKEN": "tok"]
        )
        #expect(status == 0)
        #expect(table.contains("mytool: events per week"))
        #expect(
            table.split(separator: "\n").contains {
                $0.hasPrefix("2026-11-30") && $0.contains("event") && $0.contains("command_run") && $0.hasSuffix("3")
            }
        )
        #expect(table.contains("os") && table.contains("linux"))

        let (jsonStatus, json, _) = try Self.run(
            telemetry,
            ["report", "--tool", "mytool", "--collector", address, "--json"],
            environment: ["TELEMETRY_COLLECTOR_TOKEN": "tok"]
        )
        #expect(jsonStatus == 0)
        #expect(json.contains(#""events":3"#))

        let (refused, _, message) = try Self.run(telemetry, ["report", "--tool", "mytool", "--collector", address])
        #expect(refused == 2)
        #expect(message.contains("401"))
        #expect(await collector.terminate() == 0)
    }

    @Test(
        "the charts page renders with data in headless Chromium (a screenshot full of bars), and without data shows none",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
                || ProcessInfo.processInfo.environment["TELEMETRY_COLLECTOR_REQUIRE_BROWSER"] == "1"
        )
    )
    func chartsRenderInChromium() async throws {
        let chromium = "/usr/bin/chromium"
        try #require(
            FileManager.default.isExecutableFile(atPath: chromium),
            "install chromium (apt-get install chromium)"
        )
        let directory = ScratchDirectory()
        let collector = try CollectorProcess(["--sqlite", directory.file("t.sqlite")], directory: directory)
        func barPixels(_ path: String, _ name: String) throws -> Int {
            let screenshot = directory.file(name)
            let (status, _, errors) = try Self.run(
                chromium,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1600",
                    "--user-data-dir=\(directory.file("chromium-\(name)"))", "--screenshot=\(screenshot)",
                    "http://127.0.0.1:\(collector.port)\(path)",
                ]
            )
            try #require(
                status == 0 && FileManager.default.fileExists(atPath: screenshot),
                "chromium failed: \(errors)"
            )
            let (_, count, _) = try Self.run(
                "/usr/bin/env",
                [
                    "python3", Self.repository.appendingPathComponent("Collector/Scripts/count-color.py").path,
                    screenshot, "2f6fdf",
                ]
            )
            return Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        let empty = try barPixels("/?tool=mytool", "empty.png")
        try await Self.seed(collector.port)
        let full = try barPixels("/?tool=mytool", "full.png")
        print("report page: \(empty) bar pixels without data, \(full) with data")
        #expect(empty < 100)
        #expect(full > 20_000, "the charts did not render: \(full) bar pixels")
        #expect(await collector.terminate() == 0)
    }
}
