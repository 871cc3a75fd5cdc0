import Foundation
import Mustache

/// `templates/report.html` (Mustache) and `templates/report.css`, loaded once per run.
///
/// swift-mustache escapes `{{value}}` as HTML by default, so every title, param, path and
/// checksum the template shows is escaped unless the template opts out with `{{{…}}}`.
public struct ReportTemplate: Sendable {
    private let page: MustacheTemplate
    private let css: String

    /// Loads the templates from `directory`.
    public init(directory: URL) throws(ReportError) {
        let pageURL = directory.appendingPathComponent("report.html")
        let cssURL = directory.appendingPathComponent("report.css")
        do {
            css = try String(contentsOf: cssURL, encoding: .utf8)
        } catch {
            throw .template(path: cssURL.path, message: error.localizedDescription)
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

    func render(_ page: ReportPage) -> String {
        self.page.render(page.context(css: css))
    }
}
