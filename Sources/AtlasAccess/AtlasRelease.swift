import Foundation

/// An opened release: its manifest, the look-ups by name, and fetching its files.
public struct AtlasRelease: Sendable {
    public let project: AtlasProject
    public let version: String
    public let manifest: Manifest
    /// The manifest's copy in the cache.
    public let manifestPath: URL
    /// For the user: an older release was used while a newer one exists, a read-only cache, …
    public let warnings: [String]

    public var directories: [AtlasDirectory] { manifest.directories }

    public func files(in directory: String) throws -> [AtlasFile] {
        try manifest.files(in: directory)
    }

    public func file(directory: String, name: String) throws -> AtlasFile {
        try manifest.file(directory: directory, name: name)
    }

    /// The matrix of a `feature_matrix_label`, in whichever directory holds it.
    public func expressionMatrix(label: String, kind: String = "raw") throws -> AtlasFile {
        try manifest.expressionMatrix(label: label, kind: kind)
    }

    public func fetch(_ file: AtlasFile, verify: Bool = false, progress: DownloadProgressHandler? = nil) async throws -> FetchedFile {
        try await project.fetch(file, verify: verify, progress: progress)
    }

    public func fetch(_ files: [AtlasFile], jobs: Int = 4, verify: Bool = false, progress: DownloadProgressHandler? = nil) async throws -> [FetchedFile] {
        try await project.fetch(files, jobs: jobs, verify: verify, progress: progress)
    }
}
