import AnnData
import AtomicFiles
import Dispatch
import Foundation

/// Writes an h5ad as a 10x Genomics matrix folder (what Cell Ranger writes and
/// `Seurat::Read10X`, `scanpy.read_10x_mtx` and `Matrix::readMM` read): the counts as a
/// genes × cells Matrix Market file, the features (id, symbol, `Gene Expression`), the
/// barcodes, and obs and var as CSV.
///
/// X is streamed in row chunks, twice: a first pass over the values alone counts the nonzero
/// entries and checks whether they are whole numbers (the Matrix Market header states both),
/// the second writes them. Matrix Market entries may come in any order, and a 10x file lists
/// them barcode by barcode, which is the order of X's rows: each row of cells × genes X is one
/// column of the genes × cells file, so the transpose needs no sort and the memory stays ∝ the
/// chunk. Each chunk's rows are formatted (and compressed, as separate gzip members) by two
/// threads. Everything goes to a temporary folder beside `folder`, put in place in one step.
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

    public init(source: URL, folder: URL, compress: Bool = true, symbols: [String]? = nil, rowsPerChunk: Int = 2_048) {
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
            let (nnz, integer) = try scan(file)
            try writeMatrix(file, nnz: nnz, integer: integer, to: temporary.appendingPathComponent(names.matrix))
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

    /// Nonzero entries, and whether every one is a whole number (values alone are read).
    private func scan(_ file: AnnDataFile) throws -> (nnz: Int, integer: Bool) {
        let dtype = file.x!.dtype
        var nnz = 0, integer = true, checked = dtype.isInteger || dtype == .bool
        try file.forEachRowChunk(rowsPerChunk: rowsPerChunk * 4, valuesOnly: true) { chunk in
            for value in chunk.values where value != 0 {
                nnz += 1
                if !checked, value.rounded(.towardZero) != value || abs(value) > 1e15 {
                    integer = false
                    checked = true
                }
            }
        }
        return (nnz, integer)
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
    private func writeMatrix(_ file: AnnDataFile, nnz: Int, integer: Bool, to url: URL) throws {
        let info = file.x!
        let output = try BlockOutput(url: url, compressionLevel: compress ? 4 : nil)
        let field = integer ? "integer" : "real"
        try output.write(Array("%%MatrixMarket matrix coordinate \(field) general\n\(info.columns) \(info.rows) \(nnz)\n".utf8))
        let float32 = info.dtype == .float32
        var formatters = [EntryFormatter(integer: integer, float32: float32), EntryFormatter(integer: integer, float32: float32)]
        nonisolated(unsafe) let compressors = [output.compressor(0), output.compressor(1)] // thread w uses only the w-th
        try file.forEachRowChunk(rowsPerChunk: rowsPerChunk) { chunk in
            let half = (chunk.rowCount + 1) / 2
            try formatters.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let workers = buffer // each thread formats into its own element
                DispatchQueue.concurrentPerform(iterations: 2) { w in
                    workers[w].format(chunk, rows: w == 0 ? 0..<half : half..<chunk.rowCount, compressor: compressors[w])
                }
                for w in 0..<2 { try output.writeBlock(workers[w].block) }
            }
        }
        try output.close()
    }
}

public struct ExportError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}
