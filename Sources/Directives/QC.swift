import AnnData
import Foundation
import Weave

/// `{qc}`: scanpy's quality-control metrics (`sc.pp.calculate_qc_metrics`) over an h5ad, in
/// one streaming pass over X, written into its obs and var under scanpy's column names, with
/// optional cell and gene thresholds that write a filtered cell list.
///
/// Gene sets (`qc-vars`) are symbol patterns; symbols come from var's `gene_symbol`, or from the
/// release's `gene.csv` when var holds only Ensembl ids. The file is updated in place unless
/// `output` names another; either way a copy is written and put in place in one step.
struct QC: Directive {
    static let name = "qc"
    static let summary = "Computes scanpy's quality-control metrics over an h5ad in one streaming pass, writes them into obs and var, and filters cells by thresholds."
    struct Options: DirectiveOptionSet {
        let h5ad = Option<String>("h5ad", help: "The h5ad: an earlier stage's id (expression, qc) or a file relative to the report.")
        let qcVars = Option("qc-vars", default: ["mt=^mt-"],
                            help: "Gene sets as name=pattern: genes whose symbol matches the regular expression (searched, as Python's re.search).")
        let output = Option<String?>("output", help: "h5ad written with the metrics (default: the input, replaced in one step).")
        let minGenes = Option<Int?>("min-genes", help: "Keep cells with at least this many genes with counts.")
        let maxGenes = Option<Int?>("max-genes", help: "Keep cells with at most this many genes with counts.")
        let maxPct = Option("max-pct", default: [String](), help: "Keep cells with at most this percentage of counts in a gene set, as set=percent (e.g. mt=5).")
        let minCells = Option<Int?>("min-cells", help: "Count the genes with counts in fewer cells as removed (reported; cells are not affected).")
        let filteredCells = Option<String?>("filtered-cells", help: "CSV of the cells passing the thresholds (default: beside the output, ending _qc_cells.csv).")
        let groupBy = Option("group-by", default: "dataset_label", help: "obs column whose groups get their own histograms and rows (skipped when absent).")
        let bins = Option("bins", default: 50, in: 1...500, help: "Bins of each histogram.")
    }
    static let fields = [
        FieldSpec("path", help: "The h5ad holding the metrics."),
        FieldSpec("cells", help: "Cells measured."),
        FieldSpec("genes", help: "Genes measured."),
        FieldSpec("sets", help: "Genes matched by each gene set (a record)."),
        FieldSpec("median_genes", help: "Median genes with counts per cell."),
        FieldSpec("median_counts", help: "Median total counts per cell."),
        FieldSpec("kept_cells", help: "Cells passing every threshold (all cells without thresholds)."),
        FieldSpec("removed_cells", help: "Cells failing a threshold."),
        FieldSpec("filtered_cells", help: "The filtered cell list written (empty without thresholds)."),
    ]
    /// scanpy's `percent_top`; values beyond the gene count are left out (scanpy refuses them).
    static let percentTop = [50, 100, 200, 500]

    let options: OptionValues<Options>
    let sets: [(name: String, pattern: String)]
    let thresholds: QCThresholds

    init(options: OptionValues<Options>) throws {
        let sets = try Self.pairs(options.qcVars, value: "a regular expression") { options.invalid(\.qcVars, $0) }
        self.sets = sets.map { (name: $0.name, pattern: $0.value) }
        for (name, pattern) in sets {
            do { _ = try GeneSet.matching(pattern, named: name, symbols: []) } catch { throw options.invalid(\.qcVars, error.description) }
        }
        let cuts = try Self.pairs(options.maxPct, value: "a percentage") { options.invalid(\.maxPct, $0) }.map { name, text in
            guard let percent = Double(text), percent >= 0 else {
                throw options.invalid(\.maxPct, "expected set=percent with a number ≥ 0, not '\(name)=\(text)'")
            }
            guard sets.contains(where: { $0.name == name }) else {
                throw options.invalid(\.maxPct, "no gene set '\(name)' in qc-vars (\(sets.map(\.name).joined(separator: ", ")))")
            }
            return (set: name, percent: percent)
        }
        thresholds = QCThresholds(minGenes: options.minGenes, maxGenes: options.maxGenes, maxPercent: cuts, minCells: options.minCells)
        if let output = options.output, !output.lowercased().hasSuffix(".h5ad") {
            throw options.invalid(\.output, "expected an .h5ad file name, not '\(output)'")
        }
        self.options = options
    }

    /// `name=value` items, names unique and made of letters, digits and underscores.
    static func pairs(_ items: [String], value: String, invalid: (String) -> DirectiveError) throws -> [(name: String, value: String)] {
        var seen = Set<String>()
        return try items.map { item in
            guard let split = item.firstIndex(of: "=") else {
                throw invalid("expected name=\(value.replacingOccurrences(of: " ", with: "-")), not '\(item)'")
            }
            let name = item[..<split].trimmingCharacters(in: .whitespaces), rest = item[item.index(after: split)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), seen.insert(name).inserted else {
                throw invalid("'\(name)' in '\(item)' is not a new name of letters, digits and _")
            }
            return (name, rest)
        }
    }

    func run(in context: StageContext) async throws -> StageResult {
        let input = try await H5ADInput(options.h5ad, option: "h5ad", in: context)
        let (symbols, symbolSource) = try await input.symbols(in: context)
        let geneSets = try sets.map { try GeneSet.matching($0.pattern, named: $0.name, symbols: symbols) }
        let genes = input.file.shape.vars
        let metrics = try QCMetrics.compute(input.file, percentTop: Self.percentTop.filter { $0 <= genes }, geneSets: geneSets)
        let outcome: QCThresholds.Outcome?
        do { outcome = thresholds.isEmpty ? nil : try thresholds.apply(to: metrics) } catch {
            throw options.invalid(\.maxPct, error.description)
        }
        let path = options.output ?? input.path
        let written = try ColumnUpdate.write(source: input.url, output: context.resolve(path),
                                             obs: metrics.obsColumns, var: metrics.varColumns)
        var files = [FileRecord(path: context.resolve(path).path, role: .output, size: Int64(written.size), checksum: written.checksum)]
        let groups = try QCGroups(input.file, column: options.groupBy)
        var listPath: String?
        if let outcome {
            let list = options.filteredCells ?? (path.dropLast(".h5ad".count) + "_qc_cells.csv")
            files.append(try QCCellList.write(input.file, metrics: metrics, kept: outcome.keptCells, groups: groups, to: context.resolve(list)))
            listPath = list
        }
        let report = QCReport(metrics: metrics, outcome: outcome, groups: groups, bins: options.bins, symbolSource: symbolSource,
                              sets: sets, path: path, filteredCells: listPath)
        return StageResult(fields: fields(metrics, outcome: outcome, path: path, listPath: listPath), html: report.html(), files: files)
    }

    private func fields(_ metrics: QCMetrics, outcome: QCThresholds.Outcome?, path: String, listPath: String?) -> [String: Value] {
        let kept = outcome?.keptCells.filter { $0 }.count ?? metrics.cells
        return [
            "path": .string(path),
            "cells": .int(metrics.cells),
            "genes": .int(metrics.genes),
            "sets": .record(Dictionary(uniqueKeysWithValues: metrics.geneSets.map { ($0.name, Value.int($0.count)) })),
            "median_genes": .double(Summary(metrics.genesByCounts.map(Double.init)).median),
            "median_counts": .double(Summary(metrics.totalCounts).median),
            "kept_cells": .int(kept),
            "removed_cells": .int(metrics.cells - kept),
            "filtered_cells": .string(listPath ?? ""),
        ]
    }
}
