/// A failed HDF5 call, naming the file and the object inside it, with HDF5's own error stack.
public struct HDF5Error: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let object: String
    public let operation: String
    /// HDF5's error stack, innermost first ("H5Dread: can't read data; …"); empty for checks made here.
    public let stack: String

    public init(file: String, object: String, operation: String, stack: String = "") {
        self.file = file
        self.object = object
        self.operation = operation
        self.stack = stack
    }

    public var description: String {
        var text = "\(file): \(object): \(operation)"
        if !stack.isEmpty { text += " (HDF5: \(stack))" }
        return text
    }
}
