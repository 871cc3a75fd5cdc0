#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file; unmapped in deinit.
// @unchecked: the mapping is read-only and immutable; `base` stays valid until deinit unmaps it.
final class MappedFile: @unchecked Sendable {
    let path: String
    let base: UnsafePointer<UInt8>?
    let count: Int

    init(path: String) throws(TableError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, message: "cannot stat: \(String(cString: strerror(errno)))") }
        count = Int(info.st_size)
        if count == 0 {
            base = nil
            return
        }
        guard let raw = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else {
            throw .io(path: path, message: "cannot map: \(String(cString: strerror(errno)))")
        }
        _ = madvise(raw, count, MADV_SEQUENTIAL)
        base = UnsafePointer(raw.assumingMemoryBound(to: UInt8.self))
    }

    /// Drops the pages of a parsed range from memory, so reading a large file does not keep it
    /// resident (they fault back in from the file if touched again).
    func release(from start: Int, to end: Int) {
        guard let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let alignedStart = (start + page - 1) / page * page
        let alignedEnd = end / page * page
        guard alignedEnd > alignedStart else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + alignedStart), alignedEnd - alignedStart, MADV_DONTNEED)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }
}
