#!/bin/sh
# Runs one agent under gVisor (runsc, its own netstack over the namespace's interface):
#   runsc-agent.sh <netns path> <state dir> <iface> <address/prefix> <command...>
# The agent's stdio is runsc's, so the harness speaks to it as to any agent; its end (stdin EOF) ends the sandbox.
set -eu
netns=$1 state=$2 iface=$3 address=$4
shift 4
here=$(dirname "$0")
bundle="$state/agent-$$"
mkdir -p "$bundle/procsys"
node "$here/bundle-config.mjs" "$bundle/config.json" "$netns" "$PWD" "$@"
# runsc takes the interface's address into its netstack and removes it from the namespace
# (runsc/sandbox/network.go createInterfacesAndRoutesFromNS(): removeAddress()); an agent started
# again (the restart op) must find it there once more.
case $address in *:*) dad=nodad ;; *) dad= ;; esac
nsenter --net="$netns" ip addr replace "$address" dev "$iface" $dad
# runsc 0.0~20221219's isRootNS() (runsc/sandbox/network.go) takes a namespace where
# /proc/sys/net/core/rmem_default exists for the root one and refuses it; Linux 6.18 has that file in
# every namespace. So runsc runs in a mount namespace of its own whose /proc/sys lacks net (vm,
# kernel and fs are the host's: the sentry reads vm/mmap_min_addr).
exec unshare -m sh -c '
  mount --make-rprivate / && mount --bind /proc/sys "$1/procsys" && mount -t tmpfs sockspec-gvisor /proc/sys || exit 1
  for d in vm kernel fs; do mkdir "/proc/sys/$d" && mount --bind "$1/procsys/$d" "/proc/sys/$d" || exit 1; done
  exec runsc --root "$2/runsc" --ignore-cgroups --network=sandbox run --bundle "$1" "sockspec-$3"
' runsc-agent "$bundle" "$state" "$$"
