import AnnData
import Foundation
import Tables
import Weave

/// `{file-summary}`: a card per file with its path, size and MD5 (plus rows and columns of a
/// CSV, shape, X layout and obs/var columns of an h5ad), and the files recorded as inputs for
/// the provenance section.
struct FileSummary: Directive {
    static let name = "file-summary"
    static let summary = "Shows each file's path, size and MD5 checksum; rows and columns of a CSV; shape, X and obs/var columns of an h5ad."
    struct Options: DirectiveOptionSet {
        let files = Option<[String]>("files", help: "Files to summarise, relative to the report's folder.")
    }
    static let fields: [FieldSpec] = []

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        if options.files.isEmpty { throw options.invalid(\.files, "expected at least one file") }
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        var html: HTMLText = ""
        var records: [FileRecord] = []
        for path in options.files {
            let url = try context.input(path, option: "files")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw options.invalid(\.files, "no file at \(context.relativePath(url)) (from the report's folder)")
            }
            let record = try FileRecord(hashing: url, role: .input)
            records.append(record)
            html += HTML.card(title: path, items: [
                ("path", context.relativePath(url)),
                ("size", "\(NumberText.count(Int(record.size))) bytes"),
                ("MD5", record.checksum.hex),
            ] + (try contentItems(url)))
        }
        return StageResult(fields: [:], html: html, files: records)
    }

    /// What the content says, by extension: a CSV's rows and columns, an h5ad's shape and layout.
    private func contentItems(_ url: URL) throws -> [(String, String)] {
        switch url.pathExtension.lowercased() {
        case "csv":
            let table = try CSVReader.read(url)
            return [("rows", NumberText.count(table.rowCount)), ("columns", "\(NumberText.count(table.columns.count)): \(table.columnNames.joined(separator: ", "))")]
        case "h5ad":
            try SafeOpen.check(url)
            let summary = try AnnDataFile(url: url).summary()
            var items = [("shape", "\(NumberText.count(summary.cells)) cells × \(NumberText.count(summary.genes)) genes")]
            if let x = summary.x {
                items.append(("X", "\(x.encoding.rawValue), \(x.dtype)"))
                if let nnz = x.nnz { items.append(("nnz", NumberText.count(nnz))) }
            } else {
                items.append(("X", "none"))
            }
            func columns(_ list: [AnnDataSummary.Column]) -> String {
                list.isEmpty ? "none" : list.map { "\($0.name) (\($0.type))" }.joined(separator: ", ")
            }
            items.append(("obs columns", columns(summary.obsColumns)))
            items.append(("var columns", columns(summary.varColumns)))
            return items
        default:
            return []
        }
    }

}
