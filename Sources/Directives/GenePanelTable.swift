import AnnData
import Foundation
import Tables
import TextFormats
import Weave

/// What a gene panel found in several matrices: the genes, each matrix's counts and statistics,
/// and the panel's column names (the symbol; the identifier when two panel genes share a symbol).
struct GenePanel {
    let genes: [GeneCatalog.Gene]
    let labels: [String]
    let panels: [MatrixPanel]
    let columnNames: [String]

    init(genes: [GeneCatalog.Gene], labels: [String], panels: [MatrixPanel]) {
        self.genes = genes
        self.labels = labels
        self.panels = panels
        columnNames = Self.columnNames(of: genes)
    }

    static func columnNames(of genes: [GeneCatalog.Gene]) -> [String] {
        var seen: Set<String> = [Expression.cellColumn]
        return genes.map { gene in seen.insert(gene.symbol).inserted ? gene.symbol : gene.identifier }
    }

    /// Cells found, over all matrices.
    var cells: Int { panels.reduce(0) { $0 + $1.found } }

    /// Genes a matrix lacks, by matrix label.
    var absent: [(label: String, gene: String)] {
        zip(labels, panels).flatMap { label, panel in
            panel.absentGenes.map { id in (label, genes.first { $0.identifier == id }?.symbol ?? id) }
        }
    }

    /// Found cells with a nonzero value, the mean over found cells and the largest value, per gene.
    var summary: [(nonzero: Int, mean: Double, max: Double)] {
        genes.indices.map { g in
            let sum = panels.reduce(0.0) { $0 + $1.sum[g] }
            return (panels.reduce(0) { $0 + $1.nonzero[g] }, cells > 0 ? sum / Double(cells) : 0,
                    Double(panels.map { $0.max[g] }.max() ?? 0))
        }
    }

    /// The panel as a table: `cell_label` and a column per gene, the blocks of each matrix in turn.
    static func table(_ blocks: [PanelBlock], columnNames: [String]) throws -> Table {
        var columns = [Column(name: Expression.cellColumn, texts: blocks.flatMap { block in (0..<block.count).map(block.name) })]
        for (g, name) in columnNames.enumerated() {
            var values: [Double] = []
            values.reserveCapacity(columns[0].count)
            for block in blocks {
                for cell in 0..<block.count { values.append(Double(block.values[cell * columnNames.count + g])) }
            }
            columns.append(Column(name: name, storage: .double(values)))
        }
        return try Table(columns: columns, source: "gene panel")
    }
}

/// The cells a gene panel wants, by matrix: the `feature_matrix_label`s in order of first
/// appearance, each with its listed cells as a `NameSet` (a cell listed twice counts once).
struct GenePanelCells {
    let labels: [String]
    let sets: [NameSet]

    /// From a table in memory (an earlier stage's).
    init(_ table: Table, reference: String) throws {
        for name in [Expression.cellColumn, Expression.labelColumn] where table.columnIndex(name) == nil {
            throw DirectiveError.invalidOption(
                name: "cells",
                message: "the cell list \(reference) (\(table.source)) has no column '\(name)'; it needs \(Expression.cellColumn) and \(Expression.labelColumn), and has: \(table.columnNames.joined(separator: ", "))")
        }
        let cells = try table.column(Expression.cellColumn), matrices = try table.column(Expression.labelColumn)
        var labels: [String] = [], hashes: [[UInt64]] = [], groupOf: [String: Int] = [:]
        for row in 0..<table.rowCount {
            let label = matrices.text(at: row)
            let group = groupOf[label] ?? {
                groupOf[label] = labels.count
                labels.append(label)
                hashes.append([])
                return labels.count - 1
            }()
            hashes[group].append(NameHash.of(cells.text(at: row)))
        }
        self.labels = labels
        sets = hashes.map { NameSet(hashes: $0) }
    }

    /// From a CSV file, reading only its two columns, a part of the file per core, without
    /// holding the file or the names: 8 bytes a cell.
    init(csv url: URL) throws {
        struct Part: Sendable {
            var labels: [[UInt8]] = [], hashes: [[UInt64]] = [], last = -1
        }
        var parts = try CSVReader.scan(url, columns: [Expression.cellColumn, Expression.labelColumn], start: { Part() }) { part, fields in
            let label = fields[1]
            if part.last < 0 || !part.labels[part.last].elementsEqual(label) {
                part.last = part.labels.firstIndex { $0.elementsEqual(label) } ?? {
                    part.labels.append(Array(label))
                    part.hashes.append([])
                    return part.labels.count - 1
                }()
            }
            part.hashes[part.last].append(NameHash.of(fields[0]))
        }
        var labels: [[UInt8]] = []
        for part in parts { for label in part.labels where !labels.contains(label) { labels.append(label) } }
        self.labels = labels.map { String(decoding: $0, as: UTF8.self) }
        // Each part's hashes are moved into the label's set, not copied: memory stays near 8 bytes a cell.
        sets = labels.map { label in
            var merged: [UInt64] = []
            for p in parts.indices {
                guard let k = parts[p].labels.firstIndex(of: label) else { continue }
                if merged.isEmpty { swap(&merged, &parts[p].hashes[k]) } else { merged += parts[p].hashes[k] }
                parts[p].hashes[k] = []
            }
            return NameSet(hashes: merged)
        }
    }
}
