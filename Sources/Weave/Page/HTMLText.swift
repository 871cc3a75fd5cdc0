/// HTML a directive or the page builds. Interpolated text is escaped unless it is itself
/// `HTMLText` or marked `raw:`, so a value reaches the page unescaped only by saying so:
///
///     let cell: HTMLText = "<td>\(name)</td>"          // name: String, escaped
///     let row: HTMLText = "<tr>\(cell)</tr>"           // nested HTMLText, kept
///     let svg: HTMLText = "\(raw: trustedMarkup)"      // explicitly trusted
public struct HTMLText: Sendable, Equatable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup.
    public private(set) var rendered: String

    public init(stringLiteral value: String) {
        rendered = value
    }

    public init(stringInterpolation: StringInterpolation) {
        rendered = stringInterpolation.rendered
    }

    /// Markup that is already HTML (a cached fragment, a Markdown renderer's output).
    public init(trusted markup: String) {
        rendered = markup
    }

    /// Text shown as is: every markup character escaped.
    public init(escaping text: String) {
        rendered = Self.escape(text)
    }

    public var description: String { rendered }
    public var isEmpty: Bool { rendered.isEmpty }

    public func contains(_ markup: String) -> Bool { rendered.contains(markup) }

    public struct StringInterpolation: StringInterpolationProtocol {
        var rendered = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            rendered.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            rendered += literal
        }

        public mutating func appendInterpolation(_ text: String) {
            rendered += HTMLText.escape(text)
        }

        public mutating func appendInterpolation(_ text: Substring) {
            rendered += HTMLText.escape(String(text))
        }

        public mutating func appendInterpolation(_ number: Int) {
            rendered += String(number)
        }

        public mutating func appendInterpolation(_ html: HTMLText) {
            rendered += html.rendered
        }

        public mutating func appendInterpolation(_ parts: [HTMLText]) {
            for part in parts { rendered += part.rendered }
        }

        /// Markup the caller vouches for.
        public mutating func appendInterpolation(raw markup: String) {
            rendered += markup
        }
    }

    public static func + (lhs: HTMLText, rhs: HTMLText) -> HTMLText {
        HTMLText(trusted: lhs.rendered + rhs.rendered)
    }

    public static func += (lhs: inout HTMLText, rhs: HTMLText) {
        lhs.rendered += rhs.rendered
    }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

extension Sequence where Element == HTMLText {
    public func joined(separator: HTMLText = "") -> HTMLText {
        var out: HTMLText = ""
        for (i, part) in enumerated() {
            if i > 0 { out += separator }
            out += part
        }
        return out
    }
}

extension HTMLText: Codable {
    public init(from decoder: any Decoder) throws {
        rendered = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rendered)
    }
}
