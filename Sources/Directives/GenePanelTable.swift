import AnnData
import Tables

/// The panels of several matrices as one table: `cell_label` and a column per gene (named by
/// symbol; by identifier when two panel genes share a symbol), matrices in cell-list order.
struct GenePanelTable {
    let genes: [GeneCatalog.Gene]
    let labels: [String]
    let panels: [MatrixPanel]
    let columnNames: [String]
    let table: Table

    init(genes: [GeneCatalog.Gene], labels: [String], panels: [MatrixPanel]) throws {
        self.genes = genes
        self.labels = labels
        self.panels = panels
        var seen: Set<String> = [Expression.cellColumn]
        columnNames = genes.map { gene in seen.insert(gene.symbol).inserted ? gene.symbol : gene.identifier }
        var columns = [Column(name: Expression.cellColumn, texts: panels.flatMap(\.cells))]
        for (g, name) in columnNames.enumerated() {
            var values: [Double] = []
            values.reserveCapacity(columns[0].count)
            for panel in panels {
                let width = panel.genes.count
                for row in 0..<panel.cells.count { values.append(Double(panel.values[row * width + g])) }
            }
            columns.append(Column(name: name, storage: .double(values)))
        }
        table = try Table(columns: columns, source: "gene panel")
    }

    /// Genes a matrix lacks, by matrix label.
    var absent: [(label: String, gene: String)] {
        zip(labels, panels).flatMap { label, panel in
            panel.absentGenes.map { id in (label, genes.first { $0.identifier == id }?.symbol ?? id) }
        }
    }

    /// Found cells with a nonzero value and the mean over found cells, per gene.
    var summary: [(nonzero: Int, mean: Double, max: Double)] {
        let cells = panels.reduce(0) { $0 + $1.cells.count }
        return genes.indices.map { g in
            var sum = 0.0, top = 0.0
            for panel in panels {
                let width = panel.genes.count
                for row in 0..<panel.cells.count {
                    let v = Double(panel.values[row * width + g])
                    sum += v
                    top = max(top, v)
                }
            }
            return (panels.reduce(0) { $0 + $1.nonzero[g] }, cells > 0 ? sum / Double(cells) : 0, top)
        }
    }
}
