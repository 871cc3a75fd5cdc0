import ArgumentParser
import AtlasAccess
import Foundation
import TextFormats
import Weave

/// `atlasweave atlas releases | dirs | files DIR | get DIR FILE…`: browse and fetch atlas files.
struct AtlasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atlas", abstract: "List and download Allen Brain Cell Atlas files (cache compatible with abc_atlas_access).",
        subcommands: [Releases.self, Dirs.self, Files.self, Get.self])

    struct Options: ParsableArguments {
        @Option(name: .customLong(AtlasSettings.source.name), help: ArgumentHelp(AtlasSettings.source.help))
        var source = AtlasSettings.source.defaultValue
        @Option(name: .customLong(AtlasSettings.cache.name), help: ArgumentHelp(AtlasSettings.cache.help))
        var cache = AtlasSettings.cache.defaultValue
        @Option(name: .customLong(AtlasSettings.manifest.name), help: ArgumentHelp(AtlasSettings.manifest.help))
        var manifest: String?
        @Flag(name: .customLong(AtlasSettings.localOnly.name), help: ArgumentHelp(AtlasSettings.localOnly.help))
        var localOnly = AtlasSettings.localOnly.defaultValue
        @Option(name: .customLong(AtlasSettings.jobs.name), help: ArgumentHelp(AtlasSettings.jobs.help))
        var jobs = AtlasSettings.jobs.defaultValue

        func validate() throws {
            guard jobs >= AtlasSettings.minimumJobs else { throw ValidationError("--jobs must be at least \(AtlasSettings.minimumJobs)") }
        }

        func project() throws -> AtlasProject {
            AtlasProject(source: try AtlasSource.resolve(source), cache: AtlasCache(root: URL(fileURLWithPath: cache)),
                         localOnly: localOnly)
        }

        /// Opens the release and says which one, on stderr so stdout stays a table.
        func open() async throws -> AtlasRelease {
            let project = try project()
            let release = try await project.open(try ReleaseChoice(manifest))
            for warning in release.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            let line = "release \(release.version) · source \(project.source) · cache \(project.cache.root.path)\n"
            FileHandle.standardError.write(Data(line.utf8))
            return release
        }
    }

    struct Releases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the releases of the source (the cache's with --local-only).")
        @OptionGroup var options: Options

        func run() async throws {
            let project = try options.project()
            let releases = try await project.releases()
            let lastUsed = project.cache.lastUsedRelease()
            let rows = releases.map { release in
                [release, [release == releases.last ? "latest" : nil, release == lastUsed ? "last used" : nil].compactMap { $0 }.joined(separator: ", ")]
            }
            print(AtlasCommand.table(["release", ""], rows))
        }
    }

    struct Dirs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the directories of a release with their sizes.")
        @OptionGroup var options: Options

        func run() async throws {
            let release = try await options.open()
            let rows = release.directories.flatMap { directory in
                directory.parts.map { [directory.name, $0.kind, $0.version, ByteSize.format($0.totalSize)] }
            }
            print(AtlasCommand.table(["directory", "kind", "version", "size"], rows, rightAligned: [3]))
        }
    }

    struct Files: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the files of a directory with their sizes.")
        @OptionGroup var options: Options
        @Argument(help: "A directory, e.g. WMB-10X or WMB-10Xv3.") var directory: String

        func run() async throws {
            let release = try await options.open()
            let files = try release.files(in: directory)
            let rows = files.map { [$0.name, $0.kind, $0.fileType, ByteSize.format($0.size)] }
            print(AtlasCommand.table(["file", "kind", "type", "size"], rows, rightAligned: [3]))
            let total = files.reduce(Int64(0)) { $0 + $1.size }
            print("\(files.count) files, \(ByteSize.format(total))")
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fetch files into the cache (verified by MD5) and print their local paths.")
        @OptionGroup var options: Options
        @Argument(help: "A directory, e.g. WMB-10X.") var directory: String
        @Argument(help: "File names as `files` lists them, e.g. cell_metadata or WMB-10Xv3-MB/raw.") var names: [String]

        func run() async throws {
            let release = try await options.open()
            let files = try names.map { try release.file(directory: directory, name: $0) }
            let printer = AtlasProgressPrinter(interactive: isatty(STDERR_FILENO) != 0)
            let fetched = try await release.fetch(files, jobs: options.jobs, progress: printer.handle)
            for item in fetched { print(item.path.path) }
        }
    }

    /// Left-aligned columns (right-aligned where asked) separated by two spaces.
    static func table(_ headers: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                let pad = String(repeating: " ", count: widths[column] - row[column].count)
                return rightAligned.contains(column) ? pad + row[column] : row[column] + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
