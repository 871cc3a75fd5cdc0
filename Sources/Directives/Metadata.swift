import Checksums
import AtlasAccess
import Foundation
import Tables
import TextFormats
import Weave

/// `{metadata}`: one metadata table of the release opened by the `atlas` stage above, fetched
/// through the cache (downloaded, adopted or reused) and read as a table for later stages.
struct Metadata: Directive {
    static let name = "metadata"
    static let summary = "Fetches a metadata CSV of the atlas release (through the cache) and reads it as a table."
    struct Options: DirectiveOptionSet {
        let directory = Option<String>("directory", help: "The release directory, e.g. WMB-10X or WMB-taxonomy.")
        let file = Option<String>("file", help: "The file's name without extension, e.g. cell_metadata.")
    }
    static let fields = [
        FieldSpec("rows", help: "Rows of the table."),
        FieldSpec("columns", help: "Column names, in file order."),
        FieldSpec("distinct", help: "Distinct values per column: distinct.COLUMN."),
        FieldSpec("path", help: "The local file, relative to the report's folder when inside it."),
        FieldSpec("md5", help: "The file's MD5, verified against the manifest."),
    ]
    /// Rows shown in the report.
    static let previewRows = 10

    let options: OptionValues<Options>
    var directory: String { options.directory }
    var file: String { options.file }

    init(options: OptionValues<Options>) throws {
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let release = try await context.atlasRelease()
        let entry = try release.file(directory: directory, name: file)
        let progress = context.progress
        let fetched = try await release.fetch(entry, verify: context.verifyInputs) { event in
            if event.isMilestone { progress(event.text) }
        }
        let table = try CSVReader.read(fetched.path)
        let path = context.relativePath(fetched.path)
        let fields: [String: Value] = [
            "rows": .int(table.rowCount),
            "columns": .list(table.columnNames.map { .string($0) }),
            "distinct": .record(Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, Value.int($0.distinctCount)) })),
            "path": .string(path),
            "md5": .string(fetched.md5),
        ]
        // The fetch verified the MD5 (or the cache's record vouches for it): no second hash of a large file.
        let record = FileRecord(path: fetched.path.path, role: .input, size: entry.size, checksum: Checksum(.md5, hex: fetched.md5))
        return StageResult(fields: fields, html: html(release: release, fetched: fetched, path: path, table: table),
                           files: [record], object: table)
    }

    private func html(release: AtlasRelease, fetched: FetchedFile, path: String, table: Table) -> HTMLText {
        let origin = switch fetched.origin {
        case .cached: "reused from the cache (recorded download)"
        case .adopted: "found in the cache, put there by another tool; MD5 checked and recorded"
        case .downloaded: "downloaded now"
        }
        let card = HTML.card(title: "\(directory) / \(file)", items: [
            ("directory", directory), ("file", fetched.file.fileName), ("release", release.version),
            ("local path", path), ("size", ByteSize.format(fetched.file.size)),
            ("MD5", "\(fetched.md5) (\(fetched.verificationText))"), ("obtained", origin),
            ("table", "\(NumberText.count(table.rowCount)) rows × \(table.columns.count) columns"),
        ])
        let shown = min(Self.previewRows, table.rowCount)
        let rows = (0..<shown).map { row in table.columns.map { $0.text(at: row) } }
        let numeric = Set(table.columns.indices.filter { table.columns[$0].isNumeric })
        let all = TableDownload(header: table.columnNames, rowCount: table.rowCount, file: path) { row, column in
            table.columns[column].text(at: row)
        }
        return card + HTML.cappedTable(header: table.columnNames, rows: rows, all: all, numericColumns: numeric, cap: Self.previewRows)
    }
}
