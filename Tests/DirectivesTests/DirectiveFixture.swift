import Foundation
import TestSupport
import Weave

/// A folder holding a report document and CSV files, and contexts for running stages in it.
final class DirectiveFixture {
    let folder: URL
    var document: URL { folder.appendingPathComponent("report.md") }

    init() throws {
        folder = try TestPaths.temporaryDirectory("directives")
        try Data("# report\n".utf8).write(to: document)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// The one way tests build a stage context: a stage `id` of this folder's report.
    func context(id: String, params: [String: Value] = [:], earlier: [(id: String, directive: String, result: StageResult)] = [],
                 paths: PathPolicy? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) -> StageContext {
        Self.context(document: document, id: id, params: params, earlier: earlier, paths: paths, progress: progress)
    }

    static func context(document: URL, id: String, params: [String: Value] = [:],
                        earlier: [(id: String, directive: String, result: StageResult)] = [],
                        paths: PathPolicy? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) -> StageContext {
        StageContext(document: document, params: params, id: id, line: 1, earlier: earlier, progress: progress, paths: paths)
    }

    func read(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }
}

/// Runs a directive from option values, bound as the engine binds a block's options.
func run<D: Directive>(_ type: D.Type, _ values: [String: Value], in context: StageContext) async throws -> StageResult {
    try await D.bound(values).run(in: context)
}


/// The cells fixture: 30 clusters, cluster k has 2k cells (2 … 60), interleaved; a taxonomy
/// with a class per cluster (clusters 29 and 30 missing from it, cluster 99 unused).
func writeCells(_ fixture: DirectiveFixture) throws {
    var rows: [String] = []
    for k in 1...30 {
        for i in 0..<(2 * k) { rows.append("c\(k)_\(i),\(k),lib\(i % 3)") }
    }
    rows = rows.enumerated().sorted { ($0.offset * 389) % rows.count < ($1.offset * 389) % rows.count }.map(\.element)
    try fixture.write("cells.csv", "cell_label,cluster_alias,library_label\n" + rows.joined(separator: "\n") + "\n")
    var taxonomy = "cluster_alias,class\n"
    for k in 1...28 { taxonomy += "\(k),\(k % 2 == 0 ? "Glut" : "GABA")\n" }
    taxonomy += "99,Astro\n"
    try fixture.write("taxonomy.csv", taxonomy)
}
