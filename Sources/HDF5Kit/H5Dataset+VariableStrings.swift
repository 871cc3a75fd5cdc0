import CHDF5
import Foundation

extension H5Dataset {
    /// Variable-length strings of an unfiltered 1-D dataset decoded from the file's bytes: each
    /// element is (length, global heap collection address, object index), and each collection is
    /// read and indexed once. The library instead looks every string up through its metadata
    /// cache, which costs ~350 ns a string (seconds for the var names of 24 matrices). Returns
    /// nil whenever the storage is not the plain layout this understands, so the caller falls
    /// back to the library.
    func fastVariableStrings(rows: Range<Int>) throws -> [String]? {
        guard let geometry = file.storageGeometry, geometry.lengthSize == 8, geometry.addressSize == 8,
              let reader = try H5DirectReader(self, storedElementSize: 16) else { return nil }
        var raw = [UInt8](repeating: 0, count: rows.count * 16)
        if !rows.isEmpty { try raw.withUnsafeMutableBytes { try reader.read(into: $0.baseAddress!, elements: rows) } }
        var heaps: [UInt64: GlobalHeapCollection] = [:]
        // Neighbouring strings mostly share a collection: look the last one up without hashing.
        var last: (address: UInt64, collection: GlobalHeapCollection)?
        var strings: [String] = []
        strings.reserveCapacity(rows.count)
        for element in 0..<rows.count {
            let base = element * 16
            let length = Int(raw.le(UInt32.self, base))
            let address = raw.le(UInt64.self, base + 4)
            let index = Int(raw.le(UInt32.self, base + 12))
            if length == 0 {
                strings.append("")
                continue
            }
            if last?.address != address {
                if heaps[address] == nil {
                    guard let collection = try GlobalHeapCollection(reader: reader, address: address) else { return nil }
                    heaps[address] = collection
                }
                last = (address, heaps[address]!)
            }
            guard let text = last!.collection.string(index: index, length: length) else { return nil }
            strings.append(text)
        }
        return strings
    }
}

/// One global heap collection ("GCOL", version 1): objects by index, as (offset, size) in `bytes`.
private final class GlobalHeapCollection {
    let bytes: [UInt8]
    /// Indexed by object index (dense from 1); size -1 for an index not present.
    var objects: [(offset: Int, size: Int)] = []

    init?(reader: H5DirectReader, address: UInt64) throws {
        var header = [UInt8](repeating: 0, count: 16)
        try header.withUnsafeMutableBytes { try reader.readFully(into: $0.baseAddress!, count: 16, at: address) }
        guard header[0..<4].elementsEqual("GCOL".utf8), header[4] == 1 else { return nil }
        let size = Int(header.le(UInt64.self, 8))
        guard size >= 16, size < 1 << 31 else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        try bytes.withUnsafeMutableBytes { try reader.readFully(into: $0.baseAddress!, count: size, at: address) }
        self.bytes = bytes
        var position = 16
        while position + 16 <= size {
            let index = Int(bytes.le(UInt16.self, position))
            if index == 0 { break } // the free space object ends the list
            let objectSize = Int(bytes.le(UInt64.self, position + 8))
            let start = position + 16
            guard objectSize >= 0, start + objectSize <= size else { return nil }
            if objects.count <= index { objects += repeatElement((offset: 0, size: -1), count: index + 1 - objects.count) }
            objects[index] = (start, objectSize)
            position = start + (objectSize + 7) / 8 * 8
        }
    }

    func string(index: Int, length: Int) -> String? {
        guard index < objects.count, case let object = objects[index], length <= object.size else { return nil }
        return bytes.withUnsafeBufferPointer { String(decoding: $0[object.offset..<(object.offset + length)], as: UTF8.self) }
    }
}
