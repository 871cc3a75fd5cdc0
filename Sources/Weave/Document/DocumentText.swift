import Foundation

/// The text of a report (or `--params` file): UTF-8 without NUL bytes. cmark reads text up to
/// a NUL, so one would silently drop the rest of the document; a byte that is not UTF-8 would
/// be replaced or refused without saying where.
enum DocumentText {
    static func read(_ url: URL) throws(ReportError) -> String {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(path: url.path, message: error.localizedDescription)
        }
        return try decode(data, file: url.path)
    }

    /// The text of `data`, or an error at the line of the first NUL or non-UTF-8 byte.
    static func decode(_ data: Data, file: String) throws(ReportError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var offset = 0, line = 1, lineStart = 0
        func located(_ message: String) -> ReportError {
            .invalidText(SourceLocation(file: file, line: line),
                         message: "\(message) at byte offset \(offset) of the file (byte \(offset - lineStart + 1) of line \(line))")
        }
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let scalar):
                if scalar.count == 1, let byte = scalar.first {
                    if byte == 0 { throw located("a NUL byte (the document must be text)") }
                    if byte == 10 {
                        line += 1
                        lineStart = offset + 1
                    }
                }
                offset += scalar.count
            case .error(let length):
                let shown = data[data.startIndex + offset ..< data.startIndex + offset + length].map { String(format: "0x%02X", $0) }
                throw located("not UTF-8: byte \(shown.joined(separator: " ")) is not valid UTF-8 (save the file as UTF-8)")
            case .emptyInput:
                return String(decoding: data, as: UTF8.self)
            }
        }
    }
}
