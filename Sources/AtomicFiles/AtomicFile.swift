import CLinux
import Foundation

/// Files replaced in one step: a reader (a browser, a concurrent render, anndata) sees the old
/// file or the new one, never half of one, and an interrupted write leaves the old file in place.
public enum AtomicFile {
    /// Puts the complete file at `temporary` (in the same folder) in place of `destination`.
    ///
    /// An existing destination is exchanged with the new file and then deleted, instead of
    /// renamed over: ext4 (auto_da_alloc) makes a rename that replaces a file first start
    /// writing the new file's data to disk, about 0.1 s per 150 MB that the caller waits for.
    public static func replace(_ destination: URL, with temporary: URL) throws(AtomicFileError) {
        var existing = stat()
        if lstat(destination.path, &existing) == 0, existing.st_mode & S_IFMT == S_IFDIR {
            throw AtomicFileError(path: destination.path, message: "is a folder, not a file that can be replaced")
        }
        if clinux_rename_exchange(temporary.path, destination.path) == 0 {
            unlink(temporary.path) // now the old file
            return
        }
        // No file to replace yet, or a file system that cannot exchange: a plain rename.
        guard rename(temporary.path, destination.path) == 0 else {
            throw AtomicFileError(path: destination.path, message: "cannot rename \(temporary.lastPathComponent) into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Puts the complete folder at `temporary` (beside it) in place of the folder `destination`:
    /// an existing one is exchanged with it in one step and then deleted. The caller decides
    /// whether an existing folder may be replaced; a file at `destination` is refused.
    public static func replaceFolder(_ destination: URL, with temporary: URL) throws(AtomicFileError) {
        var existing = stat()
        if lstat(destination.path, &existing) == 0, existing.st_mode & S_IFMT != S_IFDIR {
            throw AtomicFileError(path: destination.path, message: "is a file, not a folder that can be replaced")
        }
        if clinux_rename_exchange(temporary.path, destination.path) == 0 {
            try? FileManager.default.removeItem(at: temporary) // now the old folder
            return
        }
        guard rename(temporary.path, destination.path) == 0 else {
            throw AtomicFileError(path: destination.path, message: "cannot rename \(temporary.lastPathComponent) into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `data` to a temporary file beside `url` (creating the folder) and puts it in place.
    public static func write(_ data: Data, to url: URL) throws(AtomicFileError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: temporary)
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error as? AtomicFileError ?? AtomicFileError(path: url.path, message: error.localizedDescription)
        }
    }
}
