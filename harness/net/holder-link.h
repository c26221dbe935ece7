/*
 * holder-link.h: what the process holding a case's namespace (capture.c) does to its links over
 * rtnetlink (rtnetlink(7)), in place of spawned `ip` and `sysctl` commands and of polling
 * `ip link show` until a veth passes traffic:
 *
 *   veth NAME PEER PID       a veth pair, NAME here and PEER in the namespace of PID (ip link add ... netns PID)
 *   up NAME [ADDR/PLEN]      the address (IPv6 ones nodad; kept if there), then the link up
 *   wait NAME [ADDR[/PLEN]]  until the kernel's link watcher has made the link operationally UP and the address
 *                            is usable (not tentative): what `ip link show` was polled for
 *   down NAME                the link down
 *   sysctl KEY VALUE         writes /proc/sys/KEY (dots as slashes) of this namespace
 *
 * Each answers with text: "ok", or "error: <what>: <strerror>". Linux only; nothing here exits.
 */
#ifndef HOLDER_LINK_H
#define HOLDER_LINK_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A link's wait for UP: the linkwatch delay is ~0 for a fresh veth, 1 s at most (linkwatch_schedule_work()). */
#define LINK_UP_MS 2000
/* IF_OPER_UP (RFC 2863 operStatus up): linux/if.h has it, but clashes with net/if.h. */
#define OPER_UP 6

struct nl_request {
  struct nlmsghdr h;
  char data[512];
};

/* Appends attribute `type` with `len` bytes at the message's end; the attribute, to nest into. */
static struct rtattr *nl_attr(struct nlmsghdr *h, unsigned short type, const void *value, size_t len) {
  struct rtattr *a = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
  a->rta_type = type;
  a->rta_len = (unsigned short)RTA_LENGTH(len);
  if (len > 0) memcpy(RTA_DATA(a), value, len);
  h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
  return a;
}

/* Closes a nest opened by nl_attr(h, type, NULL, 0): its length now covers what was appended. */
static void nl_end(struct nlmsghdr *h, struct rtattr *nest) { nest->rta_len = (unsigned short)((char *)h + h->nlmsg_len - (char *)nest); }

static int nl_socket(unsigned groups) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return -1;
  struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = groups};
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

/* Sends one request with NLM_F_ACK and reads its answer: 0, or the kernel's -errno (or our own). */
static int nl_talk(struct nlmsghdr *h) {
  static unsigned seq;
  int fd = nl_socket(0);
  if (fd < 0) return -errno;
  h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
  h->nlmsg_seq = ++seq;
  int result = -EIO;
  if (send(fd, h, h->nlmsg_len, 0) < 0) result = -errno;
  else {
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) result = -errno;
    for (struct nlmsghdr *r = (struct nlmsghdr *)buf; n > 0 && NLMSG_OK(r, (unsigned)n); r = NLMSG_NEXT(r, n))
      if (r->nlmsg_type == NLMSG_ERROR) result = ((struct nlmsgerr *)NLMSG_DATA(r))->error;
  }
  close(fd);
  return result;
}

static void nl_start(struct nl_request *req, unsigned short type, unsigned short flags, size_t header) {
  memset(req, 0, sizeof *req);
  req->h.nlmsg_len = (unsigned)NLMSG_LENGTH(header);
  req->h.nlmsg_type = type;
  req->h.nlmsg_flags = flags;
}

/* ip link add NAME type veth peer name PEER netns PID */
static int link_veth(const char *name, const char *peer, int pid) {
  struct nl_request req;
  nl_start(&req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
  nl_attr(&req.h, IFLA_IFNAME, name, strlen(name) + 1);
  struct rtattr *info = nl_attr(&req.h, IFLA_LINKINFO, NULL, 0);
  nl_attr(&req.h, IFLA_INFO_KIND, "veth", 4);
  struct rtattr *data = nl_attr(&req.h, IFLA_INFO_DATA, NULL, 0);
  struct rtattr *other = nl_attr(&req.h, VETH_INFO_PEER, NULL, 0);
  /* The peer's own ifinfomsg, then its attributes (veth_newlink() reads them so). */
  req.h.nlmsg_len += (unsigned)NLMSG_ALIGN(sizeof(struct ifinfomsg));
  nl_attr(&req.h, IFLA_IFNAME, peer, strlen(peer) + 1);
  uint32_t ns_pid = (uint32_t)pid;
  nl_attr(&req.h, IFLA_NET_NS_PID, &ns_pid, sizeof ns_pid);
  nl_end(&req.h, other);
  nl_end(&req.h, data);
  nl_end(&req.h, info);
  return nl_talk(&req.h);
}

/* ip link set NAME up|down */
static int link_set(int index, int up) {
  struct nl_request req;
  nl_start(&req, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
  struct ifinfomsg *ifi = NLMSG_DATA(&req.h);
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = index;
  ifi->ifi_flags = up ? IFF_UP : 0;
  ifi->ifi_change = IFF_UP;
  return nl_talk(&req.h);
}

/* ip addr add ADDR/PLEN dev NAME [nodad]: an IPv6 address nodad, as hosts.ts adds it (no DAD window). */
static int addr_add(int index, int family, const unsigned char *addr, int plen) {
  struct nl_request req;
  nl_start(&req, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifaddrmsg));
  struct ifaddrmsg *ifa = NLMSG_DATA(&req.h);
  ifa->ifa_family = (unsigned char)family;
  ifa->ifa_prefixlen = (unsigned char)plen;
  ifa->ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
  ifa->ifa_index = (unsigned)index;
  size_t n = family == AF_INET6 ? 16 : 4;
  nl_attr(&req.h, IFA_LOCAL, addr, n);
  nl_attr(&req.h, IFA_ADDRESS, addr, n);
  return nl_talk(&req.h);
}

/* Dumps `type` (RTM_GETLINK, RTM_GETADDR), or gets link `index` alone, and calls `seen` per answer; 0 or -errno. */
static int nl_dump(unsigned short type, int family, int index, int (*seen)(struct nlmsghdr *, void *), void *arg) {
  struct nl_request req;
  nl_start(&req, type, NLM_F_REQUEST | (index > 0 ? NLM_F_ACK : NLM_F_DUMP), type == RTM_GETLINK ? sizeof(struct ifinfomsg) : sizeof(struct ifaddrmsg));
  ((struct rtgenmsg *)NLMSG_DATA(&req.h))->rtgen_family = (unsigned char)family;
  if (index > 0) ((struct ifinfomsg *)NLMSG_DATA(&req.h))->ifi_index = index;
  int fd = nl_socket(0);
  if (fd < 0) return -errno;
  int result = 0;
  if (send(fd, &req.h, req.h.nlmsg_len, 0) < 0) result = -errno;
  for (int done = result != 0; !done;) {
    char buf[16384];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      result = n < 0 ? -errno : -EIO;
      break;
    }
    for (struct nlmsghdr *r = (struct nlmsghdr *)buf; NLMSG_OK(r, (unsigned)n); r = NLMSG_NEXT(r, n)) {
      if (r->nlmsg_type == NLMSG_DONE) done = 1;
      else if (r->nlmsg_type == NLMSG_ERROR) done = 1, result = ((struct nlmsgerr *)NLMSG_DATA(r))->error;
      else seen(r, arg);
    }
  }
  close(fd);
  return result;
}

struct up_state {
  int index, family, plen, link_up, addr_usable;
  unsigned char addr[16];
};

/* IFF_UP and operstate UP: what `ip -br link` prints as UP, and when a veth passes traffic. */
static int seen_link(struct nlmsghdr *r, void *arg) {
  struct up_state *st = arg;
  struct ifinfomsg *ifi = NLMSG_DATA(r);
  if (r->nlmsg_type != RTM_NEWLINK || ifi->ifi_index != st->index) return 0;
  int len = (int)IFLA_PAYLOAD(r);
  for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
    if (a->rta_type == IFLA_OPERSTATE) st->link_up = (ifi->ifi_flags & IFF_UP) && *(unsigned char *)RTA_DATA(a) == OPER_UP;
  return 0;
}

/* The address on the link, neither tentative nor failed DAD (IFA_FLAGS carries the full flags). */
static int seen_addr(struct nlmsghdr *r, void *arg) {
  struct up_state *st = arg;
  struct ifaddrmsg *ifa = NLMSG_DATA(r);
  if (r->nlmsg_type != RTM_NEWADDR || (int)ifa->ifa_index != st->index || ifa->ifa_family != st->family) return 0;
  unsigned flags = ifa->ifa_flags, match = 0;
  int len = (int)IFA_PAYLOAD(r);
  for (struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
    if (a->rta_type == IFA_FLAGS) flags = *(unsigned *)RTA_DATA(a);
    if (a->rta_type == IFA_ADDRESS && memcmp(RTA_DATA(a), st->addr, st->family == AF_INET6 ? 16 : 4) == 0) match = 1;
  }
  if (match && !(flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))) st->addr_usable = 1;
  return 0;
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ADDR/PLEN or ADDR (plen -1) into `st`; 0, or -1 when it is not one. */
static int parse_cidr(const char *cidr, struct up_state *st) {
  char host[INET6_ADDRSTRLEN + 4];
  const char *slash = strchr(cidr, '/');
  size_t hlen = slash ? (size_t)(slash - cidr) : strlen(cidr);
  if (hlen == 0 || hlen >= sizeof host) return -1;
  memcpy(host, cidr, hlen);
  host[hlen] = '\0';
  st->family = strchr(host, ':') ? AF_INET6 : AF_INET;
  st->plen = slash ? atoi(slash + 1) : -1;
  return inet_pton(st->family, host, st->addr) == 1 ? 0 : -1;
}

/* ip addr add ADDR/PLEN dev NAME (if given; kept if there) and ip link set NAME up. */
static void link_up(const char *name, const char *cidr, char *out, size_t outlen) {
  struct up_state st = {.index = (int)if_nametoindex(name)};
  if (st.index == 0) return (void)snprintf(out, outlen, "error: no such interface: %s", name);
  if (cidr != NULL && (parse_cidr(cidr, &st) != 0 || st.plen < 0)) return (void)snprintf(out, outlen, "error: not ADDR/PLEN: %s", cidr);
  int err = cidr == NULL ? 0 : addr_add(st.index, st.family, st.addr, st.plen);
  /* Already there (a link brought back up keeps its addresses). */
  if (err == -EEXIST) err = 0;
  if (err != 0) snprintf(out, outlen, "error: ip addr add %s dev %s: %s", cidr, name, strerror(-err));
  else if ((err = link_set(st.index, 1)) != 0) snprintf(out, outlen, "error: ip link set %s up: %s", name, strerror(-err));
  else snprintf(out, outlen, "ok");
}

/* Until LINK_UP_MS: the link operationally UP and the address (if given) usable, woken by the kernel's link and address events. */
static void link_wait(const char *name, const char *cidr, char *out, size_t outlen) {
  struct up_state st = {.index = (int)if_nametoindex(name), .addr_usable = 1};
  if (st.index == 0) return (void)snprintf(out, outlen, "error: no such interface: %s", name);
  if (cidr != NULL && parse_cidr(cidr, &st) != 0) return (void)snprintf(out, outlen, "error: not ADDR/PLEN: %s", cidr);
  st.addr_usable = cidr == NULL;
  /* Subscribed before the first look, so no change between it and the wait is missed. */
  int events = nl_socket(RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR);
  if (events < 0) return (void)snprintf(out, outlen, "error: netlink: %s", strerror(errno));
  for (long deadline = now_ms() + LINK_UP_MS;;) {
    st.link_up = 0;
    if (!st.addr_usable) nl_dump(RTM_GETADDR, st.family, 0, seen_addr, &st);
    /* A get of the one link, not a dump: rtnl_getlink() runs the link watcher's pending event for
     * it first (linkwatch_sync_dev()), where a dump sees the operstate a delayed event (up to 1 s,
     * linkwatch_schedule_work()) has not set yet (measured: a dump waited ~1 s in half the runs). */
    nl_dump(RTM_GETLINK, AF_UNSPEC, st.index, seen_link, &st);
    fprintf(stderr, "DBG %ld %s link_up=%d addr=%d\n", now_ms() % 100000, name, st.link_up, st.addr_usable);
    if (st.link_up && st.addr_usable) {
      snprintf(out, outlen, "ok");
      break;
    }
    long left = deadline - now_ms();
    struct pollfd p = {.fd = events, .events = POLLIN};
    if (left <= 0 || poll(&p, 1, (int)left) <= 0) {
      snprintf(out, outlen, "error: %s did not come up%s within %d ms", name, st.addr_usable ? "" : " with its address usable", LINK_UP_MS);
      break;
    }
    char drain[8192];
    while (recv(events, drain, sizeof drain, MSG_DONTWAIT) > 0) {
    }
  }
  close(events);
}

/* sysctl -w KEY=VALUE, in this namespace: /proc/sys/net is per network namespace. */
static void write_sysctl(const char *key, const char *value, char *out, size_t outlen) {
  char path[256] = "/proc/sys/";
  size_t at = strlen(path);
  for (const char *k = key; *k && at < sizeof path - 1; k++) path[at++] = *k == '.' ? '/' : *k;
  path[at] = '\0';
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return (void)snprintf(out, outlen, "error: sysctl %s: %s", key, strerror(errno));
  ssize_t n = write(fd, value, strlen(value));
  int err = errno;
  close(fd);
  if (n < 0) return (void)snprintf(out, outlen, "error: sysctl %s=%s: %s", key, value, strerror(err));
  snprintf(out, outlen, "ok");
}

/* One of the commands above, its words split on spaces; its answer in `out`. 0 when `argv[0]` is none of them. */
static int link_command(int argc, char **argv, char *out, size_t outlen) {
  int err;
  if (argc == 4 && strcmp(argv[0], "veth") == 0) {
    if ((err = link_veth(argv[1], argv[2], atoi(argv[3]))) != 0) snprintf(out, outlen, "error: ip link add %s type veth peer name %s netns %s: %s", argv[1], argv[2], argv[3], strerror(-err));
    else snprintf(out, outlen, "ok");
  } else if ((argc == 2 || argc == 3) && strcmp(argv[0], "up") == 0) {
    link_up(argv[1], argc == 3 ? argv[2] : NULL, out, outlen);
  } else if ((argc == 2 || argc == 3) && strcmp(argv[0], "wait") == 0) {
    link_wait(argv[1], argc == 3 ? argv[2] : NULL, out, outlen);
  } else if (argc == 2 && strcmp(argv[0], "down") == 0) {
    int index = (int)if_nametoindex(argv[1]);
    if (index == 0) snprintf(out, outlen, "error: no such interface: %s", argv[1]);
    else if ((err = link_set(index, 0)) != 0) snprintf(out, outlen, "error: ip link set %s down: %s", argv[1], strerror(-err));
    else snprintf(out, outlen, "ok");
  } else if (argc == 3 && strcmp(argv[0], "sysctl") == 0) {
    write_sysctl(argv[1], argv[2], out, outlen);
  } else {
    return 0;
  }
  return 1;
}

#endif
