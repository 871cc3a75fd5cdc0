import CLinux
import Foundation

/// Output-sized temporaries (`<output>.tmp-<pid>`, and `<output>.tmp-<pid>.part<n>` for an
/// output written in parts) that an interrupted write must not leave behind: removed when the
/// process is stopped by SIGINT, SIGTERM or SIGHUP, and, for one stopped by SIGKILL or a crash,
/// by the next process that writes the same output.
public enum Temporaries {
    static let separator = ".tmp-"

    /// The temporary path for `output` in this process.
    public static func path(for output: URL) -> URL {
        URL(fileURLWithPath: output.path + separator + String(getpid()))
    }

    /// The temporary path of part `part` of `output` in this process.
    public static func path(for output: URL, part: Int) -> URL {
        URL(fileURLWithPath: path(for: output).path + ".part\(part)")
    }

    /// Removes `path` if this process is stopped by one of the signals `removeOnSignals` handles.
    public static func track(_ url: URL) {
        _ = url.path.withCString { clinux_track_temporary($0) }
    }

    public static func untrack(_ url: URL) {
        url.path.withCString { clinux_untrack_temporary($0) }
    }

    /// Removes every tracked temporary now (for a command that exits on a signal itself).
    public static func removeTracked() {
        clinux_remove_temporaries()
    }

    /// Installs the handlers: on SIGINT, SIGTERM or SIGHUP the tracked temporaries are removed,
    /// then the process dies of the signal as it would have.
    public static func removeOnSignals() {
        for signal in [SIGINT, SIGTERM, SIGHUP] { _ = clinux_remove_temporaries_on(signal) }
    }

    /// Removes temporaries of `output` whose process is gone (a SIGKILL, a crash); returns their paths.
    @discardableResult
    public static func removeAbandoned(for output: URL) -> [String] {
        let folder = output.deletingLastPathComponent()
        let prefix = output.lastPathComponent + separator
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name in
            guard name.hasPrefix(prefix) else { return nil }
            let rest = name.dropFirst(prefix.count), digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard digits.count == rest.count || rest.dropFirst(digits.count).hasPrefix(".part"),
                  let pid = Int32(digits), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { return nil }
            let path = folder.appendingPathComponent(name).path
            return unlink(path) == 0 ? path : nil
        }
    }
}
