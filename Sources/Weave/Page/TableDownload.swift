import Foundation
import TextFormats

/// A table's full rows as a CSV the reader downloads from the page: embedded as a
/// `data:text/csv` URI up to `embedCap` bytes of CSV, beyond that a link to the table's CSV
/// file (from the report's folder) when it has one, else a note that it is too large to embed.
/// The page shows at most `HTML.rowCap` rows; the download always carries all of them.
public struct TableDownload {
    public let header: [String]
    public let rowCount: Int
    /// The table's CSV file, from the report's folder; linked when the CSV is over the cap.
    public let file: String?
    private let cell: (_ row: Int, _ column: Int) -> String

    /// Cells are asked for lazily, so a table of millions of rows is not turned into text past the cap.
    public init(header: [String], rowCount: Int, file: String? = nil, cell: @escaping (_ row: Int, _ column: Int) -> String) {
        self.header = header
        self.rowCount = rowCount
        self.file = file
        self.cell = cell
    }

    /// Rows already made into text (small tables: all of them are on the page).
    public init(header: [String], rows: [[String]], file: String? = nil) {
        self.init(header: header, rowCount: rows.count, file: file) { row, column in
            column < rows[row].count ? rows[row][column] : ""
        }
    }

    /// CSV bytes a report embeds per table at most, so a report with many tables stays small
    /// enough to open: 1 MB (about 1.33 MB of base64 in the page).
    public static let embedCap = 1 << 20

    /// The table as RFC 4180 CSV (CRLF line ends, fields quoted when needed), or nil once it
    /// would pass `cap` bytes.
    /// Fields with edge spaces or any line break are quoted too, for the spreadsheets it opens in.
    public func csv(cap: Int = embedCap) -> String? {
        var out: [UInt8] = []
        CSVField.appendRecord(header, to: &out, quoteEdgeSpaces: true, crlf: true)
        guard out.count <= cap else { return nil }
        for row in 0..<rowCount {
            CSVField.appendRecord(header.indices.map { cell(row, $0) }, to: &out, quoteEdgeSpaces: true, crlf: true)
            guard out.count <= cap else { return nil }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The link (or the note) the table's note line ends with.
    public var link: HTMLText {
        let rows = "\(NumberText.count(rowCount)) \(rowCount == 1 ? "row" : "rows")"
        let cap = ByteSize.format(Int64(Self.embedCap))
        if let csv = csv() {
            let uri = "data:text/csv;charset=utf-8;base64," + Data(csv.utf8).base64EncodedString()
            return "<a class=\"table-download\" href=\"\(uri)\" download=\"table.csv\">Download CSV</a> <span class=\"download-note\">(all \(rows), \(ByteSize.format(Int64(csv.utf8.count))); embedded up to \(cap))</span>"
        }
        if let file, let href = Self.href(file) {
            return "<a class=\"\(raw: Self.fileLinkClass)\" href=\"\(href)\">CSV file</a> <span class=\"download-note\">(\(rows), over the \(cap) a report embeds)</span>"
        }
        return "<span class=\"download-note\">The table (\(rows)) is over the \(cap) a report embeds as a download, and has no CSV file.</span>"
    }

    /// A relative file path as an `href`: percent-encoded, `:` too, so it is never read as a URL
    /// scheme. Absolute paths are not linked (a report names no absolute local path).
    static func href(_ path: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        return path.addingPercentEncoding(withAllowedCharacters: pathCharacters)
    }

    private static let pathCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: ":"))

    static let fileLinkClass = "table-file"

    /// The page lives in the report's output folder, not always the report's own: file links,
    /// written from the report's folder, get `prefix` (the way from the page to that folder).
    /// Only `link` writes this class before an `href`; data cannot (its quotes are escaped).
    static func rebaseFileLinks(_ html: String, prefix: String) -> String {
        guard prefix != ".", let encoded = href(prefix) else { return html }
        let marker = "<a class=\"\(fileLinkClass)\" href=\""
        return html.replacingOccurrences(of: marker, with: marker + HTML.escape(encoded) + "/")
    }
}
