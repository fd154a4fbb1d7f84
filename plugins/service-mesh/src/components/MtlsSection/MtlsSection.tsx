import type { ReactNode } from 'react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  MtlsSourceVerdict,
  MtlsStatus,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  formatPercent,
  formatRps,
  HeadedTable,
  InlineRow,
  MtlsChip,
  mtlsLevel,
  SandboxLabel,
  sourceStateLabel,
  sourceTitles,
  StatusChip,
} from '../common';

const SourceRow = (props: {
  label: string;
  result: SourceResult<unknown>;
  /** The backend's verdict for this source, absent when the source gave none. */
  verdict: MtlsSourceVerdict | undefined;
  children: (data: any) => ReactNode;
}) => {
  const { label, result, verdict, children } = props;
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
      <TableCell>
        {verdict ? (
          <StatusChip
            level={mtlsLevel(verdict.verdict)}
            label={verdict.verdict}
            title={verdict.detail}
          />
        ) : (
          'no verdict'
        )}
      </TableCell>
    </TableRow>
  );
};

/**
 * mTLS verdict of one environment with its three sources (Git, Kiali, traffic) and what to do. The
 * backend decides every verdict and whether the sources disagree; this only shows them.
 */
export const MtlsSection = (props: { mtls: MtlsStatus }) => {
  const { mtls } = props;
  const verdictOf = (source: MtlsSourceVerdict['source']) =>
    mtls.sources.find(s => s.source === source);
  return (
    <div>
      <InlineRow mb={1}>
        <MtlsChip
          verdict={mtls.verdict}
          title={`mTLS verdict: ${mtls.verdict}`}
        />
        {[mtls.declared, mtls.reported, mtls.observed].some(
          source => source.sandbox,
        ) && <SandboxLabel />}
      </InlineRow>
      {mtls.disagreement ? (
        <Alert severity="warning">
          <strong>The sources disagree.</strong> {mtls.summary}
        </Alert>
      ) : (
        <Typography variant="body2">{mtls.summary}</Typography>
      )}
      <HeadedTable label="mTLS sources" headers={['Source', 'Says', 'Verdict']}>
        <SourceRow
          label="Declared in Git"
          result={mtls.declared}
          verdict={verdictOf('git')}
        >
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
        <SourceRow
          label="Reported by Kiali"
          result={mtls.reported}
          verdict={verdictOf('kiali')}
        >
          {d => (
            <>
              {d.status}
              {d.autoMTLSEnabled ? ', auto mTLS on' : ', auto mTLS off'}
              {d.minTLS ? `, min ${d.minTLS}` : ''}
            </>
          )}
        </SourceRow>
        <SourceRow
          label="Observed in traffic"
          result={mtls.observed}
          verdict={verdictOf('traffic')}
        >
          {d =>
            d.mutualTlsShare === null
              ? `No traffic to judge by (${formatRps(d.requestsPerSecond)})`
              : `${formatPercent(d.mutualTlsShare)} of requests over mutual TLS (${formatRps(
                  d.requestsPerSecond,
                )})`
          }
        </SourceRow>
      </HeadedTable>
    </div>
  );
};
