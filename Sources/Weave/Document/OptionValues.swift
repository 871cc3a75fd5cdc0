/// A directive's options after value substitution and validation: every declared option with
/// a default is present, and each value has its declared kind and lies in its allowed values.
public struct DirectiveOptions: Sendable, Equatable {
    public let values: [String: Value]
    /// Line in the document of each option's key, for errors raised while interpreting options.
    public let lines: [String: Int]

    init(values: [String: Value], lines: [String: Int] = [:]) {
        self.values = values
        self.lines = lines
    }

    /// The stage id given with the common `id` option.
    var id: String? {
        if case .string(let s)? = values["id"] { return s }
        return nil
    }

    /// The common `caption` option.
    var caption: String? {
        if case .string(let s)? = values["caption"] { return s }
        return nil
    }
}

/// The validated options of a directive, read typed through its declarations:
/// `options.bins` is the `Int` of `let bins = Option("bins", default: 30, …)`.
@dynamicMemberLookup
public struct OptionValues<Declared: DirectiveOptionSet>: Sendable {
    public let raw: DirectiveOptions
    private let declarations = Declared()

    init(_ raw: DirectiveOptions) {
        self.raw = raw
    }

    public subscript<T>(dynamicMember key: KeyPath<Declared, Option<T>>) -> T {
        let option = declarations[keyPath: key]
        // Binding checked the kind and filled defaults; a value pending a stage result never reaches here.
        if let value = raw.values[option.name], let typed = T(optionValue: value) { return typed }
        guard let fallback = option.defaultValue else {
            preconditionFailure("option '\(option.name)' was not bound")
        }
        return fallback
    }

    /// An error about an option's meaning (a value of the right kind the directive cannot use),
    /// reported at the option's line.
    public func invalid<T>(_ key: KeyPath<Declared, Option<T>>, _ message: String) -> DirectiveError {
        .invalidOption(name: declarations[keyPath: key].name, message: message)
    }
}
