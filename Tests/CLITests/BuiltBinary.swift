import Foundation
import TestSupport

/// The `atlasweave` executable `swift build` put beside this test bundle.
enum BuiltBinary {
    static var url: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("atlasweave"),
            TestPaths.packageRoot.appendingPathComponent(".build/debug/atlasweave"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[candidates.count - 1]
    }

    /// Runs `atlasweave` with `arguments` in `folder`.
    static func run(_ arguments: [String], in folder: URL) throws -> Command.Result {
        try Command.run(url, arguments: arguments, currentDirectory: folder)
    }
}
