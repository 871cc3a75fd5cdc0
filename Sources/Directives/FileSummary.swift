import Foundation
import Weave

/// `{file-summary}`: a card per file with its path, size and MD5, and the files recorded as
/// inputs for the provenance section.
public struct FileSummary: Directive {
    public static let name = "file-summary"
    public static let summary = "Shows each file's path, size and MD5 checksum."
    public static let options = [
        OptionSpec("files", .stringList, required: true, help: "Files to summarise, relative to the report's folder."),
    ]
    public static let fields: [FieldSpec] = []

    let files: [String]

    public init(options: DirectiveOptions) throws {
        files = options.strings("files") ?? []
        if files.isEmpty { throw DirectiveError.invalidOption(name: "files", message: "expected at least one file") }
    }

    public func run(in context: StageContext) async throws -> StageResult {
        var html = ""
        var records: [FileRecord] = []
        for path in files {
            let url = context.resolve(path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw DirectiveError.invalidOption(name: "files", message: "no file at \(url.path)")
            }
            let record = try FileRecord(hashing: url, role: .input)
            records.append(record)
            html += HTML.card(title: path, items: [
                ("path", url.path),
                ("size", "\(Value.int(Int(record.size)).prose) bytes"),
                ("MD5", record.md5),
            ])
        }
        return StageResult(fields: [:], html: html, files: records)
    }
}
