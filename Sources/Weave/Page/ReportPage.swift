import Foundation
import TextFormats

/// Everything `templates/report.html` shows, as the Mustache context: the woven body, the
/// table of contents and the provenance section. Text values are escaped by Mustache
/// (`{{…}}`); only `body` and `css` are inserted raw (`{{{…}}}`).
struct ReportPage {
    struct TOCEntry {
        let level: Int
        let slug: String
        let text: String
    }

    let document: ReportDocument
    let body: String
    let toc: [TOCEntry]
    let stages: [StageRecord]
    let date: Date
    let output: URL

    func context(css: String) -> [String: Any] {
        let folder = output.deletingLastPathComponent()
        var files: [[String: Any]] = []
        for stage in stages {
            for record in stage.result?.files ?? [] {
                let url = ReportRenderer.resolve(record.path, against: document.url)
                files.append(["path": RelativePath.from(folder, to: url), "role": record.role.rawValue, "stage": stage.id,
                              "size": ByteSize.format(record.size), "bytes": Value.int(Int(record.size)).prose, "checksum": record.checksum.description])
            }
        }
        let minLevel = toc.map(\.level).min() ?? 1
        let cachedCount = stages.filter { $0.cached != nil }.count
        return [
            "title": document.title,
            "css": css,
            "body": body,
            "hasTOC": toc.count > 1,
            "toc": toc.map { ["text": $0.text, "slug": $0.slug, "depth": $0.level - minLevel] as [String: Any] },
            "version": WeaveVersion.current,
            "date": date.formatted(.iso8601),
            "source": RelativePath.from(folder, to: document.url),
            "hasParams": !document.params.all.isEmpty,
            "params": document.params.all.map { ["name": $0.name, "value": $0.value.plain, "source": $0.source.rawValue] },
            "hasStages": !stages.isEmpty,
            "stages": stages.map { stage -> [String: Any] in
                let status: String
                switch stage.status {
                case .ran: status = stage.cached == nil ? "ran" : stage.rerunForObject ? "cached, re-run for its object" : "cached"
                case .failed: status = "failed"
                case .skipped: status = "skipped"
                }
                let seconds = stage.status == .skipped ? "–" : String(format: "%.2f s", stage.cached?.seconds ?? stage.seconds)
                let computed = stage.status != .ran ? "–" : stage.cached.map { $0.computed.formatted(.iso8601) } ?? "this render"
                return ["number": stage.index + 1, "directive": stage.directive, "id": stage.id, "line": stage.line,
                        "status": status, "statusClass": status.prefix { $0 != "," }, "seconds": seconds, "computed": computed, "cached": stage.cached != nil]
            },
            "cachedCount": cachedCount,
            "hasCached": cachedCount > 0,
            "hasFiles": !files.isEmpty,
            "files": files,
        ]
    }
}
