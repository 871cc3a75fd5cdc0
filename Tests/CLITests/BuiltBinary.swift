import Foundation
import TestSupport

/// The `atlasweave` executable `swift build` put beside this test bundle: the one the tests
/// run, and only when it is newer than every source file (a stale binary would test old code).
enum BuiltBinary {
    struct Stale: Error, CustomStringConvertible {
        let description: String
    }

    static var url: URL {
        get throws {
            guard let folder = Bundle.main.executableURL?.deletingLastPathComponent() else {
                throw Stale(description: "cannot tell where the test bundle is")
            }
            let binary = folder.appendingPathComponent("atlasweave")
            guard let built = modified(binary) else {
                throw Stale(description: "no atlasweave at \(binary.path): run swift build --build-tests first")
            }
            if let newer = newestSource(), newer.date > built {
                throw Stale(description: "\(binary.path) is older than \(newer.path): run swift build --build-tests first")
            }
            return binary
        }
    }

    /// Runs `atlasweave` with `arguments` in `folder`.
    static func run(_ arguments: [String], in folder: URL) throws -> Command.Result {
        try Command.run(try url, arguments: arguments, currentDirectory: folder)
    }

    private static func modified(_ url: URL) -> Date? {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
    }

    /// The most recently changed Swift file under Sources/.
    private static func newestSource() -> (path: String, date: Date)? {
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: [.contentModificationDateKey]) else { return nil }
        var newest: (path: String, date: Date)?
        for case let file as URL in files where file.pathExtension == "swift" {
            if let date = modified(file), date > (newest?.date ?? .distantPast) { newest = (file.path, date) }
        }
        return newest
    }
}
