//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

extension ConsentRecord {
    /// Why a consent file could not be used.
    struct DecodingProblem: Error, Sendable, Hashable {
        package var message: String
    }

    /// The file's JSON: keys in a fixed order, compact, with a final newline.
    package func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter.append("{\"version\":", to: &bytes)
        JSONWriter.writeInteger(Self.currentVersion, into: &bytes)
        if let state {
            JSONWriter.append(",\"state\":", to: &bytes)
            JSONWriter.writeString(state.rawValue, into: &bytes)
        }
        if let decidedAt {
            JSONWriter.append(",\"decidedAt\":", to: &bytes)
            JSONWriter.writeString(Timestamp.format(decidedAt), into: &bytes)
        }
        JSONWriter.append(",\"noticeVersion\":", to: &bytes)
        JSONWriter.writeInteger(noticeVersion, into: &bytes)
        if let rotation {
            JSONWriter.append(",\"rotation\":", to: &bytes)
            JSONWriter.writeString(rotation, into: &bytes)
        }
        JSONWriter.append("}\n", to: &bytes)
        return bytes
    }

    /// Reads a consent file's bytes. Strict: an unknown version, a missing or mistyped key, or
    /// an unknown state is a problem, and the caller treats the whole file as unset.
    static func decode(_ bytes: [UInt8]) -> Result<ConsentRecord, DecodingProblem> {
        guard let value = try? TelemetryValue(jsonBytes: bytes) else {
            return .failure(DecodingProblem(message: "it is not valid JSON"))
        }
        guard let object = value.objectValue else {
            return .failure(DecodingProblem(message: "it is not a JSON object"))
        }
        guard let version = object["version"]?.intValue else {
            return .failure(DecodingProblem(message: "it has no integer \"version\""))
        }
        guard version == currentVersion else {
            return .failure(
                DecodingProblem(message: "its version \(version) is not one this library knows (\(currentVersion))")
            )
        }
        var record = ConsentRecord()
        switch object["state"] {
        case nil, .null?:
            break
        case .string(let text)?:
            guard let state = State(rawValue: text) else {
                return .failure(
                    DecodingProblem(
                        message: "its state \(text.debugDescription) is neither \"enabled\" nor \"disabled\""
                    )
                )
            }
            record.state = state
        default:
            return .failure(DecodingProblem(message: "its \"state\" is not a string"))
        }
        switch object["decidedAt"] {
        case nil, .null?:
            break
        case .string(let text)?:
            guard let date = Timestamp.parse(text) else {
                return .failure(DecodingProblem(message: "its \"decidedAt\" is not an RFC 3339 UTC timestamp"))
            }
            record.decidedAt = date
        default:
            return .failure(DecodingProblem(message: "its \"decidedAt\" is not a string"))
        }
        switch object["noticeVersion"] {
        case nil, .null?:
            break
        case .int(let number)? where number >= 0:
            record.noticeVersion = number
        default:
            return .failure(DecodingProblem(message: "its \"noticeVersion\" is not a non-negative integer"))
        }
        switch object["rotation"] {
        case nil, .null?:
            break
        case .string(let text)? where !text.isEmpty && text.utf8.count <= 256:
            record.rotation = text
        default:
            return .failure(DecodingProblem(message: "its \"rotation\" is not a short non-empty string"))
        }
        return .success(record)
    }
}
