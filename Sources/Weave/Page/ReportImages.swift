import Foundation

/// The images of a report's prose, embedded so the report makes no request: a local image
/// becomes a `data:` URI; a remote one is a document error (a report must not fetch anything).
enum ReportImages {
    /// Checked before anything runs: images with a URL scheme or `//` are refused.
    static func checkRemote(_ markdown: MarkdownDocument, file: String) throws(ReportError) {
        for image in markdown.images() where isRemote(image.url) {
            throw .badImage(SourceLocation(file: file, line: image.line),
                            message: "image '\(image.url)' is remote and a report makes no external requests; "
                                + "save the image beside the report and give its path (e.g. ![…](images/name.png))")
        }
    }

    /// Replaces each local image's path (from the report's folder, within `policy`) with a
    /// data URI. Returns the images that could not be embedded; they keep an empty URL.
    static func embed(_ document: ReportDocument, policy: PathPolicy) -> [ReportError] {
        var errors: [ReportError] = []
        for image in document.markdown.images() where !image.url.hasPrefix("data:") {
            let location = SourceLocation(file: document.url.path, line: image.line)
            do {
                document.markdown.setURL(image.node, try dataURI(image.url, policy: policy))
            } catch {
                document.markdown.setURL(image.node, "")
                errors.append(.badImage(location, message: "image '\(image.url)': \(error)"))
            }
        }
        return errors
    }

    private static func dataURI(_ path: String, policy: PathPolicy) throws -> String {
        var url = try policy.check(path, option: "image", access: .read)
        if !FileManager.default.fileExists(atPath: url.path), let decoded = path.removingPercentEncoding {
            url = try policy.check(decoded, option: "image", access: .read)
        }
        guard let data = try? Data(contentsOf: url) else {
            throw ImageError("no readable file at \(RelativePath.from(policy.reportFolder, to: url)) (from the report's folder)")
        }
        guard let type = mediaType(of: data) else {
            throw ImageError("not a PNG, JPEG, GIF or WebP image (the types a report can embed)")
        }
        return "data:\(type);base64,\(data.base64EncodedString())"
    }

    /// The media type from the file's first bytes; the types cmark's safe mode lets through as data URIs.
    private static func mediaType(of data: Data) -> String? {
        let head = [UInt8](data.prefix(12))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }

    /// `https://…`, `//host/…`, or any other URL with a scheme (`file:`, `ftp:`) but `data:`.
    static func isRemote(_ url: String) -> Bool {
        if url.hasPrefix("//") { return true }
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }) else { return false }
        return scheme.lowercased() != "data"
    }

    private struct ImageError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
