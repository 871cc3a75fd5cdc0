import AnnData
import AtlasAccess
import Foundation
import Tables
import Weave

/// The h5ad an `h5ad:` option names: an earlier stage's `path` (an `expression` or `qc` stage),
/// or a file relative to the report; and its genes' symbols.
struct H5ADInput {
    let reference: String
    let url: URL
    /// The report-relative path, as results and reports name it.
    let path: String
    let file: AnnDataFile

    init(_ reference: String, option: String, in context: StageContext) async throws {
        self.reference = reference
        if context.earlier.contains(where: { $0.id == reference }) {
            guard case .string(let path)? = try await context.resolvedResult(of: reference).fields["path"], path.lowercased().hasSuffix(".h5ad") else {
                throw DirectiveError.wrongStageKind(id: reference, expected: "an h5ad file (a `path` field ending in .h5ad)")
            }
            self.path = path
        } else {
            guard reference.lowercased().hasSuffix(".h5ad") else {
                throw DirectiveError.unknownStage(id: reference, known: context.earlier.map(\.id))
            }
            path = reference
        }
        url = context.resolve(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DirectiveError.invalidOption(name: option, message: "no h5ad file at \(path)")
        }
        file = try AnnDataFile(url: url)
    }

    /// One symbol per gene and where they came from: var's `gene_symbol` column; else, when var
    /// holds Ensembl ids and an `atlas` stage is above, the release's `gene.csv`; else the names.
    func symbols(in context: StageContext) async throws -> (symbols: [String], source: String) {
        if try file.varColumnNames().contains("gene_symbol") {
            let column = try file.varColumn("gene_symbol")
            return ((0..<column.count).map { column.text(at: $0) ?? "" }, "var column gene_symbol")
        }
        let ids = try file.varNames()
        guard ids.first?.hasPrefix("ENS") == true, context.latest(directive: "atlas") != nil else { return (ids, "var names") }
        let release = try await context.atlasRelease()
        let entry = try release.file(directory: "WMB-10X", name: "gene")
        let table = try CSVReader.read(try await release.fetch(entry) { _ in }.path)
        let id = try table.column("gene_identifier"), symbol = try table.column("gene_symbol")
        var byID: [String: String] = [:]
        for row in 0..<table.rowCount { byID[id.text(at: row)] = symbol.text(at: row) }
        return (ids.map { byID[$0] ?? $0 }, "WMB-10X gene.csv of release \(release.version)")
    }
}
