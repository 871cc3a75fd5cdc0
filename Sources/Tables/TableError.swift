/// Errors of the Tables module; each names the file (or table), line and column involved.
public enum TableError: Error, Sendable, CustomStringConvertible {
    case io(path: String, message: String)
    /// A malformed field: `line` is the physical line in the file (1-based), `column` the field's
    /// 1-based position and its header name when known.
    case malformed(path: String, line: Int, column: Int, columnName: String?, message: String)
    /// A record with a different number of fields than the header.
    case ragged(path: String, line: Int, expected: Int, found: Int)
    case empty(path: String)
    case unknownColumn(name: String, table: String, available: [String])
    case duplicateKey(key: String, column: String, table: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .io(let path, let message): return "\(path): \(message)"
        case .malformed(let path, let line, let column, let name, let message):
            let named = name.map { " ('\($0)')" } ?? ""
            return "\(path):\(line): column \(column)\(named): \(message)"
        case .ragged(let path, let line, let expected, let found):
            return "\(path):\(line): expected \(expected) fields as in the header, found \(found)"
        case .empty(let path): return "\(path): no header line (the file is empty)"
        case .unknownColumn(let name, let table, let available):
            return "\(table) has no column '\(name)'; columns: \(available.joined(separator: ", "))"
        case .duplicateKey(let key, let column, let table):
            return "\(table): key '\(key)' appears more than once in column '\(column)' (a join needs unique keys on that side)"
        case .invalidArgument(let message): return message
        }
    }
}
