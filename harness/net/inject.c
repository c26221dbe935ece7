/*
 * inject: sends exactly one crafted IPv4 TCP segment (no payload) through a raw socket, for
 * the cases a socket API cannot provoke: a RST at a chosen sequence number (RFC 5961 §3.2),
 * a segment for a connection the host no longer knows.
 *
 *   inject --src IP:PORT --dst IP:PORT --seq N --ack N --flags FLAGS [--window W]
 *   inject --probe     open the raw socket, then exit (may we inject here?)
 *
 * FLAGS is letters from F S R P A U E C (FIN SYN RST PSH ACK URG ECE CWR), each at most once:
 * "R", "RA", "A". W defaults to 0, as in the kernel's own RSTs. The segment has a 20-byte IP
 * header (TTL 64, DF) and a 20-byte TCP header, both checksums computed here.
 *
 * On success one JSON line on stdout, {"sent":true,"bytes":40}, and exit 0. Exit 77 when
 * injecting is not possible here (no CAP_NET_RAW, not Linux), 2 on bad arguments (with the
 * usage), 1 on any other error. Reasons go to stderr as "inject: ...".
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
  fprintf(stderr, "inject: raw IPv4 injection needs Linux\n");
  return EXIT_UNAVAILABLE;
}
#else

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#define IP_HEADER 20
#define TCP_HEADER 20
#define TTL 64
#define IP_DONT_FRAGMENT 0x4000

static const char USAGE[] =
    "usage: inject --src IP:PORT --dst IP:PORT --seq N --ack N --flags FLAGS [--window W]\n"
    "       inject --probe\n"
    "FLAGS: letters from FSRPAUEC (FIN SYN RST PSH ACK URG ECE CWR), e.g. R, RA, A\n";

/* RFC 9293 §3.1 bit values, in the order of the letters above. */
static const struct {
  char letter;
  uint8_t bit;
} FLAGS[] = {{'F', 0x01}, {'S', 0x02}, {'R', 0x04}, {'P', 0x08},
             {'A', 0x10}, {'U', 0x20}, {'E', 0x40}, {'C', 0x80}};

struct endpoint {
  struct in_addr addr;
  uint16_t port;
};

struct segment {
  struct endpoint src, dst;
  uint32_t seq, ack;
  uint8_t flags;
  uint16_t window;
};

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

/* A decimal number in [0, max], digits only. */
static unsigned long parse_number(const char *name, const char *text, unsigned long max) {
  if (*text == '\0' || strspn(text, "0123456789") != strlen(text)) usage("%s must be a decimal number", name);
  errno = 0;
  unsigned long long v = strtoull(text, NULL, 10);
  if (errno != 0 || v > max) usage("%s is out of range", name);
  return (unsigned long)v;
}

static struct endpoint parse_endpoint(const char *name, const char *text) {
  struct endpoint e;
  const char *colon = strrchr(text, ':');
  char host[INET_ADDRSTRLEN];
  size_t len = colon ? (size_t)(colon - text) : 0;
  if (!colon || len == 0 || len >= sizeof host) usage("%s must be IPv4:PORT", name);
  memcpy(host, text, len);
  host[len] = '\0';
  if (inet_pton(AF_INET, host, &e.addr) != 1) usage("%s must be IPv4:PORT", name);
  e.port = (uint16_t)parse_number(name, colon + 1, 65535);
  return e;
}

static uint8_t parse_flags(const char *text) {
  uint8_t bits = 0;
  if (*text == '\0') usage("--flags must not be empty%s", "");
  for (const char *p = text; *p; p++) {
    size_t i = 0;
    while (i < sizeof FLAGS / sizeof FLAGS[0] && FLAGS[i].letter != *p) i++;
    if (i == sizeof FLAGS / sizeof FLAGS[0]) usage("--flags takes letters from FSRPAUEC, got \"%s\"", text);
    if (bits & FLAGS[i].bit) usage("--flags repeats a letter: \"%s\"", text);
    bits |= FLAGS[i].bit;
  }
  return bits;
}

static struct segment parse_args(int argc, char **argv) {
  struct segment s = {0};
  int have_src = 0, have_dst = 0, have_seq = 0, have_ack = 0, have_flags = 0;
  for (int i = 1; i < argc; i++) {
    const char *opt = argv[i];
    if (i + 1 >= argc) usage("%s needs a value", opt);
    const char *val = argv[++i];
    if (strcmp(opt, "--src") == 0) s.src = parse_endpoint(opt, val), have_src = 1;
    else if (strcmp(opt, "--dst") == 0) s.dst = parse_endpoint(opt, val), have_dst = 1;
    else if (strcmp(opt, "--seq") == 0) s.seq = (uint32_t)parse_number(opt, val, UINT32_MAX), have_seq = 1;
    else if (strcmp(opt, "--ack") == 0) s.ack = (uint32_t)parse_number(opt, val, UINT32_MAX), have_ack = 1;
    else if (strcmp(opt, "--flags") == 0) s.flags = parse_flags(val), have_flags = 1;
    else if (strcmp(opt, "--window") == 0) s.window = (uint16_t)parse_number(opt, val, 65535);
    else usage("unknown option %s", opt);
  }
  if (!have_src) usage("missing %s", "--src");
  if (!have_dst) usage("missing %s", "--dst");
  if (!have_seq) usage("missing %s", "--seq");
  if (!have_ack) usage("missing %s", "--ack");
  if (!have_flags) usage("missing %s", "--flags");
  return s;
}

/* RFC 1071 one's-complement sum, folded; the caller complements it. */
static uint32_t sum16(const uint8_t *p, size_t n, uint32_t sum) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += (uint32_t)(p[n - 1] << 8);
  return sum;
}

static uint16_t fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)), put16(p + 2, (uint16_t)v); }

/* IPv4 header (RFC 791) then TCP header (RFC 9293 §3.1), all fields big-endian. */
static void build(const struct segment *s, uint8_t packet[IP_HEADER + TCP_HEADER]) {
  uint8_t *ip = packet, *tcp = packet + IP_HEADER;
  memset(packet, 0, IP_HEADER + TCP_HEADER);
  ip[0] = 0x45; /* version 4, 5 words */
  put16(ip + 2, IP_HEADER + TCP_HEADER);
  put16(ip + 4, (uint16_t)getpid());
  put16(ip + 6, IP_DONT_FRAGMENT);
  ip[8] = TTL;
  ip[9] = IPPROTO_TCP;
  memcpy(ip + 12, &s->src.addr, 4);
  memcpy(ip + 16, &s->dst.addr, 4);
  put16(ip + 10, fold(sum16(ip, IP_HEADER, 0)));

  put16(tcp, s->src.port);
  put16(tcp + 2, s->dst.port);
  put32(tcp + 4, s->seq);
  put32(tcp + 8, s->ack);
  tcp[12] = (TCP_HEADER / 4) << 4;
  tcp[13] = s->flags;
  put16(tcp + 14, s->window);
  /* Pseudo-header: source, destination, zero, protocol, TCP length. */
  uint8_t pseudo[12] = {0};
  memcpy(pseudo, ip + 12, 8);
  pseudo[9] = IPPROTO_TCP;
  put16(pseudo + 10, TCP_HEADER);
  put16(tcp + 16, fold(sum16(tcp, TCP_HEADER, sum16(pseudo, sizeof pseudo, 0))));
}

/* IPPROTO_RAW implies IP_HDRINCL on Linux; set it anyway so the intent is explicit. */
static int open_raw(void) {
  int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
  if (fd < 0) fail("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", errno);
  int one = 1;
  if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof one) != 0) fail("setsockopt(IP_HDRINCL)", errno);
  return fd;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--probe") == 0) {
    close(open_raw());
    return 0;
  }
  if (argc == 1) usage("%s", "no arguments");
  struct segment s = parse_args(argc, argv);
  uint8_t packet[IP_HEADER + TCP_HEADER];
  build(&s, packet);
  int fd = open_raw();
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr = s.dst.addr};
  ssize_t n = sendto(fd, packet, sizeof packet, 0, (struct sockaddr *)&to, sizeof to);
  if (n < 0) fail("sendto", errno);
  close(fd);
  if (n != (ssize_t)sizeof packet) {
    fprintf(stderr, "inject: sendto sent %zd of %zu bytes\n", n, sizeof packet);
    return 1;
  }
  printf("{\"sent\":true,\"bytes\":%zd}\n", n);
  return fflush(stdout) == 0 ? 0 : 1;
}
#endif
