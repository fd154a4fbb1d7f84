/** The cluster domain Istio appends to short service hosts. */
const CLUSTER_DOMAIN = 'svc.cluster.local';

/**
 * Expands a short service host (`checkout`) to its FQDN, as Istio does relative to the namespace of
 * the rule that names it; `name.ns.svc` gets the cluster domain, other dotted or wildcard hosts stay.
 */
export function fqdn(host: string, namespace: string): string {
  if (host.includes('*') || host.includes('.')) {
    return host.endsWith('.svc') ? `${host}.cluster.local` : host;
  }
  return `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

/**
 * The Service a host names, read from its first two labels once expanded (`checkout` in `shop` and
 * `checkout.shop.svc.cluster.local` both name `checkout` in `shop`).
 */
export function serviceOfHost(
  host: string,
  namespace: string,
): { name: string; namespace: string } {
  const [name, ns] = fqdn(host, namespace).split('.');
  return { name, namespace: ns };
}

/**
 * True when a (possibly wildcard, possibly `namespace/`-scoped) Gateway host serves the given
 * VirtualService host.
 */
export function hostMatches(gatewayHost: string, vsHost: string): boolean {
  const bare = gatewayHost.includes('/')
    ? gatewayHost.split('/')[1]
    : gatewayHost;
  if (bare === '*') return true;
  if (bare.startsWith('*.')) {
    const suffix = bare.slice(1);
    return vsHost.endsWith(suffix) || vsHost === bare;
  }
  return bare === vsHost;
}
