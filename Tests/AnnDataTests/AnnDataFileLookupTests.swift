import AnnData
import Foundation
import Testing
import TestSupport

/// The raw-byte shortcuts the concatenation takes: var content keys and obs row lookup.
@Suite(.needsPython) struct AnnDataFileLookupTests {
    func file(_ name: String) throws -> AnnDataFile {
        try AnnDataFile(url: ConcatWriterTests.fixtures.appendingPathComponent(name))
    }

    @Test func varContentKeysAreEqualExactlyForEqualVar() throws {
        let m1 = try #require(try file("m1.h5ad").varContentKey())
        // m3 carries m1's genes and symbols (another file, dense X); m2 too, but gzip-compressed,
        // so it has no key and is decoded instead.
        #expect(try file("m3.h5ad").varContentKey() == m1)
        #expect(try file("m2.h5ad").varContentKey() == nil)
        // Other genes, or the same genes reversed.
        #expect(try file("m4.h5ad").varContentKey() != m1)
        #expect(try file("m5.h5ad").varContentKey() != m1)
    }

    @Test func obsRowsFindsFirstRowsInRequestedOrder() throws {
        let source = try file("m4.h5ad")
        let names = try source.obsNames()
        let cells = [names[3], "absent", names[0], names[3], names.last!, ""]
        let rows = try source.obsRows(of: cells)
        #expect(rows == cells.map { names.firstIndex(of: $0) ?? -1 })
        #expect(rows[1] == -1 && rows[0] == 3 && rows[3] == 3)
        #expect(try source.obsRows(of: []) == [])
    }
}
