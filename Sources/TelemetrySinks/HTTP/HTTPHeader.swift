//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import HTTPTypes
import TelemetryCore

/// One header field a remote sink sends with every request, for example a bearer token.
///
/// Its printed forms (`description`, `debugDescription`, `dump`) show the name only, so that a
/// header holding a token never reaches a log by accident. The sinks check every header when
/// they are created: a name that is not an HTTP token, or a value holding a control character
/// (CR, LF, NUL, …), is refused with an error that names the header, never its value.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The field name, for example `Authorization`.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `Authorization: Bearer <token>`.
    public static func authorization(bearer token: String) -> HTTPHeader {
        HTTPHeader(name: "Authorization", value: "Bearer \(token)")
    }

    /// `Name: <redacted>`: the value is never printed.
    public var description: String { "\(name): <redacted>" }

    /// `Name: <redacted>`: the value is never printed.
    public var debugDescription: String { description }

    /// A mirror that shows the name only.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "value": "<redacted>"])
    }

    /// The headers as swift-http-types fields, after checking each one.
    ///
    /// swift-http-types would quietly replace a CR or LF in a value with a space, sending a
    /// mangled credential on every request; refusing it at configuration time says what is
    /// wrong, once, and sends nothing wrong.
    ///
    /// - Parameter source: What to name in the error, for example `HTTPSink.Configuration.headers`.
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` naming the header (never its value).
    static func fields(_ headers: [HTTPHeader], source: String) throws(TelemetryError) -> HTTPFields {
        var fields = HTTPFields()
        for header in headers {
            guard let name = HTTPField.Name(header.name) else {
                throw TelemetryError(
                    code: .invalidConfiguration,
                    message:
                        "\(source) has a header whose name \(header.name.debugDescription) is not a valid HTTP field name."
                )
            }
            guard isValidValue(header.value) else {
                throw TelemetryError(
                    code: .invalidConfiguration,
                    message:
                        "\(source) has a header \(header.name) whose value holds a control character (CR, LF, NUL or another); the value is not shown. Remove the character."
                )
            }
            var field = HTTPField(name: name, value: header.value)
            // Credentials never enter an HTTP/2 or HTTP/3 compression table.
            if name == .authorization || name == .proxyAuthorization || name == .cookie {
                field.indexingStrategy = .disallow
            }
            fields.append(field)
        }
        return fields
    }

    /// RFC 9110 field-value: visible characters, spaces and tabs, no control character, no DEL.
    static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }
}
