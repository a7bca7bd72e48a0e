//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryDetectors
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("The real machine", .timeLimit(.minutes(1)))
struct HostSystemInformationTests {
    let host = HostSystemInformation()

    @Test("cpuCount, memory and cpuModel are real values")
    func realValues() throws {
        let count = try #require(host.cpuCount)
        #expect(count > 0)
        #expect(count == sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let memory = try #require(host.memory)
        #expect(memory > 64 << 20)
        let model = try #require(host.cpuModel)
        #expect(!model.isEmpty)
        #expect(model == model.trimming(" \t"))
        let release = try #require(host.release)
        #expect(!release.isEmpty)
    }

    #if os(Linux)
    @Test("on Linux: platform linux, arch x64 or arm64, and the /proc values")
    func linux() throws {
        #expect(host.platform == "linux")
        #expect(host.architecture == "x64" || host.architecture == "arm64")
        // Cross-check memory against /proc/meminfo read independently.
        let meminfo = try #require(Self.read("/proc/meminfo"))
        let line = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") })
        let kibibytes = try #require(Int(line.split(separator: " ").dropFirst().first ?? ""))
        #expect(host.memory == kibibytes * 1024)
        // The model is the first processor's `model name` where x86 kernels give one.
        let cpuinfo = try #require(Self.read("/proc/cpuinfo"))
        if let modelLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            let expected = modelLine.split(separator: ":", maxSplits: 1).last.map { $0.trimming(" \t") }
            #expect(host.cpuModel == expected)
        }
        if let speedLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("cpu MHz") }) {
            let megahertz = try #require(Double(speedLine.split(separator: ":").last!.trimming(" \t")))
            #expect(host.cpuSpeed == Int(megahertz.rounded()))
        }
        #expect(host.release == Self.read("/proc/sys/kernel/osrelease")?.trimming(" \n"))
    }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var text = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            text += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return text
    }
    #endif
}

extension StringProtocol {
    fileprivate func trimming(_ characters: String) -> String {
        let set = Set(characters)
        guard let start = firstIndex(where: { !set.contains($0) }), let end = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[start...end])
    }
}
