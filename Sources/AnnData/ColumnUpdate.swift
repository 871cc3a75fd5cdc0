import AtomicFiles
import Checksums
import Foundation
import HDF5Kit

/// Adds (or replaces) obs and var columns of an h5ad without rewriting X: the file is copied to a
/// temporary path beside `output`, the columns are written into the copy, and the copy is put in
/// place of `output` in one step (`output` may be the source itself).
public enum ColumnUpdate {
    public struct Written: Sendable {
        public var size: Int
        public var checksum: Checksum
    }

    public static func write(source: URL, output: URL, obs: [(name: String, column: DataFrameColumn)],
                             `var` vars: [(name: String, column: DataFrameColumn)]) throws -> Written {
        let temporary = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
            do { try AtomicFile.copy(source, to: temporary) } catch { throw AnnDataError.io(path: temporary.path, message: error.message) }
            try annData {
                let root = try H5File.openForUpdate(temporary).root()
                try add(obs, to: try DataFrameLayout(root, "obs"))
                try add(vars, to: try DataFrameLayout(root, "var"))
            }
            let size = try FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int ?? 0
            let checksum = try Checksum(of: temporary, .sha256)
            do { try AtomicFile.replace(output, with: temporary) } catch { throw AnnDataError.io(path: output.path, message: error.message) }
            return Written(size: size, checksum: checksum)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if error is AnnDataError { throw error }
            throw AnnDataError.io(path: output.path, message: "\(error.localizedDescription)")
        }
    }

    /// Writes `columns` into the dataframe group; a column of the same name is replaced in its place.
    private static func add(_ columns: [(name: String, column: DataFrameColumn)], to frame: DataFrameLayout) throws {
        let rows = try frame.rowCount()
        var order = frame.columnOrder
        for (name, column) in columns {
            guard column.count == rows else {
                throw malformed(frame.group, "column '\(name)' has \(column.count) values for \(rows) rows")
            }
            guard name != frame.indexName else { throw malformed(frame.group, "column '\(name)' would replace the index") }
            if frame.group.contains(name) { try frame.group.removeMember(name) }
            try ElementWriter.writeColumn(column, named: name, in: frame.group)
            if !order.contains(name) { order.append(name) }
        }
        try frame.group.setAttribute("column-order", strings: order)
    }
}
