//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry tail FILE`: the last events of a JSONL log, optionally following it.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the last events of a JSONL event log.",
        discussion: """
            One line per event for people (timestamp, name, tool and version, attributes); with
            --json, the event lines exactly as stored. Lines that are not valid events are skipped
            with a warning on stderr. Exit 2 when the file cannot be read.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(name: [.customShort("n"), .customLong("lines")], help: "How many events to print.")
    var count: Int = 10

    @Flag(name: .long, help: "Keep printing events as they are appended (stop with Ctrl-C).")
    var follow = false

    @Argument(help: ArgumentHelp("The JSONL file to read.", valueName: "file"))
    var file: String

    func validate() throws {
        guard count >= 0 else { throw ValidationError("-n must be 0 or more") }
    }

    func run() async throws {
        let lines: [(line: [UInt8], terminated: Bool)]
        do {
            lines = try EventLogReader.lastLines(atPath: file, count: count, maximumLineLength: EventLogAudit.maximumLineLength)
        } catch {
            Console.diagnostic(error.message)
            throw CommandExitCode.io
        }
        for (line, terminated) in lines {
            // An unterminated last line may still be being written: `--follow` prints it once whole.
            if !terminated, follow { continue }
            show(line)
        }
        guard follow else { return }
        try await followFile(startingAfter: lines.last.map { !$0.terminated } ?? false)
    }

    private func show(_ line: some Collection<UInt8>) {
        switch EventLogAudit.parse(line: line) {
        case .success(let event):
            if options.json {
                Console.output(String(decoding: Array(line), as: UTF8.self))
            } else {
                var text = "\(Timestamp.format(event.timestamp))  \(event.name)  \(event.tool) \(event.toolVersion)"
                if !event.attributes.isEmpty { text += "  \(TelemetryValue.object(event.attributes))" }
                Console.output(text)
            }
        case .failure(let problem):
            Console.diagnostic("warning: skipped a line that is not a valid event: \(problem.message)")
        }
    }

    /// Polls the file for appended bytes and prints each complete new line.
    private func followFile(startingAfter hasPartialLine: Bool) async throws {
        var offset: Int
        do {
            offset = try EventLogReader.appendedBytes(atPath: file, from: Int.max, maximumBytes: 0).size
        } catch {
            Console.diagnostic(error.message)
            throw CommandExitCode.io
        }
        var pending: [UInt8] = []
        if hasPartialLine {
            // Re-read the unterminated tail so it is printed once complete.
            let lines = try? EventLogReader.lastLines(atPath: file, count: 1, maximumLineLength: EventLogAudit.maximumLineLength)
            if let last = lines?.last, !last.terminated { pending = last.line }
        }
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(200))
            let chunk: (bytes: [UInt8], size: Int)
            do {
                chunk = try EventLogReader.appendedBytes(atPath: file, from: offset, maximumBytes: 1 << 20)
            } catch {
                continue  // rotated away for a moment: try again
            }
            if chunk.size < offset {
                Console.diagnostic("\(file) was truncated; following from its start")
                offset = 0
                pending = []
                continue
            }
            offset += chunk.bytes.count
            pending.append(contentsOf: chunk.bytes)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                show(pending[..<newline])
                pending.removeSubrange(...newline)
            }
            if pending.count > EventLogAudit.maximumLineLength {
                Console.diagnostic("warning: skipped a line longer than \(EventLogAudit.maximumLineLength) bytes")
                pending = []
            }
        }
    }
}
