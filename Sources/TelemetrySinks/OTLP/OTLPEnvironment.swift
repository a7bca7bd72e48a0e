//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Logging
import TelemetryCore

/// The OTLP exporter's environment variables, applied over an ``OTLPSink/Configuration``.
///
/// - `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`: the logs URL, used as is;
///   otherwise `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/logs` appended to its path.
/// - `OTEL_EXPORTER_OTLP_LOGS_HEADERS`, else `OTEL_EXPORTER_OTLP_HEADERS`: `k=v,k2=v2` (W3C
///   baggage style), keys and values percent-decoded; they replace configured headers of the
///   same name.
/// - `OTEL_EXPORTER_OTLP_LOGS_TIMEOUT`, else `OTEL_EXPORTER_OTLP_TIMEOUT`: the request timeout in
///   milliseconds.
/// - `OTEL_EXPORTER_OTLP_LOGS_COMPRESSION`, else `OTEL_EXPORTER_OTLP_COMPRESSION`: `gzip` or
///   `none`.
/// - `OTEL_SERVICE_NAME`: the resource's `service.name`.
enum OTLPEnvironment {
    static let endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT"
    static let logsEndpoint = "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"
    static let headers = "OTEL_EXPORTER_OTLP_HEADERS"
    static let logsHeaders = "OTEL_EXPORTER_OTLP_LOGS_HEADERS"
    static let timeout = "OTEL_EXPORTER_OTLP_TIMEOUT"
    static let logsTimeout = "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT"
    static let serviceName = "OTEL_SERVICE_NAME"
    static let compression = "OTEL_EXPORTER_OTLP_COMPRESSION"
    static let logsCompression = "OTEL_EXPORTER_OTLP_LOGS_COMPRESSION"

    /// `configuration` with the environment's values applied. Unusable values are skipped and
    /// reported by variable name (never by value: headers hold credentials).
    ///
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` for a header value with a control
    ///   character: it could only ever fail or be mangled, so the sink is not created.
    static func apply(
        _ environment: [String: String],
        to configuration: OTLPSink.Configuration,
        logger: Logger
    ) throws(TelemetryError) -> OTLPSink.Configuration {
        var configuration = configuration
        if let logs = nonEmpty(environment[logsEndpoint]) {
            configuration.endpoint = logs
        } else if let shared = nonEmpty(environment[endpoint]) {
            configuration.endpoint = appendingLogsPath(to: shared)
        }
        let headersKey = nonEmpty(environment[logsHeaders]) != nil ? logsHeaders : headers
        if let text = nonEmpty(environment[headersKey]) {
            let (parsed, invalidEntries) = try parseHeaders(text, variable: headersKey)
            if invalidEntries > 0 {
                logger.warning(
                    "Skipped malformed entries of an OTLP headers variable",
                    metadata: ["variable": "\(headersKey)", "entries": "\(invalidEntries)"]
                )
            }
            let names = Set(parsed.map { $0.name.lowercased() })
            configuration.headers.removeAll { names.contains($0.name.lowercased()) }
            configuration.headers.append(contentsOf: parsed)
        }
        let timeoutKey = nonEmpty(environment[logsTimeout]) != nil ? logsTimeout : timeout
        if let text = nonEmpty(environment[timeoutKey]) {
            if let milliseconds = Int64(text.trimmingWhitespace()), milliseconds > 0 {
                configuration.delivery.requestTimeout = .milliseconds(milliseconds)
            } else {
                logger.warning(
                    "Ignored an OTLP timeout variable that is not a positive number of milliseconds",
                    metadata: ["variable": "\(timeoutKey)"]
                )
            }
        }
        let compressionKey = nonEmpty(environment[logsCompression]) != nil ? logsCompression : compression
        if let text = nonEmpty(environment[compressionKey]) {
            switch text.trimmingWhitespace().lowercased() {
            case "gzip": configuration.compression = .gzip
            case "none": configuration.compression = .none
            default:
                logger.warning(
                    "Ignored an OTLP compression variable that is neither gzip nor none",
                    metadata: ["variable": "\(compressionKey)"]
                )
            }
        }
        if let name = nonEmpty(environment[serviceName]) {
            configuration.serviceName = name
        }
        return configuration
    }

    /// `base` with `v1/logs` appended to its path, as the OTLP exporter specification says for
    /// the signal-independent endpoint.
    static func appendingLogsPath(to base: String) -> String {
        var base = base.trimmingWhitespace()
        var query = ""
        if let mark = base.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            query = String(base[mark...])
            base = String(base[..<mark])
        }
        if !base.hasSuffix("/") { base += "/" }
        return base + "v1/logs" + query
    }

    /// Parses `k=v,k2=v2`; returns the headers and the number of malformed entries.
    ///
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` naming the header (never its value)
    ///   when a decoded value holds a control character.
    static func parseHeaders(_ text: String, variable: String = headers) throws(TelemetryError) -> ([HTTPHeader], Int) {
        var headers: [HTTPHeader] = []
        var invalid = 0
        for entry in text.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = entry.firstIndex(of: "=") else {
                if !entry.trimmingWhitespace().isEmpty { invalid += 1 }
                continue
            }
            let name = percentDecoded(entry[..<equals].trimmingWhitespace())
            let value = percentDecoded(entry[entry.index(after: equals)...].trimmingWhitespace())
            guard let name, let value, !name.isEmpty, name.utf8.allSatisfy(isTokenCharacter) else {
                invalid += 1
                continue
            }
            guard HTTPHeader.isValidValue(value) else {
                throw TelemetryError(
                    code: .invalidConfiguration,
                    message:
                        "\(variable) has a header \(name) whose value holds a control character (CR, LF, NUL or another); the value is not shown, and no OTLP sink was created. Remove the character."
                )
            }
            headers.append(HTTPHeader(name: name, value: value))
        }
        return (headers, invalid)
    }

    /// `text` with `%XX` sequences decoded as UTF-8, or `nil` when that is not valid UTF-8.
    /// A `%` not followed by two hex digits is kept as is.
    static func percentDecoded(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// RFC 9110 `tchar`: what a header field name may contain.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingWhitespace().isEmpty else { return nil }
        return value
    }
}
