#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The read-only bytes of a whole file, memory-mapped, or a copy of bytes given in memory;
/// unmapped or freed in deinit.
// @unchecked: the bytes are read-only and immutable; `base` stays valid until deinit.
final class MappedFile: @unchecked Sendable {
    let path: String
    let base: UnsafePointer<UInt8>?
    let count: Int
    /// False for a copy in memory: its pages are not released while parsing.
    private let mapped: Bool

    /// A copy of `bytes`, standing for the file `name` in errors.
    init(copying bytes: [UInt8], name: String) {
        path = name
        count = bytes.count
        mapped = false
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        copy.initialize(from: bytes, count: bytes.count)
        base = count == 0 ? nil : UnsafePointer(copy)
        if count == 0 { copy.deallocate() }
    }

    init(path: String) throws(TableError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, message: "cannot stat: \(String(cString: strerror(errno)))") }
        count = Int(info.st_size)
        mapped = true
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
        guard mapped, let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let alignedStart = (start + page - 1) / page * page
        let alignedEnd = end / page * page
        guard alignedEnd > alignedStart else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + alignedStart), alignedEnd - alignedStart, MADV_DONTNEED)
    }

    deinit {
        guard let base else { return }
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), count) } else { base.deallocate() }
    }
}
