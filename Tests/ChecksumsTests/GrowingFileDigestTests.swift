import Checksums
import Foundation
import Testing
import TestSupport

@Suite struct GrowingFileDigestTests {
    /// A file of `size` bytes whose `regions` are still zero, and the bytes it will end up holding.
    func sparseFile(size: Int, regions: [Range<Int>]) throws -> (URL, [UInt8]) {
        let url = try TestPaths.temporaryDirectory("digest").appendingPathComponent("file.bin")
        let final = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var start = final
        for region in regions { start.replaceSubrange(region, with: repeatElement(0, count: region.count)) }
        try Data(start).write(to: url)
        return (url, final)
    }

    @Test func hashesRegionsAsTheyAreWrittenAndMatchesSha256sum() throws {
        let size = 9 << 20 + 123, regions = [(1 << 20)..<(5 << 20 + 17), (5 << 20 + 17)..<(8 << 20)]
        let (url, final) = try sparseFile(size: size, regions: regions)
        let digest = try GrowingFileDigest(url: url, regions: regions)
        digest.begin(size: size)
        let handle = try FileHandle(forWritingTo: url)
        // The second region first, in steps, then the first: the hash waits for each in turn.
        for region in regions.reversed() {
            for start in stride(from: region.lowerBound, to: region.upperBound, by: 300_001) {
                let end = min(start + 300_001, region.upperBound)
                try handle.seek(toOffset: UInt64(start))
                try handle.write(contentsOf: Data(final[start..<end]))
                digest.written(region: region, bytes: end - region.lowerBound)
            }
        }
        try handle.close()
        let checksum = try digest.finish()
        #expect(checksum == Checksum(.sha256, hex: try SystemChecksum.sha256(url)))
        #expect(checksum.description.hasPrefix("sha256:"))
    }

    @Test func cancelledDigestFailsInsteadOfWaiting() throws {
        let (url, _) = try sparseFile(size: 4096, regions: [1024..<2048])
        let digest = try GrowingFileDigest(url: url, regions: [1024..<2048])
        digest.begin(size: 4096)
        digest.written(region: 1024..<2048, bytes: 10)
        digest.cancel()
        #expect(throws: (any Error).self) { try digest.finish() }
    }

    @Test func fileChecksumsMatchCoreutils() throws {
        let (url, _) = try sparseFile(size: 5 << 20 + 3, regions: [])
        #expect(try Checksum(of: url, .md5) == Checksum(.md5, hex: try SystemChecksum.md5(url)))
        #expect(try Checksum(of: url, .sha256) == Checksum(.sha256, hex: try SystemChecksum.sha256(url)))
    }
}
