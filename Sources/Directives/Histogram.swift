import Foundation
import Tables
import Weave

/// `{histogram}`: an inline SVG histogram of a numeric column, or of group sizes (`count-by`).
public struct Histogram: Directive {
    public static let name = "histogram"
    public static let summary = "Draws a histogram of a numeric column, or of the number of rows per group."
    public static let options = [
        OptionSpec("table", .string, required: true, help: "An earlier stage's id, or a CSV file relative to the report."),
        OptionSpec("column", .string, help: "Numeric column whose values are counted (give this or count-by)."),
        OptionSpec("count-by", .string, help: "Column whose groups are counted: a histogram of rows per group (give this or column)."),
        OptionSpec("log10", .boolean, default: .bool(false), help: "Bin log10 of the values (values ≤ 0 are left out and stated)."),
        OptionSpec("bins", .integer, default: .int(30), help: "Number of equal-width bins."),
        OptionSpec("title", .string, help: "Chart title."),
        OptionSpec("x-label", .string, help: "X axis label (default: the column, or rows per group)."),
        OptionSpec("y-label", .string, help: "Y axis label (default: rows, or groups)."),
    ]
    public static let fields = [
        FieldSpec("bins", help: "The bins: a list of records with lower, upper and count."),
        FieldSpec("values", help: "How many values were binned."),
    ]

    let table: String
    let column: String?
    let countBy: String?
    let log10: Bool
    let binCount: Int
    let title: String?
    let xLabel: String?
    let yLabel: String?

    public init(options: DirectiveOptions) throws {
        table = options.string("table") ?? ""
        column = options.string("column")
        countBy = options.string("count-by")
        log10 = options.bool("log10") ?? false
        binCount = options.int("bins") ?? 30
        title = options.string("title")
        xLabel = options.string("x-label")
        yLabel = options.string("y-label")
        guard (column == nil) != (countBy == nil) else {
            throw DirectiveError.invalidOption(name: column == nil ? "column" : "count-by",
                                               message: "give exactly one of 'column' (a numeric column) and 'count-by' (a column whose groups are counted)")
        }
        guard binCount > 0, binCount <= 500 else {
            throw DirectiveError.invalidOption(name: "bins", message: "expected 1 to 500 bins, not \(binCount)")
        }
    }

    public func run(in context: StageContext) async throws -> StageResult {
        let source = try await context.table(table, option: "table")
        var values: [Double]
        if let countBy {
            values = try source.groupCounts(by: countBy).map { Double($0.count) }
        } else if let column {
            let data = try source.column(column)
            guard data.isNumeric else {
                let offending = source.firstNonNumber(in: data).map { "; \($0)" } ?? ""
                throw DirectiveError.invalidOption(name: "column", message: "column '\(column)' of \(table) is not numeric\(offending) (use count-by to count its groups)")
            }
            values = (0..<data.count).compactMap { data.number(at: $0) }
        } else {
            values = []
        }
        var notes: [String] = []
        // ±infinity (a CSV value beyond Double's range, such as 1e309, reads as one) has no bin.
        let finite = values.filter(\.isFinite)
        if finite.count < values.count {
            notes.append("\(Value.int(values.count - finite.count).prose) infinite values (beyond ±1.8e308) left out.")
            values = finite
        }
        if log10 {
            let positive = values.filter { $0 > 0 }
            if positive.count < values.count {
                notes.append("\(Value.int(values.count - positive.count).prose) values ≤ 0 left out of the log10 scale.")
            }
            values = positive.map { Foundation.log10($0) }
        }
        let bins = HistogramChart.bins(of: values, count: binCount)
        let subject = countBy.map { "rows per \($0)" } ?? column ?? ""
        let chart = HistogramChart(
            bins: bins,
            title: title ?? "Histogram of \(subject)",
            xLabel: xLabel ?? (log10 ? "\(subject) (log10 scale)" : subject),
            yLabel: yLabel ?? (countBy != nil ? "\(countBy!) groups" : "rows"),
            log10Axis: log10)
        notes.insert("\(Value.int(values.count).prose) values in \(bins.count) bins.", at: 0)
        let html = "<figure class=\"histogram\">\n\(chart.svg)<figcaption>\(HTML.escape(notes.joined(separator: " ")))</figcaption></figure>\n"
        let binValues: [Value] = bins.map { .record(["lower": .double($0.lower), "upper": .double($0.upper), "count": .int($0.count)]) }
        return StageResult(fields: ["bins": .list(binValues), "values": .int(values.count)], html: html,
                           files: try context.inputRecords([table]))
    }
}
