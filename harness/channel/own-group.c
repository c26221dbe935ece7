// Runs a program in a process group of its own, in the caller's session: setpgid(0, 0), then exec (same pid). Why: own-group.ts.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: own-group PROGRAM [ARG...]\n");
    return 2;
  }
  if (setpgid(0, 0) != 0) {
    fprintf(stderr, "own-group: setpgid: %s\n", strerror(errno));
    return 126;
  }
  execvp(argv[1], argv + 1);
  fprintf(stderr, "own-group: %s: %s\n", argv[1], strerror(errno));
  return 127;
}
