/// The messages of a version-1 object header, continuation blocks followed, as the file format
/// specification lays them out. Every count and address comes from the file, so a damaged one
/// gives nil or an error, never a trap.
enum H5ObjectHeader {
    struct Message {
        let type: UInt16
        let body: [UInt8]
    }

    /// The header's messages in order, or nil when it is not a version-1 header or is damaged.
    static func messages(at objectHeader: UInt64, read: H5ChunkIndex.ByteSource) throws -> [Message]? {
        guard objectHeader < UInt64.max - 16 else { return nil }
        let prefix = try read(objectHeader, 16)
        guard prefix[0] == 1 else { return nil }
        var blocks = [(objectHeader + 16, Int(prefix.le(UInt32.self, 8)))]
        var seen = 0
        var found: [Message] = []
        while let (start, length) = blocks.popLast() {
            seen += 1
            guard seen < 64, length >= 0, length < 1 << 20 else { return nil }
            let block = try read(start, length)
            var position = 0
            while position + 8 <= length {
                let type = block.le(UInt16.self, position), size = Int(block.le(UInt16.self, position + 2))
                let data = position + 8
                guard data + size <= length else { return nil }
                if type == 0x0010, size >= 16 { // continuation
                    let length = block.le(UInt64.self, data + 8)
                    guard length < 1 << 20 else { return nil }
                    blocks.append((block.le(UInt64.self, data), Int(length)))
                } else {
                    found.append(Message(type: type, body: Array(block[data..<(data + size)])))
                }
                position = data + size
            }
        }
        return found
    }
}
