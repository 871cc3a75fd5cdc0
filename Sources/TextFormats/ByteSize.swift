import Foundation

/// Sizes as the Python package prints them: "176.41 GB" in 1024³ units, "417.02 MB" below one GB;
/// below one MB in KB, so that small files (the demo atlas, taxonomy tables) do not read "0.00 MB";
/// below one KB in bytes.
public enum ByteSize {
    public static func format(_ bytes: Int64) -> String {
        let gb = Double(bytes) / 1_073_741_824
        if gb >= 1 { return String(format: "%.2f GB", gb) }
        if bytes >= 1_048_576 { return String(format: "%.2f MB", Double(bytes) / 1_048_576) }
        if bytes >= 1024 { return String(format: "%.2f KB", Double(bytes) / 1024) }
        return "\(bytes) bytes"
    }
}
