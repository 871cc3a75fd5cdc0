import AtlasAccess
import Checksums
import Foundation
import TestSupport

/// A bucket-shaped folder with a few releases whose manifests carry the right sizes and MD5s.
struct TestBucket {
    let root: URL
    let releases: [String]

    static let matrixSize = 200_000

    /// Files of every release: relative path → content (deterministic bytes).
    static func contents() -> [String: Data] {
        var files: [String: Data] = [
            "metadata/WMB-10X/20240101/cell_metadata.csv": Data("cell_label,cluster_alias\nA,1\nB,2\nC,2\n".utf8),
            "metadata/WMB-10X/20240101/gene.csv": Data("gene_identifier,gene_symbol\nENSMUSG1,Xkr4\n".utf8),
        ]
        for (index, tag) in ["WMB-10Xv3-MB", "WMB-10Xv3-TH", "WMB-10XMulti"].enumerated() {
            let folder = tag == "WMB-10XMulti" ? "WMB-10XMulti" : "WMB-10Xv3"
            for (k, kind) in ["raw", "log2"].enumerated() {
                files["expression_matrices/\(folder)/20230630/\(tag)-\(kind).h5ad"] = bytes(count: matrixSize, seed: UInt64(index * 2 + k + 1))
            }
        }
        return files
    }

    /// Deterministic pseudo-random bytes (xorshift), so a resumed download cannot pass by luck.
    static func bytes(count: Int, seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return Data((0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        })
    }

    init(releases: [String] = ["20240101", "20240601", "20250101"], extraFiles: [String: Data] = [:]) throws {
        root = try TestPaths.temporaryDirectory("bucket")
        self.releases = releases
        let files = Self.contents().merging(extraFiles) { $1 }
        for (path, data) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        for release in releases {
            let url = root.appendingPathComponent("releases/\(release)/manifest.json")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.manifest(version: release, files: files).write(to: url)
        }
    }

    /// A manifest in the Python builder's structure for `files`.
    static func manifest(version: String, files: [String: Data]) throws -> Data {
        var directoryListing: [String: [String: [String: Any]]] = [:]
        var fileListing: [String: [String: [String: Any]]] = [:]
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            let parts = path.split(separator: "/").map(String.init)
            let (kind, directory, dirVersion, name) = (parts[0], parts[1], parts[2], parts.last!)
            let entry: [String: Any] = ["version": dirVersion, "relative_path": path, "url": "https://allen-brain-cell-atlas.s3.us-west-2.amazonaws.com/\(path)",
                                        "size": data.count, "file_hash": FileDigest.md5(of: data)]
            var dir = directoryListing[directory]?["directories"] ?? [:]
            let total = ((dir[kind] as? [String: Any])?["total_size"] as? Int ?? 0) + data.count
            dir[kind] = ["version": dirVersion, "relative_path": "\(kind)/\(directory)/\(dirVersion)", "url": "https://example/\(kind)/\(directory)",
                         "view_link": "https://example/index.html#\(kind)/\(directory)", "total_size": total]
            directoryListing[directory] = ["directories": dir]
            var kinds = fileListing[directory] ?? [:]
            var tags = kinds[kind] ?? [:]
            let stem = String(name.split(separator: ".").first!)
            let ext = String(name.split(separator: ".", maxSplits: 1).last!)
            if ext == "h5ad" {
                let sub = stem.hasSuffix("-raw") ? "raw" : "log2"
                let tag = String(stem.dropLast(sub.count + 1))
                var tagEntry = tags[tag] as? [String: Any] ?? [:]
                tagEntry[sub] = ["files": ["h5ad": entry]]
                tags[tag] = tagEntry
            } else {
                tags[stem] = ["files": [ext: entry]]
            }
            kinds[kind] = tags
            fileListing[directory] = kinds
        }
        let manifest: [String: Any] = ["version": version, "resource_uri": "s3://allen-brain-cell-atlas/",
                                       "directory_listing": directoryListing, "file_listing": fileListing]
        return try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    func data(_ relativePath: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(relativePath)) }
}
