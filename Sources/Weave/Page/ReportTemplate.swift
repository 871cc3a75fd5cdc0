import Checksums
import Foundation
import Mustache

/// `templates/report.html` (Mustache), `templates/report.css` and `templates/report.js`, loaded
/// once per run.
///
/// swift-mustache escapes `{{value}}` as HTML by default, so every title, param, path and
/// checksum the template shows is escaped unless the template opts out with `{{{…}}}`.
public struct ReportTemplate: Sendable {
    private let page: MustacheTemplate
    private let css: String
    private let script: String

    /// Loads the templates from `directory`.
    public init(directory: URL) throws(ReportError) {
        let pageURL = directory.appendingPathComponent("report.html")
        css = try Self.text(directory.appendingPathComponent("report.css"))
        let scriptURL = directory.appendingPathComponent("report.js")
        script = try Self.text(scriptURL)
        if script.lowercased().contains("</script") {
            throw .template(path: scriptURL.path, message: "the script may not contain '</script' (it is inlined in the page)")
        }
        do {
            page = try MustacheTemplate(string: String(contentsOf: pageURL, encoding: .utf8))
        } catch {
            throw .template(path: pageURL.path, message: String(describing: error))
        }
    }

    /// The templates folder: `$ATLASWEAVE_TEMPLATES` if set, else the first `templates/`
    /// holding `report.html` in a folder above `start` (the executable: `.build/debug/atlasweave`
    /// finds the package's `templates/` whatever the working directory).
    public static func locate(from start: URL) throws(ReportError) -> URL {
        if let env = ProcessInfo.processInfo.environment["ATLASWEAVE_TEMPLATES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        var folder = start.resolvingSymlinksInPath()
        while folder.path != "/" {
            folder.deleteLastPathComponent()
            let candidate = folder.appendingPathComponent("templates")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("report.html").path) { return candidate }
        }
        throw .template(path: "templates/report.html",
                        message: "not found in any folder above \(start.path); set ATLASWEAVE_TEMPLATES to the templates folder")
    }

    private static func text(_ url: URL) throws(ReportError) -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .template(path: url.path, message: error.localizedDescription)
        }
    }

    func render(_ page: ReportPage) -> String {
        var context = page.context(css: css)
        context["script"] = script
        // The page's Content-Security-Policy runs this script and no other, and allows no request.
        context["scriptHash"] = "sha256-" + FileDigest.sha256Base64(of: Data(script.utf8))
        return self.page.render(context)
    }
}
