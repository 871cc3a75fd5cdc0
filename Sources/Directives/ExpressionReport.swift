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
            [report.label, file.directory, NumberText.count(report.requested), NumberText.count(report.found), NumberText.count(report.missing), NumberText.count(report.nnz), ByteSize.format(file.size)]
        }
        let requested = reports.reduce(0) { $0 + $1.requested }, missing = reports.reduce(0) { $0 + $1.missing }
        var out = HTML.cappedTable(header: ["label", "directory", "requested", "found", "missing", "nnz", "source size"],
                                   rows: rows, numericColumns: [2, 3, 4, 5, 6])
        out += "<p class=\"summary\">\(NumberText.count(requested)) cells requested from \(NumberText.count(reports.count)) matrices; \(NumberText.count(summary.cells)) found, \(NumberText.count(missing)) absent from their matrix.</p>\n"
        out += HTML.card(title: output, items: [
            ("size", ByteSize.format(Int64(summary.size))),
            ("shape", "\(NumberText.count(summary.cells)) cells × \(NumberText.count(summary.genes)) genes"),
            ("nnz", NumberText.count(summary.nnz)),
            ("X", "csr_matrix, \(summary.dtype)"),
        ])
        return out
    }

}
