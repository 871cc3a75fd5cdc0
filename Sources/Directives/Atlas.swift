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
public struct Atlas: Directive {
    public static let name = "atlas"
    public static let summary = "Opens an atlas release (demo, the public AWS bucket, or a URL) with a local cache shared with abc_atlas_access."
    public static let options = [
        OptionSpec("source", .string, default: .string("aws"), help: "demo (the bundled mini atlas), aws (the public bucket), or an http(s):// or file:// URL laid out like the bucket."),
        OptionSpec("cache", .string, default: .string("abc_data"), help: "Cache folder relative to the report, in the abc_atlas_access layout."),
        OptionSpec("manifest", .string, help: "latest, or a release like 20251031; when absent or empty, the last used release (else the latest)."),
        OptionSpec("local-only", .boolean, default: .bool(false), help: "Never touch the network: the release and files must be in the cache."),
        OptionSpec("jobs", .integer, default: .int(4), help: "Files downloaded at once by the stages that use this atlas."),
    ]
    public static let fields = [
        FieldSpec("release", help: "The release used, e.g. 20251031."),
        FieldSpec("directories", help: "Names of the release's directories."),
        FieldSpec("source", help: "The source as written (demo, aws or the URL)."),
        FieldSpec("cache", help: "The cache folder as written."),
        FieldSpec("jobs", help: "Parallel downloads for the stages that fetch files from this atlas."),
    ]

    let source: String
    let cache: String
    let choice: ReleaseChoice
    let localOnly: Bool
    let jobs: Int

    public init(options: DirectiveOptions) throws {
        source = options.string("source") ?? "aws"
        cache = options.string("cache") ?? "abc_data"
        localOnly = options.bool("local-only") ?? false
        jobs = options.int("jobs") ?? 4
        do {
            choice = try ReleaseChoice(options.string("manifest"))
        } catch {
            throw DirectiveError.invalidOption(name: "manifest", message: "expected latest, a release date like 20251031, or nothing, not '\(options.string("manifest") ?? "")'")
        }
        guard !cache.isEmpty else { throw DirectiveError.invalidOption(name: "cache", message: "expected a folder") }
        guard jobs >= 1 else { throw DirectiveError.invalidOption(name: "jobs", message: "expected 1 or more, not \(jobs)") }
    }

    public var cacheable: Bool {
        if case .pinned = choice { return true }
        return false
    }

    public func run(in context: StageContext) async throws -> StageResult {
        let atlasSource = try AtlasSource.resolve(source, base: context.baseDirectory)
        // A file:// bucket is read like any input (the bundled demo atlas is not the document's).
        if source != "demo", atlasSource.baseURL.isFileURL { _ = try context.input(atlasSource.baseURL.path, option: "source") }
        let project = AtlasProject(source: atlasSource, cache: AtlasCache(root: try context.output(cache, option: "cache")), localOnly: localOnly)
        let release = try await project.open(choice)
        for warning in release.warnings { context.progress("warning: \(warning)") }
        let fields: [String: Value] = [
            "release": .string(release.version),
            "directories": .list(release.directories.map { .string($0.name) }),
            "source": .string(source),
            "cache": .string(cache),
            "jobs": .int(jobs),
        ]
        // The manifest stands for the release in the stage cache: a changed release changes its digest.
        let files = [try FileRecord(hashing: release.manifestPath, role: .input)]
        return StageResult(fields: fields, html: html(release), files: files, object: release)
    }

    private func html(_ release: AtlasRelease) -> String {
        var out = ""
        for warning in release.warnings {
            out += "<div class=\"callout callout-warning\" role=\"note\"><div class=\"callout-title\">Note</div><p>\(HTML.escape(warning))</p></div>\n"
        }
        var items = [("release", release.version), ("source", release.project.source.description),
                     ("cache", release.project.cache.root.path)]
        if localOnly { items.append(("mode", "local-only: nothing downloaded")) }
        out += HTML.card(title: "Atlas release \(release.version)", items: items)
        let rows = release.directories.flatMap { directory in
            directory.parts.map { [directory.name, $0.kind, $0.version, ByteSize.format($0.totalSize)] }
        }
        return out + HTML.table(header: ["directory", "kind", "version", "size"], rows: rows, numericColumns: [3])
    }
}
