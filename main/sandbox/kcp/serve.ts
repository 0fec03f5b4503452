// The KCP sandbox gateway alone, in the foreground (benchmarks run it in its own process):
//   npx node main/sandbox/kcp/serve.ts [--port N] [--host 127.0.0.1] [--latency-ms N]
// Prints {"host","port","siteCd"} on one line, then runs until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startKcpSandbox } from './gateway.ts';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, 'latency-ms': { type: 'string' } } });
const gw = await startKcpSandbox({ ...(values.host ? { host: values.host } : {}), port: values.port ? Number(values.port) : 0 });
if (values['latency-ms']) gw.setFaults({ latencyMs: Number(values['latency-ms']) });
process.stdout.write(`${JSON.stringify(gw.info())}\n`);
const stop = (): void => {
  gw.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
