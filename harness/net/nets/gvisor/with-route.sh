#!/bin/sh
# Runs a tool in the server's namespace after putting back the route and neighbour entry to the client
# that runsc's taking of the veth's address flushed (see index.ts toolPrefix):
#   with-route.sh <client address> <iface> <client MAC> <command...>
set -eu
client=$1 iface=$2 mac=$3
shift 3
ip route replace "$client" dev "$iface"
ip neigh replace "$client" lladdr "$mac" dev "$iface" nud permanent
exec "$@"
