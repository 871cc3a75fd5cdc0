#ifndef CMICROHTTPD_SHIM_H
#define CMICROHTTPD_SHIM_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <microhttpd.h>

// The request path as the client sent it: MHD's default unescaping would turn %00 into the end
// of the string and %2e%2e into "..", which the server decodes and checks itself instead.
static size_t cmhd_keep_escaped(void *cls, struct MHD_Connection *connection, char *text) {
    (void)cls; (void)connection;
    return strlen(text);
}

// MHD_start_daemon is variadic, which Swift cannot call: a daemon on 127.0.0.1 only, one thread
// per connection (a reload stream waits in its connection's thread), quiet (errors are ours).
static inline struct MHD_Daemon *cmhd_start_loopback(uint16_t port, MHD_AccessHandlerCallback handler,
                                                     void *context, unsigned int connectionLimit,
                                                     unsigned int idleSeconds) {
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, port,
                            NULL, NULL, handler, context,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&address,
                            MHD_OPTION_CONNECTION_LIMIT, connectionLimit,
                            MHD_OPTION_CONNECTION_TIMEOUT, idleSeconds,
                            MHD_OPTION_UNESCAPE_CALLBACK, cmhd_keep_escaped, NULL,
                            MHD_OPTION_END);
}

// The port the daemon listens on (the one the system chose for port 0); 0 when unknown.
static inline uint16_t cmhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

static inline uint64_t cmhd_size_unknown(void) { return MHD_SIZE_UNKNOWN; }
static inline ssize_t cmhd_end_of_stream(void) { return MHD_CONTENT_READER_END_OF_STREAM; }
#endif
