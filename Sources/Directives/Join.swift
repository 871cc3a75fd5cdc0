import Foundation
import Tables
import Weave

/// `{join}`: a left join of one table onto another by a key column, reporting keys that did
/// not match on either side (cells ← taxonomy on `cluster_alias`, say).
struct Join: Directive {
    static let name = "join"
    static let summary = "Adds another table's columns to a table by a key (left join), reporting unmatched keys."
    struct Options: DirectiveOptionSet {
        let table = Option<String>("table", help: "The table every row of which is kept: an earlier stage's id or a CSV file.")
        let with = Option<String>("with", help: "The table whose columns are added (unique keys): a stage id or a CSV file.")
        let on = Option<String>("on", help: "Key column present in both tables (compared as text).")
        let output = Option<String?>("output", help: "CSV file to write the joined table to (relative to the report).")
    }
    static let fields = [
        FieldSpec("rows", help: "Rows of the joined table (those of `table`)."),
        FieldSpec("columns", help: "Columns of the joined table."),
        FieldSpec("unmatched", help: "Distinct keys of `table` with no row in `with`."),
        FieldSpec("unmatched_rows", help: "Rows of `table` whose key has no row in `with`."),
        FieldSpec("unmatched_with", help: "Keys of `with` that no row of `table` uses."),
        FieldSpec("path", help: "The written CSV (when `output` is given)."),
    ]
    /// Unmatched keys listed in the report at most.
    static let listedKeys = 20

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let (table, with) = (options.table, options.with)
        let left = try await context.table(table, option: "table")
        let right = try await context.table(with, option: "with")
        let joined = try left.leftJoin(right, on: options.on)
        var fields: [String: Value] = [
            "rows": .int(joined.table.rowCount),
            "columns": .int(joined.table.columns.count),
            "unmatched": .int(joined.unmatchedLeftKeys.count),
            "unmatched_rows": .int(joined.unmatchedLeftRows),
            "unmatched_with": .int(joined.unmatchedRightKeys.count),
        ]
        var files = try context.inputRecords([table, with])
        if let output = options.output {
            let url = try context.output(output, option: "output")
            try CSVWriter.write(joined.table, to: url)
            files.append(try FileRecord(hashing: url, role: .output))
            fields["path"] = .string(output)
        }
        let added = joined.table.columnNames.dropFirst(left.columns.count)
        var html: HTMLText = "<p>Joined \(with) onto \(table) by \(options.on): \(NumberText.count(joined.table.rowCount)) rows, added columns \(added.joined(separator: ", ")). "
        html += "\(NumberText.count(joined.unmatchedLeftRows)) rows (\(NumberText.count(joined.unmatchedLeftKeys.count)) keys) found no match; \(NumberText.count(joined.unmatchedRightKeys.count)) keys of \(with) were not used.</p>\n"
        html += unmatchedList("Keys of \(table) without a match", joined.unmatchedLeftKeys)
        html += unmatchedList("Keys of \(with) not used", joined.unmatchedRightKeys)
        return StageResult(fields: fields, html: html, files: files, object: joined.table)
    }

    private func unmatchedList(_ title: String, _ keys: [String]) -> HTMLText {
        guard !keys.isEmpty else { return "" }
        let shown = keys.prefix(Self.listedKeys).map { key -> HTMLText in "<code>\(key)</code>" }.joined(separator: ", ")
        let more = keys.count > Self.listedKeys ? " … and \(NumberText.count(keys.count - Self.listedKeys)) more (first \(Self.listedKeys) shown)" : ""
        return "<p class=\"unmatched\">\(title): \(shown)\(more)</p>\n"
    }
}
