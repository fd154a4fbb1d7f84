// ${{ values.name }}: a small HTTP service with no dependencies. PORT and SERVICE_VERSION come from
// the Deployment; /healthz answers the Kubernetes probes.
const http = require('node:http');

const port = Number(process.env.PORT || ${{ values.port }});
const version = process.env.SERVICE_VERSION || 'dev';

const server = http.createServer((req, res) => {
  if (req.url === '${{ values.healthPath }}') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ service: '${{ values.name }}', version, path: req.url }) + '\n');
});

server.listen(port, () => console.log(`${{ values.name }} ${version} listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
