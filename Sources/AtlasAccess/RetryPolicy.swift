import Foundation

/// How hard downloads try: attempts, backoff and timeouts (small in tests).
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per file for transient failures (dropped connection, timeout, 5xx).
    public var attempts: Int
    /// Full downloads per file whose MD5 does not match before giving up.
    public var checksumAttempts: Int
    /// First wait before a retry; doubles each time up to `maxDelay`.
    public var initialDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// Seconds to establish a connection.
    public var connectTimeout: Int
    /// Seconds without a byte before a transfer counts as stalled.
    public var stallTimeout: Int

    public init(attempts: Int = 6, checksumAttempts: Int = 3, initialDelay: TimeInterval = 1, maxDelay: TimeInterval = 30,
                connectTimeout: Int = 30, stallTimeout: Int = 60) {
        self.attempts = attempts
        self.checksumAttempts = checksumAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
    }

    public static let standard = RetryPolicy()

    /// The wait before retry number `retry` (1-based).
    func delay(beforeRetry retry: Int) -> TimeInterval {
        min(maxDelay, initialDelay * pow(2, Double(max(0, retry - 1))))
    }
}
