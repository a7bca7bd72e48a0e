//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The Swift compiler that built this library, and whether SwiftPM drove the build.
///
/// Swift has no run-time call that names the toolchain, so the version comes from a ladder of
/// `#if compiler(>=…)` checks evaluated when the library is compiled. It is never more precise
/// than it can prove: patch-exact for Swift 6.0.1 to 6.6.6 (`"6.3.1"`), minor-exact otherwise
/// (`"6.2"`, `"6.8"`, `"5.10"`), and `"7"` from Swift 7 on.
public enum CompilerVersion {
    /// The compiler version, e.g. `"6.3.1"`; `nil` before Swift 5.0.
    public static let current: String? = ladder()

    /// Whether the library was compiled by the Swift Package Manager (`SWIFT_PACKAGE` is set).
    public static var isSwiftPackageBuild: Bool {
        #if SWIFT_PACKAGE
        return true
        #else
        return false
        #endif
    }

    // Generated: 7, 6.9 to 6.7, then 6.6 to 6.0 with patch releases 1 to 6 (a later patch
    // release reports its minor version only), then 5.10 to 5.0.
    private static func ladder() -> String? {
        #if compiler(>=7.0)
        return "7"
        #elseif compiler(>=6.9)
        return "6.9"
        #elseif compiler(>=6.8)
        return "6.8"
        #elseif compiler(>=6.7)
        return "6.7"
        #elseif compiler(>=6.6.7)
        return "6.6"
        #elseif compiler(>=6.6.6)
        return "6.6.6"
        #elseif compiler(>=6.6.5)
        return "6.6.5"
        #elseif compiler(>=6.6.4)
        return "6.6.4"
        #elseif compiler(>=6.6.3)
        return "6.6.3"
        #elseif compiler(>=6.6.2)
        return "6.6.2"
        #elseif compiler(>=6.6.1)
        return "6.6.1"
        #elseif compiler(>=6.6)
        return "6.6"
        #elseif compiler(>=6.5.7)
        return "6.5"
        #elseif compiler(>=6.5.6)
        return "6.5.6"
        #elseif compiler(>=6.5.5)
        return "6.5.5"
        #elseif compiler(>=6.5.4)
        return "6.5.4"
        #elseif compiler(>=6.5.3)
        return "6.5.3"
        #elseif compiler(>=6.5.2)
        return "6.5.2"
        #elseif compiler(>=6.5.1)
        return "6.5.1"
        #elseif compiler(>=6.5)
        return "6.5"
        #elseif compiler(>=6.4.7)
        return "6.4"
        #elseif compiler(>=6.4.6)
        return "6.4.6"
        #elseif compiler(>=6.4.5)
        return "6.4.5"
        #elseif compiler(>=6.4.4)
        return "6.4.4"
        #elseif compiler(>=6.4.3)
        return "6.4.3"
        #elseif compiler(>=6.4.2)
        return "6.4.2"
        #elseif compiler(>=6.4.1)
        return "6.4.1"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3.7)
        return "6.3"
        #elseif compiler(>=6.3.6)
        return "6.3.6"
        #elseif compiler(>=6.3.5)
        return "6.3.5"
        #elseif compiler(>=6.3.4)
        return "6.3.4"
        #elseif compiler(>=6.3.3)
        return "6.3.3"
        #elseif compiler(>=6.3.2)
        return "6.3.2"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2.7)
        return "6.2"
        #elseif compiler(>=6.2.6)
        return "6.2.6"
        #elseif compiler(>=6.2.5)
        return "6.2.5"
        #elseif compiler(>=6.2.4)
        return "6.2.4"
        #elseif compiler(>=6.2.3)
        return "6.2.3"
        #elseif compiler(>=6.2.2)
        return "6.2.2"
        #elseif compiler(>=6.2.1)
        return "6.2.1"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1.7)
        return "6.1"
        #elseif compiler(>=6.1.6)
        return "6.1.6"
        #elseif compiler(>=6.1.5)
        return "6.1.5"
        #elseif compiler(>=6.1.4)
        return "6.1.4"
        #elseif compiler(>=6.1.3)
        return "6.1.3"
        #elseif compiler(>=6.1.2)
        return "6.1.2"
        #elseif compiler(>=6.1.1)
        return "6.1.1"
        #elseif compiler(>=6.1)
        return "6.1"
        #elseif compiler(>=6.0.7)
        return "6.0"
        #elseif compiler(>=6.0.6)
        return "6.0.6"
        #elseif compiler(>=6.0.5)
        return "6.0.5"
        #elseif compiler(>=6.0.4)
        return "6.0.4"
        #elseif compiler(>=6.0.3)
        return "6.0.3"
        #elseif compiler(>=6.0.2)
        return "6.0.2"
        #elseif compiler(>=6.0.1)
        return "6.0.1"
        #elseif compiler(>=6.0)
        return "6.0"
        #elseif compiler(>=5.10)
        return "5.10"
        #elseif compiler(>=5.9)
        return "5.9"
        #elseif compiler(>=5.8)
        return "5.8"
        #elseif compiler(>=5.7)
        return "5.7"
        #elseif compiler(>=5.6)
        return "5.6"
        #elseif compiler(>=5.5)
        return "5.5"
        #elseif compiler(>=5.4)
        return "5.4"
        #elseif compiler(>=5.3)
        return "5.3"
        #elseif compiler(>=5.2)
        return "5.2"
        #elseif compiler(>=5.1)
        return "5.1"
        #elseif compiler(>=5.0)
        return "5.0"
        #else
        return nil
        #endif
    }
}
