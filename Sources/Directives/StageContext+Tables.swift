import Foundation
import Tables
import Weave

extension StageContext {
    /// The table a `table:`-style option names: an earlier stage's table (in memory, else the
    /// CSV at its `path` field, as when the stage came from the cache), or, when no stage has
    /// that id, a CSV file relative to the report's folder.
    public func table(_ reference: String) async throws -> Table {
        if earlier.contains(where: { $0.id == reference }) {
            var result = try result(of: reference)
            // A stage served from the cache has no object: reload its CSV, else run it again.
            if result.object == nil, result.fields["path"] == nil { result = try await resolvedResult(of: reference) }
            if let table = result.object(as: Table.self) { return table }
            if case .string(let path)? = result.fields["path"] { return try CSVReader.read(resolve(path)) }
            throw DirectiveError.wrongStageKind(id: reference, expected: "a table (in memory or a CSV `path`)")
        }
        if let url = csvFile(reference) { return try CSVReader.read(url) }
        throw DirectiveError.unknownStage(id: reference, known: earlier.map(\.id))
    }

    /// Input records (size, checksum) for references that name CSV files directly rather than stages.
    public func inputRecords(_ references: [String]) throws -> [FileRecord] {
        try references.filter { ref in !earlier.contains { $0.id == ref } }.compactMap(csvFile).map { url in
            try FileRecord(hashing: url, role: .input)
        }
    }

    private func csvFile(_ reference: String) -> URL? {
        let url = resolve(reference)
        guard reference.lowercased().hasSuffix(".csv"), FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }
}
