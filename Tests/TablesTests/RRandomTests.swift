import Foundation
import Testing
import TestSupport
import Tables

/// `RRandom` against the real R: every expected value here is computed by Rscript in the test.
@Suite(.enabled(if: TestR.isAvailable, Comment(rawValue: TestR.skipReason)))
struct RRandomTests {
    /// R's integers written with `writeBin` (4-byte little-endian ints, or doubles when `double`).
    func rBinary(_ code: String, double: Bool = false) throws -> [Int] {
        let folder = try TestPaths.temporaryDirectory("r-random")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("values.bin")
        try TestR.run("out <- file(commandArgs(trailingOnly = TRUE)[1], 'wb'); writeBin(\(double ? "as.double" : "as.integer")({ \(code) }), out, endian = 'little'); close(out)",
                      arguments: [file.path])
        let data = try Data(contentsOf: file)
        if double {
            return data.withUnsafeBytes { raw in (0..<data.count / 8).map { Int(raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self)) } }
        }
        return data.withUnsafeBytes { raw in (0..<data.count / 4).map { Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) } }
    }

    @Test("the issue's check values: set.seed(42); sample.int(4010814, 5), and slice_sample of 1:20")
    func checkValues() throws {
        var random = RRandom(seed: 42)
        let ours = random.sampleInt(4_010_814, size: 5)
        #expect(ours == TestR.integers(try TestR.run("set.seed(42); cat(sample.int(4010814, 5), sep = '\\n')")))
        #expect(ours == [3_207_141, 54425, 623_844, 1_122_938, 3_191_936])
        var again = RRandom(seed: 42)
        let sliced = TestR.integers(try TestR.run(
            "suppressMessages(library(dplyr)); set.seed(42); cat(slice_sample(data.frame(i = 1:20), n = 5)$i, sep = '\\n')"))
        #expect(again.sampleInt(20, size: 5) == sliced)
        #expect(sliced == [17, 5, 1, 10, 4])
    }

    @Test("unif_rand, across two regenerations of the state, for seeds 0, 1, −7, 42 and 2^31 − 1", arguments: [0, 1, -7, 42, Int32.max])
    func uniforms(seed: Int32) throws {
        let r = try TestR.run("set.seed(\(seed)); cat(sprintf('%a', runif(1500)), sep = '\\n')")
        let expected = r.split(separator: "\n").map { Double(String($0))! }
        var random = RRandom(seed: seed)
        let ours = (0..<1500).map { _ in random.unifRand() }
        #expect(ours == expected)
    }

    @Test("R_unif_index (sample.int with replacement) for n from 1 to 2^40, including powers of two and n > INT_MAX")
    func unifIndex() throws {
        let sizes = [1, 2, 3, 7, 65535, 65536, 65537, 1 << 24, 4_010_814, Int(Int32.max), Int(Int32.max) + 2, 1 << 33 + 5, 1 << 40]
        let expected = try rBinary("set.seed(9); unlist(lapply(c(\(sizes.map(String.init).joined(separator: ","))), function(n) sample.int(n, 40, replace = TRUE)))",
                                   double: true)
        var random = RRandom(seed: 9)
        let ours = sizes.flatMap { n in (0..<40).map { _ in random.unifIndex(n) + 1 } }
        #expect(ours == expected)
    }

    @Test("sample.int without replacement (do_sample): whole permutations, size 1, and n > 1e7 with size > n/2",
          arguments: [(1, 1), (20, 20), (1000, 1), (100_000, 37_000), (10_000_001, 6_000_000)])
    func swapping(n: Int, size: Int) throws {
        let expected = try rBinary("set.seed(2024); sample.int(\(n), \(size))")
        var random = RRandom(seed: 2024)
        #expect(random.sampleInt(n, size: size) == expected)
    }

    @Test("sample.int's hashing branch (sample2) for n > 1e7 and size <= n/2, also above INT_MAX",
          arguments: [(10_000_001, 5_000_000, false), (40_000_000, 200_000, false), (3_000_000_000, 50_000, true)])
    func hashed(n: Int, size: Int, double: Bool) throws {
        let expected = try rBinary("set.seed(77); sample.int(\(n), \(size))", double: double)
        var random = RRandom(seed: 77)
        let ours = random.sampleInt(n, size: size)
        #expect(ours == expected)
        var direct = RRandom(seed: 77)
        #expect(direct.sampleHashed(n, size: size) == ours)
    }
}
