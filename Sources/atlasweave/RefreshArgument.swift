/// `--refresh` takes an optional stage id, which ArgumentParser options cannot express:
/// a bare `--refresh` becomes `--refresh-all` before parsing.
enum RefreshArgument {
    /// `--refresh X` keeps X as a stage id only when X could be one (letters, digits, `_`,
    /// `-`, not starting with `-`); a report path (`report.md`, `reports/x.md`) or an option
    /// after `--refresh`, or nothing, means every stage.
    static func normalize(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                out += arguments[index...]
                break
            }
            if argument == "--refresh" {
                let next = index + 1 < arguments.count ? arguments[index + 1] : nil
                if let next, isStageId(next) {
                    out += [argument, next]
                    index += 2
                    continue
                }
                out.append("--refresh-all")
            } else {
                out.append(argument)
            }
            index += 1
        }
        return out
    }

    private static func isStageId(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("-") && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
}
