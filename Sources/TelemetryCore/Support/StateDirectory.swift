//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Where the library keeps its small state files (consent, install id).
///
/// On Linux and other non-Apple systems: `$XDG_CONFIG_HOME` when it is an absolute path, else
/// `~/.config`. On Apple platforms: `~/Library/Application Support`.
public enum StateDirectory {
    /// The base state directory for `environment`, or `nil` when no home directory is known.
    public static func base(environment: [String: String]) -> String? {
        #if canImport(Darwin)
        guard let home = FileSystem.homeDirectory(environment: environment) else { return nil }
        return home + "/Library/Application Support"
        #else
        if let configured = environment["XDG_CONFIG_HOME"], configured.hasPrefix("/") {
            return configured
        }
        guard let home = FileSystem.homeDirectory(environment: environment) else { return nil }
        return home + "/.config"
        #endif
    }
}
