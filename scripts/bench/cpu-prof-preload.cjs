// Preloaded (`node --require`, through NODE_OPTIONS, which does not allow --cpu-prof) into the api and workers when
// the scale bench profiles them: SIGWINCH (ignored by default, and not one of the signals Nest's shutdown hooks
// close the app on, as SIGUSR2 is) starts V8's sampling profiler (the bench sends it just before the upload
// burst, so start-up and the reads stay out), SIGTERM writes the profile to $BENCH_CPU_PROF_DIR as
// <app>-<pid>.cpuprofile before Nest's shutdown hook closes the app.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
const app = path.basename(path.dirname(path.dirname(process.argv[1] || 'node')));
let session;
process.on('SIGWINCH', () => {
  if (session) return;
  session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
});
process.on('SIGTERM', () => {
  if (!session) return;
  const s = session;
  session = undefined;
  s.post('Profiler.stop', (err, result) => {
    if (!err && dir) fs.writeFileSync(path.join(dir, `${app}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    s.disconnect();
  });
});
