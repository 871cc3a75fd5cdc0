import Foundation
import Tables
import Weave

/// `{histogram}`: an inline SVG histogram of a numeric column, or of group sizes (`count-by`).
struct Histogram: Directive {
    static let name = "histogram"
    static let summary = "Draws a histogram of a numeric column, or of the number of rows per group."
    struct Options: DirectiveOptionSet {
        let table = Option<String>("table", help: "An earlier stage's id, or a CSV file relative to the report.")
        let column = Option<String?>("column", help: "Numeric column whose values are counted (give this or count-by); infinite values are left out and stated.")
        let countBy = Option<String?>("count-by", help: "Column whose groups are counted: a histogram of rows per group (give this or column).")
        let log10 = Option("log10", default: false, help: "Bin log10 of the values (values ≤ 0 are left out and stated).")
        let bins = Option("bins", default: 30, in: 1...500, help: "Number of equal-width bins.")
        let title = Option<String?>("title", help: "Chart title.")
        let xLabel = Option<String?>("x-label", help: "X axis label (default: the column, or rows per group).")
        let yLabel = Option<String?>("y-label", help: "Y axis label (default: rows, or groups).")
    }
    static let fields = [
        FieldSpec("bins", help: "The bins: a list of records with lower, upper and count."),
        FieldSpec("values", help: "How many values were binned."),
    ]

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        guard (options.column == nil) != (options.countBy == nil) else {
            throw options.invalid(options.column == nil ? \.column : \.countBy,
                                  "give exactly one of 'column' (a numeric column) and 'count-by' (a column whose groups are counted)")
        }
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let source = try await context.table(options.table, option: "table")
        var values: [Double] = []
        if let countBy = options.countBy {
            values = try source.groupCounts(by: countBy).map { Double($0.count) }
        } else if let column = options.column {
            let data = try source.column(column)
            guard data.isNumeric else {
                let offending = source.firstNonNumber(in: data).map { "; \($0)" } ?? ""
                throw options.invalid(\.column, "column '\(column)' of \(options.table) is not numeric\(offending) (use count-by to count its groups)")
            }
            values = (0..<data.count).compactMap { data.number(at: $0) }
        }
        var notes: [String] = []
        // ±infinity (a CSV value beyond Double's range, such as 1e309, reads as one) has no bin.
        let finite = values.filter(\.isFinite)
        if finite.count < values.count {
            notes.append("\(NumberText.count(values.count - finite.count)) infinite values (beyond ±1.8e308) left out.")
            values = finite
        }
        if options.log10 {
            let positive = values.filter { $0 > 0 }
            if positive.count < values.count {
                notes.append("\(NumberText.count(values.count - positive.count)) values ≤ 0 left out of the log10 scale.")
            }
            values = positive.map { Foundation.log10($0) }
        }
        let bins = HistogramChart.bins(of: values, count: options.bins)
        let subject = options.countBy.map { "rows per \($0)" } ?? options.column ?? ""
        let chart = HistogramChart(
            bins: bins,
            title: options.title ?? "Histogram of \(subject)",
            xLabel: options.xLabel ?? (options.log10 ? "\(subject) (log10 scale)" : subject),
            yLabel: options.yLabel ?? (options.countBy.map { "\($0) groups" } ?? "rows"),
            log10Axis: options.log10)
        notes.insert("\(NumberText.count(values.count)) values in \(bins.count) bins.", at: 0)
        let html: HTMLText = "<figure class=\"histogram\">\n\(chart.svg)<figcaption>\(notes.joined(separator: " "))</figcaption></figure>\n"
        let binValues: [Value] = bins.map { .record(["lower": .double($0.lower), "upper": .double($0.upper), "count": .int($0.count)]) }
        return StageResult(fields: ["bins": .list(binValues), "values": .int(values.count)], html: html,
                           files: try context.inputRecords([options.table]))
    }
}
