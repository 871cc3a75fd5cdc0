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

    /// The strings at `points` (any order, repeats allowed), read like `fastVariableStrings` but
    /// decoding only those elements and loading only their collections; nil when the storage is
    /// not that plain layout.
    func fastVariableStrings(at points: [Int]) throws -> [String]? {
        guard let low = points.min(), let high = points.max() else { return [] }
        let wanted = Array(Set(points)).sorted()
        var strings: [Int: String] = [:]
        let done = try forEachVariableString(in: low..<(high + 1), elements: wanted.map { $0 - low }) { element, bytes in
            strings[low + element] = String(decoding: bytes, as: UTF8.self)
        }
        return done ? points.map { strings[$0]! } : nil
    }

    /// The UTF-8 bytes of every element of a 1-D variable-length string dataset, each preceded by
    /// its length (4 bytes, little-endian): equal for two datasets exactly when their strings are,
    /// found without making a String. Nil when the storage is not the plain layout
    /// `fastVariableStrings` reads.
    public func variableStringBytes() throws -> [UInt8]? {
        guard elementType == .string, shape.count == 1, isVariableLengthString else { return nil }
        // Appended through a raw buffer: Array's append costs more than the copy for short strings.
        var capacity = max(count * 32, 64), used = 0
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        let done = try forEachVariableString(rows: 0..<count) { _, string in
            if used + 4 + string.count > capacity {
                capacity = max(capacity * 2, used + 4 + string.count)
                let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
                grown.copyMemory(from: buffer, byteCount: used)
                buffer.deallocate()
                buffer = grown
            }
            buffer.storeBytes(of: UInt32(string.count).littleEndian, toByteOffset: used, as: UInt32.self)
            if let base = string.baseAddress { (buffer + used + 4).copyMemory(from: base, byteCount: string.count) }
            used += 4 + string.count
        }
        return done ? [UInt8](UnsafeRawBufferPointer(start: buffer, count: used)) : nil
    }

    /// Hands `body` each element's index (from 0) and UTF-8 bytes (valid only during the call),
    /// straight from the file as `fastVariableStrings` reads them; false (having called `body`
    /// for some elements, maybe) when the storage is not that plain layout.
    public func forEachVariableString(rows: Range<Int>, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        try forEachVariableString(in: rows, elements: 0..<rows.count, body)
    }

    /// `forEachVariableString` for some elements of `rows` only (`elements` counted from its start).
    private func forEachVariableString(in rows: Range<Int>, elements: some Sequence<Int>,
                                       _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        guard let geometry = file.storageGeometry, geometry.lengthSize == 8, geometry.addressSize == 8,
              let reader = try H5DirectReader(self, storedElementSize: 16) else { return false }
        let raw = try [UInt8](unsafeUninitializedCapacity: rows.count * 16) { buffer, initialized in
            if !rows.isEmpty { try reader.read(into: buffer.baseAddress!, elements: rows) }
            initialized = rows.count * 16
        }
        var heaps: [UInt64: GlobalHeapCollection] = [:]
        // Neighbouring strings mostly share a collection: look the last one up without hashing.
        var lastAddress = UInt64.max
        var last: GlobalHeapCollection?
        return try raw.withUnsafeBytes { references in
            for element in elements {
                let base = element * 16
                let length = Int(UInt32(littleEndian: references.loadUnaligned(fromByteOffset: base, as: UInt32.self)))
                if length == 0 {
                    try body(element, UnsafeBufferPointer(start: nil, count: 0))
                    continue
                }
                let address = UInt64(littleEndian: references.loadUnaligned(fromByteOffset: base + 4, as: UInt64.self))
                let index = Int(UInt32(littleEndian: references.loadUnaligned(fromByteOffset: base + 12, as: UInt32.self)))
                if address != lastAddress {
                    if heaps[address] == nil {
                        guard let collection = try GlobalHeapCollection(address: address, read: reader.bytes) else { return false }
                        heaps[address] = collection
                    }
                    lastAddress = address
                    last = heaps[address]
                }
                guard let bytes = last!.bytes(index: index, length: length) else { return false }
                try body(element, bytes)
            }
            return true
        }
    }
}

/// One global heap collection ("GCOL", version 1): objects by index, as (offset, size) in `bytes`.
/// Every size and index comes from the file, so a damaged one gives nil, never a trap.
final class GlobalHeapCollection {
    /// The collection's bytes, owned here so that pointers into them stay valid while it lives.
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Indexed by object index (dense from 1); size -1 for an index not present.
    private let objects: [(offset: Int, size: Int)]

    init?(address: UInt64, read: H5ChunkIndex.ByteSource) throws {
        let header = try read(address, 16)
        guard header[0..<4].elementsEqual("GCOL".utf8), header[4] == 1 else { return nil }
        let declared = header.le(UInt64.self, 8)
        guard declared >= 16, declared < 1 << 31 else { return nil }
        let size = Int(declared)
        let content = try read(address, size)
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
        _ = bytes.initialize(from: content)
        let raw = UnsafeRawBufferPointer(bytes)
        var objects: [(offset: Int, size: Int)] = [(0, -1)] // index 0 is never an object
        var position = 16
        var valid = true
        while position + 16 <= size {
            let index = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt16.self)))
            if index == 0 { break } // the free space object ends the list
            let declaredSize = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position + 8, as: UInt64.self))
            let start = position + 16
            guard declaredSize <= UInt64(size - start) else { valid = false; break }
            let objectSize = Int(declaredSize)
            // Objects are mostly numbered 1, 2, 3… in order: append without padding then.
            if objects.count == index {
                objects.append((start, objectSize))
            } else {
                if objects.count < index { objects += repeatElement((offset: 0, size: -1), count: index + 1 - objects.count) }
                objects[index] = (start, objectSize)
            }
            position = start + (objectSize + 7) / 8 * 8
        }
        guard valid else {
            bytes.deallocate()
            return nil
        }
        self.bytes = bytes
        self.objects = objects
    }

    deinit { bytes.deallocate() }

    /// The object's first `length` bytes (valid while the collection lives); nil when there is no such object.
    func bytes(index: Int, length: Int) -> UnsafeBufferPointer<UInt8>? {
        guard index >= 0, index < objects.count, case let object = objects[index], length <= object.size else { return nil }
        return UnsafeBufferPointer(start: bytes.baseAddress! + object.offset, count: length)
    }
}
