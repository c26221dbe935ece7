// sockspec C agent: the kernel-layer reference of harness/protocol/PROTOCOL.md.
// Each request is one plain POSIX socket call (plus a bounded poll where the protocol
// says "waits"), so a reply is what the kernel said, with no runtime in between.
// Build: cc -std=gnu11 -O2 -Wall -Wextra agent.c (libc only; Linux and macOS).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

// Linux has a per-call flag against SIGPIPE; macOS/BSD only the per-socket SO_NOSIGPIPE.
#ifdef MSG_NOSIGNAL
#define SEND_FLAGS MSG_NOSIGNAL
#else
#define SEND_FLAGS 0
#endif

// The kernel's TCP state is only readable where TCP_INFO exists (Linux).
#if defined(__linux__) && defined(TCP_INFO)
#define HAVE_TCP_INFO 1
#define STATE_FEATURE ",\"state\",\"info\""
#else
#define STATE_FEATURE ""
#endif

// RFC 5482's user timeout: Linux only.
#if defined(__linux__) && defined(TCP_USER_TIMEOUT)
#define HAVE_USER_TIMEOUT 1
#define USER_TIMEOUT_FEATURE ",\"user_timeout\""
#else
#define USER_TIMEOUT_FEATURE ""
#endif

// Multipath TCP (RFC 8684): socket(2) with IPPROTO_MPTCP, Linux 5.6+ (include/uapi/linux/in.h: 262).
#if defined(__linux__)
#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#define MPTCP_FEATURE ",\"mptcp\""
#else
#define MPTCP_FEATURE ""
#endif

// Keep-alive tuning: TCP_KEEPIDLE (XNU names it TCP_KEEPALIVE: bsd/netinet/tcp.h), TCP_KEEPINTVL, TCP_KEEPCNT.
#if !defined(TCP_KEEPIDLE) && defined(TCP_KEEPALIVE)
#define TCP_KEEPIDLE TCP_KEEPALIVE
#endif
#if defined(TCP_KEEPIDLE) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
#define HAVE_KEEP_TUNING 1
#define KEEP_TUNING_FEATURE ",\"keepidle\",\"keepintvl\",\"keepcnt\""
#else
#define KEEP_TUNING_FEATURE ""
#endif

#if defined(__clang__)
#define CC_VERSION "clang " __clang_version__
#elif defined(__GNUC__)
#define CC_VERSION "gcc " __VERSION__
#else
#define CC_VERSION "cc"
#endif

#define MAX_SOCKETS 64
#define MAX_NAME 64
#define MAX_FIELDS 32
#define DEFAULT_TIMEOUT_MS 2000
#define DEFAULT_BACKLOG 16
#define DEFAULT_RECV_MAX 65536
#define MAX_READ_BYTES (64L * 1024 * 1024)
#define MAX_SEND_BYTES MAX_READ_BYTES
#define MAX_OPT_MS 2147483647.0

/* ---------- output buffer and JSON writing ---------- */

typedef struct {
  char *p;
  size_t len, cap;
} buf_t;

static void buf_reserve(buf_t *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    fprintf(stderr, "c agent: out of memory\n");
    exit(70);
  }
  b->p = p;
  b->cap = cap;
}

static void buf_raw(buf_t *b, const char *s, size_t n) {
  buf_reserve(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void buf_str(buf_t *b, const char *s) { buf_raw(b, s, strlen(s)); }

static void buf_printf(buf_t *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) buf_raw(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

// Bytes are latin1 code points: anything outside printable ASCII becomes \u00XX.
static void buf_json(buf_t *b, const void *data, size_t n) {
  const unsigned char *s = data;
  buf_reserve(b, n + 2);
  buf_raw(b, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = s[i];
    if (ch == '"' || ch == '\\') {
      char esc[2] = {'\\', (char)ch};
      buf_raw(b, esc, 2);
    } else if (ch < 0x20 || ch > 0x7e) {
      buf_printf(b, "\\u%04x", ch);
    } else {
      buf_raw(b, (const char *)&ch, 1);
    }
  }
  buf_raw(b, "\"", 1);
}

static void buf_json_cstr(buf_t *b, const char *s) { buf_json(b, s, strlen(s)); }

/* ---------- errno names ---------- */

// The portable name of an errno; the first entry wins where two names share a value.
static const struct {
  int num;
  const char *name;
} ERRNO_NAMES[] = {
#define E(x) {x, #x},
    E(EPIPE) E(ECONNRESET) E(ECONNREFUSED) E(ETIMEDOUT) E(EAGAIN)
#ifdef EWOULDBLOCK
    E(EWOULDBLOCK)
#endif
    E(EINPROGRESS) E(EALREADY) E(EADDRINUSE) E(EADDRNOTAVAIL) E(ENOTCONN) E(EISCONN)
    E(EHOSTUNREACH) E(ENETUNREACH) E(ECONNABORTED) E(EINVAL) E(EBADF) E(EMSGSIZE)
    E(ENOBUFS) E(EINTR) E(EACCES) E(EPERM) E(ENOTSOCK) E(EOPNOTSUPP)
#ifdef ENOTSUP
    E(ENOTSUP)
#endif
    E(ENOENT) E(ENOMEM) E(EFAULT) E(EMFILE) E(ENFILE) E(EAFNOSUPPORT) E(EPROTONOSUPPORT)
    E(EPROTOTYPE) E(ENOPROTOOPT) E(EDESTADDRREQ)
#ifdef ESHUTDOWN
    E(ESHUTDOWN)
#endif
#ifdef EPROTO
    E(EPROTO)
#endif
#ifdef EHOSTDOWN
    E(EHOSTDOWN)
#endif
#ifdef ENETDOWN
    E(ENETDOWN)
#endif
#ifdef ENETRESET
    E(ENETRESET)
#endif
#ifdef ENONET
    E(ENONET)
#endif
#undef E
};

static const char *errno_name(int err, char fallback[16]) {
  for (size_t i = 0; i < sizeof ERRNO_NAMES / sizeof ERRNO_NAMES[0]; i++)
    if (ERRNO_NAMES[i].num == err) return ERRNO_NAMES[i].name;
  snprintf(fallback, 16, "E%d", err);
  return fallback;
}

/* ---------- clocks ---------- */

static double clock_ms(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---------- the request: a flat JSON object ---------- */

typedef enum { F_STR, F_NUM, F_BOOL, F_NULL } ftype_t;

typedef struct {
  char *key;
  ftype_t type;
  unsigned char *s; // F_STR: latin1 bytes, NUL-terminated for convenience
  size_t slen;
  double num;
  int b;
} field_t;

typedef struct {
  field_t f[MAX_FIELDS];
  int n;
} req_t;

typedef struct {
  const char *p, *end;
  const char *err;
} parser_t;

static void skip_ws(parser_t *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
    ps->p++;
}

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// Decodes a JSON string into latin1 bytes. The harness writes UTF-8, so a raw
// U+0080..U+00FF arrives as two bytes; anything above U+00FF is not a byte.
static int parse_string(parser_t *ps, unsigned char **out, size_t *outlen) {
  if (ps->p >= ps->end || *ps->p != '"') return ps->err = "expected a string", 0;
  ps->p++;
  unsigned char *s = malloc((size_t)(ps->end - ps->p) + 1);
  if (!s) return ps->err = "out of memory", 0;
  size_t n = 0;
  for (;;) {
    if (ps->p >= ps->end) { ps->err = "unterminated string"; break; }
    unsigned char ch = (unsigned char)*ps->p++;
    if (ch == '"') {
      s[n] = '\0';
      *out = s;
      *outlen = n;
      return 1;
    }
    if (ch < 0x20) { ps->err = "control character in string"; break; }
    if (ch == '\\') {
      if (ps->p >= ps->end) { ps->err = "unterminated escape"; break; }
      char e = *ps->p++;
      switch (e) {
      case '"': s[n++] = '"'; continue;
      case '\\': s[n++] = '\\'; continue;
      case '/': s[n++] = '/'; continue;
      case 'b': s[n++] = '\b'; continue;
      case 'f': s[n++] = '\f'; continue;
      case 'n': s[n++] = '\n'; continue;
      case 'r': s[n++] = '\r'; continue;
      case 't': s[n++] = '\t'; continue;
      case 'u': {
        if (ps->end - ps->p < 4) { ps->err = "short \\u escape"; goto fail; }
        int cp = 0;
        for (int i = 0; i < 4; i++) {
          int h = hexval(ps->p[i]);
          if (h < 0) { ps->err = "bad \\u escape"; goto fail; }
          cp = cp * 16 + h;
        }
        ps->p += 4;
        if (cp > 0xff) { ps->err = "character above U+00FF (strings are latin1 bytes)"; goto fail; }
        s[n++] = (unsigned char)cp;
        continue;
      }
      default: ps->err = "bad escape"; goto fail;
      }
    }
    if (ch < 0x80) { s[n++] = ch; continue; }
    if ((ch & 0xe0) == 0xc0 && ps->p < ps->end && ((unsigned char)*ps->p & 0xc0) == 0x80) {
      int cp = ((ch & 0x1f) << 6) | ((unsigned char)*ps->p++ & 0x3f);
      if (cp < 0x80) { ps->err = "overlong UTF-8"; break; }
      if (cp > 0xff) { ps->err = "character above U+00FF (strings are latin1 bytes)"; break; }
      s[n++] = (unsigned char)cp;
      continue;
    }
    ps->err = (ch & 0xe0) == 0xc0 ? "invalid UTF-8" : "character above U+00FF (strings are latin1 bytes)";
    break;
  }
fail:
  free(s);
  return 0;
}

// JSON number grammar, checked before strtod so "0x10", "inf" and "nan" are refused.
static int parse_number(parser_t *ps, double *out) {
  const char *q = ps->p;
  if (q < ps->end && *q == '-') q++;
  const char *digits = q;
  while (q < ps->end && *q >= '0' && *q <= '9') q++;
  if (q == digits) return ps->err = "bad number", 0;
  if (q < ps->end && *q == '.') {
    const char *frac = ++q;
    while (q < ps->end && *q >= '0' && *q <= '9') q++;
    if (q == frac) return ps->err = "bad number", 0;
  }
  if (q < ps->end && (*q == 'e' || *q == 'E')) {
    q++;
    if (q < ps->end && (*q == '+' || *q == '-')) q++;
    const char *exp = q;
    while (q < ps->end && *q >= '0' && *q <= '9') q++;
    if (q == exp) return ps->err = "bad number", 0;
  }
  char tmp[64];
  size_t len = (size_t)(q - ps->p);
  if (len >= sizeof tmp) return ps->err = "number too long", 0;
  memcpy(tmp, ps->p, len);
  tmp[len] = '\0';
  *out = strtod(tmp, NULL);
  ps->p = q;
  return 1;
}

static int parse_literal(parser_t *ps, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return ps->err = "bad literal", 0;
  ps->p += n;
  return 1;
}

static int parse_value(parser_t *ps, field_t *f) {
  if (ps->p >= ps->end) return ps->err = "missing value", 0;
  char ch = *ps->p;
  if (ch == '"') return f->type = F_STR, parse_string(ps, &f->s, &f->slen);
  if (ch == 't') return f->type = F_BOOL, f->b = 1, parse_literal(ps, "true");
  if (ch == 'f') return f->type = F_BOOL, f->b = 0, parse_literal(ps, "false");
  if (ch == 'n') return f->type = F_NULL, parse_literal(ps, "null");
  if (ch == '-' || (ch >= '0' && ch <= '9')) return f->type = F_NUM, parse_number(ps, &f->num);
  if (ch == '{' || ch == '[') return ps->err = "nested value (requests are flat)", 0;
  return ps->err = "unexpected character", 0;
}

static void req_free(req_t *r) {
  for (int i = 0; i < r->n; i++) {
    free(r->f[i].key);
    free(r->f[i].s);
  }
  r->n = 0;
}

static int parse_request(const char *line, size_t len, req_t *r, const char **err) {
  parser_t ps = {line, line + len, NULL};
  r->n = 0;
  skip_ws(&ps);
  if (ps.p >= ps.end || *ps.p != '{') return *err = "not a JSON object", 0;
  ps.p++;
  skip_ws(&ps);
  if (ps.p < ps.end && *ps.p == '}') {
    ps.p++;
  } else {
    for (;;) {
      if (r->n == MAX_FIELDS) return *err = "too many fields", 0;
      field_t *f = &r->f[r->n];
      memset(f, 0, sizeof *f);
      size_t klen;
      if (!parse_string(&ps, (unsigned char **)&f->key, &klen)) return *err = ps.err, 0;
      r->n++;
      skip_ws(&ps);
      if (ps.p >= ps.end || *ps.p != ':') return *err = "expected ':'", 0;
      ps.p++;
      skip_ws(&ps);
      if (!parse_value(&ps, f)) return *err = ps.err, 0;
      skip_ws(&ps);
      if (ps.p < ps.end && *ps.p == ',') { ps.p++; skip_ws(&ps); continue; }
      if (ps.p < ps.end && *ps.p == '}') { ps.p++; break; }
      return *err = "expected ',' or '}'", 0;
    }
  }
  skip_ws(&ps);
  if (ps.p != ps.end) return *err = "trailing characters after the object", 0;
  return 1;
}

// Last one wins on duplicate keys, as with JSON.parse.
static const field_t *req_get(const req_t *r, const char *key) {
  for (int i = r->n - 1; i >= 0; i--)
    if (strcmp(r->f[i].key, key) == 0) return &r->f[i];
  return NULL;
}

/* ---------- sockets, named by the harness ---------- */

typedef struct {
  char name[MAX_NAME];
  int fd; // -1: free
} slot_t;

static slot_t slots[MAX_SOCKETS];

static slot_t *slot_find(const char *name) {
  for (int i = 0; i < MAX_SOCKETS; i++)
    if (slots[i].fd >= 0 && strcmp(slots[i].name, name) == 0) return &slots[i];
  return NULL;
}

static slot_t *slot_free_one(void) {
  for (int i = 0; i < MAX_SOCKETS; i++)
    if (slots[i].fd < 0) return &slots[i];
  return NULL;
}

static void slot_close_all(void) {
  for (int i = 0; i < MAX_SOCKETS; i++)
    if (slots[i].fd >= 0) {
      close(slots[i].fd);
      slots[i].fd = -1;
    }
}

/* ---------- one call: its context and its reply ---------- */

typedef struct {
  const req_t *req;
  long long id;
  double start_wall, start_mono;
  int replied;
  buf_t out;
} ctx_t;

static void emit(buf_t *b) {
  buf_raw(b, "\n", 1);
  if (fwrite(b->p, 1, b->len, stdout) != b->len || fflush(stdout) != 0) {
    // The harness is gone: nobody can read a reply, so stop like on stdin EOF.
    slot_close_all();
    exit(1);
  }
}

static void reply_begin(ctx_t *c) {
  c->out.len = 0;
  buf_printf(&c->out, "{\"id\":%lld,", c->id);
}

static void reply_end(ctx_t *c) {
  buf_printf(&c->out, ",\"t\":{\"start\":%.3f,\"ms\":%.3f}}", c->start_wall,
             clock_ms(CLOCK_MONOTONIC) - c->start_mono);
  emit(&c->out);
  c->replied = 1;
}

// `value` is the inside of the value object, already JSON ("" for {}).
static void reply_ok(ctx_t *c, const char *value) {
  reply_begin(c);
  buf_str(&c->out, "\"ok\":true,\"value\":{");
  buf_str(&c->out, value);
  buf_str(&c->out, "}");
  reply_end(c);
}

static void reply_ok_data(ctx_t *c, const unsigned char *data, size_t n, int eof) {
  reply_begin(c);
  buf_str(&c->out, "\"ok\":true,\"value\":{\"data\":");
  buf_json(&c->out, data, n);
  buf_printf(&c->out, ",\"bytes\":%zu%s}", n, eof ? ",\"eof\":true" : "");
  reply_end(c);
}

// The kernel said no: data for the case, not a fault.
static void reply_error(ctx_t *c, int err, const char *syscall) {
  char fallback[16];
  const char *name = errno_name(err, fallback);
  reply_begin(c);
  buf_printf(&c->out, "\"ok\":false,\"error\":{\"errno\":\"%s\",\"name\":\"%s\",", name, name);
  buf_printf(&c->out, "\"synthesized\":false,\"syscall\":\"%s\",\"message\":", syscall);
  buf_json_cstr(&c->out, strerror(err));
  buf_str(&c->out, "}");
  reply_end(c);
}

// The bounded wait ran out: no syscall failed, so syscall is null and timeout is true.
static void reply_timeout(ctx_t *c, const char *what, double ms) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s within %.0f ms", what, ms);
  reply_begin(c);
  buf_str(&c->out, "\"ok\":false,\"error\":{\"errno\":\"ETIMEDOUT\",\"name\":\"agent-timeout\","
                   "\"synthesized\":false,\"syscall\":null,\"message\":");
  buf_json_cstr(&c->out, msg);
  buf_str(&c->out, ",\"timeout\":true}");
  reply_end(c);
}

static void reply_unsupported(ctx_t *c, const char *why) {
  reply_begin(c);
  buf_str(&c->out, "\"ok\":false,\"unsupported\":");
  buf_json_cstr(&c->out, why);
  reply_end(c);
}

// A harness fault has no timing: the request never reached a socket call.
static void reply_fault_id(buf_t *b, long long id, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  b->len = 0;
  if (id > 0)
    buf_printf(b, "{\"id\":%lld,\"fault\":", id);
  else
    buf_str(b, "{\"id\":null,\"fault\":");
  buf_json_cstr(b, msg);
  buf_str(b, "}");
  emit(b);
}

// Replies a fault for the current request; returns 0 so argument checks can `return fault(...)`.
static int fault(ctx_t *c, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  reply_fault_id(&c->out, c->id, "%s", msg);
  c->replied = 1;
  return 0;
}

/* ---------- typed arguments (each replies a fault and returns 0 when wrong) ---------- */

static int arg_str(ctx_t *c, const char *key, const char **out) {
  const field_t *f = req_get(c->req, key);
  if (!f) return fault(c, "missing field \"%s\"", key);
  if (f->type != F_STR) return fault(c, "field \"%s\" must be a string", key);
  *out = (const char *)f->s;
  return 1;
}

static int arg_num(ctx_t *c, const char *key, int required, double def, double min, double max,
                   int integral, double *out) {
  const field_t *f = req_get(c->req, key);
  if (!f || f->type == F_NULL) {
    if (required) return fault(c, "missing field \"%s\"", key);
    *out = def;
    return 1;
  }
  if (f->type != F_NUM) return fault(c, "field \"%s\" must be a number", key);
  if (f->num < min || f->num > max || (integral && f->num != (double)(long long)f->num))
    return fault(c, "field \"%s\" must be %s in [%.0f, %.0f]", key, integral ? "an integer" : "a number",
                 min, max);
  *out = f->num;
  return 1;
}

static int arg_timeout(ctx_t *c, double *out) {
  return arg_num(c, "timeoutMs", 0, DEFAULT_TIMEOUT_MS, 0, MAX_OPT_MS, 1, out);
}

// An optional boolean option; absent or null is false.
static int arg_bool(ctx_t *c, const char *key, int *out) {
  const field_t *f = req_get(c->req, key);
  *out = 0;
  if (!f || f->type == F_NULL) return 1;
  if (f->type != F_BOOL) return fault(c, "field \"%s\" must be a boolean", key);
  *out = f->b;
  return 1;
}

// A socket name the request uses (`sock`).
static int arg_sock(ctx_t *c, slot_t **out) {
  const char *name;
  if (!arg_str(c, "sock", &name)) return 0;
  *out = slot_find(name);
  if (!*out) return fault(c, "unknown socket \"%s\"", name);
  return 1;
}

// A socket name the request creates (`as`): valid and unused. Writes it into a free slot,
// which only becomes taken once the op stores a descriptor there.
static int arg_new_name(ctx_t *c, slot_t **out) {
  const char *name;
  if (!arg_str(c, "as", &name)) return 0;
  size_t len = req_get(c->req, "as")->slen;
  int printable = len > 0 && len < MAX_NAME;
  for (size_t k = 0; printable && k < len; k++) printable = name[k] >= 0x20 && name[k] <= 0x7e;
  if (!printable) return fault(c, "socket name must be 1-%d printable ASCII characters", MAX_NAME - 1);
  if (slot_find(name)) return fault(c, "socket name \"%s\" is already in use", name);
  *out = slot_free_one();
  if (!*out) return fault(c, "socket table full (%d sockets)", MAX_SOCKETS);
  memcpy((*out)->name, name, len + 1);
  return 1;
}

/* ---------- socket helpers ---------- */

// Hosts are numeric by contract: resolve without DNS.
static int resolve(ctx_t *c, const char *host, double port, struct sockaddr_storage *ss,
                   socklen_t *len) {
  char service[16];
  snprintf(service, sizeof service, "%.0f", port);
  struct addrinfo hints = {0}, *ai = NULL;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  int rc = getaddrinfo(host, service, &hints, &ai);
  if (rc != 0 || !ai) return fault(c, "host \"%s\" is not a numeric address: %s", host, gai_strerror(rc));
  memcpy(ss, ai->ai_addr, ai->ai_addrlen);
  *len = ai->ai_addrlen;
  freeaddrinfo(ai);
  return 1;
}

static int port_of(const struct sockaddr_storage *ss) {
  if (ss->ss_family == AF_INET6) return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
  return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

static int local_port(int fd) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) return -1;
  return port_of(&ss);
}

static int new_socket(int family, int mptcp) {
#ifdef IPPROTO_MPTCP
  int fd = socket(family, SOCK_STREAM, mptcp ? IPPROTO_MPTCP : IPPROTO_TCP);
#else
  (void)mptcp;
  int fd = socket(family, SOCK_STREAM, IPPROTO_TCP);
#endif
#ifdef SO_NOSIGPIPE
  if (fd >= 0) {
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
  }
#endif
  return fd;
}

// The failed call's errno as the reply, after closing the half-made socket.
static void close_and_reply(ctx_t *c, int fd, const char *syscall) {
  int err = errno;
  close(fd);
  reply_error(c, err, syscall);
}

static int set_reuse_addr(int fd) {
  int one = 1;
  return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
}

// The any-address of `family` (0.0.0.0 or ::) with `port`.
static socklen_t any_address(int family, int port, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  if (family == AF_INET6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_any;
    a->sin6_port = htons((uint16_t)port);
#if defined(__APPLE__) || defined(__FreeBSD__)
    a->sin6_len = sizeof *a;
#endif
    return sizeof *a;
  }
  struct sockaddr_in *a = (struct sockaddr_in *)ss;
  a->sin_family = AF_INET;
  a->sin_addr.s_addr = htonl(INADDR_ANY);
  a->sin_port = htons((uint16_t)port);
#if defined(__APPLE__) || defined(__FreeBSD__)
  a->sin_len = sizeof *a;
#endif
  return sizeof *a;
}

// Waits until fd has one of `events` (or an error/hangup, which the next call reports).
// Returns 1 ready, 0 when the deadline passed, -1 with errno on a poll failure.
static int wait_fd(int fd, short events, double deadline) {
  for (;;) {
    double left = deadline - clock_ms(CLOCK_MONOTONIC);
    int ms = left <= 0 ? 0 : left > 1e9 ? 1000000000 : (int)left;
    if (ms < left) ms++;
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, ms);
    if (r < 0 && errno == EINTR) continue;
    return r;
  }
}

// mptcp: an IPPROTO_MPTCP socket; elsewhere than Linux unsupported (no such protocol), checked before any socket is made.
static int arg_mptcp(ctx_t *c, int *out) {
  if (!arg_bool(c, "mptcp", out)) return 0;
#ifndef IPPROTO_MPTCP
  if (*out) { reply_unsupported(c, "no IPPROTO_MPTCP on this platform (Linux only)"); return 0; }
#endif
  return 1;
}

/* ---------- the ops ---------- */

// listen and reserve share socket + bind; only listen calls listen(2).
static void bind_socket(ctx_t *c, int do_listen) {
  slot_t *slot;
  const char *host;
  double port = 0, backlog = DEFAULT_BACKLOG;
  int reuse, mptcp;
  if (!arg_new_name(c, &slot) || !arg_str(c, "host", &host) ||
      !arg_num(c, "port", 0, 0, 0, 65535, 1, &port) || !arg_bool(c, "reuseAddr", &reuse) ||
      !arg_mptcp(c, &mptcp))
    return;
  // pauseOnConnect and allowHalfOpen ask for what the raw API does anyway; checked, then unused.
  int pause, half;
  if (do_listen && (!arg_num(c, "backlog", 0, DEFAULT_BACKLOG, 0, 65535, 1, &backlog) ||
                    !arg_bool(c, "pauseOnConnect", &pause) || !arg_bool(c, "allowHalfOpen", &half)))
    return;
  struct sockaddr_storage ss;
  socklen_t len;
  if (!resolve(c, host, port, &ss, &len)) return;
  // SO_REUSEADDR only when asked: by default TIME_WAIT collisions show as the kernel has them.
  int fd = new_socket(ss.ss_family, mptcp);
  if (fd < 0) { reply_error(c, errno, "socket"); return; }
  if (reuse && set_reuse_addr(fd) != 0) { close_and_reply(c, fd, "setsockopt"); return; }
  if (bind(fd, (struct sockaddr *)&ss, len) != 0) { close_and_reply(c, fd, "bind"); return; }
  if (do_listen && listen(fd, (int)backlog) != 0) { close_and_reply(c, fd, "listen"); return; }
  char value[32];
  snprintf(value, sizeof value, "\"port\":%d", local_port(fd));
  slot->fd = fd;
  reply_ok(c, value);
}

static void op_listen(ctx_t *c) { bind_socket(c, 1); }
static void op_reserve(ctx_t *c) { bind_socket(c, 0); }

// Non-blocking connect so the wait is bounded; the socket is blocking again afterwards.
// bindPort binds the any-address first, so a case can reconnect from the same 4-tuple.
// inFlight: reply at EINPROGRESS (the SYN is sent inside connect(2)), the socket kept for a close in SYN-SENT.
static void op_connect(ctx_t *c) {
  slot_t *slot;
  const char *host;
  double port, timeout, bind_port;
  int reuse, half, in_flight, mptcp; // allowHalfOpen: a FIN never closes our side of a raw socket; checked, then unused
  if (!arg_new_name(c, &slot) || !arg_str(c, "host", &host) ||
      !arg_num(c, "port", 1, 0, 0, 65535, 1, &port) || !arg_timeout(c, &timeout) ||
      !arg_num(c, "bindPort", 0, 0, 1, 65535, 1, &bind_port) || !arg_bool(c, "reuseAddr", &reuse) ||
      !arg_bool(c, "allowHalfOpen", &half) || !arg_bool(c, "inFlight", &in_flight) || !arg_mptcp(c, &mptcp))
    return;
  struct sockaddr_storage ss;
  socklen_t len;
  if (!resolve(c, host, port, &ss, &len)) return;
  int fd = new_socket(ss.ss_family, mptcp);
  if (fd < 0) { reply_error(c, errno, "socket"); return; }
  if (reuse && set_reuse_addr(fd) != 0) { close_and_reply(c, fd, "setsockopt"); return; }
  if (bind_port > 0) {
    struct sockaddr_storage local;
    socklen_t local_len = any_address(ss.ss_family, (int)bind_port, &local);
    if (bind(fd, (struct sockaddr *)&local, local_len) != 0) { close_and_reply(c, fd, "bind"); return; }
  }
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  if (connect(fd, (struct sockaddr *)&ss, len) != 0) {
    int err = errno;
    if (err != EINPROGRESS) {
      close(fd);
      reply_error(c, err, "connect");
      return;
    }
    if (in_flight) {
      slot->fd = fd;
      reply_ok(c, "\"inFlight\":true");
      return;
    }
    int r = wait_fd(fd, POLLOUT, c->start_mono + timeout);
    if (r <= 0) {
      err = errno;
      close(fd);
      if (r == 0) { reply_timeout(c, "connect had no outcome", timeout); return; }
      reply_error(c, err, "poll");
      return;
    }
    socklen_t elen = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0) err = errno;
    if (err != 0) {
      close(fd);
      reply_error(c, err, "connect");
      return;
    }
  }
  fcntl(fd, F_SETFL, flags);
  char value[32];
  snprintf(value, sizeof value, "\"localPort\":%d", local_port(fd));
  slot->fd = fd;
  reply_ok(c, value);
}

static void op_accept(ctx_t *c) {
  slot_t *l, *slot;
  double timeout;
  if (!arg_sock(c, &l) || !arg_new_name(c, &slot) || !arg_timeout(c, &timeout)) return;
  int r = wait_fd(l->fd, POLLIN, c->start_mono + timeout);
  if (r < 0) { reply_error(c, errno, "poll"); return; }
  if (r == 0) { reply_timeout(c, "no connection arrived", timeout); return; }
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int fd = accept(l->fd, (struct sockaddr *)&ss, &len);
  if (fd < 0) { reply_error(c, errno, "accept"); return; }
#ifdef SO_NOSIGPIPE
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
  char value[32];
  snprintf(value, sizeof value, "\"remotePort\":%d", port_of(&ss));
  slot->fd = fd;
  reply_ok(c, value);
}

static void reply_sent(ctx_t *c, ssize_t n) {
  if (n < 0) { reply_error(c, errno, "send"); return; }
  char value[32];
  snprintf(value, sizeof value, "\"bytes\":%zd", n);
  reply_ok(c, value);
}

// `bytes: N` instead of data: N bytes of "abc...z" repeated (byte k is 'a' + k % 26), one
// send(2), for cases that need a full send buffer or segments in flight.
static void send_pattern(ctx_t *c, slot_t *s) {
  double want;
  if (!arg_num(c, "bytes", 1, 0, 0, MAX_SEND_BYTES, 1, &want)) return;
  size_t n = (size_t)want;
  unsigned char *data = malloc(n + 1);
  if (!data) { reply_error(c, ENOMEM, "malloc"); return; }
  for (size_t k = 0; k < n; k++) data[k] = (unsigned char)('a' + k % 26);
  ssize_t sent = send(s->fd, data, n, SEND_FLAGS);
  int err = errno;
  free(data);
  errno = err;
  reply_sent(c, sent);
}

// One blocking send(2): its result, partial or failed, is the reply. No agent bound on the
// wait: a send that blocks on a full peer window is the harness deadline's to report.
static void op_send(ctx_t *c) {
  slot_t *s;
  double unbounded; // timeoutMs: checked (op-spec.ts), unused: the one send(2) below has only the harness deadline
  if (!arg_sock(c, &s) || !arg_timeout(c, &unbounded)) return;
  const field_t *f = req_get(c->req, "data");
  const field_t *count = req_get(c->req, "bytes");
  if (count && count->type != F_NULL) {
    if (f && f->type != F_NULL) { fault(c, "give \"data\" or \"bytes\", not both"); return; }
    send_pattern(c, s);
    return;
  }
  if (!f) { fault(c, "missing field \"data\""); return; }
  if (f->type != F_STR) { fault(c, "field \"data\" must be a string"); return; }
  reply_sent(c, send(s->fd, f->s, f->slen, SEND_FLAGS));
}

// Waits for readability, then exactly one recv(2): data, 0 (EOF) or the error. With
// `blocking: true` there is no poll: recv(2) itself waits, so SO_RCVTIMEO ends the wait
// (EAGAIN) and only the harness's deadline bounds it otherwise.
static void op_recv(ctx_t *c) {
  slot_t *s;
  double max, timeout;
  int blocking;
  if (!arg_sock(c, &s) || !arg_num(c, "max", 0, DEFAULT_RECV_MAX, 1, MAX_READ_BYTES, 1, &max) ||
      !arg_timeout(c, &timeout) || !arg_bool(c, "blocking", &blocking))
    return;
  if (!blocking) {
    int r = wait_fd(s->fd, POLLIN, c->start_mono + timeout);
    if (r < 0) { reply_error(c, errno, "poll"); return; }
    if (r == 0) { reply_timeout(c, "nothing to read", timeout); return; }
  }
  unsigned char *data = malloc((size_t)max);
  if (!data) { reply_error(c, ENOMEM, "malloc"); return; }
  ssize_t n = recv(s->fd, data, (size_t)max, 0);
  int err = errno;
#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
  // One portable name for an expired SO_RCVTIMEO, where the two values differ.
  if (err == EWOULDBLOCK) err = EAGAIN;
#endif
  if (n < 0)
    reply_error(c, err, "recv");
  else if (n == 0)
    reply_ok(c, "\"eof\":true");
  else
    reply_ok_data(c, data, (size_t)n, 0);
  free(data);
}

// Reads until `bytes` arrived. EOF first: what arrived, with eof:true. An error first:
// the error (what arrived before it is dropped, as a failed read would drop it).
static void op_recv_all(ctx_t *c) {
  slot_t *s;
  double want, timeout;
  if (!arg_sock(c, &s) || !arg_num(c, "bytes", 1, 0, 0, MAX_READ_BYTES, 1, &want) ||
      !arg_timeout(c, &timeout))
    return;
  size_t total = (size_t)want, got = 0;
  unsigned char *data = malloc(total + 1);
  if (!data) { reply_error(c, ENOMEM, "malloc"); return; }
  while (got < total) {
    int r = wait_fd(s->fd, POLLIN, c->start_mono + timeout);
    if (r < 0) { reply_error(c, errno, "poll"); break; }
    if (r == 0) {
      char what[64];
      snprintf(what, sizeof what, "%zu of %zu bytes arrived", got, total);
      reply_timeout(c, what, timeout);
      break;
    }
    ssize_t n = recv(s->fd, data + got, total - got, 0);
    if (n < 0) { reply_error(c, errno, "recv"); break; }
    if (n == 0) { reply_ok_data(c, data, got, 1); break; }
    got += (size_t)n;
  }
  if (!c->replied) reply_ok_data(c, data, got, 0);
  free(data);
}

static void op_shutdown(ctx_t *c) {
  slot_t *s;
  const char *how;
  if (!arg_sock(c, &s) || !arg_str(c, "how", &how)) return;
  int h = strcmp(how, "write") == 0 ? SHUT_WR : strcmp(how, "read") == 0 ? SHUT_RD
        : strcmp(how, "both") == 0 ? SHUT_RDWR : -1;
  if (h < 0) { fault(c, "field \"how\" must be \"write\", \"read\" or \"both\""); return; }
  if (shutdown(s->fd, h) != 0) { reply_error(c, errno, "shutdown"); return; }
  reply_ok(c, "");
}

// close(2) frees the name even when it fails: the descriptor is gone either way.
static void close_slot(ctx_t *c, slot_t *s) {
  int rc = close(s->fd);
  int err = errno;
  s->fd = -1;
  if (rc != 0) { reply_error(c, err, "close"); return; }
  reply_ok(c, "");
}

static void op_close(ctx_t *c) {
  slot_t *s;
  if (arg_sock(c, &s)) close_slot(c, s);
}

// SO_LINGER {1, 0} makes close(2) send RST and drop queued data (RFC 9293 §3.10.5 ABORT).
static void op_abort(ctx_t *c) {
  slot_t *s;
  if (!arg_sock(c, &s)) return;
  struct linger lg = {1, 0};
  if (setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0) {
    reply_error(c, errno, "setsockopt");
    return;
  }
  close_slot(c, s);
}

// connect(2) to an AF_UNSPEC address: Linux disconnects (net/ipv4/af_inet.c __inet_stream_connect() →
// tcp_disconnect(): RST in ESTABLISHED); the descriptor stays open, unconnected. BSDs refuse (EISCONN).
static void op_disconnect(ctx_t *c) {
  slot_t *s;
  if (!arg_sock(c, &s)) return;
  struct sockaddr sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_family = AF_UNSPEC;
  if (connect(s->fd, &sa, sizeof sa) != 0) { reply_error(c, errno, "connect"); return; }
  reply_ok(c, "");
}

// A boolean option's value (harness/protocol/op-spec.ts SETOPT_NAMES: a boolean, nothing else).
static int opt_flag(ctx_t *c, const field_t *v, const char *name, int *on) {
  if (v->type != F_BOOL) return fault(c, "%s value must be a boolean", name);
  *on = v->b;
  return 1;
}

static void set_opt(ctx_t *c, int fd, int level, int opt, const void *value, socklen_t len) {
  if (setsockopt(fd, level, opt, value, len) != 0) {
    reply_error(c, errno, "setsockopt");
    return;
  }
  reply_ok(c, "");
}

// Names: linger (s), nodelay, keepalive (booleans), rcvtimeo, user_timeout (ms; 0 is off), keepidle,
// keepintvl (s), keepcnt (probes).
static void op_setopt(ctx_t *c) {
  slot_t *s;
  const char *name;
  if (!arg_sock(c, &s) || !arg_str(c, "name", &name)) return;
  const field_t *v = req_get(c->req, "value");
  if (!v || v->type == F_NULL) { fault(c, "missing field \"value\""); return; }
  int on;
  double ms;
  if (strcmp(name, "linger") == 0) {
    double secs; // seconds; negative turns lingering off
    if (!arg_num(c, "value", 1, 0, -2147483647.0, 2147483647.0, 1, &secs)) return;
    struct linger lg = {secs >= 0, secs >= 0 ? (int)secs : 0};
    set_opt(c, s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  } else if (strcmp(name, "nodelay") == 0) {
    if (opt_flag(c, v, name, &on)) set_opt(c, s->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  } else if (strcmp(name, "keepalive") == 0) {
    if (opt_flag(c, v, name, &on)) set_opt(c, s->fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
  } else if (strcmp(name, "rcvtimeo") == 0) {
    if (!arg_num(c, "value", 1, 0, 0, MAX_OPT_MS, 1, &ms)) return;
    long whole = (long)ms;
    struct timeval tv = {.tv_sec = whole / 1000, .tv_usec = (whole % 1000) * 1000};
    set_opt(c, s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  } else if (strcmp(name, "user_timeout") == 0) {
#ifdef HAVE_USER_TIMEOUT
    if (!arg_num(c, "value", 1, 0, 0, MAX_OPT_MS, 1, &ms)) return;
    unsigned int uto = (unsigned int)ms; // RFC 5482; Linux takes ms
    set_opt(c, s->fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &uto, sizeof uto);
#else
    reply_unsupported(c, "no TCP_USER_TIMEOUT on this platform");
#endif
  } else if (strcmp(name, "keepidle") == 0 || strcmp(name, "keepintvl") == 0 || strcmp(name, "keepcnt") == 0) {
#ifdef HAVE_KEEP_TUNING
    double n; // seconds (idle, interval) or probes (count), as the kernel takes them
    int count = strcmp(name, "keepcnt") == 0;
    if (!arg_num(c, "value", 1, 0, 1, count ? 127 : 32767, 1, &n)) return;
    int v = (int)n;
    int opt = count ? TCP_KEEPCNT : strcmp(name, "keepidle") == 0 ? TCP_KEEPIDLE : TCP_KEEPINTVL;
    set_opt(c, s->fd, IPPROTO_TCP, opt, &v, sizeof v);
#else
    reply_unsupported(c, "no TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT on this platform");
#endif
  } else {
    char why[128];
    snprintf(why, sizeof why, "the C agent has no option \"%.64s\"", name);
    reply_unsupported(c, why);
  }
}

#ifdef HAVE_TCP_INFO
// Linux's tcp_states.h order, with the kernel's own names (TCP_CLOSE is "CLOSE").
static const char *const TCP_STATE_NAMES[] = {
    "UNKNOWN",  "ESTABLISHED", "SYN_SENT", "SYN_RECV",   "FIN_WAIT1", "FIN_WAIT2",  "TIME_WAIT",
    "CLOSE",    "CLOSE_WAIT",  "LAST_ACK", "LISTEN",     "CLOSING",   "NEW_SYN_RECV",
};

// TCP_INFO into `info` and the state's name into `state`; 0 after replying the error.
static int read_tcp_info(ctx_t *c, slot_t *s, struct tcp_info *info, char state[24]) {
  socklen_t len = sizeof *info;
  memset(info, 0, sizeof *info);
  if (getsockopt(s->fd, IPPROTO_TCP, TCP_INFO, info, &len) != 0) {
    reply_error(c, errno, "getsockopt");
    return 0;
  }
  size_t count = sizeof TCP_STATE_NAMES / sizeof TCP_STATE_NAMES[0];
  if (info->tcpi_state < count)
    snprintf(state, 24, "%s", TCP_STATE_NAMES[info->tcpi_state]);
  else
    snprintf(state, 24, "STATE_%u", (unsigned)info->tcpi_state);
  return 1;
}
#endif

static void op_state(ctx_t *c) {
  slot_t *s;
  if (!arg_sock(c, &s)) return;
#ifdef HAVE_TCP_INFO
  struct tcp_info info;
  char state[24], value[48];
  if (!read_tcp_info(c, s, &info, state)) return;
  snprintf(value, sizeof value, "\"state\":\"%s\"", state);
  reply_ok(c, value);
#else
  reply_unsupported(c, "no TCP_INFO on this platform");
#endif
}

// Retransmission evidence from TCP_INFO: the backoff and RTO of the segment at the head of
// the retransmit queue, and counts of what is unacknowledged, lost and retransmitted.
static void op_info(ctx_t *c) {
  slot_t *s;
  if (!arg_sock(c, &s)) return;
#ifdef HAVE_TCP_INFO
  struct tcp_info info;
  char state[24], value[256];
  if (!read_tcp_info(c, s, &info, state)) return;
  snprintf(value, sizeof value,
           "\"state\":\"%s\",\"retransmits\":%u,\"rto_us\":%u,\"backoff\":%u,\"unacked\":%u,"
           "\"lost\":%u,\"total_retrans\":%u",
           state, (unsigned)info.tcpi_retransmits, (unsigned)info.tcpi_rto, (unsigned)info.tcpi_backoff,
           (unsigned)info.tcpi_unacked, (unsigned)info.tcpi_lost, (unsigned)info.tcpi_total_retrans);
  reply_ok(c, value);
#else
  reply_unsupported(c, "no TCP_INFO on this platform");
#endif
}

/* ---------- dispatch ---------- */

// `known` lists each op's fields; any other field set to true is an option we cannot
// honour. pauseOnConnect and allowHalfOpen are accepted as no-ops: they ask for what
// the raw API already does (nothing reads before recv; a FIN never closes our side).
static const struct {
  const char *name;
  void (*fn)(ctx_t *);
  const char *known[10];
} OPS[] = {
    {"listen", op_listen, {"as", "host", "port", "backlog", "pauseOnConnect", "allowHalfOpen", "reuseAddr", "mptcp"}},
    {"reserve", op_reserve, {"as", "host", "port", "reuseAddr"}},
    {"connect", op_connect, {"as", "host", "port", "timeoutMs", "allowHalfOpen", "bindPort", "reuseAddr", "inFlight", "mptcp"}},
    {"accept", op_accept, {"sock", "as", "timeoutMs"}},
    {"send", op_send, {"sock", "data", "bytes", "timeoutMs"}},
    {"recv", op_recv, {"sock", "max", "timeoutMs", "blocking"}},
    {"recvAll", op_recv_all, {"sock", "bytes", "timeoutMs"}},
    {"shutdown", op_shutdown, {"sock", "how"}},
    {"close", op_close, {"sock"}},
    {"abort", op_abort, {"sock"}},
    {"disconnect", op_disconnect, {"sock"}},
    {"setopt", op_setopt, {"sock", "name", "value"}},
    {"state", op_state, {"sock"}},
    {"info", op_info, {"sock"}},
};

static const char *unknown_true_option(const req_t *r, const char *const *known) {
  for (int i = 0; i < r->n; i++) {
    const field_t *f = &r->f[i];
    if (f->type != F_BOOL || !f->b || strcmp(f->key, "id") == 0 || strcmp(f->key, "op") == 0) continue;
    int found = 0;
    for (int k = 0; k < 10 && known[k]; k++) found |= strcmp(f->key, known[k]) == 0;
    if (!found) return f->key;
  }
  return NULL;
}

// The request's id, or 0 when it is not a positive integer (the fault then carries null).
static long long request_id(const req_t *r) {
  const field_t *id = req_get(r, "id");
  if (!id || id->type != F_NUM || id->num < 1 || id->num > 9007199254740991.0) return 0;
  if (id->num != (double)(long long)id->num) return 0;
  return (long long)id->num;
}

static void dispatch(ctx_t *c) {
  const field_t *op = req_get(c->req, "op");
  if (!op || op->type != F_STR) {
    fault(c, "missing field \"op\"");
    return;
  }
  size_t i, count = sizeof OPS / sizeof OPS[0];
  for (i = 0; i < count && strcmp(OPS[i].name, (const char *)op->s) != 0; i++) {}
  if (i == count) {
    fault(c, "unknown op \"%.64s\"", (const char *)op->s);
    return;
  }
  c->start_wall = clock_ms(CLOCK_REALTIME);
  c->start_mono = clock_ms(CLOCK_MONOTONIC);
  const char *opt = unknown_true_option(c->req, OPS[i].known);
  if (opt) {
    char why[128];
    snprintf(why, sizeof why, "the C agent has no option \"%.64s\"", opt);
    reply_unsupported(c, why);
    return;
  }
  OPS[i].fn(c);
}

// Exactly one reply line per request line, whatever the line holds.
static void handle_line(const char *line, size_t len, buf_t *out) {
  req_t req;
  const char *err = NULL;
  if (!parse_request(line, len, &req, &err)) {
    reply_fault_id(out, 0, "malformed request: %s", err);
  } else {
    ctx_t c = {.req = &req, .id = request_id(&req), .out = *out};
    if (c.id == 0)
      reply_fault_id(&c.out, 0, "\"id\" must be a positive integer");
    else
      dispatch(&c);
    *out = c.out;
  }
  req_free(&req);
}

int main(void) {
  // Belt and braces: sends already pass MSG_NOSIGNAL / SO_NOSIGPIPE, and stdout may break.
  signal(SIGPIPE, SIG_IGN);
  for (int i = 0; i < MAX_SOCKETS; i++) slots[i].fd = -1;

  buf_t out = {0};
  buf_str(&out, "{\"hello\":\"sockspec-agent\",\"protocol\":1,\"runtime\":\"c\",\"version\":");
#ifdef __GLIBC__
  char version[160];
  snprintf(version, sizeof version, "%s, glibc %s", CC_VERSION, gnu_get_libc_version());
  buf_json_cstr(&out, version);
#else
  buf_json_cstr(&out, CC_VERSION);
#endif
  buf_printf(&out,
             ",\"pid\":%ld,\"features\":[\"linger\"" STATE_FEATURE ",\"nosignal\",\"reuseAddr\",\"bindPort\","
             "\"rcvtimeo\",\"keepalive\"" USER_TIMEOUT_FEATURE KEEP_TUNING_FEATURE ",\"blocking\",\"sendBytes\",\"disconnect\",\"inFlight\"" MPTCP_FEATURE "]}",
             (long)getpid());
  emit(&out);

  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) >= 0) {
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
    handle_line(line, (size_t)n, &out);
  }
  // stdin EOF: the harness is done (or died); leave nothing behind.
  slot_close_all();
  free(line);
  free(out.p);
  return 0;
}
