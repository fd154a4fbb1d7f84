import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import type { SourceResult } from '@meshport/plugin-service-mesh-common';
import { sourceTitles } from './SourceProblem';

/** How long ago an ISO time was, in the largest whole unit: "12 s ago", "4 min ago", "3 h ago", "2 d ago". */
export function formatAge(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/**
 * Every source result in an answer whose data is a last good answer served stale, once per source and
 * instance: the oldest, since that is how old some of what is shown is.
 */
export function staleResults(answer: unknown): SourceResult<unknown>[] {
  const oldest = new Map<string, SourceResult<unknown>>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const result = value as SourceResult<unknown>;
    if (typeof result.source === 'string' && result.stale) {
      const key = `${result.source}:${result.instance ?? ''}`;
      const seen = oldest.get(key);
      if (!seen || result.stale.fetchedAt < seen.stale!.fetchedAt) {
        oldest.set(key, result);
      }
    }
    Object.values(value).forEach(walk);
  };
  walk(answer);
  return [...oldest.values()];
}

/**
 * Says which parts of an answer are old and why, one line per source: "Kiali: as of 4 min ago (Kiali
 * not answering)". The backend decided that the data is stale and why; this shows its age.
 */
export const StaleSources = (props: { answer: unknown; now?: number }) => {
  const now = props.now ?? Date.now();
  return (
    <>
      {staleResults(props.answer).map(result => {
        const { source, instance, stale, message } = result;
        const name = instance
          ? `${sourceTitles[source]} (${instance})`
          : sourceTitles[source];
        return (
          <Box mb={1} key={`${source}:${instance ?? ''}`}>
            <Alert severity="warning" title={message}>
              <strong>
                {name}: as of {formatAge(stale!.fetchedAt, now)}
              </strong>{' '}
              ({stale!.reason}) — the last good answer is shown.
            </Alert>
          </Box>
        );
      })}
    </>
  );
};
