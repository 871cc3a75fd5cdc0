import AtomicFiles
import Foundation
import Testing
import TestSupport

@Suite struct AtomicFileTests {
    @Test func replacesAnExistingFileAndRemovesTheOldOne() throws {
        let folder = try TestPaths.temporaryDirectory("atomic")
        let destination = folder.appendingPathComponent("out.txt"), temporary = folder.appendingPathComponent(".out.txt.tmp")
        try Data("old".utf8).write(to: destination)
        try Data("new".utf8).write(to: temporary)
        try AtomicFile.replace(destination, with: temporary)
        #expect(try String(contentsOf: destination, encoding: .utf8) == "new")
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.txt"])
    }

    @Test func aFolderInTheWayIsAnErrorAndNothingMoves() throws {
        let folder = try TestPaths.temporaryDirectory("atomic")
        let destination = folder.appendingPathComponent("out.h5ad"), temporary = folder.appendingPathComponent(".out.h5ad.tmp")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
        try Data("new".utf8).write(to: temporary)
        let error = #expect(throws: AtomicFileError.self) { try AtomicFile.replace(destination, with: temporary) }
        #expect(error?.description == "\(destination.path): is a folder, not a file that can be replaced")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: destination.path, isDirectory: &isFolder) && isFolder.boolValue)
        #expect(try String(contentsOf: temporary, encoding: .utf8) == "new")
    }

    @Test func movesIntoPlaceWhenThereIsNoFileYet() throws {
        let folder = try TestPaths.temporaryDirectory("atomic")
        let destination = folder.appendingPathComponent("out.txt"), temporary = folder.appendingPathComponent(".out.txt.tmp")
        try Data("first".utf8).write(to: temporary)
        try AtomicFile.replace(destination, with: temporary)
        #expect(try String(contentsOf: destination, encoding: .utf8) == "first")
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
    }

    @Test func writeCreatesTheFolderAndAFailureNamesThePath() throws {
        let folder = try TestPaths.temporaryDirectory("atomic")
        let url = folder.appendingPathComponent("a/b/report.html")
        try AtomicFile.write(Data("<p>".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "<p>")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["report.html"])
        let blocked = folder.appendingPathComponent("a/b/report.html/inner.txt") // a file where a folder should be
        let error = #expect(throws: AtomicFileError.self) { try AtomicFile.write(Data(), to: blocked) }
        #expect(error?.path == blocked.path)
    }

    @Test func copiesAFileWholeAndRefusesToOverwrite() throws {
        let dir = try TestPaths.temporaryDirectory("atomic-copy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("source.bin"), copy = dir.appendingPathComponent("copy.bin")
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try bytes.write(to: source)
        try AtomicFile.copy(source, to: copy)
        #expect(try Data(contentsOf: copy) == bytes)
        let existing = #expect(throws: AtomicFileError.self) { try AtomicFile.copy(source, to: copy) }
        #expect("\(existing!)".contains("copy.bin: cannot create: File exists"))
        let missing = #expect(throws: AtomicFileError.self) { try AtomicFile.copy(dir.appendingPathComponent("none.bin"), to: copy) }
        #expect("\(missing!)".contains("none.bin: cannot open"))
    }
}
