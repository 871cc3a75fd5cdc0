import Foundation

extension AnnDataFile {
    /// Reads every element the tools read (obs, var, uns, and all of X, a batch of rows at a
    /// time), so that a file which passes in a child process (`SafeOpen`) is safe to open here.
    public func readThrough(batchRows: Int = 4096) throws {
        _ = try summary()
        _ = try readObs()
        _ = try readVar()
        _ = try readUns()
        guard let x, x.encoding != .csc, shape.obs > 0 else { return }
        let reader = try MatrixRowReader(self)
        let spans = try MatrixRowReader.spans(of: Array(0..<shape.obs), in: self)
        for start in stride(from: 0, to: spans.count, by: batchRows) {
            _ = try reader.read(spans[start..<min(start + batchRows, spans.count)])
        }
    }
}
