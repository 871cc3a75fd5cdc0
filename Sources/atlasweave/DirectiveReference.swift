import Weave

/// The reference text of `atlasweave directives`, generated from the directive types so it
/// cannot drift from what the engine validates.
enum DirectiveReference {
    static func text(for directives: [any Directive.Type]) -> String {
        var out = "Directives: a fenced block ```{name} whose body is a YAML mapping of options.\n"
        out += "Every directive also accepts:\n"
        for option in OptionBinding.commonOptions { out += describe(option) }
        for directive in directives {
            out += "\n{\(directive.name)}\n  \(directive.summary)\n"
            out += "  options:\n"
            if directive.options.isEmpty { out += "    (none)\n" }
            for option in directive.options { out += describe(option) }
            out += "  result fields:\n"
            if directive.fields.isEmpty { out += "    (none)\n" }
            for field in directive.fields { out += "    \(field.name)\n      \(field.help)\n" }
        }
        return out
    }

    private static func describe(_ option: OptionSpec) -> String {
        var traits = [option.kind.rawValue]
        if let allowed = option.allowedDescription { traits.append(allowed) }
        if option.required { traits.append("required") }
        if let value = option.defaultValue { traits.append("default \(value.yamlText)") }
        return "    \(option.name) (\(traits.joined(separator: ", ")))\n      \(option.help)\n"
    }
}
