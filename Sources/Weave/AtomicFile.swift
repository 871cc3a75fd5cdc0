import Foundation

/// Writes through a temporary file in the same folder renamed into place, so a reader (a
/// browser, a concurrent render, the stage cache) sees the old file or the new one, never half.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws(ReportError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritable(path: url.path, message: error.localizedDescription)
        }
    }
}
