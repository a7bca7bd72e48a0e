//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Crypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The anonymous project id of the Better Auth contract (`anonymousId`).
///
/// Better Auth and rustauth hash the base URL and the project name together, so one
/// deployment of one project always reports the same id, and nothing about either can be read
/// back from it. The project name of a Swift package is its `Package.swift` `name:`.
public enum AnonymousId {
    /// The id for `baseURL` and `projectName`:
    ///
    /// 1. a name: SHA-256 of `baseURL + projectName` (no separator), or of the name alone when
    ///    the base URL is unset or empty;
    /// 2. no name but a non-empty base URL: SHA-256 of the base URL;
    /// 3. neither: a random 32-character `[A-Za-z0-9]` id (as Better Auth; never persisted).
    ///
    /// Hashes are written in standard base64 with padding: 44 characters ending in `=`.
    ///
    /// ```swift
    /// AnonymousId.derive(baseURL: "http://localhost.com", projectName: "my-app")
    /// // "yfiu5GmgRFP7uxJ74S6XJTARlj6plX8/kymKowkU+6U="
    /// ```
    public static func derive(baseURL: String?, projectName: String?) -> String {
        let baseURL = baseURL ?? ""
        if let projectName, !projectName.isEmpty {
            return hash(baseURL + projectName)
        }
        if !baseURL.isEmpty {
            return hash(baseURL)
        }
        return random()
    }

    /// Standard base64, with padding, of the SHA-256 of `input`'s UTF-8 bytes.
    public static func hash(_ input: String) -> String {
        Data(SHA256.hash(data: Array(input.utf8))).base64EncodedString()
    }

    /// A fresh random 32-character id over `[A-Za-z0-9]`, uniform per character.
    public static func random() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in alphabet.randomElement(using: &generator)! }
        return String(decoding: bytes, as: UTF8.self)
    }
}
