import type {
  ArgoInitiator,
  ArgoSource,
} from '@meshport/plugin-service-mesh-common';

/** Who started an operation, as Argo CD's UI says it. */
export function initiatorText(initiator: ArgoInitiator): string {
  return initiator.automated ? 'automated sync policy' : initiator.username;
}

/** The parameters of a source that decide what is deployed, one line each (none: empty). */
export function sourceParameters(source: ArgoSource): string[] {
  const pairs = (list: Array<{ name: string; value: string }> | undefined) =>
    (list ?? []).map(p => `${p.name}=${p.value}`).join(', ');
  const lines: string[] = [];
  if (source.helm?.valueFiles) {
    lines.push(`Helm value files: ${source.helm.valueFiles.join(', ')}`);
  }
  if (source.helm?.parameters) {
    lines.push(`Helm parameters: ${pairs(source.helm.parameters)}`);
  }
  if (source.kustomize?.images) {
    lines.push(`Kustomize images: ${source.kustomize.images.join(', ')}`);
  }
  if (source.plugin) {
    const { name, env, parameters } = source.plugin;
    lines.push(
      [
        `Plugin${name ? ` ${name}` : ''}`,
        env ? `env ${pairs(env)}` : '',
        parameters ? `parameters ${pairs(parameters)}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
  return lines;
}
