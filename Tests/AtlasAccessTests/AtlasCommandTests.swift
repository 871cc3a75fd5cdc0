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
}
