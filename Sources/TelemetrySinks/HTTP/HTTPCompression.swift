//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import HTTPTypes
import TelemetryCore

/// Whether a remote sink compresses request bodies.
///
/// `gzip` needs the package trait `Compression` (it brings compress-nio, which needs SwiftNIO's
/// core); without it, asking for gzip fails when the sink is created, never later.
public struct HTTPCompression: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case none
        case gzip
    }

    let kind: Kind

    /// Bodies are sent as they are.
    public static let none = HTTPCompression(kind: .none)
    /// Bodies are gzip-compressed and sent with `Content-Encoding: gzip`.
    public static let gzip = HTTPCompression(kind: .gzip)

    /// `none` or `gzip`.
    public var description: String { kind == .gzip ? "gzip" : "none" }

    /// Throws when this compression is not built into the package.
    func checkAvailable() throws(TelemetryError) {
        guard kind == .gzip, !GzipCompressor.isAvailable else { return }
        throw TelemetryError(
            code: .invalidConfiguration,
            message:
                "gzip compression needs the package trait \"Compression\"; enable it in your Package.swift (traits: [.defaults, \"Compression\"]) or use HTTPCompression.none."
        )
    }

    /// The body to send and the header fields that describe it. A body that cannot be
    /// compressed is sent as it is.
    func encode(_ body: [UInt8]) -> (body: [UInt8], fields: HTTPFields) {
        guard kind == .gzip, let compressed = GzipCompressor.compress(body) else { return (body, [:]) }
        return (compressed, [.contentEncoding: "gzip"])
    }
}
