import Checksums
import Foundation

/// One stage's cached result, `.atlasweave/stages/<report>.md/<id>.json`: what the result was
/// computed from and what it was. A stage is served from it only while all of these hold:
/// the same key (directive, options after substitution, atlasweave version, digests of the
/// stages named by `{{ id.field }}`), the same digests of the stages it fetched at run time
/// (`context.result(of:)`, `latest(directive:)`), and every recorded file — read or written —
/// still present with its recorded MD5.
struct StageCacheEntry: Codable {
    /// Bumped when the layout or the meaning of a key changes; other formats are ignored.
    static let currentFormat = 1

    /// An earlier stage the result used, with that stage's digest at the time.
    struct Use: Codable, Equatable {
        let id: String
        let digest: String
    }

    let format: Int
    let version: String
    let id: String
    let directive: String
    let key: String
    /// The options as `StageInvocation.canonicalOptions`, to say why a key changed.
    let options: String
    /// Stands for the result towards later stages: changes whenever anything it was computed
    /// from, or anything it produced, changes.
    let digest: String
    let used: [Use]
    let fields: [String: Value]
    let html: HTMLText
    let files: [FileRecord]
    /// The run produced an in-memory object (not cached): a later stage that needs it re-runs this one.
    let hasObject: Bool
    let computed: Date
    /// Wall time of the run that computed it.
    let seconds: Double

    var result: StageResult { StageResult(fields: fields, html: html, files: files) }

    /// The digest of a result: its key, the digests of the stages it used, its files'
    /// checksums and its fields. The key is included because an object no field describes
    /// (a joined table) may still differ when only an option changed.
    static func digest(key: String, used: [Use], files: [FileRecord], fields: [String: Value]) -> String {
        var text = "key \(key)\n"
        for use in used { text += "used \(use.id) \(use.digest)\n" }
        for file in files { text += "file \(file.role.rawValue) \(file.path) \(file.checksum)\n" }
        let encoder = JSONEncoder.forCache
        text += String(decoding: (try? encoder.encode(fields)) ?? Data(), as: UTF8.self)
        return FileDigest.md5(of: Data(text.utf8))
    }
}

extension JSONEncoder {
    /// Sorted keys, so equal values give equal bytes; NaN and infinities as strings.
    static var forCache: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}

extension JSONDecoder {
    static var forCache: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
