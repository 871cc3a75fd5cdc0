import Foundation

extension Table {
    /// Why a string column is not numeric, for an error message: the first field that is
    /// neither empty nor a number, with its row, its line in the CSV (when the table was read
    /// from one) and its value. Nil when every field is empty.
    public func firstNonNumber(in column: Column) -> String? {
        guard case .string = column.storage else { return nil }
        for row in 0..<column.count {
            var text = column.text(at: row)
            if text.isEmpty { continue }
            let isNumber = text.withUTF8 { bytes in
                guard let p = bytes.baseAddress else { return true }
                return NumberParsing.int64(p, bytes.count) != nil || NumberParsing.double(p, bytes.count) != nil
            }
            if isNumber { continue }
            let line = CSVReader.line(ofRecord: row, path: source).map { " (line \($0) of the CSV)" } ?? ""
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
            let hint = ["nan", "inf", "-inf", "+inf", "infinity", "-infinity"].contains(lowered)
                ? "; NaN and infinity are not read as numbers (leave a missing value empty)"
                : text.first?.isWhitespace == true || text.last?.isWhitespace == true ? "; spaces around a number make it text" : ""
            return "row \(row + 1)\(line) has '\(shown)'\(hint)"
        }
        return nil
    }
}
