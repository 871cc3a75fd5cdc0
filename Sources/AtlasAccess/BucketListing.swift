import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One page of an S3 ListObjectsV2 answer (`ListBucketResult`).
struct BucketListing {
    var keys: [String] = []
    var isTruncated = false
    var nextContinuationToken: String?

    /// The listing request for `prefix`, continuing after `token`.
    static func requestURL(base: URL, prefix: String, continuationToken token: String?) -> URL {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s }
        var query = "list-type=2&prefix=\(encode(prefix))"
        if let token { query += "&continuation-token=\(encode(token))" }
        return URL(string: base.absoluteString + "?" + query)!
    }

    static func parse(_ data: Data, url: String) throws -> BucketListing {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse(), delegate.sawRoot else {
            let reason = parser.parserError.map { "\($0.localizedDescription) at line \(parser.lineNumber)" } ?? "no ListBucketResult element"
            throw AtlasAccessError.badListing(url: url, message: "not an S3 ListObjectsV2 answer: \(reason)")
        }
        return delegate.listing
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var listing = BucketListing()
        var sawRoot = false
        private var path: [String] = []
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "ListBucketResult" && path.isEmpty { sawRoot = true }
            path.append(name)
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let parent = path.dropLast().last
            switch (parent, name) {
            case ("Contents", "Key"): listing.keys.append(text)
            case ("ListBucketResult", "IsTruncated"): listing.isTruncated = text.trimmingCharacters(in: .whitespaces) == "true"
            case ("ListBucketResult", "NextContinuationToken"): listing.nextContinuationToken = text
            default: break
            }
            path.removeLast()
            text = ""
        }
    }
}
