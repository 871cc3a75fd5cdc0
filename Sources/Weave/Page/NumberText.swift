import Foundation

/// Numbers as reports show them (prose, tables, axes): the one place they are formatted.
public enum NumberText {
    private static let locale = Locale(identifier: "en_US")

    /// An integer with thousands separators: 1,234,567.
    public static func count(_ value: Int) -> String {
        value.formatted(.number.grouping(.automatic).locale(locale))
    }

    /// A whole number as `count`, else rounded to four significant digits.
    public static func decimal(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return Int(value).formatted(.number.locale(locale)) }
        return value.formatted(.number.precision(.significantDigits(1...4)).locale(locale))
    }
}
