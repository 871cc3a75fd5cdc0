import Foundation
import Tables

// Reads a CSV with atlasweave's reader and prints what it found, for Benchmarks/csv/run.sh
// (which measures wall time and peak memory around this process).
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: csvbench FILE.csv\n".utf8))
    exit(2)
}
let clock = ContinuousClock()
let start = clock.now
do {
    let table = try CSVReader.read(URL(fileURLWithPath: CommandLine.arguments[1]))
    let elapsed = clock.now - start
    let kinds = table.columns.map { column -> String in
        switch column.storage {
        case .int64: return "\(column.name):int64"
        case .double: return "\(column.name):double"
        case .string(_, let dictionary): return "\(column.name):string[\(dictionary.count)]"
        }
    }
    print("rows \(table.rowCount) columns \(table.columns.count) read \(elapsed)")
    print(kinds.joined(separator: " "))
} catch {
    FileHandle.standardError.write(Data("csvbench: \(error)\n".utf8))
    exit(1)
}
