import Foundation

/// Files that no manifest vouches for (a user's own h5ad) are read first by the helper
/// `atlasweave-h5check` in a child process with a time limit: libhdf5 can crash or spin forever
/// on a corrupt file, and then only the child is lost. Only a file that passes is opened here.
public enum SafeOpen {
    /// The helper's name; it is installed beside the `atlasweave` executable.
    public static let helperName = "atlasweave-h5check"

    /// Throws `AnnDataError.invalidFile` when the helper cannot read `url` through, crashes, or
    /// takes longer than the limit (`ATLASWEAVE_H5CHECK_SECONDS`, else 30 s plus 1 s per 50 MB).
    public static func check(_ url: URL) throws {
        let helper = try locateHelper()
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        let limit = ProcessInfo.processInfo.environment["ATLASWEAVE_H5CHECK_SECONDS"].flatMap(Double.init) ?? 30 + Double(size) / 50e6
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("atlasweave-h5check-\(UUID().uuidString.prefix(8)).txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = helper
        process.arguments = [url.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        do { try process.run() } catch {
            throw AnnDataError.io(path: helper.path, message: "cannot start the h5ad checker: \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw AnnDataError.invalidFile(path: url.path, reason: "libhdf5 did not finish reading it within \(Int(limit)) s")
        }
        process.waitUntilExit()
        let message = (try? String(contentsOf: log, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): return
        case (.uncaughtSignal, let signal):
            throw AnnDataError.invalidFile(path: url.path, reason: "libhdf5 crashed reading it (signal \(signal))")
        default:
            throw AnnDataError.invalidFile(path: url.path, reason: message.isEmpty ? "exit status \(process.terminationStatus)" : message)
        }
    }

    /// `ATLASWEAVE_H5CHECK`, else the helper beside this executable (symlinks resolved).
    static func locateHelper() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["ATLASWEAVE_H5CHECK"], !path.isEmpty { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        for executable in [Bundle.main.executableURL, URL(fileURLWithPath: "/proc/self/exe")].compactMap({ $0 }) {
            candidates.append(executable.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(helperName))
        }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) { return found }
        throw AnnDataError.io(path: candidates.first?.path ?? helperName,
                              message: "the h5ad checker \(helperName) is missing (it is built with atlasweave; set ATLASWEAVE_H5CHECK to its path)")
    }
}
