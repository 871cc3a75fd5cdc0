import AnnData
import AtomicFiles
import Dispatch
import Foundation
import Locking
import Synchronization

/// Writes an h5ad as a 10x Genomics matrix folder (what Cell Ranger writes and
/// `Seurat::Read10X`, `scanpy.read_10x_mtx` and `Matrix::readMM` read): the counts as a
/// genes × cells Matrix Market file, the features (id, symbol, `Gene Expression`), the
/// barcodes, and obs and var as CSV.
///
/// X is streamed in row chunks, once. Matrix Market entries may come in any order, and a 10x
/// file lists them barcode by barcode, which is the order of X's rows: each row of cells × genes
/// X is one column of the genes × cells file, so the transpose needs no sort and the memory stays
/// ∝ the chunk. Each chunk's rows are formatted (and compressed, as separate gzip members) by two
/// threads. The header's two facts known only at the end are settled without a pass of their
/// own: the entry count is written padded to a fixed width and overwritten in place, and
/// floating-point X is written as integers until a value that is not whole shows up (then the
/// file is written again as real; in practice that happens in the first chunk). Everything goes
/// to a temporary folder beside `folder`, put in place in one step.
public struct TenXExport: Sendable {
    /// File names: 10x's compressed ones, or the seed workflow's plain ones.
    public struct Names: Sendable, Equatable {
        public var matrix: String
        public var features: String
        public var barcodes: String
        public static let cellMetadata = "cell_metadata.csv"
        public static let geneMetadata = "gene_metadata.csv"

        public static let compressed = Names(matrix: "matrix.mtx.gz", features: "features.tsv.gz", barcodes: "barcodes.tsv.gz")
        public static let plain = Names(matrix: "expression_matrix.mtx", features: "features.tsv", barcodes: "barcodes.tsv")

        /// Every file an export writes (and may replace).
        public var all: [String] { [matrix, features, barcodes, Self.cellMetadata, Self.geneMetadata] }
    }

    public struct Summary: Sendable, Equatable {
        public var cells: Int
        public var genes: Int
        /// Nonzero entries written.
        public var nnz: Int
        /// Whether the values were written as integers (all whole numbers).
        public var integer: Bool
        /// The files written, in `Names.all` order, with their sizes in bytes.
        public var files: [(name: String, size: Int)]

        public static func == (a: Summary, b: Summary) -> Bool {
            a.cells == b.cells && a.genes == b.genes && a.nnz == b.nnz && a.integer == b.integer
                && a.files.map(\.name) == b.files.map(\.name) && a.files.map(\.size) == b.files.map(\.size)
        }
    }

    public let source: URL
    public let folder: URL
    public let compress: Bool
    /// Gene symbols for `features`, one per var row (nil: var's `gene_symbol`, else the ids).
    public let symbols: [String]?
    public let rowsPerChunk: Int

    public init(source: URL, folder: URL, compress: Bool = true, symbols: [String]? = nil, rowsPerChunk: Int = 1_024) {
        self.source = source
        self.folder = folder
        self.compress = compress
        self.symbols = symbols
        self.rowsPerChunk = rowsPerChunk
    }

    public var names: Names { compress ? .compressed : .plain }

    public func write() throws -> Summary {
        try checkDestination()
        let file = try AnnDataFile(url: source)
        guard file.x != nil else { throw ExportError(path: source.path, message: "/X: no X matrix to export") }
        let temporary = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            let (nnz, integer) = try writeMatrix(file, to: temporary.appendingPathComponent(names.matrix))
            let genes = try writeNames(file, into: temporary)
            try MetadataCSV.write(try file.readObs(), to: temporary.appendingPathComponent(Names.cellMetadata))
            try MetadataCSV.write(try file.readVar(), to: temporary.appendingPathComponent(Names.geneMetadata))
            let files = try names.all.map { name in
                (name, try FileManager.default.attributesOfItem(atPath: temporary.appendingPathComponent(name).path)[.size] as? Int ?? 0)
            }
            do { try AtomicFile.replaceFolder(folder, with: temporary) } catch { throw ExportError(path: folder.path, message: error.message) }
            return Summary(cells: file.shape.obs, genes: genes, nnz: nnz, integer: integer, files: files)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// A file, or a folder holding anything an export does not write, is in the way.
    private func checkDestination() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else {
            throw ExportError(path: folder.path, message: "is in the way: a file, where the export's folder is to go")
        }
        let known = Set(Names.compressed.all + Names.plain.all)
        let others = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !known.contains($0) }.sorted()
        guard others.isEmpty else {
            throw ExportError(path: folder.path, message: "is in the way: the folder holds files an export does not write (\(others.prefix(5).joined(separator: ", ")))")
        }
    }

    /// features and barcodes: one line each, as 10x writes them. Returns the gene count.
    private func writeNames(_ file: AnnDataFile, into temporary: URL) throws -> Int {
        let ids = try file.varNames()
        var symbols = self.symbols
        if symbols == nil, try file.varColumnNames().contains("gene_symbol") {
            let column = try file.varColumn("gene_symbol")
            symbols = (0..<column.count).map { column.text(at: $0) ?? "" }
        }
        guard symbols == nil || symbols!.count == ids.count else {
            throw ExportError(path: source.path, message: "/var: \(symbols!.count) gene symbols for \(ids.count) genes")
        }
        var features = ""
        for (k, id) in ids.enumerated() { features += "\(id)\t\(symbols?[k] ?? id)\tGene Expression\n" }
        try writeText(features, to: temporary.appendingPathComponent(names.features))
        try writeText(try file.obsNames().map { $0 + "\n" }.joined(), to: temporary.appendingPathComponent(names.barcodes))
        return ids.count
    }

    private func writeText(_ text: String, to url: URL) throws {
        let output = try BlockOutput(url: url, compressionLevel: compress ? 6 : nil)
        try output.write(Array(text.utf8))
        try output.close()
    }

    /// The Matrix Market file: header, then each row's entries as `gene cell value` (1-based).
    /// Returns the entries written and whether they were written as integers.
    private func writeMatrix(_ file: AnnDataFile, to url: URL) throws -> (nnz: Int, integer: Bool) {
        let info = file.x!
        let output = try BlockOutput(url: url, compressionLevel: compress ? 4 : nil)
        let text = EntryText(columns: info.columns)
        let exact = info.dtype.isInteger || info.dtype == .bool
        if let nnz = try writeEntries(file, values: exact ? .integers : .wholeNumbers, text: text, to: output) {
            try output.close()
            return (nnz, true)
        }
        try output.rewind()
        let nnz = try writeEntries(file, values: .reals(float32: info.dtype == .float32), text: text, to: output)!
        try output.close()
        return (nnz, false)
    }

    /// One pass over X into `output`; nil when `.wholeNumbers` met a value that is not whole.
    /// The header's entry count is first the stored entries' (an upper bound: explicit zeros are
    /// left out), padded with spaces to a width that fits any smaller count, and overwritten at
    /// the end with the count written (a size line may end in blanks for scipy, Matrix::readMM
    /// and Seurat::Read10X alike).
    private func writeEntries(_ file: AnnDataFile, values: EntryFormatter.Values, text: EntryText, to output: BlockOutput) throws -> Int? {
        let info = file.x!
        let width = String(info.encoding == .csr ? info.nnz ?? 0 : info.rows * info.columns).count
        let header = { (nnz: Int) in
            Array("%%MatrixMarket matrix coordinate \(values.field) general\n\(info.columns) \(info.rows) \(nnz)".utf8)
                + [UInt8](repeating: 0x20, count: max(0, width - String(nnz).count)) + [0x0A]
        }
        try output.writeReplaceable(header(0))
        // Thread w uses only the w-th formatter and compressor.
        nonisolated(unsafe) let formatters = [EntryFormatter(values: values, text: text), EntryFormatter(values: values, text: text)]
        nonisolated(unsafe) let compressors = [output.compressor(0), output.compressor(1)]
        var nnz = 0
        do {
            try file.forEachRowChunk(rowsPerChunk: rowsPerChunk) { chunk in
                let half = (chunk.rowCount + 1) / 2
                let whole = Mutex([true, true])
                DispatchQueue.concurrentPerform(iterations: 2) { w in
                    let complete = formatters[w].format(chunk, rows: w == 0 ? 0..<half : half..<chunk.rowCount)
                    if let compressor = compressors[w] { formatters[w].compress(with: compressor) }
                    whole.locked { $0[w] = complete }
                }
                guard whole.locked({ $0 == [true, true] }) else { throw NotWhole() }
                for formatter in formatters {
                    try formatter.write(to: output)
                    nnz += formatter.entries
                }
            }
        } catch is NotWhole {
            return nil
        }
        try output.overwriteStart(with: header(nnz))
        return nnz
    }

    private struct NotWhole: Error {}
}

public struct ExportError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}
