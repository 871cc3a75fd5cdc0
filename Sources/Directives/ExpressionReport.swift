import AnnData
import AtlasAccess
import TextFormats
import Weave

/// The report section of an `expression` stage: one row per matrix read, and a card for the output.
struct ExpressionReport {
    let matrices: [AtlasFile]
    let reports: [MatrixReport]
    let summary: ConcatSummary
    let output: String

    func html() -> HTMLText {
        let rows = zip(matrices, reports).map { file, report in
            [report.label, file.directory, n(report.requested), n(report.found), n(report.missing), n(report.nnz), ByteSize.format(file.size)]
        }
        let requested = reports.reduce(0) { $0 + $1.requested }, missing = reports.reduce(0) { $0 + $1.missing }
        var out = HTML.cappedTable(header: ["label", "directory", "requested", "found", "missing", "nnz", "source size"],
                                   rows: rows, numericColumns: [2, 3, 4, 5, 6])
        out += "<p class=\"summary\">\(n(requested)) cells requested from \(n(reports.count)) matrices; \(n(summary.cells)) found, \(n(missing)) absent from their matrix.</p>\n"
        out += HTML.card(title: output, items: [
            ("size", ByteSize.format(Int64(summary.size))),
            ("shape", "\(n(summary.cells)) cells × \(n(summary.genes)) genes"),
            ("nnz", n(summary.nnz)),
            ("X", "csr_matrix, \(summary.dtype)"),
        ])
        return out
    }

    private func n(_ value: Int) -> String { NumberText.count(value) }
}
