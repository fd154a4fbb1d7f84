// Answers of the fake Argo CD and Kiali, read from the backend's msw fixture files.
export function argocdRoute() {
  return undefined;
}
export function kialiRoute() {
  return undefined;
}
