import Foundation
import Testing
import TestSupport

/// The built binary when it is interrupted, when its cache was tampered with, and when two of
/// it share a cache.
@Suite("atlasweave under signals, tampering and concurrency")
struct HardeningCommandTests {
    /// The demo report with an expression stage writing data/out.h5ad.
    private static let report = AtlasReportCommandTests.report + """


        ```{expression}
        id: matrix
        cells: sample
        kind: raw
        output: data/out.h5ad
        ```
        """

    /// The demo atlas and a `genes` stage over every cell of its metadata, written to
    /// data/panel.csv a part per matrix.
    private static let genesReport = """
        ```{atlas}
        source: demo
        manifest: latest
        ```

        ```{genes}
        genes: [Slc17a7, Gad2, Tac2]
        kind: raw
        output: data/panel.csv
        ```
        """

    private func folderWithReport(_ report: String = report) throws -> URL {
        let folder = try TestPaths.temporaryDirectory("cli-hardening")
        try Data(report.utf8).write(to: folder.appendingPathComponent("report.md"))
        return folder
    }

    private func temporaries(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("data").path)) ?? [])
            .filter { $0.contains(".tmp-") }
    }

    /// Starts a render and stops it (SIGSTOP) as soon as its output temporary exists; nil when the
    /// render finished before the temporary was seen.
    private func renderStoppedWhileWriting(in folder: URL) throws -> Process? {
        let process = Process()
        process.executableURL = try BuiltBinary.url
        process.arguments = ["render", "report.md", "--no-cache", "--quiet"]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while process.isRunning {
            if !temporaries(in: folder).isEmpty {
                kill(process.processIdentifier, SIGSTOP)
                return process
            }
            usleep(500)
        }
        return nil
    }

    @Test("SIGINT and SIGTERM during the h5ad write remove its temporary; after SIGKILL the next render removes it",
          arguments: [SIGINT, SIGTERM, SIGKILL])
    func interruptedWriteLeavesNoTemporary(signal: Int32) throws {
        let folder = try folderWithReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BuiltBinary.run(["render", "report.md", "--quiet"], in: folder).status == 0)
        var stopped: Process?
        for _ in 0..<20 where stopped == nil { stopped = try renderStoppedWhileWriting(in: folder) }
        let process = try #require(stopped, "never caught the render while it wrote data/out.h5ad")
        let left = temporaries(in: folder)
        #expect(left == ["out.h5ad.tmp-\(process.processIdentifier)"])
        kill(process.processIdentifier, signal)
        kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        if signal == SIGKILL {
            #expect(temporaries(in: folder) == left)
            let again = try BuiltBinary.run(["render", "report.md", "--no-cache", "--quiet"], in: folder)
            #expect(again.status == 0, "\(again.stderr)")
        }
        #expect(temporaries(in: folder).isEmpty)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/out.h5ad").path))
    }

    @Test("SIGINT, SIGTERM and SIGKILL while a gene panel is written in parts: no part is left behind",
          arguments: [SIGINT, SIGTERM, SIGKILL])
    func interruptedPanelLeavesNoPart(signal: Int32) throws {
        let folder = try folderWithReport(Self.genesReport)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BuiltBinary.run(["render", "report.md", "--quiet"], in: folder).status == 0)
        let written = try Data(contentsOf: folder.appendingPathComponent("data/panel.csv"))
        var stopped: Process?
        for _ in 0..<20 where stopped == nil { stopped = try renderStoppedWhileWriting(in: folder) }
        let process = try #require(stopped, "never caught the render while it wrote data/panel.csv")
        let left = temporaries(in: folder)
        #expect(left.allSatisfy { $0.hasPrefix("panel.csv.tmp-\(process.processIdentifier)") }, "\(left)")
        kill(process.processIdentifier, signal)
        kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        if signal == SIGKILL {
            #expect(!temporaries(in: folder).isEmpty)
            let again = try BuiltBinary.run(["render", "report.md", "--no-cache", "--quiet"], in: folder)
            #expect(again.status == 0, "\(again.stderr)")
        }
        #expect(temporaries(in: folder).isEmpty)
        #expect(try Data(contentsOf: folder.appendingPathComponent("data/panel.csv")) == written)
    }

    @Test("the card says whether the MD5 was computed now; --verify re-hashes a cached file edited in place")
    func verificationIsReportedTruthfully() throws {
        let folder = try folderWithReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        // Wherever the render put the report, as it says on its last line.
        let reportLine = try #require(first.stderr.split(separator: "\n").last { $0.hasPrefix("report: ") })
        let html = URL(fileURLWithPath: String(reportLine.dropFirst("report: ".count)))
        #expect(try String(contentsOf: html, encoding: .utf8).contains("verified now against the manifest"))

        // Edit the cached metadata in place, keeping its size and modification time.
        let cached = try #require(FileManager.default.enumerator(atPath: folder.appendingPathComponent("abc_data").path)?
            .compactMap { $0 as? String }.first { $0.hasSuffix("cell_metadata.csv") })
        let file = folder.appendingPathComponent("abc_data").appendingPathComponent(cached)
        let stamp = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as! Date
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count - 2] = bytes[bytes.count - 2] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        try bytes.write(to: file)
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: file.path)

        let trusted = try BuiltBinary.run(["render", "report.md", "--no-cache"], in: folder)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        #expect(try String(contentsOf: html, encoding: .utf8).contains("recorded as verified on \(day.string(from: stamp)) (not re-hashed"))

        let verified = try BuiltBinary.run(["render", "report.md", "--verify"], in: folder)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stderr.contains("cell_metadata.csv: downloading"), "\(verified.stderr)")
        #expect(verified.stderr.contains("--verify re-hashes its inputs"), "\(verified.stderr)")
        #expect(try String(contentsOf: html, encoding: .utf8).contains("verified now against the manifest"))
        #expect(try Data(contentsOf: file) != bytes)
    }
}
