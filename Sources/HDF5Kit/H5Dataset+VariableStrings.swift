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
        var strings: [String] = []
        strings.reserveCapacity(rows.count)
        let done = try forEachVariableString(rows: rows) { _, bytes in strings.append(String(decoding: bytes, as: UTF8.self)) }
        return done ? strings : nil
    }

    /// The UTF-8 bytes of every element of a 1-D variable-length string dataset, each preceded by
    /// its length (4 bytes, little-endian): equal for two datasets exactly when their strings are,
    /// found without making a String. Nil when the storage is not the plain layout
    /// `fastVariableStrings` reads.
    public func variableStringBytes() throws -> [UInt8]? {
        guard elementType == .string, shape.count == 1, isVariableLengthString else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 32)
        let done = try forEachVariableString(rows: 0..<count) { _, string in
            withUnsafeBytes(of: UInt32(string.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: string)
        }
        return done ? bytes : nil
    }

    /// Hands `body` each element's index (from 0) and UTF-8 bytes (valid only during the call),
    /// straight from the file as `fastVariableStrings` reads them; false (having called `body`
    /// for some elements, maybe) when the storage is not that plain layout.
    public func forEachVariableString(rows: Range<Int>, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        guard let geometry = file.storageGeometry, geometry.lengthSize == 8, geometry.addressSize == 8,
              let reader = try H5DirectReader(self, storedElementSize: 16) else { return false }
        var raw = [UInt8](repeating: 0, count: rows.count * 16)
        if !rows.isEmpty { try raw.withUnsafeMutableBytes { try reader.read(into: $0.baseAddress!, elements: rows) } }
        var heaps: [UInt64: GlobalHeapCollection] = [:]
        // Neighbouring strings mostly share a collection: look the last one up without hashing.
        var last: (address: UInt64, collection: GlobalHeapCollection)?
        for element in 0..<rows.count {
            let base = element * 16
            let length = Int(raw.le(UInt32.self, base))
            let address = raw.le(UInt64.self, base + 4)
            let index = Int(raw.le(UInt32.self, base + 12))
            if length == 0 {
                try body(element, UnsafeBufferPointer(start: nil, count: 0))
                continue
            }
            if last?.address != address {
                if heaps[address] == nil {
                    guard let collection = try GlobalHeapCollection(reader: reader, address: address) else { return false }
                    heaps[address] = collection
                }
                last = (address, heaps[address]!)
            }
            guard try last!.collection.withBytes(index: index, length: length, { try body(element, $0) }) else { return false }
        }
        return true
    }
}

/// One global heap collection ("GCOL", version 1): objects by index, as (offset, size) in `bytes`.
private final class GlobalHeapCollection {
    let bytes: [UInt8]
    /// Indexed by object index (dense from 1); size -1 for an index not present.
    let objects: [(offset: Int, size: Int)]

    init?(reader: H5DirectReader, address: UInt64) throws {
        var header = [UInt8](repeating: 0, count: 16)
        try header.withUnsafeMutableBytes { try reader.readFully(into: $0.baseAddress!, count: 16, at: address) }
        guard header[0..<4].elementsEqual("GCOL".utf8), header[4] == 1 else { return nil }
        let size = Int(header.le(UInt64.self, 8))
        guard size >= 16, size < 1 << 31 else { return nil }
        let bytes = try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            try reader.readFully(into: buffer.baseAddress!, count: size, at: address)
            initialized = size
        }
        self.bytes = bytes
        var objects: [(offset: Int, size: Int)] = [(0, -1)] // index 0 is never an object
        let valid = bytes.withUnsafeBytes { raw in
            var position = 16
            while position + 16 <= size {
                let index = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt16.self)))
                if index == 0 { break } // the free space object ends the list
                let objectSize = Int(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position + 8, as: UInt64.self)))
                let start = position + 16
                guard objectSize >= 0, start + objectSize <= size else { return false }
                // Objects are mostly numbered 1, 2, 3… in order: append without padding then.
                if objects.count == index {
                    objects.append((start, objectSize))
                } else {
                    if objects.count < index { objects += repeatElement((offset: 0, size: -1), count: index + 1 - objects.count) }
                    objects[index] = (start, objectSize)
                }
                position = start + (objectSize + 7) / 8 * 8
            }
            return true
        }
        guard valid else { return nil }
        self.objects = objects
    }

    /// Calls `body` with the object's first `length` bytes; false when there is no such object.
    func withBytes(index: Int, length: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows -> Bool {
        guard index < objects.count, case let object = objects[index], length <= object.size else { return false }
        try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[object.offset..<(object.offset + length)])) }
        return true
    }
}
