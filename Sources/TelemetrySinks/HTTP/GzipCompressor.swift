//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if Compression
import CompressNIO
import NIOCore
#endif

/// gzip through compress-nio (the system zlib), when the `Compression` trait is on.
enum GzipCompressor {
    /// Whether gzip is built in.
    static var isAvailable: Bool {
        #if Compression
        true
        #else
        false
        #endif
    }

    /// `bytes` gzip-compressed, or `nil` when gzip is not built in or compression failed.
    static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        #if Compression
        var buffer = ByteBuffer(bytes: bytes)
        guard let compressed = try? buffer.compress(with: .gzip()) else { return nil }
        return Array(compressed.readableBytesView)
        #else
        return nil
        #endif
    }
}
