/// A file that could not be written or put in place.
public struct AtomicFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}
