import Foundation
import Weave

/// Test-only directives exercising the protocol: they are real `Directive` types run by the
/// real engine, not stand-ins for a shipped part.

/// `{echo}`: shows its text and returns it, with the other options, as fields.
struct Echo: Directive {
    static let name = "echo"
    static let summary = "Shows its text."
    struct Options: DirectiveOptionSet {
        let text = Option<String>("text", help: "Text to show.")
        let count = Option("count", default: 1, help: "A number.")
        let ratio = Option<Double?>("ratio", help: "A decimal.")
        let flag = Option("flag", default: false, help: "A switch.")
        let cols = Option<[String]?>("cols", help: "Names.")
    }
    static let fields = [
        FieldSpec("text", help: "The text."),
        FieldSpec("count", help: "The count."),
        FieldSpec("meta", help: "A record: {inner: count * 1000, cols: [...]}"),
    ]

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        if options.count < 0 { throw options.invalid(\.count, "must be 0 or more") }
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let text = options.text
        let count = options.count
        let meta = Value.record(["inner": .int(count * 1000), "cols": .list((options.cols ?? []).map(Value.string))])
        return StageResult(fields: ["text": .string(text), "count": .int(count), "meta": meta],
                           html: "<p class=\"echo\">\(text)</p>")
    }
}

/// `{fail}`: throws at run time.
struct Fail: Directive {
    static let name = "fail"
    static let summary = "Always fails."
    struct Options: DirectiveOptionSet {
        let message = Option("message", default: "boom", help: "Error text.")
    }
    static let fields: [FieldSpec] = []

    let message: String

    init(options: OptionValues<Options>) throws {
        message = options.message
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
    struct Options: DirectiveOptionSet {
        let output = Option<String>("output", help: "File to write.")
        let text = Option("text", default: "data", help: "Content.")
        let from = Option<String?>("from", help: "An earlier stage whose `text` field is appended.")
    }
    static let fields = [FieldSpec("path", help: "The file written.")]

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        var text = options.text
        if let from = options.from { text += try context.result(of: from).fields["text"]?.plain ?? "" }
        let url = try context.output(options.output, option: "output")
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
    static let fields: [FieldSpec] = []

    init(options: OptionValues<NoOptions>) throws {}

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
    struct Options: DirectiveOptionSet {
        let input = Option<String>("input", help: "File to read.")
        let output = Option<String>("output", help: "File to write.")
        let suffix = Option("suffix", default: "", help: "Appended text.")
        let volatile = Option("volatile", default: false, help: "Never served from the stage cache.")
    }
    static let fields = [FieldSpec("text", help: "What was written."), FieldSpec("path", help: "The file written.")]

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        self.options = options
    }

    var cacheable: Bool { !options.volatile }

    func run(in context: StageContext) async throws -> StageResult {
        let input = try context.input(options.input, option: "input")
        let output = try context.output(options.output, option: "output")
        let text = try String(contentsOf: input, encoding: .utf8) + options.suffix
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: output)
        return StageResult(fields: ["text": .string(text), "path": .string(output.path)],
                           html: "<p class=\"copy\">\(text)</p>",
                           files: [try FileRecord(hashing: input, role: .input), try FileRecord(hashing: output, role: .output)])
    }
}

/// `{load}`: reads `input` into an in-memory object (no file written, no `path` field), as
/// a joined table is: the stage cache cannot hold it.
struct Load: Directive {
    static let name = "load"
    static let summary = "Loads a file into memory."
    struct Options: DirectiveOptionSet {
        let input = Option<String>("input", help: "File to read.")
    }
    static let fields = [FieldSpec("chars", help: "Characters read.")]

    let input: String

    init(options: OptionValues<Options>) throws {
        input = options.input
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
    struct Options: DirectiveOptionSet {
        let from = Option<String>("from", help: "Stage whose object to show.")
        let label = Option("label", default: "", help: "Shown first.")
        let resolve = Option("resolve", default: true, help: "Rebuild a cached stage's object.")
    }
    static let fields = [FieldSpec("text", help: "What was shown.")]

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let from = options.from
        let result = options.resolve ? try await context.resolvedResult(of: from) : try context.result(of: from)
        let text = "\(options.label): \(result.object(as: String.self) ?? "(no object)")"
        return StageResult(fields: ["text": .string(text)], html: "<p class=\"use\">\(text)</p>")
    }
}
