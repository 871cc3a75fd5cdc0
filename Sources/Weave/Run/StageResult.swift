/// What a stage produced.
public struct StageResult: Sendable {
    /// Fields usable as `{{ id.field }}` (and cached).
    public var fields: [String: Value]
    /// HTML fragment that replaces the directive block.
    public var html: HTMLText
    /// Files read and written, with size and MD5.
    public var files: [FileRecord]
    /// An in-memory object later stages may use by this stage's id (a table, say). Not cached:
    /// a consumer whose producer came from the cache reloads it from the producer's `path` field.
    public var object: (any Sendable)?

    public init(fields: [String: Value], html: HTMLText, files: [FileRecord] = [], object: (any Sendable)? = nil) {
        self.fields = fields
        self.html = html
        self.files = files
        self.object = object
    }

    /// The in-memory object when it is a `T`: the one place a stage's object is given its type.
    public func object<T: Sendable>(as type: T.Type) -> T? {
        object as? T
    }
}
