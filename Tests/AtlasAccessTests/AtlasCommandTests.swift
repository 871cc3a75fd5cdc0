import Foundation
import Testing
import TestSupport

/// `atlasweave atlas …` run as a user would, against a file:// bucket.
@Suite struct AtlasCommandTests {
    /// The built CLI, next to the test bundle in the build folder.
    static var binary: URL {
        (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent().appendingPathComponent("atlasweave")
    }

    func atlas(_ arguments: [String], in folder: URL) throws -> Command.Result {
        try Command.run(Self.binary, arguments: ["atlas"] + arguments, currentDirectory: folder)
    }

    @Test func listsAndFetches() throws {
        let bucket = try TestBucket()
        let work = try TestPaths.temporaryDirectory("cli")
        let source = ["--source", bucket.root.absoluteString]

        let dirs = try atlas(["dirs"] + source, in: work)
        #expect(dirs.status == 0)
        #expect(dirs.stdout.contains("WMB-10Xv3     expression_matrices  20230630  781.25 KB"))
        #expect(dirs.stderr.contains("release 20250101"))

        let files = try atlas(["files", "WMB-10Xv3"] + source, in: work)
        #expect(files.stdout.contains("WMB-10Xv3-MB/raw   expression_matrices  h5ad  195.31 KB"))
        #expect(files.stdout.contains("4 files, 781.25 KB"))

        let get = try atlas(["get", "WMB-10X", "cell_metadata", "gene", "--manifest", "20240601"] + source, in: work)
        #expect(get.status == 0)
        let paths = get.stdout.split(separator: "\n").map(String.init)
        #expect(paths == ["cell_metadata.csv", "gene.csv"].map { work.appendingPathComponent("abc_data/metadata/WMB-10X/20240101/\($0)").path })
        #expect(get.stderr.contains("cell_metadata.csv: done, MD5 verified"))

        let again = try atlas(["get", "WMB-10X", "gene", "--local-only"] + source, in: work)
        #expect(again.status == 0 && again.stderr.contains("gene.csv: in cache"))
        #expect(again.stderr.contains("release 20240601"))
    }

    @Test func demoSourceFollowsTheEnvironment() throws {
        let bucket = try TestBucket()
        let work = try TestPaths.temporaryDirectory("cli")
        let result = try Command.run(Self.binary, arguments: ["atlas", "files", "WMB-10X", "--source", "demo"], currentDirectory: work,
                                     environment: ["ATLASWEAVE_DEMO_ATLAS": bucket.root.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("cell_metadata"))
        #expect(result.stderr.contains("source demo (\(bucket.root.absoluteString)"))
    }

    @Test func explainsBadInput() throws {
        let bucket = try TestBucket()
        let work = try TestPaths.temporaryDirectory("cli")
        let source = ["--source", bucket.root.absoluteString]
        let unknown = try atlas(["files", "WMB-10xv3"] + source, in: work)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown directory 'WMB-10xv3' (did you mean 'WMB-10Xv3'?)"))
        let missing = try atlas(["get", "WMB-10Xv3", "WMB-10Xv3-MB/raw", "--local-only"] + source, in: work)
        #expect(missing.status != 0 && missing.stderr.contains("not in the cache (expected at "))
        let scheme = try atlas(["releases", "--source", "ftp://example.org/"], in: work)
        #expect(scheme.status != 0 && scheme.stderr.contains("scheme 'ftp' is not allowed"))
    }

    /// `atlas get` as a process of its own, for tests that run two at once.
    func startGet(_ arguments: [String], in folder: URL, output: URL) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["atlas", "get"] + arguments
        process.currentDirectoryURL = folder
        FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: output)
        try process.run()
        return process
    }

    @Test("two processes fetching one file into one cache take turns: one download, the second reuses it")
    func concurrentFetchesOfOneFileSerialise() throws {
        let bucket = try TestBucket()
        let matrix = "expression_matrices/WMB-10Xv3/20230630/WMB-10Xv3-MB-raw.h5ad"
        // Slow enough (about 1 s) that the second process starts while the first downloads.
        let server = try BucketServer(root: bucket.root, faults: [matrix: [.slow(chunk: 20_000, delay: 0.1)]])
        let work = try TestPaths.temporaryDirectory("cli-lock")
        defer { try? FileManager.default.removeItem(at: work) }
        let arguments = ["WMB-10Xv3", "WMB-10Xv3-MB/raw", "--source", server.baseURL.absoluteString, "--manifest", "20250101"]
        let logs = [work.appendingPathComponent("first.txt"), work.appendingPathComponent("second.txt")]
        let first = try startGet(arguments, in: work, output: logs[0])
        let part = work.appendingPathComponent("abc_data/\(matrix).part")
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: part.path) { usleep(10_000) }
        let second = try startGet(arguments, in: work, output: logs[1])
        first.waitUntilExit()
        second.waitUntilExit()
        let texts = try logs.map { try String(contentsOf: $0, encoding: .utf8) }
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0, "\(texts)")
        // The slow fault logs its request after its last pause, possibly after both have exited.
        var requests = try server.requests(for: matrix)
        for _ in 0..<50 where requests.isEmpty {
            usleep(100_000)
            requests = try server.requests(for: matrix)
        }
        #expect(requests.count == 1)
        #expect(texts[1].contains("waiting for another fetch of this file"), "\(texts[1])")
        #expect(texts[1].contains("in cache"), "\(texts[1])")
        #expect(try Data(contentsOf: work.appendingPathComponent("abc_data/\(matrix)")) == bucket.data(matrix))
        #expect(!FileManager.default.fileExists(atPath: part.path))
    }
}
