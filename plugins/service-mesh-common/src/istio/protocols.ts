/** Port name prefixes from which Istio derives a port's protocol (explicit protocol selection). */
export const ISTIO_PROTOCOL_PREFIXES: readonly string[] = [
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'mongo',
  'mysql',
  'redis',
  'tcp',
  'tls',
  'udp',
];

/**
 * The protocol Istio selects for a Service port: its `appProtocol`, else the prefix of its name
 * (`http`, `grpc-api` → `grpc`), else `undefined` — Istio then treats the traffic as opaque TCP.
 */
export function portProtocol(port: {
  name?: unknown;
  appProtocol?: unknown;
}): string | undefined {
  if (port.appProtocol) return String(port.appProtocol);
  const name = String(port.name ?? '');
  // Longest prefix first, so `grpc-web-ui` is grpc-web, not grpc.
  return [...ISTIO_PROTOCOL_PREFIXES]
    .sort((a, b) => b.length - a.length)
    .find(p => name === p || name.startsWith(`${p}-`));
}
