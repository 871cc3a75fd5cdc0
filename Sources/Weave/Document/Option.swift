/// The one declaration of a directive option: name, type, default (none: required), allowed
/// values and help. A directive declares its options as the stored properties of its
/// `Options` struct, in the order the reference lists them:
///
///     struct Options: DirectiveOptionSet {
///         let table = Option<String>("table", help: "…")                 // required
///         let bins = Option("bins", default: 30, in: 1...500, help: "…")
///         let title = Option<String?>("title", help: "…")                // may be left out
///     }
///
/// and reads them typed, `options.bins` (an `Int`), from its `OptionValues<Options>`.
public struct Option<T: OptionValue>: Sendable {
    public let name: String
    /// nil: the option is required. An optional type's default is nil-the-value, so it is not required.
    public let defaultValue: T?
    public let help: String
    let allowed: AllowedValues?

    /// An option without a default: required, unless `T` is optional (then absent is nil).
    public init(_ name: String, help: String) {
        self.init(name, defaultValue: T(optionValue: .null), allowed: nil, help: help)
    }

    public init(_ name: String, default value: T, help: String) {
        self.init(name, defaultValue: value, allowed: nil, help: help)
    }

    init(_ name: String, defaultValue: T?, allowed: AllowedValues?, help: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.allowed = allowed
        self.help = help
    }

    public var spec: OptionSpec {
        let shown = defaultValue.map(\.optionValue).flatMap { $0 == .null ? nil : $0 }
        return OptionSpec(name: name, kind: T.optionKind, required: defaultValue == nil, defaultValue: shown, help: help,
                          choices: T.optionChoices, allowed: allowed)
    }
}

extension Option where T: Comparable {
    public init(_ name: String, default value: T, in range: ClosedRange<T>, help: String) {
        self.init(name, defaultValue: value, allowed: .range(range), help: help)
    }

    public init(_ name: String, default value: T, in range: PartialRangeFrom<T>, help: String) {
        self.init(name, defaultValue: value, allowed: .range(range), help: help)
    }

    /// A required option with an allowed range.
    public init(_ name: String, in range: PartialRangeFrom<T>, help: String) {
        self.init(name, defaultValue: nil, allowed: .range(range), help: help)
    }

    public init(_ name: String, in range: ClosedRange<T>, help: String) {
        self.init(name, defaultValue: nil, allowed: .range(range), help: help)
    }
}

/// A range an option's value must lie in, as the reference and the errors state it.
struct AllowedValues: Sendable {
    let description: String
    let contains: @Sendable (Value) -> Bool

    static func range<T: OptionValue & Comparable>(_ range: ClosedRange<T>) -> AllowedValues {
        AllowedValues(description: "\(range.lowerBound.optionValue.plain) to \(range.upperBound.optionValue.plain)") { value in
            T(optionValue: value).map(range.contains) ?? false
        }
    }

    static func range<T: OptionValue & Comparable>(_ range: PartialRangeFrom<T>) -> AllowedValues {
        AllowedValues(description: "\(range.lowerBound.optionValue.plain) or more") { value in
            T(optionValue: value).map(range.contains) ?? false
        }
    }
}

/// A directive's option declarations, as the stored `Option` properties of a struct. The engine
/// lists them with `Mirror`, in declaration order.
public protocol DirectiveOptionSet: Sendable {
    init()
}

/// What an `Option<T>` is to the engine whatever its `T`.
protocol AnyOption {
    var spec: OptionSpec { get }
}

extension Option: AnyOption {}

extension DirectiveOptionSet {
    /// The declared options in declaration order.
    static var specs: [OptionSpec] {
        Mirror(reflecting: Self()).children.compactMap { ($0.value as? any AnyOption)?.spec }
    }
}

/// A set with no options.
public struct NoOptions: DirectiveOptionSet {
    public init() {}
}

/// The erased declaration of one option: what the engine validates and `atlasweave directives` prints.
public struct OptionSpec: Sendable {
    public enum Kind: String, Sendable {
        case string, integer, number, boolean
        /// A list of strings; a single string is accepted as a one-item list.
        case stringList = "list of strings"
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    public let defaultValue: Value?
    public let help: String
    /// The words a choice option accepts.
    public let choices: [String]?
    let allowed: AllowedValues?

    /// What values are accepted beyond the kind ("1 to 500", "one of raw, log2"), if limited.
    public var allowedDescription: String? {
        if let choices { return "one of \(choices.joined(separator: ", "))" }
        return allowed?.description
    }
}

/// The declaration of one field of a directive's result, usable as `{{ id.field }}`.
public struct FieldSpec: Sendable {
    public let name: String
    public let help: String

    public init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }
}
