import AnnData
import Weave

/// The report section of a `genes` stage: per matrix its cells and each gene's share of nonzero
/// cells (or "absent"), then the panel: each gene's identifier, nonzero cells, mean and maximum.
struct GenesReport {
    let panel: GenePanel
    let kind: String
    let warnings: [String]
    let output: String?

    func html() -> HTMLText {
        var out: HTMLText = ""
        for warning in warnings { out += HTML.callout(kind: "warning", title: "Note", text: warning) }
        let absent = panel.absent
        if !absent.isEmpty {
            out += HTML.callout(kind: "warning", title: "Genes absent from a matrix",
                                text: "Their values are 0 in that matrix: " + absent.map { "\($0.gene) in \($0.label)" }.joined(separator: ", ") + ".")
        }
        let n = NumberText.count
        let rows = zip(panel.labels, panel.panels).map { label, matrix -> [String] in
            [label, n(matrix.requested), n(matrix.found)] + matrix.genes.indices.map { g in
                matrix.absentGenes.contains(matrix.genes[g]) ? "absent" : share(matrix.nonzero[g], of: matrix.found)
            }
        }
        out += HTML.cappedTable(header: ["matrix", "listed", "found"] + panel.columnNames.map { "\($0) > 0" }, rows: rows,
                                numericColumns: Set(1..<(3 + panel.columnNames.count)))
        let cells = panel.cells
        let summaries = panel.summary
        let geneRows = panel.genes.indices.map { g -> [String] in
            let gene = panel.genes[g], s = summaries[g]
            return [panel.columnNames[g], gene.identifier, gene.asked, n(s.nonzero), share(s.nonzero, of: cells),
                    NumberText.decimal(s.mean), NumberText.decimal(s.max)]
        }
        out += HTML.table(header: ["gene", "identifier", "asked as", "cells > 0", "share", "mean", "max"], rows: geneRows,
                          numericColumns: [3, 4, 5, 6])
        let listed = panel.panels.reduce(0) { $0 + $1.requested }
        out += "<p class=\"summary\">\(n(panel.genes.count)) genes (\(kind) values) for \(n(cells)) of \(n(listed)) listed cells from \(n(panel.panels.count)) matrices; \(n(listed - cells)) cells were absent from their matrix.\(output.map { " Written to \($0)." } ?? "")</p>\n"
        return out
    }

    private func share(_ count: Int, of total: Int) -> String {
        total == 0 ? "–" : NumberText.decimal((Double(count) / Double(total) * 1000).rounded() / 10) + "%"
    }
}
