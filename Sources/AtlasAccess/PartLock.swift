import Foundation

/// An exclusive `flock` on a file's `<path>.part`, so that processes (and tasks) fetching the same
/// file into one cache take turns: the second waits, then finds the first one's result.
struct PartLock {
    let url: URL
    private let descriptor: Int32

    /// Waits for the lock (polling, so a cancelled task stops waiting). Nil when the `.part`
    /// cannot be created, as in a read-only cache: there is then nothing to download into either.
    static func acquire(_ url: URL, cancellation: CancellationFlag, waiting: () -> Void) throws -> PartLock? {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var announced = false
        while true {
            let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                if errno != EWOULDBLOCK && errno != EINTR {
                    close(fd)
                    throw AtlasAccessError.io(path: url.path, message: "cannot lock: \(String(cString: strerror(errno)))")
                }
                if !announced { waiting(); announced = true }
                do { try cancellation.check() } catch { close(fd); throw error }
                usleep(50_000)
            }
            // The holder before us may have renamed the part into place or removed it: then the
            // lock is on a file no longer at this path, and the path's new file must be locked.
            var held = stat(), current = stat()
            if fstat(fd, &held) == 0, stat(url.path, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev {
                return PartLock(url: url, descriptor: fd)
            }
            close(fd)
        }
    }

    /// Releases the lock, first removing the part when `remove` says it is done with (the file is
    /// in place) or when it is empty (nothing to resume); a part renamed into place is left alone.
    func release(removing remove: Bool) {
        var held = stat(), current = stat()
        if fstat(descriptor, &held) == 0, stat(url.path, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev,
           remove || held.st_size == 0 {
            unlink(url.path)
        }
        close(descriptor)
    }
}
