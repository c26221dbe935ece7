#!/bin/sh
# Starts a forwarder tied to this script's stdin (see tied-process.ts): when the harness closes the pipe, or dies,
# even by SIGKILL, `cat` ends and the forwarder is killed by its pid. Run in a private mount namespace, so the
# tmpfs and bind mount made here live only as long as it does.
#   tied.sh pasta <container holder pid> <first published port> <last published port>
#   tied.sh slirp4netns <API socket path> <container holder pid> <tap device>
set -u
exec 3<&0
case $1 in
  pasta)
    # pasta cannot open /proc/<pid>/ns/net of a namespace it did not make: a bind mount of it is opened as a file.
    # --runas 0: as "nobody" it could not setns() into a namespace of the initial user namespace.
    mount -t tmpfs none /mnt && touch /mnt/ns && mount --bind "/proc/$2/ns/net" /mnt/ns || exit 1
    pasta -f -q --runas 0 --config-net -t "$3-$4" -u none -T none -U none --netns /mnt/ns </dev/null &
    ;;
  slirp4netns)
    mount -t tmpfs none /mnt || exit 1
    slirp4netns --configure --mtu 65520 --api-socket "$2" "$3" "$4" </dev/null &
    ;;
  *)
    echo "tied.sh: no forwarder named $1" >&2
    exit 2
    ;;
esac
p=$!
# (sh gives a background list /dev/null as stdin unless told: fd 3 keeps our pipe.)
{ cat >/dev/null; kill "$p" 2>/dev/null; } <&3 &
wait "$p"
echo "forwarder exit status $?" >&2
