import AnnData
import Foundation
import TenXExport
import TextFormats
import Weave

/// `{export}`: an h5ad as a 10x Genomics folder that `Seurat::Read10X`, `scanpy.read_10x_mtx`
/// and `Matrix::readMM` read as it is (matrix.mtx.gz genes × cells, features.tsv.gz,
/// barcodes.tsv.gz, with obs and var as CSV), streamed from X in bounded memory; with
/// `compress: false`, plain files under the seed workflow's names.
struct Export: Directive {
    static let name = "export"
    static let summary = "Writes an h5ad as a 10x folder (matrix.mtx.gz, features.tsv.gz, barcodes.tsv.gz, cell and gene metadata CSVs) for Seurat and scanpy."
    enum Format: String, OptionChoice { case tenX = "10x" }
    struct Options: DirectiveOptionSet {
        let h5ad = Option<String>("h5ad", help: "The h5ad: an earlier stage's id (expression, qc) or a file relative to the report.")
        let format = Option("format", default: Format.tenX, help: "Export format.")
        let output = Option<String>("output", help: "Folder written (relative to the report); an earlier export there is replaced, anything else in the way is an error.")
        let compress = Option("compress", default: true,
                              help: "gzip the matrix, features and barcodes (10x names); false writes plain expression_matrix.mtx, features.tsv, barcodes.tsv.")
    }
    static let fields = [
        FieldSpec("path", help: "The folder written, as given in `output`."),
        FieldSpec("cells", help: "Cells (matrix columns)."),
        FieldSpec("genes", help: "Genes (matrix rows)."),
        FieldSpec("nnz", help: "Nonzero entries written."),
        FieldSpec("integer", help: "Whether the values were written as integers."),
        FieldSpec("files", help: "The files written, by name."),
    ]

    let options: OptionValues<Options>
    var output: String { options.output }
    var compress: Bool { options.compress }

    init(options: OptionValues<Options>) throws {
        guard !options.output.isEmpty else { throw options.invalid(\.output, "expected a folder name") }
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let input = try await H5ADInput(options.h5ad, option: "h5ad", in: context)
        let symbols = try await input.symbols(in: context)
        let folder = context.resolve(output)
        let export = TenXExport(source: input.url, folder: folder, compress: compress, symbols: symbols.symbols)
        let summary: TenXExport.Summary
        do { summary = try export.write() } catch let error as ExportError where error.path == folder.path {
            throw options.invalid(\.output, "\(output) \(error.message)")
        }
        let files = try summary.files.map { try FileRecord(hashing: folder.appendingPathComponent($0.name), role: .output) }
        let fields: [String: Value] = [
            "path": .string(output),
            "cells": .int(summary.cells),
            "genes": .int(summary.genes),
            "nnz": .int(summary.nnz),
            "integer": .bool(summary.integer),
            "files": .list(summary.files.map { .string($0.name) }),
        ]
        return StageResult(fields: fields, html: html(summary, input: input, symbolSource: symbols.source), files: files)
    }

    private func html(_ summary: TenXExport.Summary, input: H5ADInput, symbolSource: String) -> HTMLText {
        let n = NumberText.count
        let rows = summary.files.map { [output + "/" + $0.name, ByteSize.format(Int64($0.size))] }
        var out = HTML.cappedTable(header: ["file", "size"], rows: rows, numericColumns: [1])
        out += HTML.card(title: output, items: [
            ("from", input.path),
            ("matrix", "\(n(summary.genes)) genes × \(n(summary.cells)) cells, \(n(summary.nnz)) nonzero \(summary.integer ? "integers" : "real values")"),
            ("features", "Ensembl id, symbol (\(symbolSource)), Gene Expression"),
            ("read with", compress ? "Seurat::Read10X(\"\(output)\"), scanpy.read_10x_mtx(\"\(output)\")" : "Matrix::readMM, scipy.io.mmread"),
        ])
        return out
    }
}
