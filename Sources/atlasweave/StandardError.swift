import Foundation

/// Lines for the user on stderr; stdout is kept for output a script may read.
enum StandardError {
    static func write(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((newline ? text + "\n" : text).utf8))
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
