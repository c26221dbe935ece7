/*
 * inject: sends exactly one crafted packet through a raw socket, for the cases a socket API
 * cannot provoke: a TCP segment (no payload) at a chosen sequence number (a RST, RFC 5961
 * §3.2; a segment for a connection the host no longer knows), or an ICMP / ICMPv6
 * destination-unreachable quoting a segment the receiver sent (RFC 1122 §4.2.3.9, RFC 5927).
 *
 *   inject --src IP:PORT --dst IP:PORT --seq N --ack N --flags FLAGS [--window W]
 *   inject --icmp CODE --src IP:PORT --dst IP:PORT --seq N --ack N --flags FLAGS [--window W]
 *   inject --probe     open the raw socket(s), then exit (may we inject here?)
 *
 * IP:PORT is IPv4:PORT (127.0.0.1:80) or [IPv6]:PORT ([::1]:80, [2001:db8::1]:80); --src and
 * --dst must be of one family.
 * FLAGS is letters from F S R P A U E C (FIN SYN RST PSH ACK URG ECE CWR), each at most once:
 * "R", "RA", "A". W defaults to 0, as in the kernel's own RSTs. The segment has a 20-byte IPv4
 * header (TTL 64, DF) or a 40-byte IPv6 header (hop limit 64) and a 20-byte TCP header, every
 * checksum computed here (TCP over the IPv4 or IPv6 pseudo-header, RFC 9293 §3.1, RFC 8200 §8.1).
 *
 * With --icmp, the segment described is the one quoted, as the receiver sent it (--src is the
 * receiver): the packet is an ICMP type 3 (RFC 792) or ICMPv6 type 1 (RFC 4443 §3.1) error from
 * --dst's address to --src's, quoting that segment's IP and TCP headers whole. CODE is
 *   net    ICMP code 0 (net unreachable)         ICMPv6 code 0 (no route to destination)
 *   host   ICMP code 1 (host unreachable)        ICMPv6 code 3 (address unreachable)
 *   port   ICMP code 3 (port unreachable)        ICMPv6 code 4 (port unreachable)
 *   admin  ICMP code 13 (administratively prohibited, RFC 1812 §5.2.7.1)  ICMPv6 code 1
 * The ICMPv6 checksum covers the pseudo-header (RFC 4443 §2.3).
 *
 * On success one JSON line on stdout, {"sent":true,"bytes":N} (N: 40 or 60 for a segment over
 * IPv4 or IPv6, 68 or 108 for an ICMP or ICMPv6 error), and exit 0. Exit 77 when injecting is
 * not possible here (no CAP_NET_RAW, not Linux), 2 on bad arguments (with the usage), 1 on any
 * other error. Reasons go to stderr as "inject: ...".
 *
 * The packet code is inject-packet.h's, shared with capture.c, whose "inject" command sends the
 * same packets from the capture holding a case's namespace (no spawn); this CLI stays for the
 * probe, for nets without a holder, and for the tests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_UNAVAILABLE 77
#define EXIT_USAGE 2

#ifndef __linux__
int main(void) {
  fprintf(stderr, "inject: raw IP injection needs Linux\n");
  return EXIT_UNAVAILABLE;
}
#else

#include "inject-packet.h"

static const char USAGE[] =
    "usage: inject --src IP:PORT --dst IP:PORT --seq N --ack N --flags FLAGS [--window W]\n"
    "       inject --icmp net|host|port|admin --src IP:PORT --dst IP:PORT --seq N --ack N --flags FLAGS\n"
    "       inject --probe\n"
    "IP:PORT: IPv4:PORT (127.0.0.1:80) or [IPv6]:PORT ([::1]:80), both of one family\n"
    "FLAGS: letters from FSRPAUEC (FIN SYN RST PSH ACK URG ECE CWR), e.g. R, RA, A\n"
    "--icmp: a destination-unreachable from --dst's address to --src's, quoting the segment\n";

static void usage(const char *fmt, const char *arg) {
  fputs("inject: ", stderr);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  fputs(USAGE, stderr);
  exit(EXIT_USAGE);
}

static int is_permission_error(int err) { return err == EPERM || err == EACCES; }

/* Exit 77 for permission trouble (injecting is unavailable), 1 for anything else. */
static void fail(const char *what, int err) {
  const char *hint = is_permission_error(err) ? " (needs CAP_NET_RAW)" : "";
  fprintf(stderr, "inject: %s: %s%s\n", what, strerror(err), hint);
  exit(is_permission_error(err) ? EXIT_UNAVAILABLE : 1);
}

/* The raw socket for `family`, or exit 77 (no permission) or 1. */
static int open_raw_or_exit(int family) {
  const char *what = NULL;
  int fd = open_raw(family, &what);
  if (fd < 0) fail(what, errno);
  return fd;
}

/* Both families when the kernel has IPv6; a kernel without it (EAFNOSUPPORT) can still inject IPv4. */
static int probe(void) {
  close(open_raw_or_exit(AF_INET));
  int fd = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
  if (fd < 0 && errno != EAFNOSUPPORT) fail("socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)", errno);
  if (fd >= 0) close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--probe") == 0) return probe();
  if (argc == 1) usage("%s", "no arguments");
  struct segment s;
  const char *problem = parse_segment(argc, argv, &s);
  if (problem != NULL) usage("%s", problem);
  size_t size = 0;
  const char *what = NULL;
  ssize_t n = send_segment(&s, &size, &what);
  if (n < 0) fail(what, errno);
  if (n != (ssize_t)size) {
    fprintf(stderr, "inject: sendto sent %zd of %zu bytes\n", n, size);
    return 1;
  }
  printf("{\"sent\":true,\"bytes\":%zd}\n", n);
  return fflush(stdout) == 0 ? 0 : 1;
}
#endif
