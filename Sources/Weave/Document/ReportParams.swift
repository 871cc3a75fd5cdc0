import Foundation
import Yams

/// A report's params after overrides: each declared param with its value and where the
/// value came from (shown in the provenance section).
public struct ReportParams: Sendable {
    public enum Source: String, Sendable {
        case defaultValue = "default"
        case commandLine = "-P"
        case paramsFile = "--params"
    }

    public struct Param: Sendable {
        public let name: String
        public let value: Value
        public let source: Source
    }

    /// In front-matter order.
    public let all: [Param]

    public var values: [String: Value] {
        Dictionary(all.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    /// Applies a `--params` file, then `-P name=value` pairs (the command line wins), to the
    /// declared defaults. Values take the kind of the default where it has one.
    init(declared: FrontMatter, file: String, paramsFile: URL?, commandLine: [(name: String, value: String)]) throws(ReportError) {
        var params = declared.params.map { Param(name: $0.name, value: $0.defaultValue, source: .defaultValue) }
        let names = params.map(\.name)
        let declaredAt = SourceLocation(file: file, line: declared.paramsLine)

        /// `text` is the scalar as written, kept for string params (`yes` stays `yes`).
        func set(_ name: String, _ value: Value, text: String?, _ source: Source, _ location: SourceLocation,
                 origin: String) throws(ReportError) {
            guard let i = params.firstIndex(where: { $0.name == name }) else {
                throw .undeclaredParam(location, name: name, origin: origin, declared: names)
            }
            let coerced = try Self.coerce(value, text: text, like: params[i].value, name: name, at: location)
            params[i] = Param(name: name, value: coerced, source: source)
        }

        if let paramsFile {
            let text = try DocumentText.read(paramsFile)
            let yaml = YAMLText(text: text, firstLine: 1, file: paramsFile.path)
            if let root = try yaml.compose() {
                guard case .mapping(let mapping) = root else {
                    throw .badParam(yaml.location(of: root), name: "", message: "a --params file must map param names to values")
                }
                for (key, value) in mapping {
                    try set(key.string ?? "", Value(yaml: value), text: value.scalar?.string, .paramsFile, yaml.location(of: key),
                            origin: "--params \(paramsFile.lastPathComponent)")
                }
            }
        }
        for (name, raw) in commandLine {
            // The text read as YAML, so `-P target=5000` is an integer and `-P cols=[a,b]` a list.
            if YAMLText.lineBeyondDepthLimit(in: raw) != nil {
                throw .badParam(declaredAt, name: name, message: "-P \(name): \(YAMLText.tooDeep)")
            }
            let node = (try? Yams.compose(yaml: raw)) ?? nil
            if let node, YAMLText.nodeBeyondLimit(in: node) != nil {
                throw .badParam(declaredAt, name: name, message: "-P \(name): \(YAMLText.tooLarge)")
            }
            let value = node.map { Value(yaml: $0) } ?? .string(raw)
            try set(name, value, text: raw, .commandLine, declaredAt, origin: "-P \(name)=\(raw)")
        }
        all = params
    }

    /// `value` converted to the kind of the declared default: a string default keeps the
    /// text (`-P manifest=20251031` stays a string); numbers and booleans must match.
    private static func coerce(_ value: Value, text: String?, like declared: Value, name: String,
                               at location: SourceLocation) throws(ReportError) -> Value {
        switch (declared, value) {
        // Command-line text stays text, even when YAML reads it as a mapping (`a: b # c`).
        case (.string, _) where text != nil: return .string(text!)
        case (.string, .list), (.string, .record): break
        case (.string, _): return .string(value.plain)
        case (.int, .int), (.double, .double), (.bool, .bool), (.list, .list), (.record, .record), (.null, _): return value
        case (.double, .int(let i)): return .double(Double(i))
        case (.list, .string): return .list([value])
        default: break
        }
        throw .badParam(location, name: name, message: "expected \(declared.kindDescription.split(separator: " ").first ?? "") like the default \(declared.plain), got \(value.kindDescription)")
    }
}
