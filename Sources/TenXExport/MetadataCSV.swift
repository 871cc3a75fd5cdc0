import AnnData
import Foundation

/// obs or var as CSV, as pandas' `to_csv` writes a frame: the index first (under its name),
/// then the columns in order; missing values empty; fields quoted when they must be.
enum MetadataCSV {
    static func write(_ frame: DataFrame, to url: URL) throws {
        let output = try BlockOutput(url: url, compressionLevel: nil)
        let columns = frame.columnNames.compactMap { frame.columns[$0] }
        var text = ([frame.indexName] + frame.columnNames).map(field).joined(separator: ",") + "\n"
        for (row, name) in frame.index.enumerated() {
            text += field(name)
            for column in columns { text += "," + field(column.text(at: row) ?? "") }
            text += "\n"
            if text.utf8.count > 1 << 20 {
                try output.write(Array(text.utf8))
                text = ""
            }
        }
        try output.write(Array(text.utf8))
        try output.close()
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
