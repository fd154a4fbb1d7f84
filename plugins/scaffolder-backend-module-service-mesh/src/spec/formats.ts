/*
 * The format rules of the service inputs that are not Kubernetes names (those come from
 * `@meshport/plugin-service-mesh-common`'s names module): image references, quantities, host names,
 * Git refs, URL paths, safe text. Each is a predicate; the fields attach the message.
 */
import { isKubernetesName } from '@meshport/plugin-service-mesh-common';
import { HOST_PATTERN_PLACEHOLDERS } from '../layout';

// Control characters, and Unicode bidi overrides that make text read differently from what it is.
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
const ENTITY_REF =
  /^([a-z][a-z0-9]*:)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?$/;
const URL_PATH = /^\/[A-Za-z0-9._~\/-]*$/;
const GIT_REF = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,99}$/;
const API_SERVER_URL =
  /^https:\/\/[a-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/;

/** One line of human text: no control characters, no bidi overrides. */
export function isSafeText(value: string): boolean {
  return !UNSAFE_TEXT.test(value);
}

/** A Kubernetes resource quantity such as "250m" or "128Mi". */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

const SUFFIX: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Value of a Kubernetes quantity already checked against the quantity format. */
export function parseQuantity(q: string): number {
  const [, num, , suffix] = QUANTITY.exec(q) ?? [];
  return Number(num) * (suffix ? SUFFIX[suffix] : 1);
}

/** A container image reference: registry/path, optional tag and digest. */
export function isImageReference(value: string): boolean {
  return IMAGE.test(value);
}

/** A Backstage entity reference such as "group:default/team-a". */
export function isEntityRef(value: string): boolean {
  return ENTITY_REF.test(value);
}

/** An HTTP probe path: "/" and at most 200 unreserved characters, no query. */
export function isHttpPath(value: string): boolean {
  return value.length <= 201 && URL_PATH.test(value);
}

/** A Git branch, tag or commit that Git accepts. */
export function isGitRef(value: string): boolean {
  return (
    GIT_REF.test(value) &&
    !value.includes('..') &&
    !value.endsWith('/') &&
    !value.endsWith('.lock')
  );
}

/** A host name that Istio accepts in Gateway and VirtualService hosts; a wildcard only as the first label. */
export function isValidHost(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  if (labels.length < 2) return false;
  return labels.every(
    (l, i) => (i === 0 && l === '*') || isKubernetesName(l, 'dns1123-label'),
  );
}

/** A `hostPattern`: a host name whose labels may hold the placeholders `{label}`, `{domain}`, `{env}`. */
export function isHostPattern(value: string): boolean {
  const sample = HOST_PATTERN_PLACEHOLDERS.reduce(
    (v, placeholder) => v.replaceAll(placeholder, 'x'),
    value,
  );
  return !sample.includes('*') && isValidHost(sample);
}

/** An AuthorizationPolicy caller: "namespace" or "namespace/serviceaccount". */
export function isCaller(value: string): boolean {
  const parts = value.split('/');
  return (
    parts.length <= 2 && parts.every(p => isKubernetesName(p, 'dns1035-label'))
  );
}

/** An Argo CD destination: an https:// API server URL, or a cluster name. */
export function isClusterRef(value: string): boolean {
  return (
    API_SERVER_URL.test(value) || isKubernetesName(value, 'dns1123-subdomain')
  );
}

/** An https:// Git clone URL without credentials, query or fragment. */
export function isRepoUrl(value: string): boolean {
  // WHATWG URL parsing drops tabs and newlines, so they are refused on the raw text first.
  if (!/^https:\/\/[^\s]+$/.test(value)) return false;
  try {
    const u = new URL(value);
    return (
      u.protocol === 'https:' &&
      !u.username &&
      !u.password &&
      !u.search &&
      !u.hash &&
      u.pathname.length > 1 &&
      URL_PATH.test(u.pathname)
    );
  } catch {
    return false;
  }
}

/** An http(s) URL of a service (Prometheus, Grafana, ...): no credentials, query or fragment. */
export function isEndpointUrl(value: string): boolean {
  if (value.length > 500 || !/^https?:\/\/[^\s]+$/.test(value)) return false;
  try {
    const u = new URL(value);
    return (
      !u.username &&
      !u.password &&
      !u.search &&
      !u.hash &&
      /^[a-z0-9.-]+$/.test(u.hostname) &&
      URL_PATH.test(u.pathname)
    );
  } catch {
    return false;
  }
}

/** A relative path that stays inside the workspace: no leading "/", no drive, no "..". */
export function isWorkspacePath(value: string): boolean {
  const path = value.replace(/\\/g, '/');
  return !(
    path.startsWith('/') ||
    path.split('/').includes('..') ||
    /^[A-Za-z]:/.test(path) ||
    UNSAFE_TEXT.test(path)
  );
}
