extension String {
    /// The string without trailing spaces, tabs and carriage returns (a `---` line may have any).
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return String(s)
    }
}
