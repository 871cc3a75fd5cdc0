import AnnData
import Foundation
import Tables

/// obs or var as CSV, as pandas' `to_csv` writes a frame: the index first (under its name),
/// then the columns in order; missing values empty; fields quoted when they must be.
enum MetadataCSV {
    static func write(_ frame: DataFrame, to url: URL) throws {
        let output = try BlockOutput(url: url, compressionLevel: nil)
        let columns = frame.columnNames.compactMap { frame.columns[$0] }
        var bytes: [UInt8] = []
        CSVLine.append([frame.indexName] + frame.columnNames, to: &bytes)
        for (row, name) in frame.index.enumerated() {
            CSVLine.append([name] + columns.map { $0.text(at: row) ?? "" }, to: &bytes)
            if bytes.count > 1 << 20 {
                try output.write(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        try output.write(bytes)
        try output.close()
    }
}
