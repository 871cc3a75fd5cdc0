import AnnData
import AtlasAccess
import Checksums
import Foundation
import Tables
import Weave

/// `{genes}`: a gene panel for a cell list (or every cell of the metadata), out of the release's
/// expression matrices: one row per cell found, `cell_label` and one column per gene named by
/// its symbol, as `abc_atlas_access`'s `get_gene_data` returns it, without loading a matrix.
///
/// Genes are resolved through the release's `gene.csv` (symbols or Ensembl ids); the matrices
/// are fetched through the atlas cache and read several at once, each streaming only the wanted
/// rows and picking the panel's columns (`GenePanelReader`). A gene a matrix lacks is 0 there and
/// the report says so; cells absent from their matrix are left out and counted.
struct Genes: Directive {
    static let name = "genes"
    static let summary = "Pulls a gene panel (symbols or Ensembl ids) for a cell list out of the atlas's expression matrices into a table."
    enum Kind: String, OptionChoice { case raw, log2 }
    struct Options: DirectiveOptionSet {
        let genes = Option<[String]>("genes", help: "Gene symbols or Ensembl ids, resolved through the release's gene.csv.")
        let cells = Option<String?>("cells", help: "The cell list (cell_label and feature_matrix_label): a stage id or a CSV file; default: every cell of the nearest metadata stage that has those columns, else of the release's cell_metadata.")
        let kind = Option("kind", default: Kind.log2, help: "Matrix kind: log2 (as the tutorials) or raw (counts).")
        let output = Option<String?>("output", help: "CSV file the panel is written to (relative to the report's folder).")
        let geneDirectory = Option("gene-directory", default: "WMB-10X", help: "Release directory whose gene.csv resolves the names, and whose cell_metadata lists the cells when neither `cells` nor a metadata stage above does.")
        let jobs = Option("jobs", default: 4, in: 1..., help: "Matrices fetched and read at once.")
    }
    static let fields = [
        FieldSpec("cells", help: "Cells in the panel (found in their matrix)."),
        FieldSpec("genes", help: "The panel's column names (gene symbols), in the order given."),
        FieldSpec("identifiers", help: "The panel's Ensembl ids, in the same order."),
        FieldSpec("matrices", help: "Matrices read."),
        FieldSpec("missing_cells", help: "Listed cells absent from their matrix."),
        FieldSpec("absent", help: "(matrix, gene) pairs where the matrix lacks the gene (its values are 0)."),
        FieldSpec("path", help: "The written CSV (when `output` is given)."),
    ]

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        if let output = options.output, !output.lowercased().hasSuffix(".csv") {
            throw options.invalid(\.output, "expected a .csv file name, not '\(output)'")
        }
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let release = try await context.atlasRelease()
        let (genes, warnings, geneFile) = try await resolveGenes(in: release, context: context)
        for warning in warnings { context.progress("warning: \(warning)") }
        let (cells, cellFiles) = try await panelCells(context, release: release)
        let matrices = try cells.labels.map { try release.expressionMatrix(label: $0, kind: options.kind.rawValue, listedIn: options.cells ?? "cell_metadata") }
        let progress: DownloadProgressHandler = { event in if event.isMilestone { context.progress(event.text) } }
        let columnNames = GenePanel.columnNames(of: genes)
        let csv = try options.output.map { GenePanelCSV(output: try context.output($0, option: "output"), header: [Expression.cellColumn] + columnNames, matrices: matrices.count) }
        let read: [(FetchedFile, MatrixPanel, [PanelBlock])]
        do {
            read = try await Self.read(matrices, from: release, cells: cells.sets, genes: genes.map(\.identifier), jobs: options.jobs,
                                       csv: csv, progress: progress)
            try csv?.finish()
        } catch {
            csv?.discard()
            throw error
        }
        let panel = GenePanel(genes: genes, labels: cells.labels, panels: read.map(\.1))
        var fields: [String: Value] = [
            "cells": .int(panel.cells),
            "genes": .list(panel.columnNames.map { .string($0) }),
            "identifiers": .list(genes.map { .string($0.identifier) }),
            "matrices": .int(read.count),
            "missing_cells": .int(panel.panels.reduce(0) { $0 + $1.requested - $1.found }),
            "absent": .list(panel.absent.map { .string("\($0.gene) in \($0.label)") }),
        ]
        var files = cellFiles + ([geneFile] + read.map(\.0)).map {
            FileRecord(path: $0.path.path, role: .input, size: $0.file.size, checksum: Checksum(.md5, hex: $0.md5))
        }
        if let csv, let output = options.output {
            files.append(try FileRecord(hashing: csv.output, role: .output))
            fields["path"] = .string(output)
        }
        let html = GenesReport(panel: panel, kind: options.kind.rawValue, warnings: warnings, output: options.output).html()
        // Written to a file, the panel is read back from it by a stage that asks for the table.
        let table = csv == nil ? try GenePanel.table(read.flatMap(\.2), columnNames: columnNames) : nil
        return StageResult(fields: fields, html: html, files: files, object: table)
    }

    /// Each matrix fetched through the cache and its panel read, up to `jobs` matrices at once
    /// (a matrix is read as soon as it is in the cache), in the order given: its blocks written
    /// to its part of `csv`, else kept.
    static func read(_ matrices: [AtlasFile], from release: AtlasRelease, cells: [NameSet], genes: [String], jobs: Int,
                     csv: GenePanelCSV?, progress: @escaping DownloadProgressHandler) async throws -> [(FetchedFile, MatrixPanel, [PanelBlock])] {
        try await withThrowingTaskGroup(of: (Int, FetchedFile, MatrixPanel, [PanelBlock]).self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask {
                    let fetched = try await release.fetch(matrices[index], progress: progress)
                    var blocks: [PanelBlock] = []
                    var part = try csv?.part(index)
                    let panel = try GenePanelReader.read(matrix: fetched.path, cells: cells[index], genes: genes) { block in
                        if part != nil { try part!.append(block) } else { blocks.append(block) }
                    }
                    try part?.close()
                    return (index, fetched, panel, blocks)
                }
            }
            while next < matrices.count && next < jobs { launch() }
            var done = [(FetchedFile, MatrixPanel, [PanelBlock])?](repeating: nil, count: matrices.count)
            while let (index, fetched, panel, blocks) = try await group.next() {
                done[index] = (fetched, panel, blocks)
                if next < matrices.count { launch() }
            }
            return done.map { $0! }
        }
    }

    /// The cells: the `cells` option (a stage's table, or a CSV file read as it streams), else the
    /// nearest metadata stage with both columns, else the release's cell_metadata, streamed.
    private func panelCells(_ context: StageContext, release: AtlasRelease) async throws -> (GenePanelCells, [FileRecord]) {
        if let cells = options.cells {
            guard let url = try context.tableFile(cells, option: "cells") else {
                return (try GenePanelCells(try await context.table(cells, option: "cells"), reference: cells), [])
            }
            return (try GenePanelCells(csv: url), try context.inputRecords([cells]))
        }
        let needed: Set<Value> = [.string(Expression.cellColumn), .string(Expression.labelColumn)]
        if let stage = context.earlier.last(where: { stage in
            guard stage.directive == Metadata.name, case .list(let columns)? = stage.result.fields["columns"] else { return false }
            return needed.isSubset(of: columns)
        }) {
            return (try GenePanelCells(try await context.table(stage.id), reference: stage.id), [])
        }
        let entry = try release.file(directory: options.geneDirectory, name: "cell_metadata")
        let fetched = try await release.fetch(entry) { event in if event.isMilestone { context.progress(event.text) } }
        let record = FileRecord(path: fetched.path.path, role: .input, size: fetched.file.size, checksum: Checksum(.md5, hex: fetched.md5))
        return (try GenePanelCells(csv: fetched.path), [record])
    }

    /// The panel's genes through the release's gene table, which is fetched through the cache.
    private func resolveGenes(in release: AtlasRelease, context: StageContext) async throws -> ([GeneCatalog.Gene], [String], FetchedFile) {
        let entry = try release.file(directory: options.geneDirectory, name: "gene")
        let fetched = try await release.fetch(entry) { event in if event.isMilestone { context.progress(event.text) } }
        let table = try CSVReader.read(fetched.path)
        let source = "\(options.geneDirectory) gene.csv"
        let identifiers = try table.column("gene_identifier"), symbols = try table.column("gene_symbol")
        let catalog = GeneCatalog(identifiers: (0..<table.rowCount).map(identifiers.text(at:)),
                                  symbols: (0..<table.rowCount).map(symbols.text(at:)), source: source)
        do {
            let (genes, warnings) = try catalog.resolve(options.genes)
            return (genes, warnings, fetched)
        } catch let error as GeneCatalog.ResolveError {
            throw options.invalid(\.genes, error.description)
        }
    }
}
