import AnnData
import Foundation

// atlasweave-h5check FILE: reads an h5ad through libhdf5 in a process of its own, so that a
// corrupt file that crashes or hangs the library takes down only this process (see SafeOpen).
// Exit 0: readable; 1: an error, printed on stderr.
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: atlasweave-h5check FILE.h5ad\n".utf8))
    exit(2)
}
do {
    try AnnDataFile(url: URL(fileURLWithPath: CommandLine.arguments[1])).readThrough()
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
