import Tables
import Weave

/// `{table}`: shows a table, or its group counts, as an HTML table with a stated row cap.
struct TableView: Directive {
    static let name = "table"
    static let summary = "Shows a table's rows, or row counts per group, sorted and capped."
    struct Options: DirectiveOptionSet {
        let table = Option<String>("table", help: "An earlier stage's id, or a CSV file relative to the report.")
        let columns = Option<[String]?>("columns", help: "Columns to show (default: all; with group-by, the group columns).")
        let groupBy = Option<[String]?>("group-by", help: "Show one row per distinct combination of these columns, with a `count` column.")
        let sortBy = Option<String?>("sort-by", help: "Column to sort by; a leading '-' sorts descending (e.g. -count).")
        let limit = Option("limit", default: 20, in: 1..., help: "Rows shown at most.")
    }
    static let fields = [
        FieldSpec("rows", help: "Rows of the table (groups, with group-by) before the limit."),
    ]

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let (table, columns, groupBy, sortBy, limit) = (options.table, options.columns, options.groupBy, options.sortBy, options.limit)
        let source = try await context.table(table, option: "table")
        // Cells are made into strings only for the rows shown (the table may have millions).
        let header: [String]
        let numeric: Set<Int>
        let count: Int
        let cell: (_ row: Int, _ column: Int) -> String
        let number: (_ row: Int, _ column: Int) -> Double?
        if let groupBy, !groupBy.isEmpty {
            let groups = try source.groupCounts(by: groupBy)
            header = groupBy + ["count"]
            var numericColumns: Set<Int> = [groupBy.count]
            for (i, name) in groupBy.enumerated() where try source.column(name).isNumeric { numericColumns.insert(i) }
            numeric = numericColumns
            count = groups.count
            cell = { row, column in column < groupBy.count ? groups[row].keys[column] : String(groups[row].count) }
            number = { row, column in Double(cell(row, column)) }
        } else {
            let shown = try (columns ?? source.columnNames).map { name throws(TableError) in try source.column(name) }
            header = shown.map(\.name)
            numeric = Set(shown.indices.filter { shown[$0].isNumeric })
            count = source.rowCount
            cell = { row, column in shown[column].text(at: row) }
            number = { row, column in shown[column].number(at: row) }
        }
        var order = Array(0..<count)
        if let sortBy {
            let descending = sortBy.hasPrefix("-")
            let name = descending ? String(sortBy.dropFirst()) : sortBy
            guard let index = header.firstIndex(of: name) else {
                throw options.invalid(\.sortBy, "no column '\(name)' among \(header.joined(separator: ", "))")
            }
            if numeric.contains(index) {
                // Missing numbers sort first (ascending).
                let keys = order.map { number($0, index) ?? -.infinity }
                order = order.sortedStably { descending ? keys[$0] > keys[$1] : keys[$0] < keys[$1] }
            } else {
                let keys = order.map { cell($0, index) }
                order = order.sortedStably { descending ? keys[$0] > keys[$1] : keys[$0] < keys[$1] }
            }
        }
        let rows = order.prefix(limit).map { row in header.indices.map { cell(row, $0) } }
        let note = count > limit
            ? "Showing the first \(NumberText.count(limit)) of \(NumberText.count(count)) rows."
            : "\(NumberText.count(count)) rows."
        // The download holds every row in the order shown; the source CSV stands in for it when
        // too large to embed, if the table is that file's columns unchanged.
        let whole = (groupBy ?? []).isEmpty && columns == nil
        let all = TableDownload(header: header, rowCount: count, file: whole ? csvFile(of: table, in: context) : nil) { [order] row, column in
            cell(order[row], column)
        }
        let html = HTML.table(header: header, rows: rows, numericColumns: numeric, note: note, all: all)
        return StageResult(fields: ["rows": .int(count)], html: html, files: try context.inputRecords([table]))
    }

    /// The CSV file a table reference stands for (from the report's folder): the file it names,
    /// or the one CSV the stage it names wrote.
    private func csvFile(of reference: String, in context: StageContext) -> String? {
        guard let stage = context.earlier.last(where: { $0.id == reference }) else {
            return reference.lowercased().hasSuffix(".csv") ? reference : nil
        }
        let written = stage.result.files.filter { $0.role == .output && $0.path.lowercased().hasSuffix(".csv") }
        guard written.count == 1 else { return nil }
        return context.relativePath(context.resolve(written[0].path))
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
