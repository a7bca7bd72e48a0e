//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `telemetry-collector` process: SIGTERM during a load, and what it never keeps.
@Suite("telemetry-collector process", .serialized, .timeLimit(.minutes(3)))
struct ShutdownAndPrivacyTests {
    static func storedCount(_ path: String) throws -> Int {
        let database = try DatabaseQueue(path: path)
        return try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    @Test("SIGTERM in the middle of a load: the collector stops accepting, stores every acknowledged event, exits 0")
    func sigtermLosesNothingAcknowledged() async throws {
        let directory = ScratchDirectory()
        let database = directory.file("telemetry.sqlite")
        let collector = try CollectorProcess(
            ["--sqlite", database, "--rate", "100000", "--burst", "100000"],
            directory: directory
        )
        let load = LoadState()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var sequence = 0
                    while !load.stop.load(ordering: .relaxed) {
                        let lines = (0..<50).map { _ -> String in
                            sequence += 1
                            return CollectorTests.line(id: String(format: "%016x%016x", worker, sequence))
                        }
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(collector.port)/v1/events")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: "[" + lines.joined(separator: ",") + "]"))
                        guard let response = try? await client.execute(request, timeout: .seconds(5)) else {
                            try? await Task.sleep(for: .milliseconds(5))
                            continue
                        }
                        _ = try? await response.body.collect(upTo: 1 << 16)
                        if response.status == .accepted { load.acknowledged.add(50, ordering: .relaxed) }
                    }
                }
            }
            try await Task.sleep(for: .seconds(1.5))
            #expect(load.acknowledged.load(ordering: .relaxed) > 0, "the load reached the collector")
            let status = await collector.terminate()
            #expect(status == 0, "exit status \(status): \(collector.logs)")
            load.stop.store(true, ordering: .relaxed)
            try await group.waitForAll()
        }
        try await client.shutdown()
        let stored = try Self.storedCount(database)
        #expect(
            stored == load.acknowledged.load(ordering: .relaxed),
            "acknowledged \(load.acknowledged.load(ordering: .relaxed)), stored \(stored)"
        )
        #expect(collector.logs.contains("every acknowledged event is stored"))
    }

    /// One raw HTTP/1.1 POST from `source` (a loopback address other than the server's), so that
    /// the client's address is recognisable wherever it might be written.
    static func post(from source: String, to port: Int, headers: [String], body: String) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        remote.sin_port = UInt16(port).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let connected = withUnsafePointer(to: &local) { localPointer in
            withUnsafePointer(to: &remote) { remotePointer in
                localPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } == 0
                    && remotePointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(descriptor, $0, length)
                    }
                        == 0
            }
        }
        guard connected else { throw CollectorProcess.CollectorError(description: "cannot connect from \(source)") }
        let request =
            (["POST /v1/events HTTP/1.1", "Host: 127.0.0.1", "Content-Length: \(body.utf8.count)", "Connection: close"]
            + headers).joined(separator: "\r\n") + "\r\n\r\n" + body
        _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    @Test("the client's address and user agent are never stored or logged, even at trace level")
    func addressAndUserAgentAreNeverKept() async throws {
        let directory = ScratchDirectory()
        let database = directory.file("telemetry.sqlite")
        let collector = try CollectorProcess(["--sqlite", database, "--log-level", "trace"], directory: directory)
        let answer = try Self.post(
            from: "127.0.0.77",
            to: collector.port,
            headers: [
                "Content-Type: application/json", "User-Agent: ua-canary-7f3a/1.0", "X-Forwarded-For: 203.0.113.77",
            ],
            body: "[" + CollectorTests.line() + "]"
        )
        #expect(answer.hasPrefix("HTTP/1.1 202"), "\(answer)")
        #expect(await collector.terminate() == 0)
        #expect(try Self.storedCount(database) == 1)
        var kept = collector.logs
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
            if let bytes = FileManager.default.contents(atPath: directory.file(file)) {
                kept += String(decoding: bytes, as: UTF8.self)
            }
        }
        #expect(!kept.isEmpty)
        for canary in ["127.0.0.77", "ua-canary-7f3a", "203.0.113.77"] {
            #expect(!kept.contains(canary), "\(canary) was kept")
        }
    }
}

/// What the load's workers share.
final class LoadState: Sendable {
    let acknowledged = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
}
