/// The declaration of one directive option: what the engine validates and `atlasweave directives` prints.
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

    public init(_ name: String, _ kind: Kind, required: Bool = false, default defaultValue: Value? = nil, help: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
        self.help = help
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
