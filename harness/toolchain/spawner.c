// Starts processes for the harness so that Node's main thread never forks: why in spawner.ts.
//
// stdin (from the harness), each request:
//   "s <argc> <envc>\n" then the cwd, the set-up, argc arguments and envc "K=V" entries, each "<len>:<bytes>";
//                       the set-up is what a prefix of nice(1), nsenter(1) --net, unshare(1) --net would have
//                       done before its exec, done in the child instead (spawner.ts folds such prefixes):
//                       "" or words of "nice=<n>", "netns=<path>", "unshare-net", in that order
//   "o <pid>\n"         the harness has opened that child's pipes (/proc/<us>/fd/N): our ends close
//   "k <pid> <signo>\n" signal that child, if it has not been reaped (a pid is never reused under us)
// stdout (to the harness), one line each, spawn replies in request order:
//   "p <pid> <stdin-w> <stdout-r> <stderr-r>"  started; our ends of its pipes, to open through /proc
//   "e <errno> <text>"                         fork or exec failed (ENOENT, ...): no child
//   "x <pid> <code> <signo>"                   a child was reaped (code -1 when a signal ended it)
// On stdin's EOF (the harness ended, however) it exits; children keep their own lives (each agent
// exits on its stdin's EOF, which the harness's death delivers).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_CHILDREN 4096
// A child we track: its pid, our ends of its pipes (-1 once the harness has opened its own: until
// then an fd number must not be reused, even if the child is gone) and whether it was reaped.
static struct { pid_t pid; int ends[3]; int reaped; } kids[MAX_CHILDREN];
static int nkids;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n >= (int)sizeof line) n = sizeof line - 1;
  // One write per line: the harness reads lines, and a short write to a pipe of <= PIPE_BUF does not happen.
  for (int off = 0; off < n;) {
    ssize_t w = write(1, line + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) exit(0);
    off += w;
  }
}

static void close_ends(int i) {
  for (int k = 0; k < 3; k++) if (kids[i].ends[k] >= 0) { close(kids[i].ends[k]); kids[i].ends[k] = -1; }
}

// The tracked child `pid` (the unreaped one first: a reaped pid may have been given to a new child).
static int find_kid(pid_t pid) {
  for (int i = 0; i < nkids; i++) if (kids[i].pid == pid && !kids[i].reaped) return i;
  for (int i = 0; i < nkids; i++) if (kids[i].pid == pid) return i;
  return -1;
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    int i = find_kid(pid);
    if (i >= 0) {
      kids[i].reaped = 1;
      if (kids[i].ends[0] < 0) kids[i] = kids[--nkids];
    }
    if (WIFEXITED(status)) say("x %d %d 0\n", (int)pid, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) say("x %d -1 %d\n", (int)pid, WTERMSIG(status));
  }
}

// The request buffer: requests may arrive split over reads, or several in one.
static char *buf;
static size_t len, cap;

// Reads "<len>:" then len bytes at *at; NULL when the buffer does not hold it all yet.
static char *token(size_t *at) {
  size_t i = *at, n = 0;
  while (i < len && buf[i] >= '0' && buf[i] <= '9') n = n * 10 + (size_t)(buf[i++] - '0');
  if (i >= len) return NULL;
  if (buf[i] != ':') { say("e %d malformed request\n", EINVAL); exit(2); }
  i++;
  if (len - i < n) return NULL;
  char *t = malloc(n + 1);
  if (t == NULL) exit(3);
  memcpy(t, buf + i, n);
  t[n] = '\0';
  *at = i + n;
  return t;
}

// The last folded tool: the one whose exec of the command a failed exec stands for.
static const char *last_tool = "spawner";

// In the child: the set-up as the folded tools do it, with their words on failure; 0, or the exit code.
static int set_up(char *setup) {
  for (char *word = strtok(setup, " "); word != NULL; word = strtok(NULL, " ")) {
    if (strncmp(word, "nice=", 5) == 0) {
      last_tool = "nice";
      // nice(1): a niceness it cannot set is a warning, and the command still runs.
      errno = 0;
      if (nice(atoi(word + 5)) == -1 && errno != 0) dprintf(2, "nice: cannot set niceness: %s\n", strerror(errno));
    } else if (strncmp(word, "netns=", 6) == 0) {
      last_tool = "nsenter";
      int fd = open(word + 6, O_RDONLY | O_CLOEXEC);
      if (fd < 0) { dprintf(2, "nsenter: cannot open %s: %s\n", word + 6, strerror(errno)); return 1; }
      if (setns(fd, CLONE_NEWNET) != 0) { dprintf(2, "nsenter: reassociate to namespace 'ns/net' failed: %s\n", strerror(errno)); return 1; }
      close(fd);
    } else if (strcmp(word, "unshare-net") == 0) {
      last_tool = "unshare";
      if (unshare(CLONE_NEWNET) != 0) { dprintf(2, "unshare: unshare failed: %s\n", strerror(errno)); return 1; }
    } else {
      dprintf(2, "spawner: unknown set-up %s\n", word);
      return 1;
    }
  }
  return 0;
}

static void spawn_child(char *cwd, char *setup, char **argv, char **envp) {
  int in[2], out[2], err[2];
  if (nkids == MAX_CHILDREN) { say("e %d too many children\n", EAGAIN); return; }
  if (pipe2(in, O_CLOEXEC) != 0) { say("e %d pipe: %s\n", errno, strerror(errno)); return; }
  if (pipe2(out, O_CLOEXEC) != 0) { int e = errno; close(in[0]); close(in[1]); say("e %d pipe: %s\n", e, strerror(e)); return; }
  if (pipe2(err, O_CLOEXEC) != 0) { int e = errno; close(in[0]); close(in[1]); close(out[0]); close(out[1]); say("e %d pipe: %s\n", e, strerror(e)); return; }
  // As libuv's child does (uv__process_child_init): fork, the pipes onto 0-2, signals 1-31 at their
  // default (we ignore SIGPIPE) and none blocked, exec; an exec that fails says why on a CLOEXEC pipe.
  // glibc's posix_spawn would leave its internal signals 32 and 33 ignored in the child: not libuv's.
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) { int e = errno; close(in[0]); close(in[1]); close(out[0]); close(out[1]); close(err[0]); close(err[1]); say("e %d pipe: %s\n", e, strerror(e)); return; }
  pid_t pid = fork();
  if (pid == 0) {
    int e = 0;
    if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0 || chdir(cwd) != 0) e = errno;
    for (int sig = 1; sig < 32 && e == 0; sig++) if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (e == 0 && setup[0] != '\0') {
      // From here the folded tool's own words and exit codes: a failure is the command's, as it was.
      int code = set_up(setup);
      if (code != 0) _exit(code);
      environ = envp;
      execvp(argv[0], argv);
      dprintf(2, "%s: failed to execute %s: %s\n", last_tool, argv[0], strerror(errno));
      _exit(errno == ENOENT ? 127 : 126);
    }
    if (e == 0) {
      // execvp looks the program up on environ's PATH: the child's, as libuv does.
      environ = envp;
      execvp(argv[0], argv);
      e = errno;
    }
    while (write(report[1], &e, sizeof e) < 0 && errno == EINTR) {}
    _exit(127);
  }
  int rc = pid < 0 ? errno : 0;
  close(report[1]);
  if (pid > 0) {
    int e;
    ssize_t n;
    while ((n = read(report[0], &e, sizeof e)) < 0 && errno == EINTR) {}
    // The exec failed: the child is gone, reaped here (not reported as an exit: it never started).
    if (n == (ssize_t)sizeof e) {
      rc = e;
      while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
    }
  }
  close(report[0]);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(in[1]);
    close(out[0]);
    close(err[0]);
    say("e %d %s\n", rc, strerror(rc));
    return;
  }
  kids[nkids].pid = pid;
  kids[nkids].ends[0] = in[1];
  kids[nkids].ends[1] = out[0];
  kids[nkids].ends[2] = err[0];
  kids[nkids].reaped = 0;
  nkids++;
  say("p %d %d %d %d\n", (int)pid, in[1], out[0], err[0]);
}

// Handles every complete request in the buffer; leaves a partial one for the next read.
static void serve(void) {
  size_t at = 0;
  for (;;) {
    char *nl = memchr(buf + at, '\n', len - at);
    if (nl == NULL) break;
    size_t line_end = (size_t)(nl - buf) + 1;
    char kind = buf[at];
    if (kind == 'o' || kind == 'k') {
      int pid = 0, sig = 0;
      if (kind == 'o' && sscanf(buf + at, "o %d", &pid) == 1) {
        int i = find_kid(pid);
        if (i >= 0) {
          close_ends(i);
          if (kids[i].reaped) kids[i] = kids[--nkids];
        }
      } else if (kind == 'k' && sscanf(buf + at, "k %d %d", &pid, &sig) == 2) {
        // Only an unreaped child of ours: its pid cannot have been reused.
        int i = find_kid(pid);
        if (i >= 0 && !kids[i].reaped) kill(pid, sig);
      }
      at = line_end;
      continue;
    }
    if (kind != 's') { say("e %d malformed request\n", EINVAL); exit(2); }
    int argc = 0, envc = 0;
    if (sscanf(buf + at, "s %d %d", &argc, &envc) != 2 || argc < 1 || envc < 0) { say("e %d malformed request\n", EINVAL); exit(2); }
    size_t p = line_end;
    char **strs = calloc((size_t)argc + (size_t)envc + 3, sizeof *strs);
    if (strs == NULL) exit(3);
    int got = 0, want = 2 + argc + envc;
    for (; got < want; got++) if ((strs[got] = token(&p)) == NULL) break;
    if (got < want) {
      for (int i = 0; i < got; i++) free(strs[i]);
      free(strs);
      break;
    }
    // strs: cwd, set-up, argv[0..argc), env[0..envc).
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    char **envp = calloc((size_t)envc + 1, sizeof *envp);
    if (argv == NULL || envp == NULL) exit(3);
    for (int i = 0; i < argc; i++) argv[i] = strs[2 + i];
    for (int i = 0; i < envc; i++) envp[i] = strs[2 + argc + i];
    spawn_child(strs[0], strs[1], argv, envp);
    for (int i = 0; i < want; i++) free(strs[i]);
    free(strs);
    free(argv);
    free(envp);
    at = p;
  }
  memmove(buf, buf + at, len - at);
  len -= at;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) { perror("spawner: signalfd"); return 1; }
  cap = 1 << 16;
  buf = malloc(cap);
  if (buf == NULL) return 3;
  say("r %d\n", (int)getpid());
  for (;;) {
    struct pollfd fds[2] = { { .fd = 0, .events = POLLIN }, { .fd = sfd, .events = POLLIN } };
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      perror("spawner: poll");
      return 1;
    }
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == sizeof si) {}
      reap();
    }
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      if (len == cap) {
        cap *= 2;
        if ((buf = realloc(buf, cap)) == NULL) return 3;
      }
      ssize_t n = read(0, buf + len, cap - len);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return 0;
      len += (size_t)n;
      serve();
    }
  }
}
