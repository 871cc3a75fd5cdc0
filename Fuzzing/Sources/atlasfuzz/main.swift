import Foundation
@testable import AtlasAccess
import Directives
@testable import HDF5Kit
import Tables
import Weave

// SwiftPM links an executable's own `main`, so it hands over to libFuzzer's driver here.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, fuzzOne))


/// One libFuzzer entry point for all targets, chosen by `ATLASWEAVE_FUZZ_TARGET` (scripts/fuzz
/// sets it): one binary links once, which matters on a small machine. Every target feeds the
/// bytes to atlasweave's own parsers; a thrown error is the expected answer to bad input, only a
/// crash, a hang or a leak is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { [UInt8](UnsafeBufferPointer(start: $0, count: count)) } ?? []
    switch FuzzTarget.current {
    case .document: FuzzTarget.document(bytes)
    case .csv: FuzzTarget.csv(bytes)
    case .manifest: FuzzTarget.manifest(bytes)
    case .downloaded: FuzzTarget.downloaded(bytes)
    case .hdf5: FuzzTarget.hdf5(bytes)
    }
    return 0
}

enum FuzzTarget: String, CaseIterable {
    case document, csv, manifest, downloaded, hdf5

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["ATLASWEAVE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set ATLASWEAVE_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    /// A folder of this process's own, for targets whose parser reads a file.
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("atlasfuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: FuzzTarget.folder) }
        return url
    }()

    /// A report document: front matter, params, directive bodies and `{{ … }}` values, checked as
    /// `render` does before running anything. An input whose first line is `-P name=value` also
    /// passes that command-line param.
    static func document(_ bytes: [UInt8]) {
        var text = bytes[...]
        var commandLine: [(name: String, value: String)] = []
        if text.starts(with: "-P ".utf8), let end = text.firstIndex(of: UInt8(ascii: "\n")) {
            let pair = String(decoding: text[(text.startIndex + 3)..<end], as: UTF8.self)
            if let equals = pair.firstIndex(of: "=") {
                commandLine.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
            }
            text = text[(end + 1)...]
        }
        let url = folder.appendingPathComponent("report.md")
        guard (try? Data(text).write(to: url)) != nil else { return }
        _ = try? ReportDocument.load(url: url, directives: DirectiveCatalog.all, commandLine: commandLine)
    }

    /// A CSV file, parsed in one chunk and in several (the parallel path splits at record ends),
    /// then scanned from a file for its first two columns, as `genes` streams a cell list.
    static func csv(_ bytes: [UInt8]) {
        _ = try? CSVReader.parse(bytes, name: "fuzz.csv", chunks: 1)
        let table = try? CSVReader.parse(bytes, name: "fuzz.csv", chunks: 3)
        let url = folder.appendingPathComponent("scan.csv")
        guard (try? Data(bytes).write(to: url)) != nil else { return }
        let columns = Array((table?.columnNames ?? ["cell_label"]).prefix(2))
        _ = try? CSVReader.scan(url, columns: columns, parts: 3, start: { 0 }) { count, fields in
            count += fields[0].count + fields[columns.count - 1].count
        }
    }

    /// A release manifest, then every listing the commands derive from it.
    static func manifest(_ bytes: [UInt8]) {
        guard let manifest = try? Manifest.decode(Data(bytes), source: "manifest.json") else { return }
        _ = manifest.directories
        for directory in manifest.directoryNames {
            _ = try? manifest.files(in: directory)
            _ = try? manifest.metadataFiles(in: directory)
            _ = try? manifest.expressionMatrices(in: directory)
            _ = try? manifest.file(directory: directory, name: "cell_metadata")
        }
        _ = try? manifest.expressionMatrix(label: "WMB-10Xv2-TH")
    }

    /// A cache's `_downloaded_data.json`, looked up and then added to.
    static func downloaded(_ bytes: [UInt8]) {
        let cache = AtlasCache(root: folder)
        guard (try? Data(bytes).write(to: cache.downloadedListURL)) != nil else { return }
        let file = folder.appendingPathComponent("metadata/WMB-10X/cell_metadata.csv")
        _ = cache.isRecorded(file)
        try? cache.recordDownloaded(file)
    }

    struct OutsideFile: Error {}

    /// A mutated h5ad: the first 8 bytes are the address of a chunked dataset's object header
    /// (little-endian), the rest the file. Runs the HDF5 structures atlasweave decodes itself
    /// (the chunk B-tree walk, global heap collections of variable-length strings) over it.
    static func hdf5(_ bytes: [UInt8]) {
        guard bytes.count >= 8 else { return }
        let header = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let image = Array(bytes[8...])
        let read: H5ChunkIndex.ByteSource = { address, count in
            guard count >= 0, address <= UInt64(image.count), UInt64(count) <= UInt64(image.count) - address else { throw OutsideFile() }
            return Array(image[Int(address)..<(Int(address) + count)])
        }
        for chunkElements in [4, 8] {
            _ = try? H5ChunkIndex.addresses(objectHeader: header, chunkElements: chunkElements, read: read)
        }
        var position = image.startIndex
        while let found = image[position...].firstRange(of: "GCOL".utf8) {
            if let collection = try? GlobalHeapCollection(address: UInt64(found.lowerBound), read: read) {
                for index in -1..<64 { for length in [0, 1, 7] { _ = collection.bytes(index: index, length: length) } }
            }
            position = found.upperBound
        }
    }
}
