import TextFormats

/// Directories, files and look-ups by the names users type.
extension Manifest {
    /// Every directory, sorted by name.
    public var directories: [AtlasDirectory] {
        directoryListing.keys.sorted().map { name in
            let kinds = directoryListing[name]!.directories
            return AtlasDirectory(name: name, parts: kinds.keys.sorted().map { kind in
                let entry = kinds[kind]!
                return AtlasDirectory.Part(kind: kind, version: entry.version, relativePath: entry.relativePath, totalSize: entry.totalSize)
            })
        }
    }

    public var directoryNames: [String] { directoryListing.keys.sorted() }

    /// The files of a directory, metadata before matrices, each kind sorted by name.
    public func files(in directory: String) throws -> [AtlasFile] {
        guard let kinds = fileListing[directory] ?? (directoryListing[directory] != nil ? [:] : nil) else {
            throw AtlasAccessError.unknownName(kind: "directory", name: directory, valid: directoryNames,
                                               suggestion: Suggestion.didYouMean(directory, among: directoryNames))
        }
        return kinds.keys.sorted().flatMap { kind in
            kinds[kind]!.keys.sorted().flatMap { tag in Self.files(directory: directory, kind: kind, tag: tag, entry: kinds[kind]![tag]!) }
        }
    }

    /// Every file of every directory.
    public var allFiles: [AtlasFile] {
        fileListing.keys.sorted().flatMap { (try? files(in: $0)) ?? [] }
    }

    public func metadataFiles(in directory: String) throws -> [AtlasFile] {
        try files(in: directory).filter { $0.kind == "metadata" }
    }

    public func expressionMatrices(in directory: String) throws -> [AtlasFile] {
        try files(in: directory).filter(\.isExpressionMatrix)
    }

    /// A file by directory and name: `cell_metadata`, `cell_metadata.csv`, `WMB-10Xv3-MB/raw`, or a
    /// bare tag when it has only one kind.
    public func file(directory: String, name: String) throws -> AtlasFile {
        let files = try files(in: directory)
        if let file = files.first(where: { $0.name == name || $0.fileName == name }) { return file }
        let sameTag = files.filter { $0.name.hasPrefix(name + "/") }
        if sameTag.count == 1 { return sameTag[0] }
        if sameTag.count > 1 {
            throw AtlasAccessError.ambiguousFile(directory: directory, name: name, candidates: sameTag.map(\.name))
        }
        let valid = files.map(\.name)
        throw AtlasAccessError.unknownName(kind: "file in \(directory)", name: name, valid: valid, suggestion: Suggestion.didYouMean(name, among: valid))
    }

    /// The expression matrix of a `feature_matrix_label` (`WMB-10Xv3-MB`) of the given kind, in
    /// whichever directory holds it.
    public func expressionMatrix(label: String, kind: String = "raw") throws -> AtlasFile {
        for directory in fileListing.keys.sorted() {
            for (manifestKind, tags) in fileListing[directory]! {
                guard let entry = tags[label]?.kinds[kind], let (ext, file) = entry.min(by: { $0.key < $1.key }) else { continue }
                return Self.file(directory: directory, kind: manifestKind, name: "\(label)/\(kind)", fileType: ext, entry: file)
            }
        }
        throw AtlasAccessError.noMatrix(label: label, kind: kind)
    }

    private static func files(directory: String, kind: String, tag: String, entry: FileTag) -> [AtlasFile] {
        let direct = entry.files.keys.sorted().map { ext in
            file(directory: directory, kind: kind, name: entry.files.count == 1 ? tag : "\(tag).\(ext)", fileType: ext, entry: entry.files[ext]!)
        }
        let nested = entry.kinds.keys.sorted().flatMap { sub in
            let files = entry.kinds[sub]!
            return files.keys.sorted().map { ext in
                file(directory: directory, kind: kind, name: files.count == 1 ? "\(tag)/\(sub)" : "\(tag)/\(sub).\(ext)", fileType: ext, entry: files[ext]!)
            }
        }
        return direct + nested
    }

    private static func file(directory: String, kind: String, name: String, fileType: String, entry: FileEntry) -> AtlasFile {
        AtlasFile(directory: directory, kind: kind, name: name, fileType: fileType, version: entry.version,
                  relativePath: entry.relativePath, size: entry.size, md5: entry.fileHash.lowercased())
    }
}
