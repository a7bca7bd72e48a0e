//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Independent checks of the file system, to compare the detectors against.
enum FileProbe {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// `path` without its last `levels` components.
    static func ancestor(of path: String, levels: Int) -> String {
        var components = path.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(min(levels, components.count - 1))
        return components.joined(separator: "/")
    }
}
