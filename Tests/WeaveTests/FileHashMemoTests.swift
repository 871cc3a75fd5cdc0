import Checksums
import Foundation
import Testing
import TestSupport
@testable import Weave

@Suite("File hash memo")
struct FileHashMemoTests {
    /// A file read by one stage (MD5) and written by another (SHA-256) keeps both checksums: a
    /// render asking for one does not throw the other away, and neither is re-hashed while the
    /// file's size and modification time stay the same.
    @Test func keepsOneChecksumPerAlgorithmUntilTheFileChanges() throws {
        let folder = try TestPaths.temporaryDirectory("memo")
        let file = folder.appendingPathComponent("cells.csv"), memoURL = folder.appendingPathComponent("file-hashes.json")
        try Data("a,b\n1,2\n".utf8).write(to: file)
        let memo = FileHashMemo(url: memoURL)
        let md5 = try #require(try memo.checksum(of: file, .md5))
        let sha256 = try #require(try memo.checksum(of: file, .sha256))
        #expect(md5 == Checksum(.md5, hex: try SystemChecksum.md5(file)))
        #expect(sha256 == Checksum(.sha256, hex: try SystemChecksum.sha256(file)))
        try memo.save()

        // Same size and modification time, other bytes: both are trusted from the saved memo.
        let stamp = try #require(FileStamp(file))
        var info = stat()
        stat(file.path, &info)
        try Data("a,b\n3,4\n".utf8).write(to: file)
        setModificationTime(of: file, to: info.st_mtim)
        try #require(FileStamp(file) == stamp)
        let reloaded = FileHashMemo(url: memoURL)
        #expect(try reloaded.checksum(of: file, .md5) == md5)
        #expect(try reloaded.checksum(of: file, .sha256) == sha256)

        // A new modification time: hashed again.
        setModificationTime(of: file, to: timespec(tv_sec: info.st_mtim.tv_sec + 5, tv_nsec: info.st_mtim.tv_nsec))
        #expect(try reloaded.checksum(of: file, .sha256) == Checksum(.sha256, hex: try SystemChecksum.sha256(file)))
        #expect(try reloaded.checksum(of: file, .md5) == Checksum(.md5, hex: try SystemChecksum.md5(file)))
        #expect(try reloaded.checksum(of: folder.appendingPathComponent("gone.csv"), .md5) == nil)
    }

    /// Sets the modification time to the nanosecond (Foundation's dates round it).
    private func setModificationTime(of url: URL, to time: timespec) {
        let times = [time, time] // access and modification time
        _ = utimensat(AT_FDCWD, url.path, times, 0)
    }
}
