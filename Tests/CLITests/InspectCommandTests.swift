import Foundation
import Testing
import TestSupport

@Suite("atlasweave inspect", .needsPython)
struct InspectCommandTests {
    private static let matrix = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas/expression_matrices/WMB-10XMulti/20230830/WMB-10XMulti-raw.h5ad")

    @Test("prints shape, X encoding, dtype and nnz, obs/var columns and uns keys as anndata sees them")
    func summary() throws {
        let result = try BuiltBinary.run(["inspect", Self.matrix.path], in: TestPaths.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let facts = try TestPython.run("""
            import sys, anndata
            a = anndata.read_h5ad(sys.argv[1])
            print(f"AnnData {a.n_obs} × {a.n_vars}")
            print(f"X: csr_matrix {a.X.dtype}, nnz {a.X.nnz}")
            print("\\n".join(list(a.obs.columns) + list(a.var.columns) + list(a.uns.keys())))
            """, arguments: [Self.matrix.path]).split(separator: "\n").map(String.init)
        #expect(result.stdout.contains(facts[0]), "\(result.stdout)")
        #expect(result.stdout.contains(facts[1]), "\(result.stdout)")
        for name in facts.dropFirst(2) { #expect(result.stdout.contains(name), "\(name)") }
    }

    @Test("a file that is not HDF5 exits 1 naming it")
    func notHDF5() throws {
        let folder = try TestPaths.temporaryDirectory("inspect")
        let bad = folder.appendingPathComponent("bad.h5ad")
        try Data("not hdf5".utf8).write(to: bad)
        let result = try BuiltBinary.run(["inspect", bad.path], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains(bad.path), "\(result.stderr)")
    }

    /// The demo matrix with `count` bytes overwritten at positions and values drawn from a
    /// xorshift generator seeded with `seed` (the same sequence as TestBucket's bytes).
    static func mutated(seed: UInt64, count: Int, into folder: URL) throws -> URL {
        var data = try Data(contentsOf: matrix)
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        for _ in 0..<count {
            let value = UInt8(truncatingIfNeeded: next())
            data[Int(next() % UInt64(data.count))] = value
        }
        let url = folder.appendingPathComponent("mutated-\(seed).h5ad")
        try data.write(to: url)
        return url
    }

    /// Which mutations kill libhdf5 depends on the fixture's bytes, so the test looks for them:
    /// about one in a hundred 8-byte mutations of the demo matrix ends the library by a signal or
    /// makes it loop (the probe runs under `timeout`, so a looping one is found, not waited on).
    @Test("mutations that crash libhdf5 are reported as not valid h5ad (crashed or stalled), exit 1")
    func crashingMutations() throws {
        let folder = try TestPaths.temporaryDirectory("inspect-crash")
        defer { try? FileManager.default.removeItem(at: folder) }
        let checker = try BuiltBinary.url.deletingLastPathComponent().appendingPathComponent("atlasweave-h5check")
        var crashing: [URL] = []
        for seed: UInt64 in 1...600 where crashing.count < 2 {
            let file = try Self.mutated(seed: seed, count: 8, into: folder)
            // The library itself dies on this file (or loops): the checker run directly ends by a
            // signal (or is killed by `timeout`: the checker ignores SIGTERM while it reads).
            let direct = try Command.run(URL(fileURLWithPath: "/usr/bin/timeout"), arguments: ["-s", "KILL", "20", checker.path, file.path])
            if direct.status != 0 && direct.status != 1 { crashing.append(file) } else { try FileManager.default.removeItem(at: file) }
        }
        #expect(!crashing.isEmpty, "no mutation of 600 crashed libhdf5")
        for file in crashing {
            let result = try Command.run(BuiltBinary.url, arguments: ["inspect", file.path], currentDirectory: folder,
                                         environment: ["ATLASWEAVE_H5CHECK_SECONDS": "10"])
            #expect(result.status == 1, "\(file.lastPathComponent): \(result.stderr)")
            // Under the checker's time limit a damaged file may also stall rather than crash.
            let reported = ["crashed reading it", "did not finish reading it"].contains { result.stderr.contains("\(file.path): not a valid h5ad (libhdf5 \($0)") }
            #expect(reported, "\(result.stderr)")
        }
    }

    /// Whether a mutation of the demo matrix makes libhdf5 loop depends on its bytes, so the time
    /// limit is checked with a checker that never answers in place of the real one.
    @Test("a checker that does not finish within the limit is stopped: not a valid h5ad, exit 1, no hang")
    func hangingCheckerIsStopped() throws {
        let folder = try TestPaths.temporaryDirectory("inspect-hang")
        defer { try? FileManager.default.removeItem(at: folder) }
        let stall = folder.appendingPathComponent("stall.sh")
        try Data("#!/bin/sh\nexec sleep 600\n".utf8).write(to: stall)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stall.path)
        let started = Date()
        let result = try Command.run(BuiltBinary.url, arguments: ["inspect", Self.matrix.path],
                                     environment: ["ATLASWEAVE_H5CHECK": stall.path, "ATLASWEAVE_H5CHECK_SECONDS": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(Self.matrix.path): not a valid h5ad (libhdf5 did not finish reading it within 1 s)"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test("forty random mutations: inspect always exits 0 or 1 with a message, never dies or hangs")
    func mutationSweep() throws {
        let folder = try TestPaths.temporaryDirectory("inspect-sweep")
        defer { try? FileManager.default.removeItem(at: folder) }
        for seed: UInt64 in 1...40 {
            let file = try Self.mutated(seed: seed, count: 8, into: folder)
            let result = try Command.run(BuiltBinary.url, arguments: ["inspect", file.path], environment: ["ATLASWEAVE_H5CHECK_SECONDS": "10"])
            #expect(result.status == 0 || result.status == 1 && result.stderr.contains(file.path), "seed \(seed): status \(result.status) \(result.stderr)")
        }
    }
}
