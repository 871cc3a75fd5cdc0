import Checksums
import AnnData
import AtlasAccess
import Foundation
import Jobs
import TextFormats
import Tables
import Weave

/// `{expression}`: pulls the listed cells out of the atlas's expression matrices into one h5ad.
///
/// The cell list's `feature_matrix_label` column names each cell's matrix; matrices are taken in
/// order of first appearance and cells in list order within each (the seed notebook's order),
/// cells absent from their matrix are dropped and counted. Each label is resolved through the
/// release manifest, the files are fetched through the atlas cache (several at once) and each
/// matrix is looked up (rows, var, obs) as soon as it is in the cache, so downloads overlap with
/// reading; the chosen rows are copied once all are looked up (`H5ADConcatWriter`). Only the
/// chosen rows are read; the output is written to a temporary file and put in place in one step,
/// so a failure never leaves a partial file at `output`.
struct Expression: Directive {
    static let name = "expression"
    static let summary = "Streams the listed cells out of the atlas's expression matrices into one h5ad (with the cell list as obs)."
    enum Kind: String, OptionChoice { case raw, log2 }
    enum Compression: String, OptionChoice { case none, gzip }
    struct Options: DirectiveOptionSet {
        let cells = Option<String>("cells", help: "The cell list (columns cell_label and feature_matrix_label): an earlier stage's id (a downsample), or a CSV file relative to the report.")
        let kind = Option("kind", default: Kind.raw, help: "Matrix kind: raw (counts) or log2.")
        let output = Option<String>("output", help: "h5ad file written (relative to the report's folder).")
        let annotate = Option("annotate", default: true, help: "Add the cell list's columns (metadata, joined taxonomy) as obs columns.")
        let compression = Option("compression", default: Compression.none, help: "Compression of the output's X.")
        let jobs = Option("jobs", default: 4, in: 1..., help: "Matrices downloaded (and looked up) at once.")
        let fetch = Option("fetch", default: FetchMode.auto, help: "How matrices on an http(s) source are read: ranges (only the bytes the selection needs, by HTTP range, kept in the cache), whole (download each file), or auto (ranges unless the selection needs over 80% of a matrix). Local sources and files cached whole are read locally.")
        let connections = Option("connections", default: 32, in: 1..., help: "Range requests in flight at once (fetch: ranges or auto).")
    }
    static let fields = [
        FieldSpec("cells", help: "Cells written (found in their matrix)."),
        FieldSpec("genes", help: "Genes (columns) of the output."),
        FieldSpec("matrices", help: "Matrices read."),
        FieldSpec("missing_cells", help: "Listed cells absent from their matrix."),
        FieldSpec("nnz", help: "Stored nonzero values of X."),
        FieldSpec("path", help: "The written h5ad, as given in `output`."),
    ]
    static let labelColumn = "feature_matrix_label"
    static let cellColumn = "cell_label"

    let options: OptionValues<Options>
    var cells: String { options.cells }
    var kind: String { options.kind.rawValue }

    init(options: OptionValues<Options>) throws {
        guard options.output.lowercased().hasSuffix(".h5ad") else {
            throw options.invalid(\.output, "expected an .h5ad file name, not '\(options.output)'")
        }
        self.options = options
    }

    private var compression: H5ADConcatWriter.Compression {
        switch options.compression {
        case .none: .none
        case .gzip: .gzip(level: 4)
        }
    }

    func run(in context: StageContext) async throws -> StageResult {
        let list = try CellList(try await context.table(cells, option: "cells"), reference: cells)
        let release = try await context.atlasRelease()
        let matrices = try list.labels.map { try release.expressionMatrix(label: $0, kind: kind, listedIn: cells) }
        let url = try context.output(options.output, option: "output")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = H5ADConcatWriter(output: url, compression: compression)
        let (reports, origins): ([MatrixReport], [MatrixOrigin])
        let summary: ConcatSummary
        var replaced: [String] = []
        do {
            (reports, origins) = try await subset(matrices, of: list, from: release, into: writer, context: context)
            let extra = options.annotate ? try list.annotation(for: writer.obsNames, matrices: reports.map(\.found)) : []
            replaced = extra.map(\.name).filter(Set(writer.obsColumnNames).contains)
            summary = try writer.finish(extraObs: extra, uns: ["atlasweave": provenance(release, matrices, origins, context)])
        } catch {
            writer.discard()
            throw error
        }
        let files = try context.inputRecords([cells])
            + zip(origins, matrices).map { try $0.record(for: $1) }
            + [FileRecord(path: url.path, role: .output, size: Int64(summary.size), checksum: summary.checksum)]
        let fields: [String: Value] = [
            "cells": .int(summary.cells),
            "genes": .int(summary.genes),
            "matrices": .int(reports.count),
            "missing_cells": .int(reports.reduce(0) { $0 + $1.missing }),
            "nnz": .int(summary.nnz),
            "path": .string(options.output),
        ]
        var html = ExpressionReport(matrices: matrices, reports: reports, origins: origins, summary: summary, output: options.output).html()
        if !replaced.isEmpty {
            let note = "the cell list's values replace the matrices' obs columns of the same name for all \(NumberText.count(summary.cells)) cells"
            context.progress("warning: \(note): \(replaced.joined(separator: ", "))")
            html += HTML.card(title: "Warning: \(replaced.count) obs columns replaced", items: [("columns", replaced.joined(separator: ", ")), ("what", note)])
        }
        return StageResult(fields: fields, html: html, files: files)
    }

    /// Fetches the matrices and looks the cells up in them (up to `jobs` at once), and appends
    /// each to `writer` as soon as it and every matrix before it are looked up.
    private func subset(_ matrices: [AtlasFile], of list: CellList, from release: AtlasRelease, into writer: H5ADConcatWriter,
                        context: StageContext) async throws -> ([MatrixReport], [MatrixOrigin]) {
        let sourcing = MatrixSourcing(release: release, mode: options.fetch, pool: RangePool(connections: options.connections, policy: release.project.retry),
                                      verify: context.verifyInputs, progress: context.progress, totals: RangeTotals())
        let structures = sourcing.prefetchStructures(of: matrices)
        defer { structures.cancel() }
        var fetched = [MatrixOrigin?](repeating: nil, count: matrices.count)
        // Look-ups done out of order wait here for the ones before them, and go once appended.
        var waiting: [Int: MatrixLookup] = [:]
        var reports: [MatrixReport] = []
        try await BoundedJobs.forEach(Array(zip(matrices, list.cells)), jobs: options.jobs) { file, cells in
            try await sourcing.prepare(file, cells: cells)
        } onResult: { index, result in
            waiting[index] = result.0
            fetched[index] = result.1
            while let lookup = waiting.removeValue(forKey: reports.count) {
                let label = list.labels[reports.count]
                let report = try writer.append(lookup, label: label)
                context.progress("\(label): \(report.found) of \(report.requested) cells")
                reports.append(report)
            }
        }
        return (reports, fetched.map { $0! })
    }

    /// `uns/atlasweave`: what produced the file.
    private func provenance(_ release: AtlasRelease, _ matrices: [AtlasFile], _ origins: [MatrixOrigin], _ context: StageContext) -> UnsValue {
        var files: [String: UnsValue] = [:]
        for (file, origin) in zip(matrices, origins) {
            var entry: [String: UnsValue] = [
                "directory": .string(file.directory), "relative_path": .string(file.relativePath), "md5": .string(file.md5),
                "fetch": .string(origin.mode),
            ]
            if let stats = origin.statistics {
                entry["etag"] = .string(stats.etag ?? "")
                entry["bytes_fetched"] = .integer(stats.bytesFetched)
                entry["requests"] = .integer(Int64(stats.requests))
            }
            files[file.name.components(separatedBy: "/")[0]] = .dict(entry)
        }
        var params: [String: UnsValue] = [:]
        for (name, value) in context.params { params[name] = Self.unsValue(value) }
        var record: [String: UnsValue] = [
            "version": .string(WeaveVersion.current),
            "release": .string(release.version),
            "source": .string(release.project.source.baseURL.absoluteString),
            "kind": .string(kind),
            "cells": .string(cells),
            "matrices": .dict(files),
            "params": .dict(params),
        ]
        if let seed = context.params["seed"].flatMap(Self.unsValue) { record["seed"] = seed }
        // Cells drawn by a downsample stage: its generator and seed, which choose the cells.
        if let sampled = context.earlier.last(where: { $0.id == cells })?.result.fields {
            if case .string(let rng)? = sampled["rng"] { record["rng"] = .string(rng) }
            if case .int(let seed)? = sampled["seed"] { record["seed"] = .integer(Int64(seed)) }
        }
        return .dict(record)
    }

    /// A param as uns stores it; lists of one kind become arrays, anything else text.
    static func unsValue(_ value: Value) -> UnsValue? {
        switch value {
        case .null: return nil
        case .bool(let b): return .bool(b)
        case .int(let i): return .integer(Int64(i))
        case .double(let d): return .number(d)
        case .string(let s): return .string(s)
        case .record(let fields): return .dict(fields.compactMapValues(unsValue))
        case .list(let items):
            let ints = items.compactMap { if case .int(let i) = $0 { Int64(i) } else { nil } }
            if ints.count == items.count { return .integers(ints) }
            let numbers = items.compactMap { v -> Double? in
                switch v { case .int(let i): Double(i); case .double(let d): d; default: nil }
            }
            if numbers.count == items.count { return .numbers(numbers) }
            return .strings(items.map(\.plain))
        }
    }
}
