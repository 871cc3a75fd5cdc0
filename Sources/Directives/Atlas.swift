import AtlasAccess
import Foundation
import TextFormats
import Weave

/// `{atlas}`: opens a release of the Allen Brain Cell Atlas (source + cache + manifest) for the
/// `metadata` and `expression` stages below it, which find it with `context.atlasRelease()`.
///
/// The default source is `aws`, the public bucket, as the seed workflow's users expect; the main
/// report passes `demo` for an offline render. Only a pinned release is cacheable: with `latest`
/// or the last used release the answer depends on the source or on `_manifest_last_used.txt`, so
/// the stage runs on every render (one listing request); its fields and the manifest's MD5 are
/// the same while the release is, so the stages after it still come from the stage cache.
struct Atlas: Directive {
    static let name = "atlas"
    static let summary = "Opens an atlas release (demo, the public AWS bucket, or a URL) with a local cache shared with abc_atlas_access."
    struct Options: DirectiveOptionSet {
        let source = Option(AtlasSettings.source)
        let cache = Option(AtlasSettings.cache)
        let manifest = Option(AtlasSettings.manifest)
        let localOnly = Option(AtlasSettings.localOnly)
        let jobs = Option(AtlasSettings.jobs.name, default: AtlasSettings.jobs.defaultValue, in: AtlasSettings.minimumJobs...,
                          help: AtlasSettings.jobs.help)
    }
    static let fields = [
        FieldSpec("release", help: "The release used, e.g. 20251031."),
        FieldSpec("directories", help: "Names of the release's directories."),
        FieldSpec("source", help: "The source as written (demo, aws or the URL)."),
        FieldSpec("cache", help: "The cache folder as written."),
        FieldSpec("jobs", help: "Parallel downloads for the stages that fetch files from this atlas."),
    ]

    let options: OptionValues<Options>
    let choice: ReleaseChoice

    init(options: OptionValues<Options>) throws {
        do {
            choice = try ReleaseChoice(options.manifest)
        } catch {
            throw options.invalid(\.manifest, "expected latest, a release date like 20251031, or nothing, not '\(options.manifest ?? "")'")
        }
        guard !options.cache.isEmpty else { throw options.invalid(\.cache, "expected a folder") }
        self.options = options
    }

    var cacheable: Bool {
        if case .pinned = choice { return true }
        return false
    }

    func run(in context: StageContext) async throws -> StageResult {
        let atlasSource = try AtlasSource.resolve(options.source, base: context.baseDirectory)
        // A file:// bucket is read like any input (the bundled demo atlas is not the document's).
        if options.source != "demo", atlasSource.baseURL.isFileURL { _ = try context.input(atlasSource.baseURL.path, option: "source") }
        let cache = try context.output(options.cache, option: "cache")
        let project = AtlasProject(source: atlasSource, cache: AtlasCache(root: cache), localOnly: options.localOnly)
        let release = try await project.open(choice)
        for warning in release.warnings { context.progress("warning: \(warning)") }
        let fields: [String: Value] = [
            "release": .string(release.version),
            "directories": .list(release.directories.map { .string($0.name) }),
            "source": .string(options.source),
            "cache": .string(options.cache),
            "jobs": .int(options.jobs),
        ]
        // The manifest stands for the release in the stage cache: a changed release changes its digest.
        let files = [try FileRecord(hashing: release.manifestPath, role: .input)]
        return StageResult(fields: fields, html: html(release, context: context), files: files, object: release)
    }

    /// The release's card and directory table; local folders named from the report's folder.
    private func html(_ release: AtlasRelease, context: StageContext) -> HTMLText {
        var out = release.warnings.map { HTML.callout(kind: "warning", title: "Note", text: $0) }.joined()
        let source = release.project.source
        // A local source is named from the report's folder; one sharing no folder with it, by its name alone.
        let local = source.isFile ? context.relativePath(source.baseURL) : nil
        let shownSource = local.map { $0.hasPrefix("/") ? source.name : "\(source.name) (\($0))" } ?? source.description
        var items = [("release", release.version), ("source", shownSource),
                     ("cache", context.relativePath(release.project.cache.root))]
        if options.localOnly { items.append(("mode", "local-only: nothing downloaded")) }
        out += HTML.card(title: "Atlas release \(release.version)", items: items)
        let rows = release.directories.flatMap { directory in
            directory.parts.map { [directory.name, $0.kind, $0.version, ByteSize.format($0.totalSize)] }
        }
        return out + HTML.table(header: ["directory", "kind", "version", "size"], rows: rows, numericColumns: [3])
    }
}

extension Option {
    /// The directive option of an atlas setting.
    init(_ setting: AtlasSettings.Setting<T>) {
        self.init(setting.name, default: setting.defaultValue, help: setting.help)
    }
}
