/*
 * inject-packet.h: what inject.c's CLI and capture.c's "inject" command share: parsing a
 * segment's description (inject.c's arguments) and building and sending its packet, so the
 * capture that holds a case's namespace can inject without a process spawned per segment.
 * Linux only; nothing here exits: errors come back as text (parse) or errno (send).
 */
#ifndef INJECT_PACKET_H
#define INJECT_PACKET_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define IPV4_HEADER 20
#define IPV6_HEADER 40
#define TCP_HEADER 20
#define ICMP_HEADER 8
#define HOP_LIMIT 64
#define IP_DONT_FRAGMENT 0x4000
#define PROTO_ICMPV6 58
/* An ICMPv6 error over IPv6 quoting an IPv6 segment: the largest packet built here. */
#define MAX_PACKET (IPV6_HEADER + ICMP_HEADER + IPV6_HEADER + TCP_HEADER)

/* RFC 9293 §3.1 bit values, in the order of the letters above. */
static const struct {
  char letter;
  uint8_t bit;
} FLAGS[] = {{'F', 0x01}, {'S', 0x02}, {'R', 0x04}, {'P', 0x08},
             {'A', 0x10}, {'U', 0x20}, {'E', 0x40}, {'C', 0x80}};

/* Destination-unreachable codes: ICMP (RFC 792, RFC 1812 §5.2.7.1) and ICMPv6 (RFC 4443 §3.1). */
static const struct {
  const char *name;
  uint8_t v4, v6;
} CODES[] = {{"net", 0, 0}, {"host", 1, 3}, {"port", 3, 4}, {"admin", 13, 1}};
#define ICMP_DEST_UNREACHABLE 3
#define ICMPV6_DEST_UNREACHABLE 1

struct endpoint {
  int family;
  uint8_t addr[16]; /* 4 bytes used for AF_INET */
  uint16_t port;
};

struct segment {
  struct endpoint src, dst;
  uint32_t seq, ack;
  uint8_t flags;
  uint16_t window;
  int icmp; /* index into CODES, or -1: send the segment itself */
};

/* A parse error's text; parsing unwinds to parse_segment() (a bad argument must not end a capture). */
static char parse_problem[192];
static jmp_buf parse_unwind;

static void parse_error(const char *fmt, const char *arg) {
  snprintf(parse_problem, sizeof parse_problem, fmt, arg);
  longjmp(parse_unwind, 1);
}

/* A decimal number in [0, max], digits only. */
static unsigned long parse_number(const char *name, const char *text, unsigned long max) {
  if (*text == '\0' || strspn(text, "0123456789") != strlen(text)) parse_error("%s must be a decimal number", name);
  errno = 0;
  unsigned long long v = strtoull(text, NULL, 10);
  if (errno != 0 || v > max) parse_error("%s is out of range", name);
  return (unsigned long)v;
}

/* "a.b.c.d:port" or "[v6]:port", as the capture prints endpoints (harness/capture/decode-segment.ts). */
static struct endpoint parse_endpoint(const char *name, const char *text) {
  struct endpoint e = {0};
  const char *colon = strrchr(text, ':');
  const char *host = text;
  size_t len = colon ? (size_t)(colon - text) : 0;
  e.family = AF_INET;
  if (text[0] == '[') {
    /* The brackets say IPv6 (RFC 3986 §3.2.2); the port follows "]:". */
    if (!colon || len < 2 || colon[-1] != ']') parse_error("%s must be IPv4:PORT or [IPv6]:PORT", name);
    host = text + 1, len -= 2, e.family = AF_INET6;
  }
  char buf[INET6_ADDRSTRLEN];
  if (!colon || len == 0 || len >= sizeof buf) parse_error("%s must be IPv4:PORT or [IPv6]:PORT", name);
  memcpy(buf, host, len);
  buf[len] = '\0';
  if (inet_pton(e.family, buf, e.addr) != 1) parse_error("%s must be IPv4:PORT or [IPv6]:PORT", name);
  e.port = (uint16_t)parse_number(name, colon + 1, 65535);
  return e;
}

static uint8_t parse_flags(const char *text) {
  uint8_t bits = 0;
  if (*text == '\0') parse_error("--flags must not be empty%s", "");
  for (const char *p = text; *p; p++) {
    size_t i = 0;
    while (i < sizeof FLAGS / sizeof FLAGS[0] && FLAGS[i].letter != *p) i++;
    if (i == sizeof FLAGS / sizeof FLAGS[0]) parse_error("--flags takes letters from FSRPAUEC, got \"%s\"", text);
    if (bits & FLAGS[i].bit) parse_error("--flags repeats a letter: \"%s\"", text);
    bits |= FLAGS[i].bit;
  }
  return bits;
}

static int parse_code(const char *text) {
  for (size_t i = 0; i < sizeof CODES / sizeof CODES[0]; i++)
    if (strcmp(CODES[i].name, text) == 0) return (int)i;
  parse_error("--icmp takes net, host, port or admin, got \"%s\"", text);
  return -1;
}

static struct segment parse_args_or_jump(int argc, char **argv) {
  struct segment s = {0};
  s.icmp = -1;
  int have_src = 0, have_dst = 0, have_seq = 0, have_ack = 0, have_flags = 0;
  for (int i = 1; i < argc; i++) {
    const char *opt = argv[i];
    if (i + 1 >= argc) parse_error("%s needs a value", opt);
    const char *val = argv[++i];
    if (strcmp(opt, "--src") == 0) s.src = parse_endpoint(opt, val), have_src = 1;
    else if (strcmp(opt, "--dst") == 0) s.dst = parse_endpoint(opt, val), have_dst = 1;
    else if (strcmp(opt, "--seq") == 0) s.seq = (uint32_t)parse_number(opt, val, UINT32_MAX), have_seq = 1;
    else if (strcmp(opt, "--ack") == 0) s.ack = (uint32_t)parse_number(opt, val, UINT32_MAX), have_ack = 1;
    else if (strcmp(opt, "--flags") == 0) s.flags = parse_flags(val), have_flags = 1;
    else if (strcmp(opt, "--window") == 0) s.window = (uint16_t)parse_number(opt, val, 65535);
    else if (strcmp(opt, "--icmp") == 0) s.icmp = parse_code(val);
    else parse_error("unknown option %s", opt);
  }
  if (!have_src) parse_error("missing %s", "--src");
  if (!have_dst) parse_error("missing %s", "--dst");
  if (!have_seq) parse_error("missing %s", "--seq");
  if (!have_ack) parse_error("missing %s", "--ack");
  if (!have_flags) parse_error("missing %s", "--flags");
  if (s.src.family != s.dst.family) parse_error("--src and --dst must be of one family%s", "");
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

static size_t ip_header_bytes(int family) { return family == AF_INET6 ? IPV6_HEADER : IPV4_HEADER; }
static size_t addr_bytes(int family) { return family == AF_INET6 ? 16 : 4; }

/* The sum of a pseudo-header (RFC 9293 §3.1 for IPv4, RFC 8200 §8.1 for IPv6). */
static uint32_t pseudo_sum(int family, const uint8_t *src, const uint8_t *dst, uint8_t proto, uint32_t length) {
  size_t n = addr_bytes(family);
  uint32_t sum = sum16(src, n, sum16(dst, n, 0));
  return sum + (length >> 16) + (length & 0xffff) + proto;
}

/* An IPv4 (RFC 791) or IPv6 (RFC 8200 §3) header for `payload` bytes of `proto`; its size. */
static size_t put_ip(uint8_t *ip, int family, const uint8_t *src, const uint8_t *dst, uint8_t proto, size_t payload) {
  size_t header = ip_header_bytes(family), n = addr_bytes(family);
  memset(ip, 0, header);
  if (family == AF_INET6) {
    ip[0] = 0x60; /* version 6, traffic class and flow label 0 */
    put16(ip + 4, (uint16_t)payload);
    ip[6] = proto;
    ip[7] = HOP_LIMIT;
    memcpy(ip + 8, src, n);
    memcpy(ip + 24, dst, n);
    return header;
  }
  ip[0] = 0x45; /* version 4, 5 words */
  put16(ip + 2, (uint16_t)(header + payload));
  put16(ip + 4, (uint16_t)getpid());
  put16(ip + 6, IP_DONT_FRAGMENT);
  ip[8] = HOP_LIMIT;
  ip[9] = proto;
  memcpy(ip + 12, src, n);
  memcpy(ip + 16, dst, n);
  put16(ip + 10, fold(sum16(ip, header, 0)));
  return header;
}

/* The IP header then the TCP header (RFC 9293 §3.1), all fields big-endian; the packet's size. */
static size_t put_segment(uint8_t *packet, const struct segment *s) {
  int family = s->src.family;
  size_t header = put_ip(packet, family, s->src.addr, s->dst.addr, IPPROTO_TCP, TCP_HEADER);
  uint8_t *tcp = packet + header;
  memset(tcp, 0, TCP_HEADER);
  put16(tcp, s->src.port);
  put16(tcp + 2, s->dst.port);
  put32(tcp + 4, s->seq);
  put32(tcp + 8, s->ack);
  tcp[12] = (TCP_HEADER / 4) << 4;
  tcp[13] = s->flags;
  put16(tcp + 14, s->window);
  put16(tcp + 16, fold(sum16(tcp, TCP_HEADER, pseudo_sum(family, s->src.addr, s->dst.addr, IPPROTO_TCP, TCP_HEADER))));
  return header + TCP_HEADER;
}

/* A destination-unreachable from the quoted segment's destination to its source, quoting it whole. */
static size_t put_icmp(uint8_t *packet, const struct segment *s) {
  int family = s->src.family, v6 = family == AF_INET6;
  uint8_t quoted[IPV6_HEADER + TCP_HEADER];
  size_t quoted_bytes = put_segment(quoted, s), icmp_bytes = ICMP_HEADER + quoted_bytes;
  size_t header = put_ip(packet, family, s->dst.addr, s->src.addr, v6 ? PROTO_ICMPV6 : IPPROTO_ICMP, icmp_bytes);
  uint8_t *icmp = packet + header;
  memset(icmp, 0, ICMP_HEADER); /* type, code, checksum, 4 unused bytes (RFC 792; RFC 4443 §3.1) */
  icmp[0] = v6 ? ICMPV6_DEST_UNREACHABLE : ICMP_DEST_UNREACHABLE;
  icmp[1] = v6 ? CODES[s->icmp].v6 : CODES[s->icmp].v4;
  memcpy(icmp + ICMP_HEADER, quoted, quoted_bytes);
  /* ICMP sums the message alone; ICMPv6 adds the pseudo-header (RFC 4443 §2.3). */
  uint32_t start = v6 ? pseudo_sum(family, s->dst.addr, s->src.addr, PROTO_ICMPV6, (uint32_t)icmp_bytes) : 0;
  put16(icmp + 2, fold(sum16(icmp, icmp_bytes, start)));
  return header + icmp_bytes;
}

/* inject.c's arguments (argv[0] is the program or command name) into `s`: NULL, or why not. */
static const char *parse_segment(int argc, char **argv, struct segment *s) {
  if (setjmp(parse_unwind) != 0) return parse_problem;
  *s = parse_args_or_jump(argc, argv);
  return NULL;
}

/*
 * IPPROTO_RAW implies the header is ours on Linux (IP_HDRINCL; for AF_INET6, inet6_create()
 * sets it); IP_HDRINCL is set anyway on IPv4 so the intent is explicit. -1 with errno and `*what`.
 */
static int open_raw(int family, const char **what) {
  int fd = socket(family, SOCK_RAW, IPPROTO_RAW);
  if (fd < 0) {
    *what = family == AF_INET6 ? "socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)" : "socket(AF_INET, SOCK_RAW, IPPROTO_RAW)";
    return -1;
  }
  int one = 1;
  if (family == AF_INET && setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof one) != 0) {
    int err = errno;
    close(fd);
    errno = err;
    *what = "setsockopt(IP_HDRINCL)";
    return -1;
  }
  return fd;
}

/* Builds `s`'s packet and sends it once: the bytes sent, or -1 with errno and `*what` (the call that failed). */
static ssize_t send_segment(const struct segment *s, size_t *size_out, const char **what) {
  uint8_t packet[MAX_PACKET];
  size_t size = s->icmp < 0 ? put_segment(packet, s) : put_icmp(packet, s);
  *size_out = size;
  /* The packet goes to its IP destination: the segment's --dst, or the ICMP error's, which is --src. */
  const struct endpoint *to = s->icmp < 0 ? &s->dst : &s->src;
  int fd = open_raw(to->family, what);
  if (fd < 0) return -1;
  struct sockaddr_storage addr = {0};
  socklen_t addr_len;
  if (to->family == AF_INET6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&addr;
    a->sin6_family = AF_INET6;
    memcpy(&a->sin6_addr, to->addr, 16);
    addr_len = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&addr;
    a->sin_family = AF_INET;
    memcpy(&a->sin_addr, to->addr, 4);
    addr_len = sizeof *a;
  }
  ssize_t n = sendto(fd, packet, size, 0, (struct sockaddr *)&addr, addr_len);
  int err = errno;
  close(fd);
  errno = err;
  if (n < 0) *what = "sendto";
  return n;
}

#endif
