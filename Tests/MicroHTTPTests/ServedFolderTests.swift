import Foundation
import MicroHTTP
import Testing
import TestSupport

/// Request paths against real folders and symbolic links.
@Suite("MicroHTTP served folder")
struct ServedFolderTests {
    @Test("files inside are found; links and names leading out or hidden are refused; folders and loops are not found")
    func lookup() throws {
        let parent = try TestPaths.temporaryDirectory("served")
        let root = parent.appendingPathComponent("site"), outside = parent.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("a".utf8).write(to: root.appendingPathComponent("sub/a b.txt"))
        try Data("s".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        let links = ["out": "../outside", "loop": "loop", "inside": "sub", "up": "..", "abs": outside.path]
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(name).path, withDestinationPath: target)
        }
        let folder = ServedFolder(root)
        let file = ServedFolder.Lookup.file(root.appendingPathComponent("sub/a b.txt").resolvingSymlinksInPath())
        #expect(folder.lookup("/sub/a%20b.txt") == file)
        #expect(folder.lookup("/inside/a%20b.txt") == file)
        for path in ["/out/secret.txt", "/abs/secret.txt", "/up/outside/secret.txt", "/sub/..", "/sub//a%20b.txt",
                     "sub/a%20b.txt", "/.hidden", "/sub/a%20b.txt%00", "/%", "/sub%2f..%2f..%2foutside%2fsecret.txt"] {
            #expect(folder.lookup(path) == .refused, "\(path)")
        }
        for path in ["/sub", "/loop", "/missing", "/sub/a+b.txt"] {
            #expect(folder.lookup(path) == .notFound, "\(path)")
        }
    }

    @Test("Content-Types by extension, in any case; unknown ones are octet streams")
    func contentTypes() {
        #expect(ContentType.of(URL(fileURLWithPath: "/r/report.HTML")) == "text/html; charset=utf-8")
        #expect(ContentType.of(URL(fileURLWithPath: "/r/x.svg")) == "image/svg+xml")
        #expect(ContentType.of(URL(fileURLWithPath: "/r/x.h5ad")) == "application/x-hdf5")
        #expect(ContentType.of(URL(fileURLWithPath: "/r/x")) == "application/octet-stream")
    }
}
