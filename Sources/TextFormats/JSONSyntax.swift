/// Where a text stops being valid JSON, for error messages: Foundation's decoders only say that
/// it is not. A syntax check only (RFC 8259); nesting deeper than `maxDepth` counts as an error.
public enum JSONSyntax {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        /// 0-based byte offset; 1-based line and column (in bytes).
        public let offset: Int
        public let line: Int
        public let column: Int
        public let expected: String

        public var description: String { "line \(line), column \(column) (byte \(offset)): expected \(expected)" }
    }

    public static let maxDepth = 512

    /// The first syntax error in `bytes`, or nil when they are one valid JSON value.
    public static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var scanner = Scanner(bytes: bytes)
        do throws(Scanner.Failure) {
            scanner.skipSpace()
            try scanner.value(depth: 0)
            scanner.skipSpace()
            if scanner.index < bytes.count { throw Scanner.Failure(offset: scanner.index, expected: "the end of the text") }
            return nil
        } catch {
            let before = bytes[..<min(error.offset, bytes.count)]
            let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            return Problem(offset: error.offset, line: before.count(where: { $0 == UInt8(ascii: "\n") }) + 1,
                           column: error.offset - lineStart + 1, expected: error.expected)
        }
    }

    private struct Scanner {
        struct Failure: Error { let offset: Int; let expected: String }

        let bytes: [UInt8]
        var index = 0

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        func fail(_ expected: String) -> Failure { Failure(offset: index, expected: expected) }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            guard current == byte else { throw fail(what) }
            index += 1
        }

        mutating func value(depth: Int) throws(Failure) {
            guard depth < JSONSyntax.maxDepth else { throw fail("at most \(JSONSyntax.maxDepth) levels of nesting") }
            switch current {
            case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), depth: depth, keyed: true)
            case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), depth: depth, keyed: false)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte): try number()
            default: throw fail("a value (object, array, string, number, true, false or null)")
            }
        }

        /// An object (`keyed`: `"key": value` members) or an array, from its opening bracket.
        mutating func container(close: UInt8, depth: Int, keyed: Bool) throws(Failure) {
            index += 1
            skipSpace()
            if current == close { index += 1; return }
            while true {
                if keyed {
                    guard current == UInt8(ascii: "\"") else { throw fail("a member name in double quotes") }
                    try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"), "':' after the member name")
                    skipSpace()
                }
                try value(depth: depth + 1)
                skipSpace()
                if current == close { index += 1; return }
                try expect(UInt8(ascii: ","), "',' or '\(Character(Unicode.Scalar(close)))'")
                skipSpace()
            }
        }

        mutating func string() throws(Failure) {
            index += 1
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""): index += 1; return
                case UInt8(ascii: "\\"):
                    index += 1
                    guard let escaped = current, Array("\"\\/bfnrtu".utf8).contains(escaped) else { throw fail("an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t, \\uXXXX)") }
                    index += 1
                    if escaped == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let hex = current, (0x30...0x39).contains(hex) || (0x41...0x46).contains(hex) || (0x61...0x66).contains(hex) else { throw fail("four hex digits after \\u") }
                            index += 1
                        }
                    }
                case ..<0x20: throw fail("no control character inside a string (escape it)")
                default: index += 1
                }
            }
            throw fail("the closing '\"' of the string")
        }

        mutating func digits() throws(Failure) {
            guard let byte = current, (0x30...0x39).contains(byte) else { throw fail("a digit") }
            while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
        }

        mutating func number() throws(Failure) {
            if current == UInt8(ascii: "-") { index += 1 }
            if current == UInt8(ascii: "0") { index += 1 } else { try digits() }
            if current == UInt8(ascii: ".") { index += 1; try digits() }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                try digits()
            }
        }

        mutating func literal(_ word: String) throws(Failure) {
            for byte in word.utf8 {
                guard current == byte else { throw fail("'\(word)'") }
                index += 1
            }
        }
    }
}
