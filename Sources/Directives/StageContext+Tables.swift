import Foundation
import Tables
import Weave

extension StageContext {
    /// The table a `table:`-style option names: an earlier stage's table (in memory, else the
    /// CSV at its `path` field, as when the stage came from the cache), or, when no stage has
    /// that id, a CSV file relative to the report's folder (inside it, unless the command line
    /// allows more: `input(_:option:)`).
    public func table(_ reference: String, option: String = "table") async throws -> Table {
        if let url = try tableFile(reference, option: option) { return try CSVReader.read(url) }
        var result = try result(of: reference)
        // A stage served from the cache has no object: reload its CSV, else run it again.
        if result.object == nil, result.fields["path"] == nil { result = try await resolvedResult(of: reference) }
        if let table = result.object(as: Table.self) { return table }
        if case .string(let path)? = result.fields["path"] { return try CSVReader.read(resolve(path)) }
        throw DirectiveError.wrongStageKind(id: reference, expected: "a table (in memory or a CSV `path`)")
    }

    /// The CSV file a `table:`-style option names, checked as `table` checks it (a `.csv` name,
    /// inside the allowed folders, present); nil when an earlier stage has that id. For a
    /// directive that streams the file rather than loading it.
    public func tableFile(_ reference: String, option: String = "table") throws -> URL? {
        if earlier.contains(where: { $0.id == reference }) { return nil }
        guard Self.namesFile(reference) else { throw DirectiveError.unknownStage(id: reference, known: earlier.map(\.id)) }
        let url = try input(reference, option: option)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DirectiveError.tableNotFound(reference: reference, path: relativePath(url), known: earlier.map(\.id))
        }
        return url
    }

    /// Input records (size, checksum) for references that name CSV files directly rather than stages.
    public func inputRecords(_ references: [String]) throws -> [FileRecord] {
        try references.filter { ref in Self.namesFile(ref) && !earlier.contains { $0.id == ref } }.map { ref in
            try FileRecord(hashing: resolve(ref), role: .input)
        }
    }

    /// A reference that is a CSV file's name rather than a stage id.
    private static func namesFile(_ reference: String) -> Bool {
        reference.lowercased().hasSuffix(".csv")
    }
}
