//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The library's version, as sent in `User-Agent` and in the OTLP instrumentation scope.
enum LibraryVersion {
    /// The semantic version of this release.
    static let string = "0.2.0"
    /// `swift-telemetry/<version>`.
    static let userAgent = "swift-telemetry/\(string)"
}
