import Tables
import Weave

/// `{table}`: shows a table, or its group counts, as an HTML table with a stated row cap.
public struct TableView: Directive {
    public static let name = "table"
    public static let summary = "Shows a table's rows, or row counts per group, sorted and capped."
    public static let options = [
        OptionSpec("table", .string, required: true, help: "An earlier stage's id, or a CSV file relative to the report."),
        OptionSpec("columns", .stringList, help: "Columns to show (default: all; with group-by, the group columns)."),
        OptionSpec("group-by", .stringList, help: "Show one row per distinct combination of these columns, with a `count` column."),
        OptionSpec("sort-by", .string, help: "Column to sort by; a leading '-' sorts descending (e.g. -count)."),
        OptionSpec("limit", .integer, default: .int(20), help: "Rows shown at most."),
    ]
    public static let fields = [
        FieldSpec("rows", help: "Rows of the table (groups, with group-by) before the limit."),
    ]

    let table: String
    let columns: [String]?
    let groupBy: [String]?
    let sortBy: String?
    let limit: Int

    public init(options: DirectiveOptions) throws {
        table = options.string("table") ?? ""
        columns = options.strings("columns")
        groupBy = options.strings("group-by")
        sortBy = options.string("sort-by")
        limit = options.int("limit") ?? 20
        guard limit > 0 else { throw DirectiveError.invalidOption(name: "limit", message: "expected a positive number of rows, not \(limit)") }
    }

    public func run(in context: StageContext) async throws -> StageResult {
        let source = try context.table(table)
        var header: [String]
        var rows: [[String]]
        var numeric: Set<Int>
        if let groupBy, !groupBy.isEmpty {
            let groups = try source.groupCounts(by: groupBy)
            header = groupBy + ["count"]
            rows = groups.map { $0.keys + [String($0.count)] }
            numeric = [groupBy.count]
            for (i, name) in groupBy.enumerated() where try source.column(name).isNumeric { numeric.insert(i) }
        } else {
            let shown = try (columns ?? source.columnNames).map { name throws(TableError) in try source.column(name) }
            header = shown.map(\.name)
            rows = (0..<source.rowCount).map { row in shown.map { $0.text(at: row) } }
            numeric = Set(shown.indices.filter { shown[$0].isNumeric })
        }
        if let sortBy {
            let descending = sortBy.hasPrefix("-")
            let name = descending ? String(sortBy.dropFirst()) : sortBy
            guard let index = header.firstIndex(of: name) else {
                throw DirectiveError.invalidOption(name: "sort-by", message: "no column '\(name)' among \(header.joined(separator: ", "))")
            }
            let isNumber = numeric.contains(index)
            let ascending: ([String], [String]) -> Bool = { a, b in
                if isNumber { return (Double(a[index]) ?? -.infinity) < (Double(b[index]) ?? -.infinity) }
                return a[index] < b[index]
            }
            rows = descending ? rows.sortedStably { ascending($1, $0) } : rows.sortedStably(by: ascending)
        }
        let total = rows.count
        let note = total > limit
            ? "Showing the first \(Value.int(limit).prose) of \(Value.int(total).prose) rows."
            : "\(Value.int(total).prose) rows."
        let html = HTML.table(header: header, rows: Array(rows.prefix(limit)), numericColumns: numeric, note: note)
        return StageResult(fields: ["rows": .int(total)], html: html, files: try context.inputRecords([table]))
    }
}

extension Array {
    /// A stable sort (equal elements keep their order), so sorted tables are reproducible.
    func sortedStably(by less: (Element, Element) -> Bool) -> [Element] {
        enumerated().sorted { a, b in
            less(a.element, b.element) || (!less(b.element, a.element) && a.offset < b.offset)
        }.map(\.element)
    }
}
