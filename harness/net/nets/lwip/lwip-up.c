// lwIP brought up before the agent's main(): its tcpip thread, and a netif on the TAP device PRECONFIGURED_TAPIF with SOCKSPEC_LWIP_IP4/24 (and SOCKSPEC_LWIP_IP6/64 when set).
#include <stdio.h>
#include <stdlib.h>
#include <lwip/tcpip.h>
#include <lwip/netif.h>
#include <lwip/ip6_addr.h>
#include <netif/tapif.h>

static struct netif nif;
static sys_sem_t ready;

static void started(void *arg) { (void)arg; sys_sem_signal(&ready); }

// Without SOCKSPEC_LWIP_IP4 nothing is brought up (a socket call then fails): the net always sets it.
__attribute__((constructor)) static void sockspec_lwip_up(void) {
  const char *address = getenv("SOCKSPEC_LWIP_IP4");
  if (address == NULL) return;
  const char *address6 = getenv("SOCKSPEC_LWIP_IP6");
  ip4_addr_t ip, mask, gw;
  ip6_addr_t ip6;
  if (!ip4addr_aton(address, &ip)) { fprintf(stderr, "lwip-up: SOCKSPEC_LWIP_IP4 is not an IPv4 address: %s\n", address); exit(2); }
  if (address6 != NULL && !ip6addr_aton(address6, &ip6)) { fprintf(stderr, "lwip-up: SOCKSPEC_LWIP_IP6 is not an IPv6 address: %s\n", address6); exit(2); }
  ip4addr_aton("255.255.255.0", &mask);
  ip4_addr_set_zero(&gw);
  sys_sem_new(&ready, 0);
  tcpip_init(started, NULL);
  sys_sem_wait(&ready);
  LOCK_TCPIP_CORE();
  // tapif_init() opens /dev/net/tun and attaches to the TAP device the net made (PRECONFIGURED_TAPIF).
  netif_add(&nif, &ip, &mask, &gw, NULL, tapif_init, tcpip_input);
  netif_set_default(&nif);
  netif_set_up(&nif);
  netif_set_link_up(&nif);
  if (address6 != NULL) {
    // tapif_init() leaves NETIF_FLAG_MLD6 unset, and without it the address's solicited-node group is never joined, so
    // ip6_input() drops the kernel's neighbour solicitations for it (src/core/netif.c netif_ip6_addr_set_state()).
    nif.flags |= NETIF_FLAG_MLD6;
    s8_t slot = -1;
    if (netif_add_ip6_address(&nif, &ip6, &slot) != ERR_OK) { fprintf(stderr, "lwip-up: cannot add %s\n", address6); exit(2); }
    // Static and usable at once (no DAD), as the kernel's `nodad` addresses: nothing for a case's first SYN to race.
    netif_ip6_addr_set_state(&nif, slot, IP6_ADDR_PREFERRED);
  }
  UNLOCK_TCPIP_CORE();
}
