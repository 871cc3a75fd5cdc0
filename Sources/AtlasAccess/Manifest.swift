import Foundation
import TextFormats

/// A release manifest (`releases/<v>/manifest.json`), as the Python `abc_atlas_access` builder writes it.
public struct Manifest: Codable, Sendable, Equatable {
    public let version: String
    public let resourceURI: String?
    /// directory → kind (`metadata`, `expression_matrices`, …) → where it lives and how big it is.
    public let directoryListing: [String: DirectoryEntry]
    /// directory → kind → tag → files.
    public let fileListing: [String: [String: [String: FileTag]]]

    enum CodingKeys: String, CodingKey {
        case version, resourceURI = "resource_uri", directoryListing = "directory_listing", fileListing = "file_listing"
    }

    public struct DirectoryEntry: Codable, Sendable, Equatable {
        public let directories: [String: DirectoryKind]
    }

    public struct DirectoryKind: Codable, Sendable, Equatable {
        public let version: String
        public let relativePath: String
        public let url: String?
        public let viewLink: String?
        public let totalSize: Int64

        enum CodingKeys: String, CodingKey {
            case version, url, relativePath = "relative_path", viewLink = "view_link", totalSize = "total_size"
        }
    }

    /// One file as the manifest records it (its `url` always names the public bucket and is ignored).
    public struct FileEntry: Codable, Sendable, Equatable {
        public let version: String
        public let relativePath: String
        public let url: String?
        public let size: Int64
        public let fileHash: String

        enum CodingKeys: String, CodingKey {
            case version, url, size, relativePath = "relative_path", fileHash = "file_hash"
        }
    }

    /// A tag's files: `{files: {ext: FILE}}` for metadata, `{raw: {files: …}, log2: {files: …}}` for matrices.
    public struct FileTag: Codable, Sendable, Equatable {
        /// Extension → file, for a tag that holds files directly.
        public let files: [String: FileEntry]
        /// Sub-kind (`raw`, `log2`) → extension → file.
        public let kinds: [String: [String: FileEntry]]

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }
        struct Files: Codable { let files: [String: FileEntry] }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            var files: [String: FileEntry] = [:], kinds: [String: [String: FileEntry]] = [:]
            for key in container.allKeys {
                if key.stringValue == "files" {
                    files = try container.decode([String: FileEntry].self, forKey: key)
                } else {
                    kinds[key.stringValue] = try container.decode(Files.self, forKey: key).files
                }
            }
            self.files = files
            self.kinds = kinds
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            if !files.isEmpty { try container.encode(files, forKey: Key(stringValue: "files")) }
            for (kind, files) in kinds { try container.encode(Files(files: files), forKey: Key(stringValue: kind)) }
        }
    }

    /// Decodes a manifest, naming `source` (its URL or path) and the failing field on error.
    public static func decode(_ data: Data, source: String) throws -> Manifest {
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw AtlasAccessError.badManifest(url: source, message: "missing field '\(key.stringValue)' at \(Self.path(context))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw AtlasAccessError.badManifest(url: source, message: "\(context.debugDescription) at \(Self.path(context))")
        } catch {
            if let problem = JSONSyntax.firstProblem(in: [UInt8](data)) {
                throw AtlasAccessError.badManifest(url: source, message: "not valid JSON at \(problem)")
            }
            throw AtlasAccessError.badManifest(url: source, message: "not valid JSON (\(error.localizedDescription))")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "top level" : context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}
