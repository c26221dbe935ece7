/*
 * capture: writes the IPv4/IPv6 packets crossing one interface (loopback, or a veth to the
 * other host of a case) as a pcap stream (LINKTYPE_RAW) to stdout, one flushed record per packet.
 *
 * Why not tcpdump: the harness must stop a capture deterministically and see segments
 * live. On loopback a packet is queued to a packet socket during the sender's syscall, so
 * draining the socket non-blocking on stop loses nothing.
 *
 *   capture [--lo-up] <ifname|any>  capture until stdin reaches EOF or reads a "stop" line
 *   capture --probe <ifname>         open and bind the socket, then exit
 *
 * --lo-up brings `lo` up first: run as `unshare --net -- capture --lo-up lo`, the capture is
 * also the process holding a case's fresh namespace, one spawn instead of three (holder,
 * `ip link set lo up`, capture). `any` captures every interface of the namespace, including
 * ones made after it started (the veth of a two-hosts case).
 *
 * An "inject ARGS" line (inject.c's arguments, harness/net/inject.c) sends that packet from this
 * namespace and answers in the stream: a record of time 0 and length 0 on the wire whose data is
 * inject's own words ({"sent":true,"bytes":N}, or "error: inject: ..."), one spawn less per
 * injected segment. The packet code is inject.c's (inject-packet.h), shared, not copied.
 * "veth", "up", "down" and "sysctl" lines (harness/net/holder-link.h) set up a case's links over
 * rtnetlink and wait for a link to pass traffic on the kernel's own events; each answers "ok" or
 * "error: ...", in band as well.
 *
 * A "stop" line drains, writes the stats, closes stdout and stderr (the harness has everything
 * once both end) and then waits for stdin's EOF before exiting: the exit closes the packet
 * socket, which waits for an RCU grace period (~10 ms), and nothing needs to wait for that.
 *
 * The pcap global header is written only once the socket is bound: its arrival is the
 * "ready" signal. Exit 0 on a clean stop, 77 when capturing is not possible here
 * (permissions, not Linux), 1 on any other error. Reasons go to stderr as "capture: ...".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_UNAVAILABLE 77

#ifndef __linux__
int main(void) {
  fprintf(stderr, "capture: AF_PACKET capture needs Linux\n");
  return EXIT_UNAVAILABLE;
}
#else

#include <arpa/inet.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../net/inject-packet.h"
#include "../net/holder-link.h"

#define SNAPLEN 256
#define LINKTYPE_RAW 101
#define RCVBUF_BYTES (4 * 1024 * 1024)

struct pcap_global_header {
  uint32_t magic;
  uint16_t version_major;
  uint16_t version_minor;
  int32_t thiszone;
  uint32_t sigfigs;
  uint32_t snaplen;
  uint32_t network;
};

struct pcap_record_header {
  uint32_t ts_sec;
  uint32_t ts_usec;
  uint32_t incl_len;
  uint32_t orig_len;
};

_Static_assert(sizeof(struct pcap_global_header) == 24, "pcap global header is 24 bytes");
_Static_assert(sizeof(struct pcap_record_header) == 16, "pcap record header is 16 bytes");

static unsigned long packets_written;

static int is_permission_error(int err) { return err == EPERM || err == EACCES; }

/* Exit 77 for permission trouble (the capture is unavailable), 1 for anything else. */
static void fail(const char *what, int err) {
  const char *hint = is_permission_error(err) ? " (needs CAP_NET_RAW)" : "";
  fprintf(stderr, "capture: %s: %s%s\n", what, strerror(err), hint);
  exit(is_permission_error(err) ? EXIT_UNAVAILABLE : 1);
}

static void write_or_die(const void *data, size_t len) {
  if (fwrite(data, 1, len, stdout) != len) fail("write(stdout)", errno);
}

static void flush_or_die(void) {
  if (fflush(stdout) != 0) fail("write(stdout)", errno);
}

/* socket(protocol 0) receives nothing until bind names ETH_P_ALL and the interface, so no
 * packet of another interface is ever queued. */
static int open_bound_socket(const char *ifname) {
  int any = strcmp(ifname, "any") == 0;
  unsigned int ifindex = any ? 0 : if_nametoindex(ifname);
  if (ifindex == 0 && !any) {
    fprintf(stderr, "capture: no such interface: %s\n", ifname);
    exit(1);
  }
  int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket(AF_PACKET)", errno);

  int rcvbuf = RCVBUF_BYTES;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) != 0)
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  int on = 1;
  (void)setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof on);

  struct sockaddr_ll addr;
  memset(&addr, 0, sizeof addr);
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = (int)ifindex;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) fail("bind(AF_PACKET)", errno);
  return fd;
}

static void write_global_header(void) {
  struct pcap_global_header h = {
      .magic = 0xa1b2c3d4, .version_major = 2, .version_minor = 4,
      .thiszone = 0, .sigfigs = 0, .snaplen = SNAPLEN, .network = LINKTYPE_RAW};
  write_or_die(&h, sizeof h);
  flush_or_die();
}

static struct timeval packet_time(struct msghdr *msg) {
  for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
      struct timeval tv;
      memcpy(&tv, CMSG_DATA(c), sizeof tv);
      return tv;
    }
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (struct timeval){.tv_sec = ts.tv_sec, .tv_usec = ts.tv_nsec / 1000};
}

/* Reads one packet and writes it as a record. Returns 0 when nothing was queued
 * (with MSG_DONTWAIT), 1 otherwise. */
static int read_one(int fd, int flags) {
  unsigned char data[SNAPLEN];
  unsigned char control[CMSG_SPACE(sizeof(struct timeval)) + 64];
  struct sockaddr_ll from;
  struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
  struct msghdr msg = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
                       .msg_iovlen = 1, .msg_control = control,
                       .msg_controllen = sizeof control};
  /* MSG_TRUNC makes a packet socket return the packet's real length. */
  ssize_t n = recvmsg(fd, &msg, flags | MSG_TRUNC);
  if (n < 0) {
    if (errno == EINTR) return 1;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    /* The captured link went down (a vanished host): the socket reports it once, on whichever
     * call comes first (this recv, when poll saw POLLIN and POLLERR together); reading the error
     * clears it, and packets queued after it are still there to read. */
    if (errno == ENETDOWN || errno == ENXIO) return 1;
    fail("recvmsg", errno);
  }
  /* On loopback each packet passes once outgoing and once incoming: keep one copy. We keep
   * the outgoing one (libpcap keeps the other): it is queued to us inside the sender's own
   * syscall, so once a socket call has returned, everything it sent can be drained on stop,
   * even when the kernel defers the receive side to ksoftirqd under load. On any other link
   * (a veth to the other host) each packet passes once, in one direction or the other. */
  if (from.sll_hatype == ARPHRD_LOOPBACK && from.sll_pkttype != PACKET_OUTGOING) return 1;
  uint16_t proto = ntohs(from.sll_protocol);
  if (proto != ETH_P_IP && proto != ETH_P_IPV6) return 1;

  struct timeval tv = packet_time(&msg);
  uint32_t incl = (size_t)n < sizeof data ? (uint32_t)n : (uint32_t)sizeof data;
  struct pcap_record_header rh = {.ts_sec = (uint32_t)tv.tv_sec,
                                  .ts_usec = (uint32_t)tv.tv_usec,
                                  .incl_len = incl,
                                  .orig_len = (uint32_t)n};
  write_or_die(&rh, sizeof rh);
  write_or_die(data, incl);
  flush_or_die();
  packets_written++;
  return 1;
}

/* A sync: everything queued on the packet socket when it was asked for is written, then a
 * marker record (length 0, time 0: no real packet has either) tells the reader so. On loopback a
 * segment is queued to the packet socket inside the sender's syscall, so after the socket calls
 * of a step have returned, a sync's marker comes after every segment they sent. */
static void sync_now(int fd) {
  while (read_one(fd, MSG_DONTWAIT)) {
  }
  struct pcap_record_header marker = {0};
  write_or_die(&marker, sizeof marker);
  flush_or_die();
}

/* A reply to a command, in band: a record of time 0 whose wire length is 0 and whose data is the text. */
static void reply(const char *text) {
  size_t len = strlen(text);
  struct pcap_record_header h = {.incl_len = (uint32_t)len};
  write_or_die(&h, sizeof h);
  write_or_die(text, len);
  flush_or_die();
}

#define MAX_ARGS 24

/* "inject ARGS": inject.c's parse and send, its success line or its error words as the reply. */
static void inject_now(int argc, char **argv, char *text, size_t textlen) {
  struct segment seg;
  const char *problem = parse_segment(argc, argv, &seg);
  if (problem != NULL) {
    snprintf(text, textlen, "error: inject: %s", problem);
    return;
  }
  size_t size = 0;
  const char *what = NULL;
  ssize_t n = send_segment(&seg, &size, &what);
  if (n < 0) snprintf(text, textlen, "error: inject: %s: %s%s", what, strerror(errno), is_permission_error(errno) ? " (needs CAP_NET_RAW)" : "");
  else if (n != (ssize_t)size) snprintf(text, textlen, "error: inject: sendto sent %zd of %zu bytes", n, size);
  else snprintf(text, textlen, "{\"sent\":true,\"bytes\":%zd}", n);
}

/* A command line (inject, or holder-link.h's veth, up, down, sysctl), answered in band. */
static void command_now(char *line) {
  char *argv[MAX_ARGS];
  int argc = 0;
  for (char *save = NULL, *word = strtok_r(line, " ", &save); word != NULL && argc < MAX_ARGS; word = strtok_r(NULL, " ", &save)) argv[argc++] = word;
  char text[384];
  if (argc > 0 && strcmp(argv[0], "inject") == 0) inject_now(argc, argv, text, sizeof text);
  else if (argc == 0 || !link_command(argc, argv, text, sizeof text)) snprintf(text, sizeof text, "error: unknown command: %s", argc > 0 ? argv[0] : "");
  reply(text);
}

/* Reads stdin; returns 1 on EOF, 2 on a "stop" line, 0 otherwise; syncs on a "sync" line, runs any other as a command. */
static int stdin_says_stop(int fd) {
  static char line[512];
  static size_t used;
  char buf[256];
  ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
  if (n < 0) return errno == EINTR || errno == EAGAIN ? 0 : 1;
  if (n == 0) return 1;
  for (ssize_t i = 0; i < n; i++) {
    if (buf[i] == '\n') {
      line[used] = '\0';
      if (strcmp(line, "stop") == 0 || strcmp(line, "stop\r") == 0) return 2;
      if (strcmp(line, "sync") == 0) sync_now(fd);
      else if (used > 0) command_now(line);
      used = 0;
    } else if (used < sizeof line - 1) {
      line[used++] = buf[i];
    }
  }
  return 0;
}

static void report_stats(int fd) {
  struct tpacket_stats st;
  socklen_t len = sizeof st;
  if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
    fprintf(stderr, "capture: stats written=%lu dropped=%u\n", packets_written, st.tp_drops);
}

/* Brings lo up (SIOCSIFFLAGS): the namespace's first process does what `ip link set lo up` would. */
static void lo_up(void) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) fail("socket(AF_INET)", errno);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0) fail("SIOCGIFFLAGS(lo)", errno);
  ifr.ifr_flags |= IFF_UP;
  if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0) fail("SIOCSIFFLAGS(lo)", errno);
  close(s);
}

static int run(const char *ifname) {
  int fd = open_bound_socket(ifname);
  write_global_header();
  struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
  int why = 0;
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      fail("poll", errno);
    }
    if (fds[0].revents & POLLIN) read_one(fd, MSG_DONTWAIT);
    if (fds[0].revents & POLLNVAL) fail("poll(socket)", EIO);
    if (fds[0].revents & POLLERR) {
      /* A case may take the captured link down (a vanished host): the packet socket then
       * reports ENETDOWN once, and receives again when the link comes back. */
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != ENETDOWN && err != ENXIO && err != 0) fail("poll(socket)", err);
    }
    if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) && (why = stdin_says_stop(fd)) != 0) break;
  }
  /* Everything sent before stop was asked for is already queued: drain it. */
  while (read_one(fd, MSG_DONTWAIT)) {
  }
  flush_or_die();
  report_stats(fd);
  if (why == 2) {
    /* Done as far as the reader is concerned; hold the namespace until stdin's EOF. */
    fclose(stdout);
    fclose(stderr);
    char buf[256];
    for (;;) {
      ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
  }
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc == 3 && strcmp(argv[1], "--probe") == 0) {
    close(open_bound_socket(argv[2]));
    return 0;
  }
  int at = 1;
  if (argc == 3 && strcmp(argv[1], "--lo-up") == 0) {
    lo_up();
    at = 2;
  }
  if (argc != at + 1 || argv[at][0] == '-') {
    fprintf(stderr, "usage: capture [--lo-up] <ifname|any> | capture --probe <ifname>\n");
    return 1;
  }
  return run(argv[at]);
}

#endif
