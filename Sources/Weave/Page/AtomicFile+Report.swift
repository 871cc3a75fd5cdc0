import AtomicFiles
import Foundation

extension AtomicFile {
    /// `write`, failing as the engine reports files it cannot write.
    static func writeReportFile(_ data: Data, to url: URL) throws(ReportError) {
        do { try write(data, to: url) } catch { throw .unwritable(path: url.path, message: error.message) }
    }
}
