import AtlasAccess
import Foundation
import TestSupport
import Testing
import TextFormats

/// The manifest model: listings, look-ups by name, sizes, refusal of unsafe paths.
@Suite(.needsPython) struct ManifestTests {
    func manifest() throws -> Manifest {
        try Manifest.decode(TestBucket.manifest(version: "20250101", files: TestBucket.contents()), source: "test")
    }

    @Test func listsDirectoriesAndFiles() throws {
        let manifest = try manifest()
        #expect(manifest.directoryNames == ["WMB-10X", "WMB-10XMulti", "WMB-10Xv3"])
        let v3 = try #require(manifest.directories.first { $0.name == "WMB-10Xv3" })
        #expect(v3.kinds == ["expression_matrices"] && v3.totalSize == Int64(4 * TestBucket.matrixSize))
        #expect(try manifest.files(in: "WMB-10Xv3").map(\.name) == ["WMB-10Xv3-MB/log2", "WMB-10Xv3-MB/raw", "WMB-10Xv3-TH/log2", "WMB-10Xv3-TH/raw"])
        #expect(try manifest.metadataFiles(in: "WMB-10X").map(\.name) == ["cell_metadata", "gene"])
        let file = try manifest.file(directory: "WMB-10X", name: "cell_metadata")
        #expect(file.relativePath == "metadata/WMB-10X/20240101/cell_metadata.csv" && file.fileType == "csv" && file.md5.count == 32)
    }

    @Test func resolvesMatrixLabels() throws {
        let manifest = try manifest()
        let matrix = try manifest.expressionMatrix(label: "WMB-10XMulti")
        #expect(matrix.directory == "WMB-10XMulti" && matrix.name == "WMB-10XMulti/raw")
        #expect(try manifest.expressionMatrix(label: "WMB-10Xv3-TH", kind: "log2").relativePath.hasSuffix("WMB-10Xv3-TH-log2.h5ad"))
        #expect(throws: AtlasAccessError.self) { try manifest.expressionMatrix(label: "WMB-10Xv9-XX") }
    }

    @Test func ambiguousAndUnknownNames() throws {
        let manifest = try manifest()
        let ambiguous = #expect(throws: AtlasAccessError.self) { try manifest.file(directory: "WMB-10XMulti", name: "WMB-10XMulti") }
        #expect(ambiguous?.description.contains("WMB-10XMulti/log2, WMB-10XMulti/raw") == true)
        let unknownDirectory = #expect(throws: AtlasAccessError.self) { try manifest.files(in: "WMB-10xv3") }
        #expect(unknownDirectory?.description.contains("did you mean 'WMB-10Xv3'?") == true)
        #expect(unknownDirectory?.description.contains("valid: WMB-10X, WMB-10XMulti, WMB-10Xv3") == true)
        let unknownFile = #expect(throws: AtlasAccessError.self) { try manifest.file(directory: "WMB-10X", name: "cell_metdata") }
        #expect(unknownFile?.description.contains("valid: cell_metadata, gene") == true)
        #expect(unknownFile?.description.contains("did you mean 'cell_metadata'?") == true)
    }

    @Test func sizesPrintLikeThePythonPackage() {
        #expect(ByteSize.format(189_424_020_276) == "176.41 GB")
        #expect(ByteSize.format(111_838_076_296) == "104.16 GB")
        #expect(ByteSize.format(437_274_000) == "417.02 MB")
        #expect(ByteSize.format(5_400) == "5.27 KB")
        #expect(ByteSize.format(9) == "9 bytes")
    }

    @Test func badManifestNamesTheField() {
        let error = #expect(throws: AtlasAccessError.self) { try Manifest.decode(Data(#"{"version": "1", "directory_listing": {}}"#.utf8), source: "m.json") }
        #expect(error?.description.contains("file_listing") == true && error?.description.contains("m.json") == true)
    }

    @Test("a manifest that is not JSON: the message gives line, column and byte, and what was expected there")
    func invalidJSONGivesThePosition() {
        let cases: [(String, String)] = [
            ("{\"version\": \"20251031\",\n  \"resource_uri\": x}", "line 2, column 19 (byte 42): expected a value (object, array, string, number, true, false or null)"),
            ("{\"version\": \"1\"", "line 1, column 16 (byte 15): expected ',' or '}'"),
            ("{\"a\": [1 2]}", "line 1, column 10 (byte 9): expected ',' or ']'"),
            ("{\"a\" 1}", "line 1, column 6 (byte 5): expected ':' after the member name"),
            ("{} {}", "line 1, column 4 (byte 3): expected the end of the text"),
            ("", "line 1, column 1 (byte 0): expected a value (object, array, string, number, true, false or null)"),
        ]
        for (text, position) in cases {
            let error = #expect(throws: AtlasAccessError.self) { try Manifest.decode(Data(text.utf8), source: "m.json") }
            #expect(error?.description == "manifest m.json: not valid JSON at \(position)", "\(text)")
        }
    }

    @Test("the JSON syntax check accepts exactly what JSONSerialization accepts, on a sample of texts")
    func jsonSyntaxAgreesWithFoundation() {
        let texts = ["{}", "[]", "0", "-0.5e+3", "\"a\\u00e9\\n\"", "[1, [2, {\"x\": null}], true, false]", "01", "1.", "\"\\x\"",
                     "{\"a\":}", "tru", "\"a", String(repeating: "[", count: 100) + String(repeating: "]", count: 100)]
        for text in texts {
            let foundation = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
            #expect((JSONSyntax.firstProblem(in: Array(text.utf8)) == nil) == foundation, "\(text)")
        }
        #expect(JSONSyntax.firstProblem(in: Array((String(repeating: "[", count: 100_000)).utf8))?.expected.contains("nesting") == true)
    }

    @Test func unsafeRelativePathsAreRefused() async throws {
        let source = try AtlasSource(baseURL: URL(string: "http://127.0.0.1:1/bucket")!)
        #expect(try source.url(for: "metadata/a.csv").absoluteString == "http://127.0.0.1:1/bucket/metadata/a.csv")
        for path in ["../etc/passwd", "/etc/passwd", "metadata/../../x", "metadata//x", "http://evil/x"] {
            #expect(throws: AtlasAccessError.self) { try source.url(for: path) }
            #expect(throws: AtlasAccessError.self) { try AtlasCache(root: URL(fileURLWithPath: "/tmp")).path(for: path) }
        }
        // A manifest entry that climbs out of the cache is refused before any request.
        let bucket = try TestBucket(extraFiles: [:])
        let bad = try String(decoding: TestBucket.manifest(version: "20250101", files: TestBucket.contents()), as: UTF8.self)
            .replacingOccurrences(of: "metadata/WMB-10X/20240101/gene.csv", with: "../../outside/gene.csv")
        try Data(bad.utf8).write(to: bucket.root.appendingPathComponent("releases/20250101/manifest.json"))
        let server = try BucketServer(root: bucket.root)
        let project = AtlasProject(source: try AtlasSource(baseURL: server.baseURL), cache: AtlasCache(root: try TestPaths.temporaryDirectory("cache")))
        let release = try await project.open(.pinned("20250101"))
        let error = await #expect(throws: AtlasAccessError.self) { try await release.fetch(try release.file(directory: "WMB-10X", name: "gene")) }
        #expect(error?.description.contains("../../outside/gene.csv") == true)
        #expect(try server.requests().map(\.key) == ["releases/20250101/manifest.json"])
    }

    @Test func sourcesParse() throws {
        #expect(try AtlasSource.resolve("aws").baseURL == AtlasSource.awsBaseURL)
        #expect(throws: AtlasAccessError.self) { try AtlasSource.resolve("ftp://host/bucket/") }
        #expect(throws: AtlasAccessError.self) { try AtlasSource.resolve("some/folder") }
        let base = try TestPaths.temporaryDirectory("demo")
        try FileManager.default.createDirectory(at: base.appendingPathComponent("reports/demo-atlas/releases"), withIntermediateDirectories: true)
        let demo = try AtlasSource.resolve("demo", base: base)
        #expect(demo.isFile && demo.baseURL.path.hasSuffix("reports/demo-atlas"))
        #expect(demo.name == "demo")
    }
}
