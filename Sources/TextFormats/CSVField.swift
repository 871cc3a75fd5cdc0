/// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote, CR or LF, with its
/// quotes doubled; the one rule for every CSV the tool writes, files and page downloads alike.
public enum CSVField {
    /// Appends `bytes` (UTF-8) as a field. `quoteEdgeSpaces` also quotes a field with white space
    /// at either end or any line break (spreadsheets trim or split such fields when unquoted).
    public static func append<Bytes: Collection<UInt8>>(_ bytes: Bytes, to buffer: inout [UInt8], quoteEdgeSpaces: Bool = false) {
        guard needsQuotes(bytes, quoteEdgeSpaces: quoteEdgeSpaces) else {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(34)
        for b in bytes {
            if b == 34 { buffer.append(34) }
            buffer.append(b)
        }
        buffer.append(34)
    }

    /// Appends a record: the fields, then a line end (LF, or CRLF as RFC 4180 has it).
    public static func appendRecord(_ fields: [String], to buffer: inout [UInt8], quoteEdgeSpaces: Bool = false, crlf: Bool = false) {
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            append(field.utf8, to: &buffer, quoteEdgeSpaces: quoteEdgeSpaces)
        }
        if crlf { buffer.append(13) }
        buffer.append(10)
    }

    private static func needsQuotes<Bytes: Collection<UInt8>>(_ bytes: Bytes, quoteEdgeSpaces: Bool) -> Bool {
        if bytes.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) { return true }
        guard quoteEdgeSpaces, !bytes.isEmpty else { return false }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.first!.isWhitespace || text.last!.isWhitespace || text.contains { $0.isNewline }
    }
}
