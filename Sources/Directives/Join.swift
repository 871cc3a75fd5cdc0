import Foundation
import Tables
import Weave

/// `{join}`: a left join of one table onto another by a key column, reporting keys that did
/// not match on either side (cells ← taxonomy on `cluster_alias`, say).
public struct Join: Directive {
    public static let name = "join"
    public static let summary = "Adds another table's columns to a table by a key (left join), reporting unmatched keys."
    public static let options = [
        OptionSpec("table", .string, required: true, help: "The table every row of which is kept: an earlier stage's id or a CSV file."),
        OptionSpec("with", .string, required: true, help: "The table whose columns are added (unique keys): a stage id or a CSV file."),
        OptionSpec("on", .string, required: true, help: "Key column present in both tables (compared as text)."),
        OptionSpec("output", .string, help: "CSV file to write the joined table to (relative to the report)."),
    ]
    public static let fields = [
        FieldSpec("rows", help: "Rows of the joined table (those of `table`)."),
        FieldSpec("columns", help: "Columns of the joined table."),
        FieldSpec("unmatched", help: "Distinct keys of `table` with no row in `with`."),
        FieldSpec("unmatched_rows", help: "Rows of `table` whose key has no row in `with`."),
        FieldSpec("unmatched_with", help: "Keys of `with` that no row of `table` uses."),
        FieldSpec("path", help: "The written CSV (when `output` is given)."),
    ]
    /// Unmatched keys listed in the report at most.
    static let listedKeys = 20

    let table: String
    let with: String
    let on: String
    let output: String?

    public init(options: DirectiveOptions) throws {
        table = options.string("table") ?? ""
        with = options.string("with") ?? ""
        on = options.string("on") ?? ""
        output = options.string("output")
    }

    public func run(in context: StageContext) async throws -> StageResult {
        let left = try await context.table(table, option: "table")
        let right = try await context.table(with, option: "with")
        let joined = try left.leftJoin(right, on: on)
        var fields: [String: Value] = [
            "rows": .int(joined.table.rowCount),
            "columns": .int(joined.table.columns.count),
            "unmatched": .int(joined.unmatchedLeftKeys.count),
            "unmatched_rows": .int(joined.unmatchedLeftRows),
            "unmatched_with": .int(joined.unmatchedRightKeys.count),
        ]
        var files = try context.inputRecords([table, with])
        if let output {
            let url = try context.output(output, option: "output")
            try CSVWriter.write(joined.table, to: url)
            files.append(try FileRecord(hashing: url, role: .output))
            fields["path"] = .string(output)
        }
        let added = joined.table.columnNames.dropFirst(left.columns.count)
        var html = "<p>\(HTML.escape("Joined \(with) onto \(table) by \(on): \(Value.int(joined.table.rowCount).prose) rows, added columns \(added.joined(separator: ", ")).")) "
        html += HTML.escape("\(Value.int(joined.unmatchedLeftRows).prose) rows (\(Value.int(joined.unmatchedLeftKeys.count).prose) keys) found no match; \(Value.int(joined.unmatchedRightKeys.count).prose) keys of \(with) were not used.") + "</p>\n"
        html += unmatchedList("Keys of \(table) without a match", joined.unmatchedLeftKeys)
        html += unmatchedList("Keys of \(with) not used", joined.unmatchedRightKeys)
        return StageResult(fields: fields, html: html, files: files, object: joined.table)
    }

    private func unmatchedList(_ title: String, _ keys: [String]) -> String {
        guard !keys.isEmpty else { return "" }
        let shown = keys.prefix(Self.listedKeys).map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ")
        let more = keys.count > Self.listedKeys ? HTML.escape(" … and \(Value.int(keys.count - Self.listedKeys).prose) more (first \(Self.listedKeys) shown)") : ""
        return "<p class=\"unmatched\">\(HTML.escape(title)): \(shown)\(more)</p>\n"
    }
}
