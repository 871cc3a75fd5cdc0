import Foundation

/// The small uncompressed atlas of Tests/Scripts/ranged_atlas.py in a temporary folder (removed
/// with it): `bucket` to serve, `cells` a cell list of two of its matrices.
public final class RangedAtlas {
    public let folder: URL
    public var bucket: URL { folder.appendingPathComponent("bucket") }
    public var cells: URL { folder.appendingPathComponent("cells.csv") }
    public static let release = "20251031"
    /// The larger matrix of the cell list, as the bucket names it.
    public static let matrixKey = "expression_matrices/WMB-10Xv3/20230630/WMB-10Xv3-MB-raw.h5ad"

    public init() throws {
        folder = try TestPaths.temporaryDirectory("ranged-atlas")
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/Scripts/ranged_atlas.py").path
        let result = try Command.run(TestPython.executable, arguments: [script, folder.path])
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: folder)
            throw CommandFailure(command: "ranged_atlas.py", status: result.status, stdout: result.stdout, stderr: result.stderr)
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Tests/Scripts/same_h5ad.py: prints "same" when the h5ad files at argv[1] and argv[2] hold
    /// the same cells, genes, X and obs columns, else what differs.
    public static var compareScript: String {
        (try? String(contentsOf: TestPaths.packageRoot.appendingPathComponent("Tests/Scripts/same_h5ad.py"), encoding: .utf8)) ?? "raise SystemExit('same_h5ad.py not found')"
    }
}
