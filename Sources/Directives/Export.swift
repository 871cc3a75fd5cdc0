import AnnData
import Foundation
import TenXExport
import TextFormats
import Weave

/// `{export}`: an h5ad as a 10x Genomics folder that `Seurat::Read10X`, `scanpy.read_10x_mtx`
/// and `Matrix::readMM` read as it is (matrix.mtx.gz genes × cells, features.tsv.gz,
/// barcodes.tsv.gz, with obs and var as CSV), streamed from X in bounded memory; with
/// `compress: false`, plain files under the seed workflow's names.
public struct Export: Directive {
    public static let name = "export"
    public static let summary = "Writes an h5ad as a 10x folder (matrix.mtx.gz, features.tsv.gz, barcodes.tsv.gz, cell and gene metadata CSVs) for Seurat and scanpy."
    public static let options = [
        OptionSpec("h5ad", .string, required: true, help: "The h5ad: an earlier stage's id (expression, qc) or a file relative to the report."),
        OptionSpec("format", .string, default: .string("10x"), help: "Export format: 10x."),
        OptionSpec("output", .string, required: true, help: "Folder written (relative to the report); an earlier export there is replaced, anything else in the way is an error."),
        OptionSpec("compress", .boolean, default: .bool(true),
                   help: "gzip the matrix, features and barcodes (10x names); false writes plain expression_matrix.mtx, features.tsv, barcodes.tsv."),
    ]
    public static let fields = [
        FieldSpec("path", help: "The folder written, as given in `output`."),
        FieldSpec("cells", help: "Cells (matrix columns)."),
        FieldSpec("genes", help: "Genes (matrix rows)."),
        FieldSpec("nnz", help: "Nonzero entries written."),
        FieldSpec("integer", help: "Whether the values were written as integers."),
        FieldSpec("files", help: "The files written, by name."),
    ]

    let h5ad: String
    let output: String
    let compress: Bool

    public init(options: DirectiveOptions) throws {
        h5ad = options.string("h5ad") ?? ""
        output = options.string("output") ?? ""
        compress = options.bool("compress") ?? true
        let format = options.string("format") ?? "10x"
        guard format == "10x" else { throw DirectiveError.invalidOption(name: "format", message: "expected 10x, not '\(format)'") }
        guard !output.isEmpty else { throw DirectiveError.invalidOption(name: "output", message: "expected a folder name") }
    }

    public func run(in context: StageContext) async throws -> StageResult {
        let input = try await H5ADInput(h5ad, option: "h5ad", in: context)
        let symbols = try await input.symbols(in: context)
        let folder = context.resolve(output)
        let export = TenXExport(source: input.url, folder: folder, compress: compress, symbols: symbols.symbols)
        let summary: TenXExport.Summary
        do { summary = try export.write() } catch let error as ExportError where error.path == folder.path {
            throw DirectiveError.invalidOption(name: "output", message: "\(output) \(error.message)")
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

    private func html(_ summary: TenXExport.Summary, input: H5ADInput, symbolSource: String) -> String {
        let n = { (value: Int) in Value.int(value).prose }
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
