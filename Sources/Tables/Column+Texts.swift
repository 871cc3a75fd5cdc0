extension Column {
    /// A string column of `texts`, one per row, stored plainly (each its own entry): for values
    /// that are nearly all distinct, such as cell labels, built by a stage rather than read.
    public init(name: String, texts: [String]) {
        var dictionary = StringDictionary()
        dictionary.isInterned = false
        dictionary.ends.reserveCapacity(texts.count)
        for text in texts {
            dictionary.bytes.append(contentsOf: text.utf8)
            dictionary.ends.append(dictionary.bytes.count)
        }
        self.init(name: name, storage: .string(codes: Array(0..<UInt32(texts.count)), dictionary: dictionary))
    }
}
