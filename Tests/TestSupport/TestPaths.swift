import Foundation

/// Paths tests share: the package root, the bundled reports, fresh temporary folders.
public enum TestPaths {
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The folder every temporary folder of this test process is made in; removed when the
    /// process exits, so no test leaves one behind even when it fails half way.
    static let sessionFolder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("atlasweave-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        atexit { try? FileManager.default.removeItem(at: TestPaths.sessionFolder) }
        return url
    }()

    /// A new empty folder (in `sessionFolder`).
    public static func temporaryDirectory(_ label: String = "test") throws -> URL {
        let url = sessionFolder.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
