import type { ReactNode } from 'react';
import { CodeSnippet } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  MtlsStatus,
  MtlsVerdict,
  SidecarStatus,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  formatPercent,
  formatRps,
  mtlsLabel,
  mtlsLevel,
  SandboxLabel,
  sourceStateLabel,
  sourceTitles,
  StatusChip,
} from '../common';

/** What each source says, reduced to a verdict, so that disagreements can be named. */
function sourceVerdicts(mtls: MtlsStatus): MtlsVerdict[] {
  const verdicts: MtlsVerdict[] = [];
  const declared = mtls.declared.data;
  if (mtls.declared.state === 'ok' && declared) {
    verdicts.push(
      { STRICT: 'strict', PERMISSIVE: 'partial', DISABLE: 'off', UNSET: 'off' }[
        declared.mode
      ] as MtlsVerdict,
    );
  }
  const reported = mtls.reported.data;
  if (mtls.reported.state === 'ok' && reported) {
    verdicts.push(
      (
        {
          MTLS_ENABLED: 'strict',
          MTLS_PARTIALLY_ENABLED: 'partial',
          MTLS_NOT_ENABLED: 'off',
          MTLS_DISABLED: 'off',
        } as const
      )[reported.status],
    );
  }
  const share = mtls.observed.data?.mutualTlsShare;
  if (mtls.observed.state === 'ok' && share !== null && share !== undefined) {
    if (share >= 1) verdicts.push('strict');
    else verdicts.push(share > 0 ? 'partial' : 'off');
  }
  return verdicts;
}

const SourceRow = (props: {
  label: string;
  result: SourceResult<unknown>;
  children: (data: any) => ReactNode;
}) => {
  const { label, result, children } = props;
  const ok = result.state === 'ok' && result.data !== undefined;
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        {label}
        <Typography variant="caption" display="block" color="textSecondary">
          {sourceTitles[result.source]}
          {result.instance ? ` (${result.instance})` : ''}
        </Typography>
      </TableCell>
      <TableCell>
        {ok ? (
          children(result.data)
        ) : (
          <>
            <StatusChip
              level={result.state === 'not-configured' ? 'unknown' : 'error'}
              label={sourceStateLabel(result.state)}
            />
            {result.message ? ` ${result.message}` : ''}
          </>
        )}
      </TableCell>
    </TableRow>
  );
};

/** mTLS verdict of one environment with its three sources (Git, Kiali, traffic) and what to do. */
export const MtlsSection = (props: { mtls: MtlsStatus }) => {
  const { mtls } = props;
  const disagree = new Set(sourceVerdicts(mtls)).size > 1;
  return (
    <div>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <StatusChip
          level={mtlsLevel(mtls.verdict)}
          label={mtlsLabel(mtls.verdict)}
          title={`mTLS verdict: ${mtls.verdict}`}
        />
        {[mtls.declared, mtls.reported, mtls.observed].some(
          source => source.sandbox,
        ) && <SandboxLabel />}
      </Box>
      {disagree ? (
        <Alert severity="warning">
          <strong>The sources disagree.</strong> {mtls.summary}
        </Alert>
      ) : (
        <Typography variant="body2">{mtls.summary}</Typography>
      )}
      <Table size="small" aria-label="mTLS sources">
        <TableHead>
          <TableRow>
            <TableCell>Source</TableCell>
            <TableCell>Says</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          <SourceRow label="Declared in Git" result={mtls.declared}>
            {d => (
              <>
                PeerAuthentication {d.mode}
                {d.objects.length
                  ? ` (${d.objects.join(', ')})`
                  : ' (no policy found)'}
                {d.weakDestinationRules.length > 0 && (
                  <Typography variant="body2" color="error">
                    DestinationRules without ISTIO_MUTUAL:{' '}
                    {d.weakDestinationRules.join(', ')}
                  </Typography>
                )}
              </>
            )}
          </SourceRow>
          <SourceRow label="Reported by Kiali" result={mtls.reported}>
            {d => (
              <>
                {d.status}
                {d.autoMTLSEnabled ? ', auto mTLS on' : ', auto mTLS off'}
                {d.minTLS ? `, min ${d.minTLS}` : ''}
              </>
            )}
          </SourceRow>
          <SourceRow label="Observed in traffic" result={mtls.observed}>
            {d =>
              d.mutualTlsShare === null
                ? `No traffic to judge by (${formatRps(d.requestsPerSecond)})`
                : `${formatPercent(d.mutualTlsShare)} of requests over mutual TLS (${formatRps(
                    d.requestsPerSecond,
                  )})`
            }
          </SourceRow>
        </TableBody>
      </Table>
    </div>
  );
};

/** Whether the workload has its sidecar, the evidence, and the command that fixes it. */
export const SidecarSection = (props: { sidecar: SidecarStatus }) => {
  const { sidecar } = props;
  let chip;
  if (sidecar.injected === true) {
    chip = <StatusChip level="ok" label="Sidecar injected" />;
  } else if (sidecar.injected === false) {
    chip = <StatusChip level="error" label="Sidecar missing" />;
  } else {
    chip = <StatusChip level="unknown" label="Sidecar unknown" />;
  }
  return (
    <div>
      {chip}
      {sidecar.evidence.length > 0 && (
        <ul>
          {sidecar.evidence.map(e => (
            <li key={e}>
              <Typography variant="body2">{e}</Typography>
            </li>
          ))}
        </ul>
      )}
      {sidecar.injected !== true && sidecar.fix && (
        <>
          <Typography variant="body2">Fix:</Typography>
          <CodeSnippet text={sidecar.fix} language="bash" showCopyCodeButton />
        </>
      )}
    </div>
  );
};
