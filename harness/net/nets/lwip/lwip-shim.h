// Builds runtimes/c/agent.c on lwIP's BSD socket API (Debian liblwip-dev): the system headers first, then each socket call renamed to lwip_*.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <lwip/sockets.h>
// lwIP has neither TCP_INFO (the state and info ops) nor TCP_USER_TIMEOUT: the agent then leaves those features out.
#undef TCP_INFO
#undef TCP_USER_TIMEOUT
#define socket lwip_socket
#define bind lwip_bind
#define listen lwip_listen
#define accept lwip_accept
#define connect lwip_connect
#define send lwip_send
#define recv lwip_recv
#define close lwip_close
#define shutdown lwip_shutdown
#define setsockopt lwip_setsockopt
#define getsockopt lwip_getsockopt
#define getsockname lwip_getsockname
#define poll lwip_poll
#define fcntl(fd, cmd, ...) lwip_fcntl((fd), (cmd), (0, ##__VA_ARGS__))
