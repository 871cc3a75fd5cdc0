import AnnData
import AtomicFiles
import Foundation
import Tables

/// A gene panel written as CSV while it is read, so that it is never held in memory: each
/// matrix's blocks go to a part file of its own (matrices are read several at once), and the parts
/// are joined behind the header, in list order, and renamed into place at the end. Every file is
/// a tracked temporary until then.
struct GenePanelCSV: Sendable {
    let output: URL
    let header: [String]
    private let parts: [URL]

    init(output: URL, header: [String], matrices: Int) {
        self.output = output
        self.header = header
        parts = (0..<matrices).map { Temporaries.path(for: output, part: $0) }
        Temporaries.removeAbandoned(for: output)
    }

    /// The writer of matrix `index`'s part.
    func part(_ index: Int) throws -> Part {
        try Part(parts[index])
    }

    /// Joins the parts behind the header into `output` and removes them.
    func finish() throws {
        let temporary = Temporaries.path(for: output)
        var out = try Part(temporary)
        CSVLine.append(header, to: &out.buffer)
        for part in parts {
            let input = try FileHandle(forReadingFrom: part)
            defer { try? input.close() }
            try out.flush()
            while let chunk = try input.read(upToCount: Part.bufferBytes), !chunk.isEmpty { try out.handle.write(contentsOf: chunk) }
        }
        try out.close()
        try AtomicFile.replace(output, with: temporary)
        Temporaries.untrack(temporary)
        discard()
    }

    /// Removes the parts (after `finish`, or when the stage fails).
    func discard() {
        for part in parts {
            try? FileManager.default.removeItem(at: part)
            Temporaries.untrack(part)
        }
    }

    /// One file being written: rows are buffered and written `bufferBytes` at a time.
    struct Part {
        static let bufferBytes = 1 << 18
        let handle: FileHandle
        var buffer: [UInt8] = []

        init(_ url: URL) throws {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            Temporaries.track(url)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw TableError.io(path: url.path, message: "cannot create")
            }
            handle = try FileHandle(forWritingTo: url)
            buffer.reserveCapacity(Self.bufferBytes)
        }

        /// A row per cell of `block`: its name, then its values.
        mutating func append(_ block: PanelBlock) throws {
            let width = block.count == 0 ? 0 : block.values.count / block.count
            for cell in 0..<block.count {
                block.withName(cell) { CSVWriter.appendField($0, to: &buffer) }
                for value in block.values[(cell * width)..<((cell + 1) * width)] {
                    buffer.append(UInt8(ascii: ","))
                    CSVWriter.appendNumber(Double(value), to: &buffer)
                }
                buffer.append(10)
                if buffer.count >= Self.bufferBytes { try flush() }
            }
        }

        mutating func flush() throws {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }

        mutating func close() throws {
            try flush()
            try handle.close()
        }
    }
}
