import Foundation
import Weave

/// Test-only directives exercising the protocol: they are real `Directive` types run by the
/// real engine, not stand-ins for a shipped part.

/// `{echo}`: shows its text and returns it, with the other options, as fields.
struct Echo: Directive {
    static let name = "echo"
    static let summary = "Shows its text."
    static let options = [
        OptionSpec("text", .string, required: true, help: "Text to show."),
        OptionSpec("count", .integer, default: .int(1), help: "A number."),
        OptionSpec("ratio", .number, help: "A decimal."),
        OptionSpec("flag", .boolean, default: .bool(false), help: "A switch."),
        OptionSpec("cols", .stringList, help: "Names."),
    ]
    static let fields = [
        FieldSpec("text", help: "The text."),
        FieldSpec("count", help: "The count."),
        FieldSpec("meta", help: "A record: {inner: count * 1000, cols: [...]}"),
    ]

    let options: DirectiveOptions

    init(options: DirectiveOptions) throws {
        if let count = options.int("count"), count < 0 {
            throw DirectiveError.invalidOption(name: "count", message: "must be 0 or more")
        }
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let text = options.string("text") ?? ""
        let count = options.int("count") ?? 0
        let meta = Value.record(["inner": .int(count * 1000), "cols": .list((options.strings("cols") ?? []).map(Value.string))])
        return StageResult(fields: ["text": .string(text), "count": .int(count), "meta": meta],
                           html: "<p class=\"echo\">\(HTML.escape(text))</p>")
    }
}

/// `{fail}`: throws at run time.
struct Fail: Directive {
    static let name = "fail"
    static let summary = "Always fails."
    static let options = [OptionSpec("message", .string, default: .string("boom"), help: "Error text.")]
    static let fields: [FieldSpec] = []

    let message: String

    init(options: DirectiveOptions) throws {
        message = options.string("message") ?? ""
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run(in context: StageContext) async throws -> StageResult {
        throw Failure(description: message)
    }
}

/// `{write}`: writes `text` to `output` and records the file, so output placement and
/// provenance can be checked. Also reads the result of `from` if given.
struct Write: Directive {
    static let name = "write"
    static let summary = "Writes a file."
    static let options = [
        OptionSpec("output", .string, required: true, help: "File to write."),
        OptionSpec("text", .string, default: .string("data"), help: "Content."),
        OptionSpec("from", .string, help: "An earlier stage whose `text` field is appended."),
    ]
    static let fields = [FieldSpec("path", help: "The file written.")]

    let options: DirectiveOptions

    init(options: DirectiveOptions) throws {
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        var text = options.string("text") ?? ""
        if let from = options.string("from") { text += try context.result(of: from).fields["text"]?.plain ?? "" }
        let url = try context.output(options.string("output") ?? "", option: "output")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return StageResult(fields: ["path": .string(url.path)], html: "<p>wrote</p>",
                           files: [try FileRecord(hashing: url, role: .output)])
    }
}

/// `{chatty}`: reports two progress messages while running.
struct Chatty: Directive {
    static let name = "chatty"
    static let summary = "Reports progress."
    static let options: [OptionSpec] = []
    static let fields: [FieldSpec] = []

    init(options: DirectiveOptions) throws {}

    func run(in context: StageContext) async throws -> StageResult {
        context.progress("step 1")
        context.progress("step 2")
        return StageResult(fields: [:], html: "")
    }
}

/// `{copy}`: reads `input`, writes its text plus `suffix` to `output`; records both files,
/// so the stage cache sees an input to hash and an output to check.
struct Copy: Directive {
    static let name = "copy"
    static let summary = "Copies a file with a suffix."
    static let options = [
        OptionSpec("input", .string, required: true, help: "File to read."),
        OptionSpec("output", .string, required: true, help: "File to write."),
        OptionSpec("suffix", .string, default: .string(""), help: "Appended text."),
        OptionSpec("volatile", .boolean, default: .bool(false), help: "Never served from the stage cache."),
    ]
    static let fields = [FieldSpec("text", help: "What was written."), FieldSpec("path", help: "The file written.")]

    let options: DirectiveOptions

    init(options: DirectiveOptions) throws {
        self.options = options
    }

    var cacheable: Bool { options.bool("volatile") != true }

    func run(in context: StageContext) async throws -> StageResult {
        let input = try context.input(options.string("input") ?? "", option: "input")
        let output = try context.output(options.string("output") ?? "", option: "output")
        let text = try String(contentsOf: input, encoding: .utf8) + (options.string("suffix") ?? "")
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: output)
        return StageResult(fields: ["text": .string(text), "path": .string(output.path)],
                           html: "<p class=\"copy\">\(HTML.escape(text))</p>",
                           files: [try FileRecord(hashing: input, role: .input), try FileRecord(hashing: output, role: .output)])
    }
}

/// `{load}`: reads `input` into an in-memory object (no file written, no `path` field), as
/// a joined table is: the stage cache cannot hold it.
struct Load: Directive {
    static let name = "load"
    static let summary = "Loads a file into memory."
    static let options = [OptionSpec("input", .string, required: true, help: "File to read.")]
    static let fields = [FieldSpec("chars", help: "Characters read.")]

    let input: String

    init(options: DirectiveOptions) throws {
        input = options.string("input") ?? ""
    }

    func run(in context: StageContext) async throws -> StageResult {
        let url = try context.input(input, option: "input")
        let text = try String(contentsOf: url, encoding: .utf8)
        return StageResult(fields: ["chars": .int(text.count)], html: "<p>loaded</p>",
                           files: [try FileRecord(hashing: url, role: .input)], object: text)
    }
}

/// `{use}`: shows `label: ` and the in-memory object of stage `from`, fetched with
/// `context.resolvedResult(of:)` (or plain `result(of:)` when `resolve` is false).
struct Use: Directive {
    static let name = "use"
    static let summary = "Shows an earlier stage's in-memory object."
    static let options = [
        OptionSpec("from", .string, required: true, help: "Stage whose object to show."),
        OptionSpec("label", .string, default: .string(""), help: "Shown first."),
        OptionSpec("resolve", .boolean, default: .bool(true), help: "Rebuild a cached stage's object."),
    ]
    static let fields = [FieldSpec("text", help: "What was shown.")]

    let options: DirectiveOptions

    init(options: DirectiveOptions) throws {
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let from = options.string("from") ?? ""
        let result = options.bool("resolve") == false ? try context.result(of: from) : try await context.resolvedResult(of: from)
        let text = "\(options.string("label") ?? ""): \((result.object as? String) ?? "(no object)")"
        return StageResult(fields: ["text": .string(text)], html: "<p class=\"use\">\(HTML.escape(text))</p>")
    }
}
