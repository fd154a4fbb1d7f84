/*
 * For Jest tests: which PromQL a read sends through a PrometheusClient's instant queries.
 */
import type { PrometheusClient } from '../../services/prometheus/PrometheusClient';

/** Runs `read` and returns its result with the PromQL it sent through `client.query`, in order. */
export async function withSentQueries<T>(
  client: PrometheusClient,
  read: () => Promise<T>,
): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const query = client.query.bind(client);
  const spy = jest.spyOn(client, 'query').mockImplementation((promql, time) => {
    sent.push(promql);
    return query(promql, time);
  });
  try {
    return { result: await read(), sent };
  } finally {
    spy.mockRestore();
  }
}
