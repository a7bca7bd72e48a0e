//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The collector's one HTML page: a tool's report as charts, drawn on the server as inline SVG.
/// No script, no style sheet, no font or image from elsewhere: it renders offline, and the page
/// can be served under a strict `Content-Security-Policy`.
enum ReportPage {
    /// The colour of every bar (the screenshot test looks for it).
    static let barColor = "#2f6fdf"

    static func html(report: CollectorReport, tools: [String]) -> String {
        var body = "<h1>\(escape(report.tool))</h1>"
        if tools.count > 1 {
            body +=
                "<p>Tools: "
                + tools.map { "<a href=\"/?tool=\(escape($0))\">\(escape($0))</a>" }.joined(separator: " · ") + "</p>"
        }
        if report.weeks.isEmpty {
            body += "<p>No events yet.</p>"
        } else {
            body += "<h2>Events per week</h2>" + weekChart(report.weeks)
            func totals(_ keyPath: KeyPath<CollectorReport.Week, [String: Int]>) -> [(String, Int)] {
                var sums: [String: Int] = [:]
                for week in report.weeks {
                    for (key, count) in week[keyPath: keyPath] { sums[key, default: 0] += count }
                }
                return sums.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            }
            body += "<h2>By event</h2>" + barChart(totals(\.byName))
            body += "<h2>By tool version</h2>" + barChart(totals(\.byToolVersion))
            body += "<h2>By operating system</h2>" + barChart(totals(\.byOperatingSystem))
            body += "<h2>By architecture</h2>" + barChart(totals(\.byArchitecture))
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(report.tool)) · telemetry</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family: sans-serif; margin: 2em; color: #222">\(body)
            <p style="color: #666">Counts of anonymous events, per week starting Monday (UTC). What may be collected: <a href="/v1/schema/\(escape(report.tool))">the schema</a>.</p>
            </body></html>
            """
    }

    /// Vertical bars, one per week.
    private static func weekChart(_ weeks: [CollectorReport.Week]) -> String {
        let width = 60 * weeks.count + 40
        let maximum = max(1, weeks.map(\.events).max() ?? 1)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"240\" role=\"img\" aria-label=\"events per week\">"
        for (index, week) in weeks.enumerated() {
            let height = max(2, 180 * week.events / maximum)
            let x = 20 + 60 * index
            svg +=
                "<rect x=\"\(x)\" y=\"\(200 - height)\" width=\"40\" height=\"\(height)\" fill=\"\(barColor)\"><title>\(week.events)</title></rect>"
            svg +=
                "<text x=\"\(x + 20)\" y=\"\(195 - height)\" font-size=\"11\" text-anchor=\"middle\">\(week.events)</text>"
            svg +=
                "<text x=\"\(x + 20)\" y=\"220\" font-size=\"10\" text-anchor=\"middle\">\(escape(String(week.start.dropFirst(5))))</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with their labels and counts.
    private static func barChart(_ rows: [(String, Int)]) -> String {
        let shown = rows.prefix(20)
        let maximum = max(1, shown.map(\.1).max() ?? 1)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"\(24 * shown.count + 8)\" role=\"img\">"
        for (index, (label, count)) in shown.enumerated() {
            let y = 4 + 24 * index
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(escape(String(label.prefix(40))))</text>"
            svg +=
                "<rect x=\"260\" y=\"\(y)\" width=\"\(max(2, 320 * count / maximum))\" height=\"18\" fill=\"\(barColor)\"></rect>"
            svg += "<text x=\"\(266 + 320 * count / maximum)\" y=\"\(y + 14)\" font-size=\"11\">\(count)</text>"
        }
        return svg + "</svg>"
    }

    /// Text for HTML: `& < > " '` as entities; an event name is whatever a sender wrote.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
