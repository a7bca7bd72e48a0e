//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The ``SystemInformationProvider`` of the machine the process runs on.
///
/// On Linux it reads `/proc/cpuinfo`, `/proc/meminfo` (falling back to `sysconf`), the cpufreq
/// files under `/sys`, `uname(2)`, `/proc/self/cgroup` and `/proc/version`; on Apple platforms
/// it asks `sysctl` (`machdep.cpu.brand_string`, `hw.cpufrequency`, `hw.memsize`). Each property
/// reads the system when it is asked, never earlier; every read is bounded in size, and any
/// failure answers `nil`.
public struct HostSystemInformation: SystemInformationProvider {
    /// Creates the provider. Nothing is read until a property is asked for.
    public init() {}

    /// The platform in Node.js's vocabulary, decided when the library was compiled.
    public var platform: String? {
        #if os(Linux)
        return "linux"
        #elseif os(macOS) || os(iOS) || os(tvOS) || os(watchOS) || os(visionOS)
        return "darwin"
        #elseif os(Windows)
        return "win32"
        #elseif os(FreeBSD)
        return "freebsd"
        #elseif os(OpenBSD)
        return "openbsd"
        #elseif os(Android)
        return "android"
        #elseif os(WASI)
        return "wasi"
        #else
        return nil
        #endif
    }

    /// The architecture in Node.js's vocabulary, decided when the library was compiled.
    public var architecture: String? {
        #if arch(x86_64)
        return "x64"
        #elseif arch(arm64)
        return "arm64"
        #elseif arch(i386)
        return "ia32"
        #elseif arch(arm)
        return "arm"
        #elseif arch(powerpc64le) || arch(powerpc64)
        return "ppc64"
        #elseif arch(s390x)
        return "s390x"
        #elseif arch(riscv64)
        return "riscv64"
        #elseif arch(wasm32)
        return "wasm32"
        #else
        return nil
        #endif
    }

    /// The kernel release from `uname(2)`.
    public var release: String? {
        var names = utsname()
        guard uname(&names) == 0 else { return nil }
        let release = withUnsafeBytes(of: &names.release) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
        return release.isEmpty ? nil : release
    }

    /// The number of online processors (`sysconf(_SC_NPROCESSORS_ONLN)`), as Node's
    /// `os.cpus().length`.
    public var cpuCount: Int? {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count > 0 ? Int(count) : nil
    }

    /// The first processor's model name.
    public var cpuModel: String? {
        #if canImport(Darwin)
        return Self.sysctlString("machdep.cpu.brand_string")
        #else
        guard let text = Self.readText("/proc/cpuinfo", maxBytes: Self.cpuInfoLimit) else { return nil }
        // x86 names it `model name`; some ARM and RISC-V kernels `Processor`, `cpu model` or
        // `uarch`; `Hardware` names the board on older ARM kernels.
        for key in ["model name", "Processor", "cpu model", "uarch", "cpu", "Hardware"] {
            if let value = ProcFile.firstValue(of: key, in: text), !value.isEmpty,
                Int(value) == nil
            {
                return value
            }
        }
        return nil
        #endif
    }

    /// The first processor's clock speed in MHz: `cpu MHz` of `/proc/cpuinfo`, else cpufreq's
    /// maximum frequency; `hw.cpufrequency` on Apple platforms (absent on Apple silicon).
    public var cpuSpeed: Int? {
        #if canImport(Darwin)
        guard let hertz = Self.sysctlInteger("hw.cpufrequency"), hertz > 0 else { return nil }
        return Int(hertz / 1_000_000)
        #else
        if let text = Self.readText("/proc/cpuinfo", maxBytes: Self.cpuInfoLimit),
            let value = ProcFile.firstValue(of: "cpu MHz", in: text),
            let megahertz = Double(value), megahertz.isFinite, megahertz > 0, megahertz < 1_000_000
        {
            return Int(megahertz.rounded())
        }
        for file in ["cpuinfo_max_freq", "scaling_max_freq", "scaling_cur_freq"] {
            let path = "/sys/devices/system/cpu/cpu0/cpufreq/\(file)"
            if let text = Self.readText(path, maxBytes: 64),
                let kilohertz = Int(text.trimmingWhitespace()), kilohertz > 0
            {
                return kilohertz / 1000
            }
        }
        return nil
        #endif
    }

    /// The total physical memory in bytes: `MemTotal` of `/proc/meminfo` (else `sysconf`);
    /// `hw.memsize` on Apple platforms.
    public var memory: Int? {
        #if canImport(Darwin)
        guard let bytes = Self.sysctlInteger("hw.memsize"), bytes > 0 else { return nil }
        return Int(exactly: bytes)
        #else
        if let text = Self.readText("/proc/meminfo", maxBytes: 64 * 1024),
            let value = ProcFile.firstValue(of: "MemTotal", in: text),
            let kibibytes = Int(value.split(separator: " ").first ?? ""), kibibytes > 0
        {
            let (bytes, overflow) = kibibytes.multipliedReportingOverflow(by: 1024)
            if !overflow { return bytes }
        }
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return nil }
        let (bytes, overflow) = Int(pages).multipliedReportingOverflow(by: Int(pageSize))
        return overflow ? nil : bytes
        #endif
    }

    /// Whether `/.dockerenv` exists.
    public var hasDockerEnvironmentFile: Bool {
        FileSystem.exists(atPath: "/.dockerenv")
    }

    /// Whether `/run/.containerenv` exists.
    public var hasContainerEnvironmentFile: Bool {
        FileSystem.exists(atPath: "/run/.containerenv")
    }

    /// The text of `/proc/self/cgroup`.
    public var controlGroups: String? {
        Self.readText("/proc/self/cgroup", maxBytes: 256 * 1024)
    }

    /// The text of `/proc/version`.
    public var kernelVersion: String? {
        Self.readText("/proc/version", maxBytes: 64 * 1024)
    }

    // MARK: - Reading

    /// `/proc/cpuinfo` is about 1 KiB per processor; 8 MiB covers thousands.
    private static let cpuInfoLimit = 8 << 20

    private static func readText(_ path: String, maxBytes: Int) -> String? {
        guard let bytes = FileSystem.contentsOfFile(atPath: path, maxBytes: maxBytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    #if canImport(Darwin)
    private static func sysctlString(_ name: String) -> String? {
        var size = 0
        guard sysctlbyname(name, nil, &size, nil, 0) == 0, size > 0, size <= 4096 else { return nil }
        var buffer = [UInt8](repeating: 0, count: size)
        guard sysctlbyname(name, &buffer, &size, nil, 0) == 0 else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self).trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    private static func sysctlInteger(_ name: String) -> Int64? {
        var value: Int64 = 0
        var size = MemoryLayout<Int64>.size
        guard sysctlbyname(name, &value, &size, nil, 0) == 0 else { return nil }
        switch size {
        case MemoryLayout<Int64>.size: return value
        case MemoryLayout<Int32>.size: return Int64(Int32(truncatingIfNeeded: value))
        default: return nil
        }
    }
    #endif
}
