/// A Swift type an option can have: how it reads from a validated `Value` and shows as one.
public protocol OptionValue: Sendable {
    static var optionKind: OptionSpec.Kind { get }
    /// The allowed values of a choice option, in the order the reference lists them.
    static var optionChoices: [String]? { get }
    /// The value of a validated option; nil when `value` is not of this type (`.null` for a
    /// non-optional type: the option is required).
    init?(optionValue value: Value)
    var optionValue: Value { get }
}

extension OptionValue {
    public static var optionChoices: [String]? { nil }
}

extension String: OptionValue {
    public static var optionKind: OptionSpec.Kind { .string }
    public init?(optionValue value: Value) {
        guard case .string(let s) = value else { return nil }
        self = s
    }
    public var optionValue: Value { .string(self) }
}

extension Int: OptionValue {
    public static var optionKind: OptionSpec.Kind { .integer }
    public init?(optionValue value: Value) {
        guard case .int(let i) = value else { return nil }
        self = i
    }
    public var optionValue: Value { .int(self) }
}

extension Double: OptionValue {
    public static var optionKind: OptionSpec.Kind { .number }
    public init?(optionValue value: Value) {
        switch value {
        case .int(let i): self = Double(i)
        case .double(let d): self = d
        default: return nil
        }
    }
    public var optionValue: Value { .double(self) }
}

extension Bool: OptionValue {
    public static var optionKind: OptionSpec.Kind { .boolean }
    public init?(optionValue value: Value) {
        guard case .bool(let b) = value else { return nil }
        self = b
    }
    public var optionValue: Value { .bool(self) }
}

extension Array: OptionValue where Element == String {
    public static var optionKind: OptionSpec.Kind { .stringList }
    public init?(optionValue value: Value) {
        switch value {
        case .list(let items): self = items.map(\.plain)
        case .string(let s): self = [s]
        default: return nil
        }
    }
    public var optionValue: Value { .list(map { .string($0) }) }
}

/// An option that may be left out: absent reads as nil.
extension Optional: OptionValue where Wrapped: OptionValue {
    public static var optionKind: OptionSpec.Kind { Wrapped.optionKind }
    public static var optionChoices: [String]? { Wrapped.optionChoices }
    public init?(optionValue value: Value) {
        if value == .null {
            self = .none
        } else if let wrapped = Wrapped(optionValue: value) {
            self = .some(wrapped)
        } else {
            return nil
        }
    }
    public var optionValue: Value { map(\.optionValue) ?? .null }
}

/// An option whose value is one of a fixed set of words: a `String`-backed enum, e.g.
/// `enum Kind: String, OptionChoice { case raw, log2 }`. The engine rejects other words with
/// the list and a suggestion.
public protocol OptionChoice: OptionValue, CaseIterable, RawRepresentable where RawValue == String {}

extension OptionChoice {
    public static var optionKind: OptionSpec.Kind { .string }
    public static var optionChoices: [String]? { allCases.map(\.rawValue) }
    public init?(optionValue value: Value) {
        guard case .string(let s) = value else { return nil }
        self.init(rawValue: s)
    }
    public var optionValue: Value { .string(rawValue) }
}
