// The load generator, in a child process: its event loop and CPU time are its own, so the
// server's CPU per request can be read from process.cpuUsage(). Plain JavaScript, started with
// child_process.fork; the job arrives as the first IPC message and the summary goes back.
import autocannon from 'autocannon';

/** @type {{ url: string, connections: number, durationSeconds: number, headers?: Record<string, string>, targets: Array<{ host: string, path: string }> }} */
const job = await new Promise((resolve) => process.once('message', resolve));
let next = 0;
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.durationSeconds,
  requests: [
    {
      setupRequest(req) {
        const target = job.targets[next++ % job.targets.length];
        return {
          ...req,
          path: target.path,
          headers: { ...req.headers, ...job.headers, host: target.host },
        };
      },
    },
  ],
});
process.send({
  requestsPerSecond: result.requests.total / result.duration,
  total: result.requests.total,
  p50: result.latency.p50,
  p90: result.latency.p90,
  p99: result.latency.p99,
  max: result.latency.max,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
});
process.disconnect();
